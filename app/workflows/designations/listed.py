"""What the drafting side needs to know about official lists, without the matching machinery.

`lists_imported` tells the save hook whether screening can find anything at all (no list: no job), and
`readiness_warnings` turns a case's stored matches into readiness warnings per jurisdiction ("listed by
the United States under GLOMAG since 2017-12-21 — entry 23252"). This module imports nothing that
imports app.workflows.cases, so cases may import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.cases import CaseFile
from app.models.sanctions import DesignationMatch, ListEntry, ListVersion, MatchStatus, SanctionsList
from app.schemas.messages import ParamValue
from app.workflows import scoping
from app.workflows.readiness import ReadinessWarning

# "listed by …": the governments as a sentence names them.
BY = {
    "us": "the United States",
    "uk": "the United Kingdom",
    "ca": "Canada",
    "eu": "the European Union",
}


def lists_imported(db: Session) -> bool:
    """True once any list has a good version: before that, screening has nothing to compare with."""
    found = db.execute(
        select(SanctionsList.id).where(SanctionsList.current_version_id.is_not(None)).limit(1)
    ).first()
    return found is not None


def programmes_label(programmes: Iterable[dict[str, Any]]) -> str:
    return ", ".join(p["code"] for p in programmes) or "an unnamed programme"


def first_seen(db: Session, entry: ListEntry) -> date | None:
    """The published (else imported) date of the first version that had the entry: where a list gives
    no listing date (OFAC), the earliest the portal can vouch for."""
    row = db.execute(
        select(ListVersion.published, ListVersion.imported_at).where(ListVersion.id == entry.first_version_id)
    ).first()
    if row is None:
        return None
    return row[0] or row[1].date()


def listing_phrase(db: Session, entry: ListEntry) -> str:
    """ "listed by the United States under GLOMAG since 2017-12-21 — entry 23252" (OFAC gives no listing
    date: "on the list in the version of …" instead)."""
    by = BY.get(entry.jurisdiction, entry.jurisdiction)
    programmes = programmes_label(entry.programmes)
    if entry.listing_date is not None:
        since = f"since {entry.listing_date.isoformat()}"
    else:
        seen = first_seen(db, entry)
        since = f"(no listing date published; on the list since at least {seen.isoformat()})" if seen else ""
    return (
        " ".join(p for p in ("listed by", by, "under", programmes, since) if p) + f" — entry {entry.list_id}"
    )


def _listing_code(db: Session, entry: ListEntry) -> tuple[str, dict[str, str]]:
    """The suffix of the listing's message code and the params of its date (as `listing_phrase`)."""
    if entry.listing_date is not None:
        return "_since", {"since": entry.listing_date.isoformat()}
    seen = first_seen(db, entry)
    return ("_seen", {"seen": seen.isoformat()}) if seen else ("", {})


def readiness_warnings(db: Session, case: CaseFile) -> dict[str, list[ReadinessWarning]]:
    """Warnings per jurisdiction for each perpetrator already on that jurisdiction's lists: confirmed
    matches, and likely candidates not yet decided (said so), on entries still listed."""
    rows = db.execute(
        scoping.unscoped_designation_matches()
        .where(
            DesignationMatch.case_id == case.id,
            DesignationMatch.status != MatchStatus.rejected,
            (DesignationMatch.status == MatchStatus.confirmed) | (DesignationMatch.band == "likely"),
        )
        .add_columns(ListEntry)
        .join(ListEntry, ListEntry.id == DesignationMatch.entry_id)
        .where(ListEntry.removed.is_(False))
        .order_by(DesignationMatch.score.desc())
    ).all()
    index = {p.get("id"): i for i, p in enumerate(case.content.get("perpetrators") or [])}
    out: dict[str, list[ReadinessWarning]] = {}
    seen: set[tuple[str, str]] = set()
    for match, entry in rows:
        i = index.get(match.perpetrator_id)
        if i is None or (match.perpetrator_id, entry.id) in seen:
            continue
        seen.add((match.perpetrator_id, entry.id))
        who = match.perpetrator_name or match.perpetrator_id
        phrase = listing_phrase(db, entry)
        suffix, dated = _listing_code(db, entry)
        params: dict[str, ParamValue] = {
            "perpetrator": f"perpetrators[{i}]",
            "jurisdiction": entry.jurisdiction,
            "programmes": [str(p["code"]) for p in entry.programmes] or "—",
            "entry": entry.list_id,
            **dated,
        }
        if match.status == MatchStatus.confirmed:
            code, msg = "already_listed", f"{who} is already {phrase}"
        else:
            code = "maybe_listed"
            msg = f"{who} may already be {phrase} (likely match, score {match.score:.2f}; not yet confirmed)"
            params["score"] = f"{match.score:.2f}"
        warning = ReadinessWarning(loc=["perpetrators", i], code=code + suffix, params=params, msg=msg)
        out.setdefault(entry.jurisdiction, []).append(warning)
    return out
