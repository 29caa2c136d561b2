"""Request ids and structured logs, for the API process, the worker and the CLI alike.

A request id is accepted from `X-Request-Id` when it is sane (`REQUEST_ID_RE`) or generated, returned
in the response (app/api/telemetry_http.py), put on every log record written while the request works
(`RequestIdFilter`), and carried into the jobs the request defers (the procrastinate runner stores it
beside the job; inline jobs run in the request's own context).

`JsonFormatter` writes one JSON object a line: time, level, logger, message, request id and any
`extra={...}` fields (the access log's method, route, status, duration). Selected with
`PORTAL_LOG_FORMAT=json` (the default in production).

Nothing here knows HTTP or the database (the layers contract: any module may import it).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$")
request_id: ContextVar[str | None] = ContextVar("portal_request_id", default=None)

# Attributes every LogRecord has: the rest came from `extra=` and go into the JSON object.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "color_message"}


def new_request_id() -> str:
    return secrets.token_hex(16)


def accept_request_id(sent: str | None) -> str:
    """The client's X-Request-Id if it is sane (8–128 of [A-Za-z0-9._:-]), else a new one."""
    if sent is not None and REQUEST_ID_RE.match(sent):
        return sent
    return new_request_id()


def current_request_id() -> str | None:
    return request_id.get()


@contextmanager
def bound_request_id(value: str | None) -> Iterator[None]:
    """Run the block with this request id (a job carrying its request's id); None leaves it unset."""
    token = request_id.set(value if value is not None and REQUEST_ID_RE.match(value) else None)
    try:
        yield
    finally:
        request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`%(request_id)s` in text formats)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid and rid != "-":
            out["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def logging_config(fmt: str, level: str = "INFO") -> dict[str, Any]:
    """A logging.dictConfig for the process (also handed to uvicorn, so its workers use it too)."""
    formatter: dict[str, Any] = (
        {"()": "app.telemetry.JsonFormatter"} if fmt == "json" else {"format": TEXT_FORMAT}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "portal",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "app.telemetry.RequestIdFilter"}},
        "formatters": {"portal": formatter},
        "handlers": {"portal": handler},
        "root": {"handlers": ["portal"], "level": level},
        "loggers": {
            # uvicorn's own handlers are replaced: its errors go through ours; its access log is off
            # (app/api/telemetry_http.py writes one with the route, the request id and the duration).
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def configure_logging(fmt: str, level: str = "INFO") -> None:
    import logging.config

    logging.config.dictConfig(logging_config(fmt, level))


# ---- job counters (the API's /metrics shows them) ----------------------------------------------------------

_jobs_lock = threading.Lock()
_jobs: Counter[tuple[str, str]] = Counter()


def count_job(name: str, outcome: str) -> None:
    """One job run in this process ended: outcome "ok" or "failed"."""
    with _jobs_lock:
        _jobs[(name, outcome)] += 1


def job_counts() -> dict[tuple[str, str], int]:
    with _jobs_lock:
        return dict(_jobs)


# ---- secrets kept out of the logs -----------------------------------------------------------------------
# Link tokens (hand-off `/r/<token>`, password reset `pr_…`) may reach any logger: uvicorn's access log,
# a job queue printing its arguments, a library's error. So every record the process makes is checked
# once, at creation, against every registered pattern.

# (a marker the message must hold, the pattern, its replacement)
_REDACTIONS: list[tuple[str, re.Pattern[str], str]] = []
_redactions_lock = threading.Lock()
_factory_installed = False


def redact_secrets(text: str) -> str:
    for marker, pattern, replacement in _REDACTIONS:
        if marker in text:
            text = pattern.sub(replacement, text)
    return text


def redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except (TypeError, ValueError, KeyError):  # a malformed record: logging reports it itself
        return
    redacted = redact_secrets(message)
    if redacted != message:
        record.msg, record.args = redacted, ()


def redact_in_logs(marker: str, pattern: re.Pattern[str], replacement: str) -> None:
    """Blank `pattern` (in messages holding `marker`) in every log record of the process; idempotent."""
    global _factory_installed
    with _redactions_lock:
        if not any(p.pattern == pattern.pattern for _, p, _ in _REDACTIONS):
            _REDACTIONS.append((marker, pattern, replacement))
        if _factory_installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            redact_record(record)
            return record

        logging.setLogRecordFactory(factory)
        _factory_installed = True
