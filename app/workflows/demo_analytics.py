"""The demo's history for the analytics dashboard: invented NGOs and case files from 2017 to now, a few
hundred recommendations across the four jurisdictions with outcomes of every kind, review decisions, and
confirmed matches to the invented people of the sample UK and EU lists.

Rows are inserted directly (the history predates the portal: it was "imported"), in one flush, so the
seed stays fast. Deterministic: the same random seed gives the same history. Only invented people are
matched: the real OFAC and Canadian entries are never tied to an invented case file, so the demo's US
and Canadian civil-society basis stays at zero while their submission outcomes are realistic.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import new_id
from app.models.analytics import AnalyticsPublication
from app.models.cases import CaseFile, CaseRevision, CaseStatus
from app.models.identity import Organization, OrgKind, User
from app.models.packages import Channel, Package, PackageState, Submission, SubmissionEvent
from app.models.review import Decision
from app.models.sanctions import DesignationMatch, ListEntry, ListVersion, MatchStatus, SanctionsList
from app.schemas.case_content import TAXONOMY, AbuseKind, normalise_for_search
from app.workflows.analytics.base import MARGINALISED
from app.workflows.cases import case_keys, content_hash, membership_key

SEED = 18
HISTORY_ORGS: list[tuple[str, str]] = [
    ("Meridian Justice Network", "ZA"),
    ("Cedar Accountability Project", "LB"),
    ("Tundra Voices", "NO"),
    ("Andes Human Rights Observatory", "PE"),
]
AUTHORS = ["Lantern Rights Watch", "Open Ledger Initiative", *(n for n, _ in HISTORY_ORGS)]
# Organisations that agreed to be named in the public aggregates.
NAMED = ("Lantern Rights Watch", "Meridian Justice Network")
CASES_PER_YEAR = {2017: 9, 2018: 12, 2019: 15, 2020: 14, 2021: 19, 2022: 22, 2023: 24, 2024: 26, 2025: 25}
# Countries of the abuses, weighted (Turkey, Hungary and the Philippines are allies of the four).
COUNTRIES = (
    "ru " * 8
    + "by " * 4
    + "cn " * 5
    + "mm " * 4
    + "ir " * 4
    + "ni " * 3
    + "ve " * 3
    + "sa " * 2
    + "eg " * 2
    + "uz az kz tj tm ke ng ug zw et sd ss cd cm gt hn sv co mx ph kh vn lk bd in tr hu rs ge ae"
).split()
HR = [c.value for c, i in TAXONOMY.items() if i.kind == AbuseKind.human_rights]
CORRUPTION = [c.value for c, i in TAXONOMY.items() if i.kind == AbuseKind.corruption]
GROUPS = [
    ("women", 0.28),
    ("children", 0.16),
    ("human_rights_defenders", 0.22),
    ("journalists", 0.15),
    ("ethnic_religious_minority", 0.14),
    ("lgbtqi", 0.04),
    ("indigenous", 0.05),
    ("persons_with_disabilities", 0.02),
]
TARGET_ODDS = {"us": 0.85, "uk": 0.7, "ca": 0.45, "eu": 0.5}
# Chances a recommendation ends designated, declined, without answer (the rest stays pending while young).
DESIGNATED = {"us": 0.33, "uk": 0.17, "ca": 0.12, "eu": 0.09}
# When each Magnitsky-style regime began: no recommendation goes to a jurisdiction before it.
REGIME_START = {
    "us": date(2017, 1, 1),
    "ca": date(2017, 10, 18),
    "uk": date(2020, 7, 6),
    "eu": date(2020, 12, 7),
}
PROGRAMMES = {"us": "GLOMAG", "uk": "Global Human Rights", "ca": "JVCFOA", "eu": "EU GHR"}
FIRST_NAMES = (
    "Arkady Bolat Chen Darius Elvira Farid Galina Hamid Ilya Jamal Kiril Lidia Marat Nadia Oleg".split()
)
LAST_NAMES = (
    "Aliyev Borisov Castillo Duarte Efremov Farouk Grigoryan Haddad Ivanova Jurado Kaya Lozano".split()
)


def history_seeded(db: Session) -> bool:
    name = HISTORY_ORGS[0][0]
    return db.execute(select(Organization.id).where(Organization.name == name)).first() is not None


def _at(d: date, hour: int = 10) -> datetime:
    return datetime.combine(d, time(hour), tzinfo=UTC)


def _invented_entries(db: Session) -> list[tuple[ListEntry, date]]:
    """Magnitsky-style entries of the invented UK and EU sample lists not matched yet, with their day."""
    lists = select(SanctionsList.id).where(SanctionsList.name.in_(("uk_sanctions_list", "eu_fsf")))
    rows = db.execute(
        select(ListEntry, ListVersion.published, ListVersion.imported_at)
        .join(ListVersion, ListVersion.id == ListEntry.first_version_id)
        .where(ListEntry.sanctions_list_id.in_(lists), ListEntry.magnitsky, ListEntry.schema == "Person")
        .order_by(ListEntry.jurisdiction, ListEntry.list_id)
    ).all()
    return [(e, e.listing_date or published or imported.date()) for e, published, imported in rows]


class _History:
    def __init__(self, db: Session, today: date) -> None:
        self.db, self.today, self.rng = db, today, random.Random(SEED)
        self.rows: list[Any] = []
        self.coordinators = list(
            db.execute(select(User.id).where(User.email.like("coordinator.%@coalition.example"))).scalars()
        )

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def case(
        self, org_id: str, year: int, perpetrator: str | None = None, kinds: str | None = None
    ) -> CaseFile:
        rng = self.rng
        kinds = kinds or rng.choices(["hr", "corr", "both"], [0.55, 0.3, 0.15])[0]
        cats = []
        if kinds in ("hr", "both"):
            cats += rng.sample(HR, rng.choice([1, 1, 2]))
        if kinds in ("corr", "both"):
            cats += rng.sample(CORRUPTION, rng.choice([1, 1, 2]))
        countries = sorted(set(rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2]))))
        groups = [g for g, p in GROUPS if rng.random() < p] if kinds != "corr" else []
        name = perpetrator or self.person()
        content: dict[str, Any] = {
            "perpetrators": [{"id": "p1", "schema": "Person", "name": name}],
            "abuses": [
                {
                    "id": f"a{i + 1}",
                    "category": c,
                    "incidents": [{"country": countries[i % len(countries)]}],
                    "perpetrator_roles": [{"perpetrator_id": "p1", "role": "ordered"}],
                }
                for i, c in enumerate(sorted(cats))
            ],
            "victims": {"groups": groups, "count": rng.randint(1, 400)} if groups else None,
        }
        if content["victims"] is None:
            del content["victims"]
        title = f"{name} ({countries[0].upper()}, {year})"
        created = date(year, rng.randint(1, 12), rng.randint(1, 28))
        if created >= self.today:
            created = self.today - timedelta(days=rng.randint(30, 90))
        c = CaseFile(
            id=new_id(),
            org_id=org_id,
            title=title,
            status=CaseStatus.submitted_to_government,
            target_jurisdictions=[],
            content=content,
            created_at=_at(created),
            updated_at=_at(created),
            status_changed_at=_at(created),
            first_submitted_at=_at(created + timedelta(days=rng.randint(7, 40))),
            search_text=normalise_for_search(name),
            categories_key=membership_key(sorted(cats)),
            groups_key=membership_key(sorted(groups)),
            countries_key=membership_key([x.upper() for x in countries]),
        )
        self.rows.append(c)
        self.review(c)
        return c

    def review(self, c: CaseFile) -> None:
        rng, first = self.rng, c.first_submitted_at
        assert first is not None
        if not self.coordinators:
            return
        at = first + timedelta(days=rng.randint(2, 30))
        for _ in range(rng.choices([0, 1, 2], [0.62, 0.3, 0.08])[0]):
            self.rows.append(self.decision(c, "request_changes", at))
            at += timedelta(days=rng.randint(5, 25))
        for _ in range(2):
            self.rows.append(self.decision(c, "approve", at))
            at += timedelta(days=rng.randint(0, 4))

    def decision(self, c: CaseFile, kind: str, at: datetime) -> Decision:
        return Decision(
            case_id=c.id,
            coordinator_id=self.rng.choice(self.coordinators),
            decision=kind,
            revision_number=1,
            created_at=at,
            reason="Evidence of the incidents needs a second source" if kind == "request_changes" else None,
        )

    def submit(
        self,
        c: CaseFile,
        j: str,
        sent: date,
        status: str,
        outcome: date | None,
        entry: ListEntry | None = None,
    ) -> Submission:
        pkg = Package(
            id=new_id(),
            case_id=c.id,
            revision_number=1,
            revision_hash=content_hash(c.title, c.target_jurisdictions, c.content),
            jurisdiction=j,
            regimes=[],
            state=PackageState.built,  # built before the portal: no file kept
            created_at=_at(sent - timedelta(days=2)),
            built_at=_at(sent - timedelta(days=2)),
        )
        s = Submission(
            id=new_id(),
            package_id=pkg.id,
            case_id=c.id,
            jurisdiction=j,
            status=status,
            sent_on=sent,
            channel=self.rng.choice([Channel.email, Channel.official_form, Channel.meeting]),
            outcome_on=outcome,
            designation_date=outcome if status == "designated" else None,
            designation_program=PROGRAMMES[j] if status == "designated" else None,
            designation_list_reference=f"entry {entry.list_id}" if entry is not None else None,
            created_at=_at(sent),
            updated_at=_at(outcome or sent),
            **case_keys(c),
        )
        self.rows += [pkg, s, self.event(s, 1, "sent", None, sent)]
        if status != "sent":
            self.rows.append(self.event(s, 2, status, "sent", outcome or sent + timedelta(days=30)))
        c.target_jurisdictions = sorted({*c.target_jurisdictions, j})
        c.jurisdictions_key = membership_key(c.target_jurisdictions)
        return s

    def event(self, s: Submission, seq: int, status: str, previous: str | None, on: date) -> SubmissionEvent:
        return SubmissionEvent(
            submission_id=s.id,
            seq=seq,
            status=status,
            previous_status=previous,
            occurred_on=min(on, self.today),
        )

    def outcome(
        self, j: str, sent: date, corruption_only: bool, marginalised: bool = False
    ) -> tuple[str, date | None]:
        rng = self.rng
        odds = DESIGNATED[j] * (0.3 if j == "eu" and corruption_only else 1.0)  # the EU has no such regime
        odds *= 0.6 if marginalised else 1.0  # as the coalition's reports find: such victims weigh less
        roll = rng.random()
        if roll < odds:
            kind, days = "designated", int(rng.lognormvariate(5.9, 0.45))  # ~1 year, 5 months to 3 years
        elif roll < odds + 0.15:
            kind, days = "declined", rng.randint(90, 500)
        elif roll < odds + 0.5:
            kind, days = "no_response", rng.randint(365, 730)
        else:
            kind, days = rng.choice(["sent", "acknowledged", "under_consideration"]), 0
        on = sent + timedelta(days=days)
        if kind in ("designated", "declined", "no_response") and on >= self.today:
            return rng.choice(["acknowledged", "under_consideration"]), None
        if kind == "acknowledged" or kind == "under_consideration" or kind == "sent":
            if (self.today - sent).days > 900:
                return "no_response", sent + timedelta(days=rng.randint(365, 730))
            return kind, None
        return kind, on


def seed_history(db: Session, today: date | None = None) -> dict[str, int]:
    """Create the history once (it is recognised by its first organisation); returns what was made."""
    if history_seeded(db):
        return {}
    today = today or date.today()
    orgs = {
        o.name: o for o in db.execute(select(Organization).where(Organization.kind == OrgKind.ngo)).scalars()
    }
    for name, country in HISTORY_ORGS:
        if name not in orgs:
            orgs[name] = Organization(id=new_id(), name=name, kind=OrgKind.ngo, country=country)
            db.add(orgs[name])
    db.flush()
    h = _History(db, today)
    rng = h.rng
    authors = [orgs[n].id for n in AUTHORS if n in orgs]
    years = {**CASES_PER_YEAR, today.year: max(4, CASES_PER_YEAR[2025] * today.timetuple().tm_yday // 365)}
    for year, n in sorted(years.items()):
        if year > today.year:
            continue
        for _ in range(n):
            c = h.case(rng.choice(authors), year)
            first = c.first_submitted_at
            assert first is not None
            corruption_only = not any(x in c.categories_key for x in HR)
            marginalised = any(f"|{g}|" in c.groups_key for g in MARGINALISED)
            targets = [j for j, p in TARGET_ODDS.items() if rng.random() < p] or ["us"]
            for j in targets:
                sent = first.date() + timedelta(days=rng.randint(20, 90))
                if sent >= today or sent < REGIME_START[j]:
                    continue
                status, on = h.outcome(j, sent, corruption_only, marginalised)
                h.submit(c, j, sent, status, on)
            if not c.target_jurisdictions:  # approved, not sent yet (no regime was open, or too recent)
                c.status, c.target_jurisdictions, c.jurisdictions_key = CaseStatus.approved, ["us"], "|us|"
    # The invented people of the UK and EU sample lists: recommended before their listing, designated.
    matched = 0
    for entry, listed in _invented_entries(db):
        sent = listed - timedelta(days=rng.randint(150, 480))
        c = h.case(rng.choice(authors), sent.year, perpetrator=entry.caption, kinds="hr")
        c.first_submitted_at = _at(sent - timedelta(days=rng.randint(20, 60)))
        designated = h.submit(c, entry.jurisdiction, sent, "designated", listed, entry)
        other = "us" if entry.jurisdiction != "us" else "uk"
        status, on = h.outcome(other, sent, False)
        h.submit(c, other, sent, status, on)
        h.rows.append(
            DesignationMatch(
                case_id=c.id,
                perpetrator_id="p1",
                perpetrator_name=entry.caption,
                entry_id=entry.id,
                jurisdiction=entry.jurisdiction,
                score=0.97,
                band="likely",
                algorithm="demo-history",
                algorithm_version="1",
                entry_fingerprint=entry.fingerprint,
                status=MatchStatus.confirmed,
                decided_fingerprint=entry.fingerprint,
                decided_at=_at(listed),
                decision_note="Recorded with the coalition's history",
                civil_society_basis=True,
                submission_id=designated.id,
            )
        )
        matched += 1
    cases = [r for r in h.rows if isinstance(r, CaseFile)]
    for c in cases:
        h.rows.append(
            CaseRevision(
                case_id=c.id,
                number=1,
                title=c.title,
                target_jurisdictions=c.target_jurisdictions,
                content=c.content,
                content_hash=content_hash(c.title, c.target_jurisdictions, c.content),
                created_at=c.created_at,
            )
        )
    db.add_all([r for r in h.rows if isinstance(r, CaseFile)])
    db.flush()
    db.add_all([r for r in h.rows if isinstance(r, Package)])
    db.flush()
    db.add_all([r for r in h.rows if not isinstance(r, CaseFile | Package)])
    for name in NAMED:
        if name in orgs:
            db.merge(AnalyticsPublication(org_id=orgs[name].id, named=True))
    db.flush()
    return {
        "cases": len(cases),
        "submissions": sum(isinstance(r, Submission) for r in h.rows),
        "matches": matched,
    }
