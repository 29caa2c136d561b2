"""Screening: perpetrators against list entries, and list entries against each other, in the database.

Candidates come from the `blocking_keys` table (the keys `blocking.keys_for` gives; ranked by how rare
the shared keys are, `blocking.rank_candidates`), and only the best few are scored with logic-v2
(`matching.score`). A pair scoring "possible" or better is stored with its score, band, algorithm and
version and the explanation per feature.

- When a perpetrator is saved (`designations.screen_case`), the case's perpetrators are screened
  against every list; candidates that no longer match go.
- When a list version arrives (`lists.match`), every perpetrator of every live case is screened
  against the entries the version added or amended, and the version's Magnitsky-style entries are
  paired with the other jurisdictions' entries (and theirs with its changes): the multilateral gap is
  read from these stored pairs, never computed per request.

A rejected pair is not raised again while the entry's fingerprint is the one rejected; an amended entry
reopens it as a candidate. Confirmed pairs are never touched by screening.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from app.db import new_id, utcnow
from app.jobs.queue import JobContext
from app.models.cases import CaseFile, CaseStatus
from app.models.sanctions import (
    BlockingKey,
    ChangeKind,
    CrossListMatch,
    DesignationMatch,
    ListChange,
    ListEntry,
    ListVersion,
    MatchStatus,
    SanctionsList,
    VersionStatus,
)
from app.schemas.case_content import CaseContent
from app.workflows import audit, scoping
from app.workflows.designations import blocking, matching
from app.workflows.designations.listed import lists_imported
from app.workflows.designations.lists import core_table

if TYPE_CHECKING:
    from followthemoney import EntityProxy

    from app.workflows.designations.matching import MatchResult

KEY_CHUNK = 500
# Entries screened together by cross_list (one batch of key look-ups each): bounds the postings held.
CROSS_BATCH = 200


NOT_SCREENED = CaseStatus.withdrawn  # every case but a withdrawn one is screened


class EntryCache:
    """List entries loaded once per batch, as FtM proxies, with their fingerprints."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self._entities: dict[str, EntityProxy] = {}
        self.fingerprints: dict[str, str] = {}
        self.jurisdictions: dict[str, str] = {}

    def load(self, ids: Iterable[str]) -> None:
        from followthemoney import model

        missing = [i for i in ids if i not in self._entities]
        for start in range(0, len(missing), KEY_CHUNK):
            chunk = missing[start : start + KEY_CHUNK]
            rows = self.db.execute(
                select(ListEntry.id, ListEntry.entity, ListEntry.fingerprint, ListEntry.jurisdiction).where(
                    ListEntry.id.in_(chunk)
                )
            ).tuples()
            for entry_id, entity, fingerprint, jurisdiction in rows:
                self._entities[entry_id] = matching.prepare(model.get_proxy(entity))
                self.fingerprints[entry_id] = fingerprint
                self.jurisdictions[entry_id] = jurisdiction

    def entity(self, entry_id: str) -> EntityProxy:
        self.load([entry_id])
        return self._entities[entry_id]


@dataclass
class Scope:
    """Which entries a batch of queries may find: filters on `list_entries`, and how many there are.
    `everything`: no filter but "still listed" (name frequencies can be read from the candidates' rows)."""

    filters: list[ColumnElement[bool]]
    total: int = 0
    everything: bool = False
    _all: Scope | None = field(default=None, repr=False)

    @classmethod
    def of(cls, db: Session, *filters: ColumnElement[bool]) -> Scope:
        active = [ListEntry.removed.is_(False), *filters]
        total = db.execute(select(func.count()).select_from(ListEntry).where(*active)).scalar_one()
        return cls(active, int(total), everything=not filters)

    def all_entries(self, db: Session) -> Scope:
        """Every listed entry (counted once per batch): what name frequencies are read against."""
        if self.everything:
            return self
        if self._all is None:
            self._all = Scope.of(db)
        return self._all


def _postings(db: Session, keys: list[str], filters: list[ColumnElement[bool]]) -> dict[str, set[str]]:
    postings: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(keys), KEY_CHUNK):
        rows = db.execute(
            select(BlockingKey.key, BlockingKey.entry_id)
            .join(ListEntry, ListEntry.id == BlockingKey.entry_id)
            .where(BlockingKey.key.in_(keys[start : start + KEY_CHUNK]), *filters)
        ).tuples()
        for key, entry_id in rows:
            postings[key].add(entry_id)
    return postings


def _candidates_and_frequencies(
    db: Session, queries: Sequence[EntityProxy], scope: Scope, limit: int = blocking.DEFAULT_LIMIT
) -> list[tuple[list[str], matching.NameFrequencies | None]]:
    """For each of `queries` (`prepare`d entities): the ids of the entries in `scope` worth scoring,
    best first, and its name frequencies over every listed entry (matching's common-name rule).

    One batch of key look-ups serves every query (the union of their keys, KEY_CHUNK keys a round
    trip), where one per query cost a round trip or two each: ranking reads only a query's own keys,
    and the frequencies only its own `t:` / `s:` keys, so the postings of the others change nothing."""
    if scope.total == 0 or not queries:
        return [([], None) for _ in queries]
    groups = [blocking.key_groups(q) for q in queries]
    keys = sorted({k for query_groups in groups for g in query_groups for k in g})
    postings = _postings(db, keys, scope.filters)
    ranked = [
        [entry_id for entry_id, _ in blocking.rank_candidates(g, postings, scope.total, limit)]
        for g in groups
    ]
    if not any(ranked):
        return [([], None) for _ in queries]
    if scope.everything:
        freq = matching.frequencies(postings, scope.total)
    else:
        # A scoped batch (a version's changes) still weighs names against every list.
        everything = scope.all_entries(db)
        name_keys = [k for k in keys if k.startswith(matching.FREQUENCY_KEY_PREFIXES)]
        freq = matching.frequencies(_postings(db, name_keys, everything.filters), everything.total)
    return [(ids, freq if ids else None) for ids in ranked]


def candidates_and_frequencies(
    db: Session, query: EntityProxy, scope: Scope, limit: int = blocking.DEFAULT_LIMIT
) -> tuple[list[str], matching.NameFrequencies | None]:
    """Ids of the entries in `scope` worth scoring against `query` (a `prepare`d entity), best first,
    and the query's name frequencies over every listed entry (matching's common-name rule)."""
    return _candidates_and_frequencies(db, [query], scope, limit)[0]


def candidates(
    db: Session, query: EntityProxy, scope: Scope, limit: int = blocking.DEFAULT_LIMIT
) -> list[str]:
    """Ids of the entries in `scope` worth scoring against `query` (a `prepare`d entity), best first."""
    return candidates_and_frequencies(db, query, scope, limit)[0]


def screen_entities(
    db: Session,
    queries: Sequence[EntityProxy],
    scope: Scope,
    cache: EntryCache,
    *,
    prepared: bool = False,
) -> list[list[tuple[str, MatchResult]]]:
    """For each of `queries`: (entry id, result) of the candidates scoring "possible" or better, best
    first. The key look-ups and the candidates' rows are fetched once for the whole batch.
    `prepared`: the queries are `matching.prepare`d already (entries from the cache)."""
    qs = list(queries) if prepared else [matching.prepare(q) for q in queries]
    found = _candidates_and_frequencies(db, qs, scope)
    cache.load(dict.fromkeys(i for ids, _ in found for i in ids))
    # Entries in the cache are prepared already; pairs under "possible" are not worth explaining.
    return [
        matching.score_prepared(q, [(i, cache.entity(i)) for i in ids], matching.POSSIBLE, freq)
        for q, (ids, freq) in zip(qs, found, strict=True)
    ]


def screen_entity(
    db: Session, query: EntityProxy, scope: Scope, cache: EntryCache, *, prepared: bool = False
) -> list[tuple[str, MatchResult]]:
    """(entry id, result) of the candidates scoring "possible" or better, best first. `prepared`: the
    query is `matching.prepare`d already (an entry from the cache), so it is not prepared again."""
    return screen_entities(db, [query], scope, cache, prepared=prepared)[0]


# ---- perpetrators ---------------------------------------------------------------------------------------


@dataclass
class ScreenResult:
    created: int = 0
    updated: int = 0
    reopened: int = 0
    dropped: int = 0
    match_ids: list[str] = field(default_factory=list)


def _content(case: CaseFile) -> CaseContent | None:
    try:
        return CaseContent.model_validate(case.content)
    except ValidationError:  # pragma: no cover - stored content was validated when saved
        return None


def screen_case(db: Session, case: CaseFile, scope: Scope, cache: EntryCache, *, full: bool) -> ScreenResult:
    """Screen the case's perpetrators against `scope` and bring its stored matches up to date.

    `full`: the scope is every list, so an undecided candidate not found again goes; otherwise only the
    candidates on entries inside the scope are reconsidered."""
    content = _content(case)
    result = ScreenResult()
    if content is None:
        return result
    found: dict[tuple[str, str], MatchResult] = {}
    names: dict[str, str | None] = {}
    screened: list[tuple[str, EntityProxy]] = []
    for perp in content.perpetrators:
        if not (perp.name or perp.aliases or perp.transliterations):
            continue
        names[perp.id] = perp.name or (perp.aliases + perp.transliterations)[0]
        screened.append((perp.id, matching.perpetrator_entity(perp, case.id)))
    # The case's perpetrators in one batch: one round of key look-ups and one of entry rows for all.
    results = screen_entities(db, [entity for _, entity in screened], scope, cache)
    for (perp_id, _), hits in zip(screened, results, strict=True):
        for entry_id, r in hits:
            found[(perp_id, entry_id)] = r
    existing_stmt = scoping.unscoped_designation_matches().where(DesignationMatch.case_id == case.id)
    if not full:
        in_scope = select(ListEntry.id).where(*scope.filters)
        existing_stmt = existing_stmt.where(DesignationMatch.entry_id.in_(in_scope))
    existing = {(m.perpetrator_id, m.entry_id): m for m in db.execute(existing_stmt).scalars()}
    now = utcnow()
    for pair, m in existing.items():
        hit = found.pop(pair) if pair in found else None
        if hit is None:
            if m.status == MatchStatus.candidate:
                db.delete(m)
                result.dropped += 1
            continue
        fingerprint = cache.fingerprints[m.entry_id]
        if m.status == MatchStatus.confirmed:
            continue
        if m.status == MatchStatus.rejected:
            if m.decided_fingerprint == fingerprint:
                continue  # remembered: the same entry was rejected for this perpetrator
            audit.record(
                db,
                "designation.match_reopened",
                org_id=case.org_id,
                target_type="designation_match",
                target_id=m.id,
                data={"case_id": case.id, "perpetrator_id": m.perpetrator_id, "entry_id": m.entry_id},
            )
            m.status, m.decided_by, m.decided_at, m.decided_fingerprint = (
                MatchStatus.candidate,
                None,
                None,
                None,
            )
            m.decision_note = None
            result.reopened += 1
        else:
            result.updated += 1
        _apply(m, hit, fingerprint, names.get(m.perpetrator_id), now)
        result.match_ids.append(m.id)
    for (perp_id, entry_id), r in found.items():
        m = DesignationMatch(
            id=new_id(),
            case_id=case.id,
            perpetrator_id=perp_id,
            entry_id=entry_id,
            jurisdiction=cache.jurisdictions[entry_id],
            status=MatchStatus.candidate,
            created_at=now,
        )
        _apply(m, r, cache.fingerprints[entry_id], names.get(perp_id), now)
        db.add(m)
        result.created += 1
        result.match_ids.append(m.id)
    db.flush()
    return result


def _apply(m: DesignationMatch, r: MatchResult, fingerprint: str, name: str | None, now: Any) -> None:
    assert r.band is not None
    m.score, m.band, m.algorithm, m.algorithm_version = r.score, r.band, r.algorithm, r.stored_version
    m.explanations = r.explanations
    m.entry_fingerprint = fingerprint
    m.perpetrator_name = name[:500] if name else None
    m.updated_at = now


def rescreen_case(db: Session, case: CaseFile) -> ScreenResult:
    """A saved case against every list (the save hook's job)."""
    if case.status == NOT_SCREENED or not lists_imported(db):
        return ScreenResult()
    return screen_case(db, case, Scope.of(db), EntryCache(db), full=True)


def run_case_screening(ctx: JobContext, case_id: str) -> None:
    with ctx.sessionmaker() as db:
        case = db.execute(scoping.unscoped_cases().where(CaseFile.id == case_id)).scalar_one_or_none()
        if case is None:
            return
        rescreen_case(db, case)
        db.commit()


# ---- a list version arrives -----------------------------------------------------------------------------


def _changed(version_id: str, kinds: Sequence[ChangeKind]) -> Any:
    return select(ListChange.entry_id).where(ListChange.version_id == version_id, ListChange.kind.in_(kinds))


def match_version(db: Session, version: ListVersion) -> dict[str, int]:
    """Perpetrators of every live case against the version's added and amended entries, then the
    cross-list pairs of those entries. Returns counts for the log and the tests."""
    lst = db.get(SanctionsList, version.sanctions_list_id)
    assert lst is not None
    changed = _changed(version.id, (ChangeKind.added, ChangeKind.amended))
    scope = Scope.of(db, ListEntry.id.in_(changed))
    cache = EntryCache(db)
    counts = {"cases": 0, "matches": 0, "pairs": 0}
    if scope.total:
        live = scoping.unscoped_cases().where(CaseFile.status != NOT_SCREENED).order_by(CaseFile.id)
        for case in db.execute(live).scalars():
            counts["cases"] += 1
            counts["matches"] += len(screen_case(db, case, scope, cache, full=False).match_ids)
    counts["pairs"] = cross_list(db, version, lst, cache, scope)
    version.matched_at = utcnow()
    return counts


def cross_list(
    db: Session, version: ListVersion, lst: SanctionsList, cache: EntryCache, into_changes: Scope
) -> int:
    """Replace the cross-list pairs of the entries the version touched: its Magnitsky-style entries
    against the other jurisdictions' entries, and their Magnitsky-style entries against its changes
    (`into_changes`, the version's added and amended entries, counted once by `match_version`)."""
    touched = [
        row[0]
        for row in db.execute(
            _changed(version.id, (ChangeKind.added, ChangeKind.amended, ChangeKind.removed))
        ).tuples()
    ]
    for start in range(0, len(touched), KEY_CHUNK):
        ids = touched[start : start + KEY_CHUNK]
        db.execute(
            delete(CrossListMatch).where(
                or_(CrossListMatch.entry_id.in_(ids), CrossListMatch.other_entry_id.in_(ids))
            )
        )
    changed = _changed(version.id, (ChangeKind.added, ChangeKind.amended))
    elsewhere = Scope.of(db, ListEntry.jurisdiction != lst.jurisdiction)
    rows: list[dict[str, Any]] = []
    if elsewhere.total:
        ours = select(ListEntry.id).where(
            ListEntry.id.in_(changed), ListEntry.magnitsky.is_(True), ListEntry.removed.is_(False)
        )
        theirs = select(ListEntry.id).where(
            ListEntry.jurisdiction != lst.jurisdiction,
            ListEntry.magnitsky.is_(True),
            ListEntry.removed.is_(False),
        )
        for query_ids, scope in ((ours, elsewhere), (theirs, into_changes)):
            ids = [row[0] for row in db.execute(query_ids.order_by(ListEntry.id)).tuples()]
            cache.load(ids)
            # CROSS_BATCH entries a batch: one round of key look-ups and entry rows for each.
            batches = [ids[start : start + CROSS_BATCH] for start in range(0, len(ids), CROSS_BATCH)]
            for batch in batches:
                entities = [cache.entity(entry_id) for entry_id in batch]
                results = screen_entities(db, entities, scope, cache, prepared=True)
                for entry_id, hits in zip(batch, results, strict=True):
                    rows.extend(
                        {
                            "id": new_id(),
                            "entry_id": entry_id,
                            "other_entry_id": other_id,
                            "score": r.score,
                            "band": r.band,
                            "algorithm": r.algorithm,
                            "algorithm_version": r.stored_version,
                            "explanations": r.explanations,
                            "created_at": utcnow(),
                        }
                        for other_id, r in hits
                    )
    for start in range(0, len(rows), 1000):
        db.execute(insert(core_table(CrossListMatch)), rows[start : start + 1000])
    return len(rows)


def run_version_matching(ctx: JobContext, version_id: str) -> None:
    """The `lists.match` job; a version already matched (a retried job) is left alone."""
    with ctx.sessionmaker() as db:
        version = db.get(ListVersion, version_id)
        if version is None or version.status != VersionStatus.imported or version.matched_at is not None:
            return
        match_version(db, version)
        db.commit()


_warmed = False


def warm_up_if_lists(ctx: JobContext) -> None:
    """Load logic-v2's name data once per process (~15 s) when there is something to screen, so the
    first save after a start does not pay for it."""
    global _warmed
    if _warmed:
        return
    with ctx.sessionmaker() as db:
        if not lists_imported(db):
            return
    matching.warm_up()
    _warmed = True
