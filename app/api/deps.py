"""Dependencies: the request's DB session, the current principal, permission checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.api import rate_limits
from app.config import Settings
from app.errors import DomainError, Forbidden, Unauthorized
from app.security.permissions import Principal
from app.security.tokens import constant_time_equal
from app.workflows import auth

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """The request's session. Workflows never commit; this does, by the one commit rule:

    the request's transaction commits before the response is sent. FastAPI leaves this dependency
    (scope="function", see SessionDep) once the endpoint has returned and its answer is built, and
    before the first byte of the response goes out. So a client holding a 2xx holds a durable write and
    any request it sends next reads it; a failed commit reaches the client as an error, never as a
    success. A DomainError with `keep_changes` (a failed sign-in must still count) commits too; any
    other error rolls back. Jobs deferred in the transaction leave with this commit: procrastinate's
    are written inside it, inline ones run in its after-commit hook, so also before the response.
    Endpoints that stream a body commit early themselves so no transaction stays open while bytes
    flow; whatever they do after that is committed here, under the same rule.

    The request's rate-limit hit (app/api/rate_limits.py) is counted by this commit, as its last
    statement; a request whose transaction rolls back is counted after the rollback, on its own.
    """
    db: Session = request.app.state.sessionmaker()
    scope = request.scope
    try:
        yield db
        rate_limits.commit(scope, db)
    except DomainError as exc:
        if exc.keep_changes:
            try:
                rate_limits.commit(scope, db, refuse=False)
            except BaseException:
                rate_limits.rollback(scope, db)
                raise
        else:
            rate_limits.rollback(scope, db)
        raise
    except BaseException:
        rate_limits.rollback(scope, db)
        raise
    finally:
        db.close()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# scope="function": get_db exits before the response is sent (with "request" it would exit after it, and
# a client could see a success whose commit then failed). The commit rule is in get_db's docstring.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def authenticate_request(request: Request, db: SessionDep, settings: SettingsDep) -> Principal:
    """Who is calling (session cookie + CSRF, or bearer token), before the second-factor gate; and the
    caller's rate limit (429 here, before the route), from the principal just read, in this transaction."""
    rate_limits.authenticating(request.scope)
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Unauthorized("Use 'Authorization: Bearer <API token>'")
        principal = auth.token_principal(db, value.strip())
        rate_limits.admit(request.scope, db, principal)
    else:
        raw = request.cookies.get(settings.session_cookie)
        if not raw:
            raise Unauthorized("Sign in or send an API token")
        principal, session = auth.session_principal(db, raw, settings)
        rate_limits.admit(request.scope, db, principal)  # before the CSRF check: a refusal counts too
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not sent or not constant_time_equal(sent, session.csrf_token):
                raise Forbidden(f"Missing or wrong {CSRF_HEADER} header (CSRF protection)")
    request.state.principal = principal
    return principal


def get_principal(
    db: SessionDep, principal: Annotated[Principal, Depends(authenticate_request)]
) -> Principal:
    # The one place two-factor enforcement happens: every route depends on this, except the few
    # that take EnrollingPrincipalDep (enrolment, /me, sign-out).
    auth.require_second_factor(db, principal)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
# A signed-in principal that may still lack a required second factor: only for /me, sign-out and
# the enrolment endpoints.
EnrollingPrincipalDep = Annotated[Principal, Depends(authenticate_request)]


class Permission:
    """Declared on the route: `dependencies=[Depends(Permission("cases:write"))]`."""

    def __init__(self, *needed: str) -> None:
        self.needed = needed

    def __call__(self, principal: PrincipalDep) -> Principal:
        missing = [n for n in self.needed if not principal.can(n)]
        if missing:
            what = "API token lacks the scope for" if principal.token_id else "Your role does not allow"
            raise Forbidden(f"{what}: {', '.join(missing)}")
        return principal
