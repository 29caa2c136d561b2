"""Domain errors carry their own HTTP status; the API turns them into RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status_code = 400
    title = "Bad request"
    type_slug = "bad-request"
    # Set on errors of pages a browser navigates to (single sign-on redirects): answered as a short
    # HTML page when the request accepts text/html, as problem+json otherwise.
    as_page = False

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        keep_changes: bool = False,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra or {}
        self.headers = headers or {}
        # The request's transaction is committed before the error is answered (e.g. a failed login
        # must still count towards the lockout and be audited); by default it is rolled back.
        self.keep_changes = keep_changes


class NotFound(DomainError):
    status_code = 404
    title = "Not found"
    type_slug = "not-found"


class Forbidden(DomainError):
    status_code = 403
    title = "Forbidden"
    type_slug = "forbidden"


class Unauthorized(DomainError):
    status_code = 401
    title = "Authentication required"
    type_slug = "unauthorized"


class Conflict(DomainError):
    status_code = 409
    title = "Conflict"
    type_slug = "conflict"


class PreconditionFailed(DomainError):
    status_code = 412
    title = "Precondition failed"
    type_slug = "precondition-failed"


class PreconditionRequired(DomainError):
    status_code = 428
    title = "Precondition required"
    type_slug = "precondition-required"


class Invalid(DomainError):
    """Semantic validation failure; `errors` holds [{"loc": [...], "msg": ...}]."""

    status_code = 422
    title = "Unprocessable content"
    type_slug = "validation-error"


class TooLarge(DomainError):
    status_code = 413
    title = "Content too large"
    type_slug = "too-large"


class UnsupportedMediaType(DomainError):
    status_code = 415
    title = "Unsupported media type"
    type_slug = "unsupported-media-type"


class TooManyRequests(DomainError):
    status_code = 429
    title = "Too many requests"
    type_slug = "too-many-requests"


class Unavailable(DomainError):
    status_code = 503
    title = "Service unavailable"
    type_slug = "unavailable"
