"""The demo coalition for the embedded default. Invented organisations and people only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.models.identity import Organization, OrgKind, Role
from app.workflows.orgs import create_user_direct

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  (printed to the person running `make run`)
COALITION = "Demo Sanctions Coalition"

ORGS: list[tuple[str, OrgKind, str | None]] = [
    (COALITION, OrgKind.coalition, None),
    ("Lantern Rights Watch", OrgKind.ngo, "GB"),
    ("Open Ledger Initiative", OrgKind.ngo, "KE"),
]
PEOPLE: list[tuple[str, str, Role, str]] = [
    ("admin@coalition.example", "Aurelia Admin", Role.coalition_admin, COALITION),
    ("coordinator.a@coalition.example", "Casimir Coordinator", Role.coordinator, COALITION),
    ("coordinator.b@coalition.example", "Beatrix Coordinator", Role.coordinator, COALITION),
    ("researcher@lantern.example", "Rafael Researcher", Role.researcher, "Lantern Rights Watch"),
    ("admin@lantern.example", "Lena Orgadmin", Role.org_admin, "Lantern Rights Watch"),
    ("researcher@ledger.example", "Noor Researcher", Role.researcher, "Open Ledger Initiative"),
    ("admin@ledger.example", "Oskar Orgadmin", Role.org_admin, "Open Ledger Initiative"),
]


def seed(db: Session, settings: Settings) -> list[tuple[str, str, str]]:
    """Create what is missing; never touches what exists, so a second run keeps the data."""
    orgs: dict[str, Organization] = {}
    for name, kind, country in ORGS:
        org = db.execute(select(Organization).where(Organization.name == name)).scalar_one_or_none()
        if org is None:
            org = Organization(name=name, kind=kind, country=country)
            db.add(org)
            db.flush()
        orgs[name] = org
    from app.models.identity import User

    for email, display, role, org_name in PEOPLE:
        if db.execute(select(User).where(User.email == email)).scalar_one_or_none() is None:
            create_user_direct(db, orgs[org_name], email, display, DEMO_PASSWORD, role)
    return [(email, role.value, org_name) for email, _, role, org_name in PEOPLE]
