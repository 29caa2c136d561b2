"""The idle API process stays small: heavy libraries needed only on rare paths are imported there.

A fresh interpreter imports app.main and calls create_app() with the default settings (local storage,
inline jobs, SQLite under a temporary var dir); none of the modules below may be loaded by then. A
module-level `import httpx` (or boto3, qrcode, ...) anywhere on the start-up path makes this fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Deferred into the functions that use them (SSO/OIDC, webhook delivery, TOTP enrolment, clamd scan,
# the sanitise job, SMTP, /ready), plus what they drag in (pkg_resources via clamd, mako via alembic).
DEFERRED = [
    "httpx",
    "authlib",
    "joserfc",
    "qrcode",
    "PIL",
    "clamd",
    "pkg_resources",
    "alembic",
    "mako",
    "smtplib",
    # Case-content validation, FtM export and search folding (app/schemas/case_content.py,
    # app/workflows/cases.py): followthemoney and rigour with PyICU and the rest of their tree.
    "followthemoney",
    "rigour",
    "normality",
    "icu",
    "phonenumbers",
    "requests",
    "yaml",
    "babel",
    "click",
    # Already imported lazily (package build, procrastinate backend); keep it so.
    "weasyprint",
    "procrastinate",
]
# app.storage imports the S3 adapter (and boto3) only when S3 is configured.
S3_ONLY = ["boto3", "botocore", "s3transfer"]

_PROBE = """
import json, sys
from app.config import get_settings
from app.main import create_app
create_app(get_settings())
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    tmp = tmp_path_factory.mktemp("startup")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env["PORTAL_VAR_DIR"] = str(tmp / "var")
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=tmp, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    # create_app opens no database connection (SQLite would have created the file).
    assert not (tmp / "var" / "portal.db").exists()
    return set(json.loads(proc.stdout.splitlines()[-1]))


@pytest.mark.parametrize("module", DEFERRED)
def test_not_imported_at_startup(loaded: set[str], module: str) -> None:
    assert module not in loaded, f"{module} is imported when the API starts; import it where it is used"


@pytest.mark.parametrize("module", S3_ONLY)
def test_s3_client_not_imported_with_local_backend(loaded: set[str], module: str) -> None:
    assert module not in loaded, f"{module} is imported although the local storage backend is configured"


def test_app_modules_loaded(loaded: set[str]) -> None:
    # The probe really started the app (guards against a probe that silently imports nothing).
    assert {"app", "fastapi", "sqlalchemy"} <= loaded
