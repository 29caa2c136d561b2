"""API token rotation: a successor with the same scopes, both valid during an overlap, then the old one
expires by itself (no revocation needed, so a deployment can switch over at its own pace).

- Who: as for creating a token (`tokens:manage`, from a session that passed two-factor authentication,
  never with a token), and only the organisation's own tokens (`scoping.api_tokens`).
- The successor keeps the name and scopes, acts with the rotating person's role (a token never
  exceeds what its creator may do: a scope that person cannot grant is refused) and lives as long as
  its predecessor was meant to (at most 365 days).
- The old token's expiry becomes the end of the overlap (`overlap_hours`, at most
  `PORTAL_TOKEN_ROTATION_MAX_OVERLAP_HOURS`), never later than it already was. Each names the other
  (`rotated_from`, `replaced_by`). A revoked, expired or already rotated token is a 409: rotate its
  successor, or create a new one.
- Audited as `token.rotated` in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.models.auth import ApiToken
from app.security import tokens
from app.security.permissions import Principal, grantable_scopes
from app.workflows import audit, scoping

MAX_LIFETIME = timedelta(days=365)
MIN_LIFETIME = timedelta(days=1)


def rotate(
    db: Session, settings: Settings, p: Principal, token_id: str, overlap_hours: int, ip: str | None
) -> tuple[ApiToken, str, ApiToken]:
    """(successor, its raw value shown once, the old token)."""
    if p.token_id is not None:
        raise Forbidden("API tokens cannot create API tokens")
    if p.needs_second_factor:
        raise Forbidden(
            "API tokens can only be rotated from a session that passed two-factor authentication.",
            extra={"reason": "mfa_required"},
        )
    if overlap_hours > settings.token_rotation_max_overlap_hours:
        bound = settings.token_rotation_max_overlap_hours
        raise Invalid(
            f"The overlap may be at most {bound} hours",
            errors=[{"loc": ["body", "overlap_hours"], "msg": f"at most {bound}"}],
        )
    old = db.execute(
        scoping.api_tokens(p).where(ApiToken.id == token_id).with_for_update()
    ).scalar_one_or_none()
    if old is None:
        raise NotFound("No such API token")
    now = utcnow()
    if old.revoked_at is not None or old.expires_at <= now:
        raise Conflict("A revoked or expired token cannot be rotated: create a new one")
    if old.replaced_by is not None:
        raise Conflict(
            "This token was already rotated: rotate its successor", extra={"replaced_by": old.replaced_by}
        )
    beyond = sorted(set(old.scopes) - grantable_scopes(p.role).keys())
    if beyond:
        raise Forbidden(f"Your role cannot grant this token's scopes: {', '.join(beyond)}")
    lifetime = min(MAX_LIFETIME, max(MIN_LIFETIME, old.expires_at - old.created_at))
    raw, prefix = tokens.new_api_token()
    successor = ApiToken(
        org_id=old.org_id,
        created_by=p.user_id,
        acting_role=p.role.value,
        name=old.name,
        prefix=prefix,
        token_hash=tokens.token_hash(raw),
        scopes=list(old.scopes),
        created_at=now,
        expires_at=now + lifetime,
        rotated_from=old.id,
    )
    db.add(successor)
    db.flush()
    old.replaced_by = successor.id
    old.expires_at = min(old.expires_at, now + timedelta(hours=overlap_hours))
    audit.record(
        db,
        "token.rotated",
        principal=p,
        ip=ip,
        target_type="api_token",
        target_id=old.id,
        data={
            "successor": successor.id,
            "scopes": successor.scopes,
            "old_expires_at": old.expires_at.isoformat(),
            "expires_at": successor.expires_at.isoformat(),
        },
    )
    return successor, raw, old
