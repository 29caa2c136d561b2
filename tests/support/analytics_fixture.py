"""A small, hand-counted world for the analytics tests (tests/api/test_analytics.py).

Five submitted case files of two NGOs (and one draft), ten recommendations (and one prepared, unsent),
four official lists with nine Magnitsky-style entries (and one other), five confirmed matches (and one
rejected), three likely cross-list pairs (one person on three lists) and one possible pair, review
decisions and assignments. Every expected number in the tests is counted by hand from the tables in the
comments below. Rows are inserted directly (the workflows are tested elsewhere), so the same world is
built on PostgreSQL and SQLite.

Cases (org, categories, victim groups, countries, first submitted):
  C1 A  torture                     women, children  RU      2023-01-10
  C2 A  bribery                     -                KE      2023-03-01
  C3 A  torture, embezzlement       indigenous       RU, BY  2024-02-01
  C4 B  arbitrary_detention         journalists,women CN     2024-05-01
  C5 B  kleptocracy                 -                -       2025-01-15
  C6 A  (draft, never submitted)
Recommendations (case, jurisdiction, status, sent, designation/outcome):
  S1 C1 us designated   2023-02-01 2023-12-10 (312 days)
  S2 C1 uk declined     2023-02-01 2023-09-01
  S3 C1 eu no_response  2023-03-01 2024-03-01
  S4 C2 us designated   2023-04-01 2024-04-01 (366 days)
  S5 C2 ca under_consideration 2023-04-15
  S6 C3 us sent         2024-03-01
  S7 C3 uk designated   2024-03-01 2024-09-01 (184 days)
  S8 C4 eu acknowledged 2024-06-01
  S9 C4 us no_response  2024-06-01 2025-06-01
  S10 C5 ca designated  2025-02-01 2025-03-03 (30 days)
  S11 C5 us prepared    (not sent)
Magnitsky-style entries (jurisdiction, programme, designated, countries, note):
  E1 us GLOMAG 2022-06-01 (version 1) ru
  E2 us GLOMAG 2023-12-10 (version 2) ru   = C1's perpetrator (confirmed, S1 sent before); on uk E6, eu E9
  E3 us GLOMAG 2023-12-10 (version 2) ke   "Linked To:" (ties); = C2's (confirmed, S4 before)
  E4 us GLOMAG 2023-12-10 (version 2) gb   (allied); a rejected match with C4
  E5 us SDGT (not Magnitsky-style)
  E6 uk GLOBAL-HUMAN-RIGHTS 2023-05-01 ru  on us E2, eu E9
  E7 uk GLOBAL-ANTI-CORRUPTION 2024-09-01 by  = C3's (confirmed, S7 before)
  E8 ca JVCFOA 2025-03-03 (no country)     = C5's (confirmed, S10 before)
  E9 eu GHR 2024-01-15 cn                  = C4's (confirmed, but S8 was sent after); on us E2, uk E6
  E10 eu GHR 2022-03-01 ru
Review (days after first submission): C1 request_changes +10, approve +20, approve +30 (no assignment
left); C2 assigned +5, approve +8, +12; C3 assigned +2, request_changes +4, +6, reject +9; C4 assigned +1;
C5 nothing yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.models.cases import CaseFile, CaseStatus
from app.models.identity import Organization, OrgKind, Role, User
from app.models.packages import Package, PackageState, Submission
from app.models.review import Assignment, Decision
from app.models.sanctions import (
    CrossListMatch,
    DesignationMatch,
    ListEntry,
    ListVersion,
    SanctionsList,
    VersionStatus,
)
from app.security.permissions import ROLE_PERMISSIONS, Principal
from app.workflows.cases import case_keys

TODAY = date(2026, 6, 30)


@dataclass
class World:
    coalition: str
    org_a: str
    org_b: str
    coordinator: str
    cases: dict[str, str]
    entries: dict[str, str]

    def principal(self, who: str) -> Principal:
        org, kind, role = {
            "coalition": (self.coalition, OrgKind.coalition, Role.coordinator),
            "a": (self.org_a, OrgKind.ngo, Role.org_admin),
            "b": (self.org_b, OrgKind.ngo, Role.org_admin),
        }[who]
        return Principal(org, kind, role, ROLE_PERMISSIONS[role], user_id=self.coordinator)


def make_orgs(db: Session) -> tuple[str, str, str, str]:
    """Organisations and a coordinator for a database without the demo (SQLite)."""
    orgs = [
        Organization(name="Fx Coalition", kind=OrgKind.coalition),
        Organization(name="Fx NGO A", kind=OrgKind.ngo, country="GB"),
        Organization(name="Fx NGO B", kind=OrgKind.ngo, country="KE"),
    ]
    user = User(email="coordinator@fx.example", display_name="Fx Coordinator")
    db.add_all([*orgs, user])
    db.flush()
    return orgs[0].id, orgs[1].id, orgs[2].id, user.id


def _at(d: str, days: int = 0) -> datetime:
    return datetime.fromisoformat(d).replace(tzinfo=UTC) + timedelta(days=days)


def _key(values: list[str]) -> str:
    return "|" + "".join(f"{v}|" for v in values)


CASES: dict[str, tuple[str, list[str], list[str], list[str], str | None]] = {
    "C1": ("a", ["torture"], ["children", "women"], ["RU"], "2023-01-10"),
    "C2": ("a", ["bribery"], [], ["KE"], "2023-03-01"),
    "C3": ("a", ["embezzlement", "torture"], ["indigenous"], ["BY", "RU"], "2024-02-01"),
    "C4": ("b", ["arbitrary_detention"], ["journalists", "women"], ["CN"], "2024-05-01"),
    "C5": ("b", ["kleptocracy"], [], [], "2025-01-15"),
    "C6": ("a", ["torture"], ["women"], ["RU"], None),
}
SUBMISSIONS: list[tuple[str, str, str, str | None, str | None]] = [
    ("C1", "us", "designated", "2023-02-01", "2023-12-10"),
    ("C1", "uk", "declined", "2023-02-01", "2023-09-01"),
    ("C1", "eu", "no_response", "2023-03-01", "2024-03-01"),
    ("C2", "us", "designated", "2023-04-01", "2024-04-01"),
    ("C2", "ca", "under_consideration", "2023-04-15", None),
    ("C3", "us", "sent", "2024-03-01", None),
    ("C3", "uk", "designated", "2024-03-01", "2024-09-01"),
    ("C4", "eu", "acknowledged", "2024-06-01", None),
    ("C4", "us", "no_response", "2024-06-01", "2025-06-01"),
    ("C5", "ca", "designated", "2025-02-01", "2025-03-03"),
    ("C5", "us", "prepared", None, None),
]
# entry: (jurisdiction, programme, listing date (None: the version's), version, countries, tie)
ENTRIES: dict[str, tuple[str, str, str | None, int, list[str], bool]] = {
    "E1": ("us", "GLOMAG", None, 1, ["ru"], False),
    "E2": ("us", "GLOMAG", None, 2, ["ru"], False),
    "E3": ("us", "GLOMAG", None, 2, ["ke"], True),
    "E4": ("us", "GLOMAG", None, 2, ["gb"], False),
    "E5": ("us", "SDGT", None, 2, ["lb"], False),
    "E6": ("uk", "GLOBAL-HUMAN-RIGHTS", "2023-05-01", 1, ["ru"], False),
    "E7": ("uk", "GLOBAL-ANTI-CORRUPTION", "2024-09-01", 1, ["by"], False),
    "E8": ("ca", "JVCFOA", "2025-03-03", 1, [], False),
    "E9": ("eu", "GHR", "2024-01-15", 1, ["cn"], False),
    "E10": ("eu", "GHR", "2022-03-01", 1, ["ru"], False),
}
VERSION_PUBLISHED = {("us", 1): "2022-06-01", ("us", 2): "2023-12-10"}
MATCHES = [
    ("C1", "E2", "confirmed"),
    ("C2", "E3", "confirmed"),
    ("C3", "E7", "confirmed"),
    ("C5", "E8", "confirmed"),
    ("C4", "E9", "confirmed"),
    ("C4", "E4", "rejected"),
]
PAIRS = [("E2", "E6", "likely"), ("E6", "E9", "likely"), ("E9", "E2", "likely"), ("E1", "E8", "possible")]
# case: [(kind, days after first submission)], assignment day (None: none left)
REVIEW: dict[str, tuple[list[tuple[str, int]], int | None]] = {
    "C1": ([("request_changes", 10), ("approve", 20), ("approve", 30)], None),
    "C2": ([("approve", 8), ("approve", 12)], 5),
    "C3": ([("request_changes", 4), ("request_changes", 6), ("reject", 9)], 2),
    "C4": ([], 1),
    "C5": ([], None),
}


def build(db: Session, coalition: str, org_a: str, org_b: str, coordinator: str) -> World:
    orgs = {"a": org_a, "b": org_b}
    cases: dict[str, CaseFile] = {}
    for name, (org, cats, groups, countries, first) in CASES.items():
        c = CaseFile(
            org_id=orgs[org],
            title=f"Fixture case {name}",
            status=CaseStatus.submitted_to_government if first else CaseStatus.draft,
            target_jurisdictions=["us"],
            content={},
            jurisdictions_key="|us|uk|ca|eu|",
            categories_key=_key(cats),
            groups_key=_key(groups),
            countries_key=_key(countries),
            first_submitted_at=_at(first) if first else None,
        )
        cases[name] = c
    db.add_all(cases.values())
    db.flush()
    subs: list[Submission] = []
    for i, (cname, j, status, sent, outcome) in enumerate(SUBMISSIONS):
        pkg = Package(
            case_id=cases[cname].id,
            revision_number=1,
            revision_hash=f"{i:064d}",
            jurisdiction=j,
            state=PackageState.built,
        )
        db.add(pkg)
        db.flush()
        subs.append(
            Submission(
                package_id=pkg.id,
                case_id=cases[cname].id,
                jurisdiction=j,
                status=status,
                sent_on=date.fromisoformat(sent) if sent else None,
                outcome_on=date.fromisoformat(outcome) if outcome else None,
                designation_date=date.fromisoformat(outcome) if outcome and status == "designated" else None,
                **case_keys(cases[cname]),
            )
        )
    db.add_all(subs)
    lists: dict[str, SanctionsList] = {}
    versions: dict[tuple[str, int], ListVersion] = {}
    for j in ("us", "uk", "ca", "eu"):
        lst = SanctionsList(name=f"fx_{j}", title=f"Fixture {j} list", jurisdiction=j, format="us_ofac_csv")
        db.add(lst)
        db.flush()
        lists[j] = lst
        for seq in (1, 2):
            published = VERSION_PUBLISHED.get((j, seq))
            v = ListVersion(
                sanctions_list_id=lst.id,
                seq=seq,
                status=VersionStatus.imported,
                source="fixture",
                published=date.fromisoformat(published) if published else None,
                imported_at=_at("2026-01-01"),
            )
            db.add(v)
            db.flush()
            versions[(j, seq)] = v
    entries: dict[str, ListEntry] = {}
    for name, (j, prog, listed, seq, countries, tie) in ENTRIES.items():
        notes = ["Linked To: SOMEONE ELSE."] if tie else []
        e = ListEntry(
            sanctions_list_id=lists[j].id,
            jurisdiction=j,
            list_id=name,
            schema="Person",
            caption=f"Person {name}",
            names=[f"Person {name}"],
            programmes=[{"code": prog, "name": prog, "magnitsky": prog != "SDGT"}],
            programme_key=f"|{prog}|",
            magnitsky=prog != "SDGT",
            listing_date=date.fromisoformat(listed) if listed else None,
            countries_key=_key(countries),
            entity={"schema": "Person", "properties": {"name": [f"Person {name}"], "notes": notes}},
            fingerprint=name,
            first_version_id=versions[(j, seq)].id,
            last_version_id=versions[(j, 2)].id,
        )
        entries[name] = e
    db.add_all(entries.values())
    db.flush()
    for cname, ename, status in MATCHES:
        db.add(
            DesignationMatch(
                case_id=cases[cname].id,
                perpetrator_id="p1",
                entry_id=entries[ename].id,
                jurisdiction=entries[ename].jurisdiction,
                score=0.95,
                band="likely",
                algorithm="fixture",
                algorithm_version="1",
                entry_fingerprint=ename,
                status=status,
            )
        )
    for a, b, band in PAIRS:
        db.add(
            CrossListMatch(
                entry_id=entries[a].id,
                other_entry_id=entries[b].id,
                score=0.95 if band == "likely" else 0.7,
                band=band,
                algorithm="fixture",
                algorithm_version="1",
            )
        )
    for cname, (decisions, assigned) in REVIEW.items():
        c = cases[cname]
        first = c.first_submitted_at
        assert first is not None
        for kind, days in decisions:
            db.add(
                Decision(
                    case_id=c.id,
                    coordinator_id=coordinator,
                    decision=kind,
                    revision_number=1,
                    created_at=first + timedelta(days=days),
                )
            )
        if assigned is not None:
            db.add(
                Assignment(
                    case_id=c.id, coordinator_id=coordinator, assigned_at=first + timedelta(days=assigned)
                )
            )
    db.flush()
    return World(
        coalition,
        org_a,
        org_b,
        coordinator,
        {k: v.id for k, v in cases.items()},
        {k: v.id for k, v in entries.items()},
    )


def rows_by(result: Any, key: str) -> dict[Any, dict[str, Any]]:
    return {r[key]: r for r in result.rows}
