"""Names to show beside ids: who wrote a comment, decided, recorded a step; which NGO a case is from.

Callers pass ids taken from rows the principal was already allowed to read (through scoping), so a
name says nothing about a row the principal could not see; unknown or deleted accounts have no name.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.identity import Organization, User
from app.workflows import scoping


def user_names(db: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """Display name by user id, for the ids given (None and unknown ids are left out)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = db.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}


def org_name(db: Session, org_id: str) -> str | None:
    return db.execute(select(Organization.name).where(Organization.id == org_id)).scalar_one_or_none()


def org_names(db: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """Organisation name by id, for the ids given."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = db.execute(select(Organization.id, Organization.name).where(Organization.id.in_(wanted)))
    return {oid: name for oid, name in rows}


def token_names(db: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """An API token's name (what its owner called it, never its secret) by id, for the ids given."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {tid: name for tid, name in db.execute(scoping.unscoped_api_token_names(wanted))}
