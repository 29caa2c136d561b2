"""The demo coalition for the embedded default. Invented organisations and people only."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.models.cases import CaseFile
from app.models.identity import Organization, OrgKind, Role, User
from app.security.permissions import Principal
from app.workflows.auth import _principal_for
from app.workflows.orgs import create_user_direct

DATA = Path(__file__).resolve().parent.parent / "demo_data"

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
    ("coordinator.c@coalition.example", "Cyrus Coordinator", Role.coordinator, COALITION),
    ("researcher@lantern.example", "Rafael Researcher", Role.researcher, "Lantern Rights Watch"),
    ("admin@lantern.example", "Lena Orgadmin", Role.org_admin, "Lantern Rights Watch"),
    ("researcher@ledger.example", "Noor Researcher", Role.researcher, "Open Ledger Initiative"),
    ("admin@ledger.example", "Oskar Orgadmin", Role.org_admin, "Open Ledger Initiative"),
]


def seed(db: Session, settings: Settings, *, with_cases: bool = True) -> list[tuple[str, str, str]]:
    """Create what is missing; never touches what exists, so a second run keeps the data."""
    orgs: dict[str, Organization] = {}
    for name, kind, country in ORGS:
        org = db.execute(select(Organization).where(Organization.name == name)).scalar_one_or_none()
        if org is None:
            org = Organization(name=name, kind=kind, country=country)
            db.add(org)
            db.flush()
        orgs[name] = org
    for email, display, role, org_name in PEOPLE:
        if db.execute(select(User).where(User.email == email)).scalar_one_or_none() is None:
            create_user_direct(db, orgs[org_name], email, display, DEMO_PASSWORD, role)
    db.flush()
    if with_cases:
        from app.workflows import demo_webhooks

        hook_owner = _principal(db, "admin@coalition.example")
        hook = demo_webhooks.subscribe(db, settings, hook_owner)  # before the cases: it hears their events
        if db.execute(select(CaseFile.id).limit(1)).first() is None:
            seed_cases(db, settings)
            demo_webhooks.try_deliveries(db, settings, hook_owner, hook)
        seed_lists(db, settings)
        from app.workflows.demo_analytics import seed_history

        seed_history(db)  # the analytics dashboard's 2017-to-now history
    return [(email, role.value, org_name) for email, _, role, org_name in PEOPLE]


# The sample lists: real OFAC and Canadian files, invented UK and EU ones (see their headers).
LISTS: list[tuple[str, list[str]]] = [
    ("us_ofac_sdn", ["us-ofac-sdn.csv", "us-ofac-alt.csv", "us-ofac-add.csv", "us-ofac-sdn_comments.csv"]),
    ("us_ofac_consolidated", ["us-ofac-consolidated.xml"]),
    ("ca_autonomous", ["ca-sema-lmes.xml"]),
    ("uk_sanctions_list", ["uk-sanctions-list-invented.xml"]),
    ("eu_fsf", ["eu-fsf-invented.xml"]),
]
# An invented person of the invented UK and EU lists, a perpetrator in one demo case: the match queue
# and the readiness warnings have something to show.
VELESKOV = {
    "id": "p-veleskov",
    "schema": "Person",
    "name": "Велесков Золтан Радимирович",
    "transliterations": ["Zoltan Veleskov"],
    "birth_date": "1968-03-14",
    "nationality": ["ru"],
    "positions": [{"title": "Head of Penal Colony No. 99"}],
}


def seed_lists(db: Session, settings: Settings) -> None:
    """Import the sample lists the first time, and match them (cases, cross-list pairs), through the
    workflows, as `portal lists import` and the matching job do."""
    from app.workflows.designations import listed, lists, screening

    if listed.lists_imported(db):
        return
    for name, files in LISTS:
        data = [lists.ListFile(f, (DATA / "sanctions_lists" / f).read_bytes()) for f in files]
        result = lists.import_files(db, None, name, data, settings)
        db.flush()
        screening.match_version(db, result.version)


def _principal(db: Session, email: str) -> Principal:
    user_id = db.execute(select(User.id).where(User.email == email)).scalar_one()
    return _principal_for(db, user_id, session_id=None, mfa_passed=True)


def _content(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def _age(case: CaseFile, days: int) -> None:
    # Spread the demo over past weeks so the queue shows realistic waiting times.
    case.status_changed_at = case.status_changed_at - timedelta(days=days)
    case.updated_at = case.updated_at - timedelta(days=days)


def seed_cases(db: Session, settings: Settings) -> dict[str, CaseFile]:
    """Cases at every state, with comments and decisions, through the real workflows."""
    from app.workflows import cases, review

    researcher = _principal(db, "researcher@lantern.example")
    ledger = _principal(db, "researcher@ledger.example")
    coord_a = _principal(db, "coordinator.a@coalition.example")
    coord_b = _principal(db, "coordinator.b@coalition.example")
    zarechny = _content("case_zarechny.json")
    out: dict[str, CaseFile] = {}

    def make(p: Principal, title: str, targets: list[str], content: dict[str, Any]) -> CaseFile:
        return cases.create_case(db, p, title, targets, content, None)

    # draft: incomplete, as researchers leave them
    out["draft"] = make(
        researcher,
        "Harbour district killings (draft)",
        ["us", "uk"],
        {
            "perpetrators": [{"name": "Unidentified police commander", "schema": "Person"}],
            "victims": {"groups": ["children"], "count": 3},
        },
    )
    # submitted, waiting for a coordinator
    out["submitted"] = make(
        ledger, "Port concession kickbacks", ["us", "uk", "ca"], _content("case_port_concession.json")
    )
    review.submit(db, ledger, out["submitted"].id, None, None)
    _age(out["submitted"], 9)
    # in review, with an open comment
    kestrel = {**zarechny, "perpetrators": [*zarechny["perpetrators"], VELESKOV]}
    out["in_review"] = make(researcher, "Kestrel prison torture", ["uk", "eu"], kestrel)
    review.submit(db, researcher, out["in_review"].id, None, None)
    review.assign(db, coord_a, out["in_review"].id, None, None)
    review.add_comment(
        db,
        coord_a,
        out["in_review"].id,
        "abuses[0].incidents",
        "Can a second witness confirm the dates of the March incidents?",
        None,
        None,
    )
    _age(out["in_review"], 4)
    # changes requested, the researcher has replied
    out["changes_requested"] = make(researcher, "Osprey square protest crackdown", ["us", "eu"], zarechny)
    review.submit(db, researcher, out["changes_requested"].id, None, None)
    review.assign(db, coord_b, out["changes_requested"].id, None, None)
    c = review.add_comment(
        db,
        coord_b,
        out["changes_requested"].id,
        "jurisdictions.eu.impact_argument",
        "Explain which assets in the EU a freeze would reach.",
        None,
        None,
    )
    review.decide(
        db,
        coord_b,
        out["changes_requested"].id,
        "request_changes",
        out["changes_requested"].revision_number,
        "EU impact argument too thin",
        None,
    )
    review.add_comment(
        db,
        researcher,
        out["changes_requested"].id,
        None,
        "We are confirming the Limassol property records; update within a week.",
        c.id,
        None,
    )
    # approved by two coordinators (ready to package)
    out["approved"] = make(researcher, "Zarechny detentions", ["us", "uk", "ca", "eu"], zarechny)
    review.submit(db, researcher, out["approved"].id, None, None)
    review.assign(db, coord_a, out["approved"].id, None, None)
    for coord in (coord_a, coord_b):
        review.decide(db, coord, out["approved"].id, "approve", out["approved"].revision_number, None, None)
    # rejected, with its reason
    out["rejected"] = make(
        ledger, "Customs bribery allegation (single source)", ["us"], _content("case_port_concession.json")
    )
    review.submit(db, ledger, out["rejected"].id, None, None)
    review.assign(db, coord_a, out["rejected"].id, None, None)
    review.decide(
        db,
        coord_a,
        out["rejected"].id,
        "reject",
        out["rejected"].revision_number,
        "Rests on a single anonymous source; resubmit with corroboration.",
        None,
    )
    # withdrawn by the NGO
    out["withdrawn"] = make(researcher, "Riverside land grab (withdrawn)", ["ca"], zarechny)
    cases.withdraw(db, researcher, out["withdrawn"].id, None, "Witness safety: paused", None)
    db.flush()
    return out
