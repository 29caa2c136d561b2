"""Official lists: the lists the portal follows, each import as a version with its changes, the periodic
fetch, and reading lists, versions, changes and entries.

An import is all or nothing, in the caller's transaction: the file is parsed whole first (a malformed
file, or a file of another format, is refused naming the line or element), then entries are added,
amended (fingerprint changed) or marked removed, their blocking keys replaced, the changes recorded and
the list pointed at the new version. Nothing is half-replaced: a failure rolls all of it back. Matching
(perpetrators against the changes, cross-list pairs for the gaps) runs afterwards as the `lists.match`
job. A removed entry that a case's perpetrator was confirmed as, or that matched a person the coalition
submitted to that government, is a delisting: audited, a webhook event and a notification.

The periodic fetch gets each configured URL with a conditional GET (ETag / Last-Modified) and a size
limit, outside any transaction; whatever goes wrong (the site is down, the file is truncated) is recorded
as a failed version on the list, which keeps its last good version. It never raises.

followthemoney and rigour are imported inside functions (tests/test_startup_imports.py).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from sqlalchemy import Table, delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import Base, new_id, utcnow
from app.errors import Forbidden, Invalid, NotFound, TooLarge
from app.jobs.queue import JobContext, defer
from app.models.cases import CaseFile
from app.models.identity import Role
from app.models.packages import Submission, SubmissionStatus
from app.models.sanctions import (
    BlockingKey,
    ChangeKind,
    DesignationMatch,
    ListChange,
    ListEntry,
    ListVersion,
    MatchStatus,
    SanctionsList,
    VersionStatus,
)
from app.sanctions_lists import (
    FORMAT_LABELS,
    Jurisdiction,
    ListFormat,
    ListFormatError,
    ParsedList,
    detect,
    ofac_csv_part,
)
from app.security.permissions import Principal
from app.workflows import audit, scoping
from app.workflows.designations.listed import BY
from app.workflows.designations.notify import announce
from app.workflows.pagination import decode_cursor, encode_cursor

if TYPE_CHECKING:
    from app.sanctions_lists import ListEntry as ParsedEntry

log = logging.getLogger(__name__)


def core_table(model: type[Base]) -> Table:
    """A model's table, for Core executemany inserts (the ORM's bulk path is twice as slow here)."""
    return cast(Table, model.__table__)


CHUNK = 500  # ids per IN (...): well under SQLite's bound-parameter limit
# Rows are inserted through the tables (Core executemany), not the ORM's bulk path: an import writes
# hundreds of thousands of blocking keys, and the ORM's bookkeeping would double the time.
MAX_WARNINGS = 200


@dataclass(frozen=True)
class KnownList:
    name: str
    title: str
    jurisdiction: Jurisdiction
    formats: tuple[ListFormat, ...]  # the first is the list's usual format


KNOWN_LISTS: dict[str, KnownList] = {
    k.name: k
    for k in (
        KnownList(
            "us_ofac_sdn",
            "US OFAC Specially Designated Nationals and Blocked Persons (SDN) List",
            "us",
            ("us_ofac_csv", "us_ofac_xml"),
        ),
        KnownList(
            "us_ofac_consolidated", "US OFAC Consolidated (non-SDN) Sanctions List", "us", ("us_ofac_xml",)
        ),
        KnownList("uk_sanctions_list", "UK Sanctions List (FCDO)", "uk", ("uk_fcdo",)),
        KnownList("ca_autonomous", "Consolidated Canadian Autonomous Sanctions List", "ca", ("ca_sema",)),
        KnownList("eu_fsf", "EU Financial Sanctions Files: consolidated list", "eu", ("eu_fsf",)),
    )
}


def known_list(name: str) -> KnownList:
    known = KNOWN_LISTS.get(name)
    if known is None:
        raise NotFound(f"No sanctions list {name!r}; known: {', '.join(KNOWN_LISTS)}")
    return known


def list_row(db: Session, name: str, *, for_update: bool = False) -> SanctionsList | None:
    known_list(name)
    stmt = select(SanctionsList).where(SanctionsList.name == name)
    if for_update:
        stmt = stmt.with_for_update()
    return db.execute(stmt).scalar_one_or_none()


def ensure_list(db: Session, name: str) -> SanctionsList:
    """The list's row, locked; created on first use from KNOWN_LISTS."""
    known = known_list(name)
    row = list_row(db, name, for_update=True)
    if row is None:
        row = SanctionsList(
            name=known.name, title=known.title, jurisdiction=known.jurisdiction, format=known.formats[0]
        )
        db.add(row)
        db.flush()
    return row


def check_can_import(p: Principal) -> None:
    """Imports change what every tenant is screened against: coalition administrators only."""
    if p.role != Role.coalition_admin or not p.can("orgs:manage"):
        raise Forbidden("Only coalition administrators import sanctions lists")


# ---- parsing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListFile:
    name: str
    data: bytes


@dataclass
class Parsed:
    parsed: ParsedList
    source: str
    sha256: str
    size: int


def _refused(exc: ListFormatError, filename: str) -> Invalid:
    where = {k: v for k, v in exc.to_dict().items() if v is not None}
    return Invalid(
        f"{filename or 'The file'} was refused: {exc}",
        errors=[{"loc": ["body", "file"], "msg": str(exc), "type": "list_format", **where}],
        extra={"list_error": exc.to_dict()},
    )


def _labels(formats: Sequence[ListFormat]) -> str:
    return " or ".join(FORMAT_LABELS[f] for f in formats)


def parse_files(name: str, files: Sequence[ListFile]) -> Parsed:
    """Recognise and parse the file(s) of one import; Invalid (422) naming the file and the line or element.

    One file per import, except the OFAC CSV set: sdn.csv with alt.csv, add.csv, sdn_comments.csv."""
    from app.sanctions_lists import parse

    known = known_list(name)
    files = [f for f in files if f.data or f.name]
    if not files:
        raise Invalid("No file", errors=[{"loc": ["body", "file"], "msg": "required"}])
    main = files[0]
    if len(files) > 1:
        sdn = [f for f in files if ofac_csv_part(f.data) == "sdn"]
        if "us_ofac_csv" not in known.formats or len(sdn) != 1:
            raise Invalid(
                "Send one file per import (only the OFAC CSV set comes as sdn.csv with its companions)",
                errors=[{"loc": ["body", "file"], "msg": "one file expected"}],
            )
        main = sdn[0]
    companions = {f.name or f"file {i}": f.data for i, f in enumerate(files) if f is not main}
    try:
        found = detect(main.data, main.name)
        if found not in known.formats:
            raise ListFormatError(
                f"{main.name or 'the file'} is a {FORMAT_LABELS[found]} file; {name} takes a "
                f"{_labels(known.formats)} file",
                list_format=found,
            )
        parsed = parse(main.data, main.name, expected=found, companions=companions or None)
    except ListFormatError as exc:
        raise _refused(exc, main.name) from None
    ordered = [main, *(f for f in files if f is not main)]
    digests = [hashlib.sha256(f.data).hexdigest() for f in ordered]
    # One file: its own SHA-256 (anyone can check it); a set: the hash of its files' hashes.
    sha = digests[0] if len(digests) == 1 else hashlib.sha256("\n".join(digests).encode()).hexdigest()
    source = ", ".join(f.name for f in ordered if f.name) or "upload"
    return Parsed(parsed, source[:2000], sha, sum(len(f.data) for f in files))


# ---- importing a version --------------------------------------------------------------------------------


@dataclass
class ImportResult:
    version: ListVersion
    unchanged: bool  # the same bytes as the current version: nothing was recorded


def _key_string(values: Sequence[str], limit: int) -> str:
    """ "|a|b|" for LIKE filters, cut at a separator to fit the column."""
    text = "|" + "".join(f"{v}|" for v in values)
    if len(text) > limit:
        text = text[: text.rfind("|", 0, limit) + 1]
    return text


def _search_text(names: Sequence[str]) -> str:
    from rigour.text import ascii_text

    from app.schemas.case_content import normalise_for_search

    folded: dict[str, None] = {}
    for n in names:
        folded[normalise_for_search(n)] = None
        folded[normalise_for_search(ascii_text(n))] = None
    return "\n".join(f for f in folded if f)


def _values(e: ParsedEntry, fingerprint: str) -> dict[str, Any]:
    from followthemoney.types import registry

    entity = e.entity
    names = list(dict.fromkeys(entity.get_type_values(registry.name)))
    countries = sorted(set(entity.get_type_values(registry.country)))
    return {
        "schema": entity.schema.name,
        "caption": (entity.caption or e.list_id)[:500],
        "names": names,
        "programmes": [{"code": p.code, "name": p.name, "magnitsky": p.magnitsky} for p in e.programmes],
        "programme_key": _key_string([p.code.upper() for p in e.programmes], 1000),
        "magnitsky": e.magnitsky,
        "listing_date": e.listing_date,
        "countries_key": _key_string(countries, 500),
        "search_text": _search_text(names),
        "other_ids": dict(e.other_ids),
        "entity": entity.to_dict(),
        "fingerprint": fingerprint,
        "updated_at": utcnow(),
    }


def blocking_keys(entity_json: dict[str, Any]) -> set[str]:
    """The keys an entry is stored under: those of the entity as matching compares it (`prepare`)."""
    from followthemoney import model

    from app.workflows.designations import blocking, matching

    return blocking.keys_for(matching.prepare(model.get_proxy(entity_json)))


def _amendment(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What an amendment touched, by name only (the values are in the two versions' entities)."""
    before = old["entity"].get("properties", {})
    after = new["entity"].get("properties", {})
    props = sorted(
        k for k in set(before) | set(after) if sorted(before.get(k, [])) != sorted(after.get(k, []))
    )
    detail: dict[str, Any] = {"properties": props}
    for field in ("schema", "programmes", "listing_date", "other_ids"):
        if old.get(field) != new.get(field):
            detail.setdefault("fields", []).append(field)
    return detail


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _refresh_statistics(db: Session) -> None:
    """Fresh planner statistics for the entry and key tables after a version lands, in its transaction.

    Screening runs right after an import; with no statistics SQLite joins every active entry to its
    keys (ix_list_entries_removed first: ~50 s for the demo's lists), and PostgreSQL's autovacuum would
    only catch up later. ANALYZE samples, so it costs a fraction of a second however long the lists."""
    for table in (ListEntry.__tablename__, BlockingKey.__tablename__):
        db.execute(text(f"ANALYZE {table}"))


def import_version(
    db: Session,
    lst: SanctionsList,
    parsed: Parsed,
    *,
    actor: Principal | None,
    ip: str | None = None,
) -> ImportResult:
    """Record `parsed` as the list's new version, in the caller's transaction (`lst` locked by
    `ensure_list`). The same bytes as the current version record nothing."""
    p = parsed.parsed
    if p.jurisdiction != lst.jurisdiction:  # pragma: no cover - parse_files checks the format
        raise Invalid(f"A {p.jurisdiction} list cannot be imported as {lst.name}")
    current = db.get(ListVersion, lst.current_version_id) if lst.current_version_id else None
    if current is not None and current.sha256 == parsed.sha256:
        return ImportResult(current, unchanged=True)
    seq = db.execute(
        select(func.coalesce(func.max(ListVersion.seq), 0)).where(ListVersion.sanctions_list_id == lst.id)
    ).scalar_one()
    version = ListVersion(
        id=new_id(),
        sanctions_list_id=lst.id,
        seq=int(seq) + 1,
        status=VersionStatus.imported,
        list_format=p.list_format,
        source=parsed.source,
        sha256=parsed.sha256,
        size=parsed.size,
        published=p.published,
        imported_by=actor.user_id if actor else None,
        previous_version_id=current.id if current else None,
        counts=p.counts(),
        warnings=p.warnings[:MAX_WARNINGS],
    )
    db.add(version)
    db.flush()

    existing = {
        list_id: (entry_id, fingerprint, removed)
        for entry_id, list_id, fingerprint, removed in db.execute(
            select(ListEntry.id, ListEntry.list_id, ListEntry.fingerprint, ListEntry.removed).where(
                ListEntry.sanctions_list_id == lst.id
            )
        ).tuples()
    }
    new_rows: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []  # amended or listed again
    amended: dict[str, dict[str, Any]] = {}  # entry id -> new values, to describe the amendment
    changes: list[dict[str, Any]] = []
    rekey: list[tuple[str, dict[str, Any]]] = []  # (entry id, entity) whose keys are (re)computed
    present: set[str] = set()
    for e in p.entries:
        present.add(e.list_id)
        fingerprint = e.fingerprint()
        old = existing.get(e.list_id)
        if old is not None and not old[2] and old[1] == fingerprint:
            continue  # unchanged
        values = _values(e, fingerprint)
        if old is None:
            entry_id = new_id()
            new_rows.append(
                {
                    "id": entry_id,
                    "sanctions_list_id": lst.id,
                    "jurisdiction": lst.jurisdiction,
                    "list_id": e.list_id,
                    "first_version_id": version.id,
                    "last_version_id": version.id,
                    "removed": False,
                    **values,
                }
            )
            changes.append({"entry_id": entry_id, "kind": ChangeKind.added, "fingerprint": fingerprint})
        else:
            entry_id, previous, was_removed = old
            updates.append({"id": entry_id, "removed": False, "removed_version_id": None, **values})
            if was_removed:
                changes.append(
                    {
                        "entry_id": entry_id,
                        "kind": ChangeKind.added,
                        "previous_fingerprint": previous,
                        "fingerprint": fingerprint,
                        "detail": {"listed_again": True},
                    }
                )
            else:
                amended[entry_id] = values
                changes.append(
                    {
                        "entry_id": entry_id,
                        "kind": ChangeKind.amended,
                        "previous_fingerprint": previous,
                        "fingerprint": fingerprint,
                    }
                )
        rekey.append((entry_id, values["entity"]))
    gone = [(old[0], old[1]) for list_id, old in existing.items() if not old[2] and list_id not in present]

    if amended:  # what each amendment touched, from the entities as stored before this version
        olds = {}
        for ids in _chunks(list(amended)):
            for row in db.execute(
                select(
                    ListEntry.id,
                    ListEntry.entity,
                    ListEntry.schema,
                    ListEntry.programmes,
                    ListEntry.listing_date,
                    ListEntry.other_ids,
                ).where(ListEntry.id.in_(ids))
            ).tuples():
                olds[row[0]] = dict(
                    zip(("entity", "schema", "programmes", "listing_date", "other_ids"), row[1:], strict=True)
                )
        for change in changes:
            if change["kind"] == ChangeKind.amended:
                change["detail"] = _amendment(olds[change["entry_id"]], amended[change["entry_id"]])

    for rows in _chunks(new_rows):
        db.execute(insert(core_table(ListEntry)), list(rows))
    for rows in _chunks(updates):
        db.execute(update(ListEntry), list(rows))
    removed_ids = [entry_id for entry_id, _ in gone]
    for ids in _chunks(removed_ids):
        db.execute(
            update(ListEntry)
            .where(ListEntry.id.in_(ids))
            .values(removed=True, removed_version_id=version.id, updated_at=utcnow())
        )
    for ids in _chunks([entry_id for entry_id, _ in rekey] + removed_ids):
        db.execute(delete(BlockingKey).where(BlockingKey.entry_id.in_(ids)))
    key_rows = [{"entry_id": entry_id, "key": k} for entry_id, entity in rekey for k in blocking_keys(entity)]
    for rows in _chunks(key_rows, 5000):
        db.execute(insert(core_table(BlockingKey)), list(rows))
    changes += [
        {"entry_id": entry_id, "kind": ChangeKind.removed, "previous_fingerprint": fp}
        for entry_id, fp in gone
    ]
    change_rows = [
        {
            "id": new_id(),
            "version_id": version.id,
            "detail": {},
            "previous_fingerprint": None,
            "fingerprint": None,
            **c,
        }
        for c in changes
    ]
    for rows in _chunks(change_rows, 2000):
        db.execute(insert(core_table(ListChange)), list(rows))
    db.execute(
        update(ListEntry)
        .where(ListEntry.sanctions_list_id == lst.id, ListEntry.removed.is_(False))
        .values(last_version_id=version.id)
    )
    version.added = sum(1 for c in changes if c["kind"] == ChangeKind.added)
    version.amended = len(amended)
    version.removed = len(gone)
    lst.current_version_id = version.id
    db.flush()
    _refresh_statistics(db)
    # Audit last: the chain's head is locked from here to the commit.
    _delistings(db, lst, version, removed_ids, actor, ip)
    audit.record(
        db,
        "list.imported",
        principal=actor,
        ip=ip,
        target_type="sanctions_list",
        target_id=lst.id,
        data={
            "list": lst.name,
            "version": version.seq,
            "source": version.source,
            "sha256": version.sha256,
            "counts": version.counts,
            "added": version.added,
            "amended": version.amended,
            "removed": version.removed,
        },
    )
    defer(db, "lists.match", version_id=version.id)
    return ImportResult(version, unchanged=False)


def designation_data(lst: SanctionsList, entry: ListEntry) -> dict[str, Any]:
    """The public facts of a listing, as webhook events and audit records carry them."""
    return {
        "list": lst.name,
        "jurisdiction": lst.jurisdiction,
        "entry_id": entry.id,
        "list_entry_id": entry.list_id,
        "programmes": [p["code"] for p in entry.programmes],
        "listing_date": entry.listing_date.isoformat() if entry.listing_date else None,
    }


def _delistings(
    db: Session,
    lst: SanctionsList,
    version: ListVersion,
    removed_ids: list[str],
    actor: Principal | None,
    ip: str | None,
) -> None:
    """Matches of removed entries: a delisting event where the coalition saw the person designated
    (confirmed) or submitted them to this government (a likely candidate on a case sent there);
    undecided candidates go (the entry is off the list)."""
    for ids in _chunks(removed_ids):
        rows = db.execute(
            scoping.unscoped_designation_matches()
            .where(DesignationMatch.entry_id.in_(ids), DesignationMatch.status != MatchStatus.rejected)
            .add_columns(ListEntry)
            .join(ListEntry, ListEntry.id == DesignationMatch.entry_id)
        ).all()
        for match, entry in rows:
            case = db.execute(scoping.unscoped_cases().where(CaseFile.id == match.case_id)).scalar_one()
            sent = db.execute(
                scoping.unscoped_submissions()
                .where(
                    Submission.case_id == case.id,
                    Submission.jurisdiction == lst.jurisdiction,
                    Submission.status != SubmissionStatus.prepared,
                )
                .limit(1)
            ).first()
            recommended = match.status == MatchStatus.confirmed or (
                match.band == "likely" and sent is not None
            )
            if recommended:
                facts = designation_data(lst, entry)
                audit.record(
                    db,
                    "designation.delisted",
                    principal=actor,
                    ip=ip,
                    org_id=case.org_id,
                    target_type="designation_match",
                    target_id=match.id,
                    data={
                        "case_id": case.id,
                        "perpetrator_id": match.perpetrator_id,
                        "match_status": match.status.value,
                        "version": version.seq,
                        **facts,
                    },
                )
                who = match.perpetrator_name or match.perpetrator_id
                notice = (
                    f"{who} was removed from the {lst.title} (entry {entry.list_id}), "
                    f"by {BY.get(lst.jurisdiction, lst.jurisdiction)}"
                )
                announce(
                    db,
                    "designation.delisted",
                    case,
                    actor=actor,
                    data={
                        "match_id": match.id,
                        "jurisdiction": lst.jurisdiction,
                        "status": match.status.value,
                        "designation": facts,
                    },
                    notice=notice,
                )
            if match.status == MatchStatus.candidate:
                db.delete(match)


# ---- uploads and the CLI -----------------------------------------------------------------------------------


def import_files(
    db: Session,
    p: Principal | None,
    name: str,
    files: Sequence[ListFile],
    settings: Settings,
    ip: str | None = None,
) -> ImportResult:
    """An upload (`p`, a coalition administrator) or `portal lists import` (no principal)."""
    if p is not None:
        check_can_import(p)
    known_list(name)
    total = sum(len(f.data) for f in files)
    if total > settings.sanctions_list_max_bytes:
        raise TooLarge(
            f"The list files exceed PORTAL_SANCTIONS_LIST_MAX_BYTES ({settings.sanctions_list_max_bytes})"
        )
    parsed = parse_files(name, files)
    lst = ensure_list(db, name)
    return import_version(db, lst, parsed, actor=p, ip=ip)


# ---- the periodic fetch -----------------------------------------------------------------------------------


class FetchError(Exception):
    pass


@dataclass
class Download:
    data: bytes = b""
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None


def download(
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int,
    timeout: float,
    client: Any = None,
) -> Download:
    """GET `url` conditionally, streaming, refusing more than `max_bytes`; FetchError says why not."""
    import httpx  # deferred: the API process never fetches

    headers = {"Accept": "*/*", "User-Agent": "sanctions-coalition-portal (list fetch)"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    http = client or httpx.Client(timeout=timeout, follow_redirects=True)
    try:
        with http.stream("GET", url, headers=headers) as r:
            if r.status_code == 304:
                return Download(not_modified=True, etag=etag, last_modified=last_modified)
            if r.status_code != 200:
                raise FetchError(f"HTTP {r.status_code} from the list's URL")
            length = r.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"the file is {length} bytes, over the limit of {max_bytes}")
            buf = bytearray()
            for chunk in r.iter_bytes():
                buf += chunk
                if len(buf) > max_bytes:
                    raise FetchError(f"the file is over the limit of {max_bytes} bytes")
            return Download(bytes(buf), False, r.headers.get("etag"), r.headers.get("last-modified"))
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}"[:500]) from None
    finally:
        if own:
            http.close()


def record_failure(db: Session, lst: SanctionsList, source: str, error: str) -> ListVersion:
    """A fetch or import that replaced nothing: kept as a failed version; the list keeps its last good one."""
    seq = db.execute(
        select(func.coalesce(func.max(ListVersion.seq), 0)).where(ListVersion.sanctions_list_id == lst.id)
    ).scalar_one()
    failed = ListVersion(
        sanctions_list_id=lst.id,
        seq=int(seq) + 1,
        status=VersionStatus.failed,
        source=source[:2000],
        previous_version_id=lst.current_version_id,
        error=error[:4000],
    )
    db.add(failed)
    lst.last_fetch_status = "failed"
    lst.last_fetch_error = error[:4000]
    lst.fetch_failures = (lst.fetch_failures or 0) + 1
    db.flush()
    return failed


def _due(lst: SanctionsList, settings: Settings) -> bool:
    if lst.last_fetch_at is None:
        return True
    if lst.last_fetch_status == "failed":
        wait = timedelta(minutes=settings.sanctions_fetch_retry_minutes)
    else:
        wait = timedelta(hours=settings.sanctions_fetch_interval_hours)
    return utcnow() - lst.last_fetch_at >= wait


def fetch_list(ctx: JobContext, name: str, url: str, *, force: bool = False, client: Any = None) -> str:
    """Fetch one list if due; says what happened: not_due | busy | not_modified | unchanged | ok | failed."""
    settings = ctx.settings
    with ctx.sessionmaker() as db:
        lst = ensure_list(db, name)
        if not force and not _due(lst, settings):
            return "not_due"
        # Claim it: of several processes ticking at once, the one whose update matches fetches.
        claimed = db.execute(
            update(SanctionsList)
            .where(
                SanctionsList.id == lst.id,
                SanctionsList.last_fetch_at.is_(None)
                if lst.last_fetch_at is None
                else SanctionsList.last_fetch_at == lst.last_fetch_at,
            )
            .values(last_fetch_at=utcnow(), source_url=url[:2000])
        )
        if not getattr(claimed, "rowcount", 0):
            return "busy"
        etag, last_modified = lst.etag, lst.last_modified
        db.commit()
    try:
        got = download(
            url,
            etag=etag,
            last_modified=last_modified,
            max_bytes=settings.sanctions_list_max_bytes,
            timeout=settings.sanctions_fetch_timeout_seconds,
            client=client,
        )
    except FetchError as exc:
        return _fail(ctx, name, url, f"fetch failed: {exc}")
    with ctx.sessionmaker() as db:
        lst = ensure_list(db, name)
        if got.not_modified:
            lst.last_fetch_status, lst.last_fetch_error, lst.fetch_failures = "not_modified", None, 0
            db.commit()
            return "not_modified"
        filename = urlsplit(url).path.rsplit("/", 1)[-1] or name
        try:
            parsed = parse_files(name, [ListFile(filename, got.data)])
            result = import_version(db, lst, parsed, actor=None)
        except Invalid as exc:
            db.rollback()
            return _fail(ctx, name, url, f"import refused: {exc.detail}")
        status = "unchanged" if result.unchanged else "ok"
        lst.etag, lst.last_modified = got.etag, got.last_modified
        lst.last_fetch_status, lst.last_fetch_error, lst.fetch_failures = status, None, 0
        lst.source_url = url[:2000]
        db.commit()
    return status


def _fail(ctx: JobContext, name: str, url: str, error: str) -> str:
    # The URL may carry an access key: the log names the list only; the row keeps the error.
    log.warning("sanctions list %s: %s", name, error.split(":", 1)[0])
    with ctx.sessionmaker() as db:
        record_failure(db, ensure_list(db, name), url, error)
        db.commit()
    return "failed"


def run_fetches(ctx: JobContext) -> dict[str, str]:
    """The periodic job: every configured list that is due. Never raises (a government site that is down
    must not fail the tick)."""
    out: dict[str, str] = {}
    for name, url in ctx.settings.sanctions_list_urls.items():
        if name not in KNOWN_LISTS:
            log.warning("PORTAL_SANCTIONS_LIST_URLS names an unknown list %r", name)
            continue
        try:
            out[name] = fetch_list(ctx, name, url)
        except Exception:
            log.exception("sanctions list %s: fetch crashed", name)
            out[name] = "failed"
    return out


# ---- reading -----------------------------------------------------------------------------------------------


@dataclass
class ListSummary:
    known: KnownList
    row: SanctionsList | None
    current: ListVersion | None
    configured_url: bool


def overview(db: Session, settings: Settings) -> list[ListSummary]:
    rows = {r.name: r for r in db.execute(select(SanctionsList)).scalars()}
    current_ids = [r.current_version_id for r in rows.values() if r.current_version_id]
    versions = (
        {v.id: v for v in db.execute(select(ListVersion).where(ListVersion.id.in_(current_ids))).scalars()}
        if current_ids
        else {}
    )
    out = []
    for name, known in KNOWN_LISTS.items():
        row = rows.get(name)
        current = versions.get(row.current_version_id) if row and row.current_version_id else None
        out.append(ListSummary(known, row, current, name in settings.sanctions_list_urls))
    return out


def summary(db: Session, settings: Settings, name: str) -> ListSummary:
    known = known_list(name)
    row = list_row(db, name)
    current = db.get(ListVersion, row.current_version_id) if row and row.current_version_id else None
    return ListSummary(known, row, current, name in settings.sanctions_list_urls)


def versions(db: Session, name: str) -> list[ListVersion]:
    row = list_row(db, name)
    if row is None:
        return []
    return list(
        db.execute(
            select(ListVersion)
            .where(ListVersion.sanctions_list_id == row.id)
            .order_by(ListVersion.seq.desc())
        ).scalars()
    )


def get_version(db: Session, name: str, seq: int) -> ListVersion:
    row = list_row(db, name)
    version = (
        db.execute(
            select(ListVersion).where(ListVersion.sanctions_list_id == row.id, ListVersion.seq == seq)
        ).scalar_one_or_none()
        if row
        else None
    )
    if version is None:
        raise NotFound(f"{name} has no version {seq}")
    return version


def changes(
    db: Session, name: str, seq: int, kind: ChangeKind | None, limit: int, cursor: str | None
) -> tuple[ListVersion, list[tuple[ListChange, ListEntry]], str | None]:
    version = get_version(db, name, seq)
    offset = int(decode_cursor(cursor, 1)[0]) if cursor else 0
    stmt = (
        select(ListChange, ListEntry)
        .join(ListEntry, ListEntry.id == ListChange.entry_id)
        .where(ListChange.version_id == version.id)
    )
    if kind is not None:
        stmt = stmt.where(ListChange.kind == kind)
    rows = [
        (c, e)
        for c, e in db.execute(
            stmt.order_by(ListChange.kind, ListEntry.caption, ListEntry.id).offset(offset).limit(limit + 1)
        ).tuples()
    ]
    following = encode_cursor([offset + limit]) if len(rows) > limit else None
    return version, rows[:limit], following


@dataclass
class EntryFilters:
    q: str | None = None
    programme: str | None = None
    magnitsky: bool | None = None
    schema: str | None = None
    country: str | None = None
    include_removed: bool = False


def search_entries(
    db: Session, name: str, f: EntryFilters, limit: int, cursor: str | None
) -> tuple[list[ListEntry], str | None]:
    row = list_row(db, name)
    if row is None:
        return [], None
    stmt = select(ListEntry).where(ListEntry.sanctions_list_id == row.id)
    if not f.include_removed:
        stmt = stmt.where(ListEntry.removed.is_(False))
    if f.programme:
        stmt = stmt.where(ListEntry.programme_key.contains(f"|{f.programme.upper()}|", autoescape=True))
    if f.magnitsky is not None:
        stmt = stmt.where(ListEntry.magnitsky.is_(f.magnitsky))
    if f.schema:
        stmt = stmt.where(ListEntry.schema == f.schema)
    if f.country:
        stmt = stmt.where(ListEntry.countries_key.contains(f"|{f.country.lower()}|", autoescape=True))
    if f.q and f.q.strip():
        from rigour.text import ascii_text

        from app.schemas.case_content import normalise_for_search

        needles = {normalise_for_search(f.q), normalise_for_search(ascii_text(f.q))} - {""}
        stmt = stmt.where(
            or_(
                *[ListEntry.search_text.contains(n, autoescape=True) for n in needles],
                ListEntry.list_id == f.q.strip(),
            )
        )
    offset = int(decode_cursor(cursor, 1)[0]) if cursor else 0
    items = list(
        db.execute(stmt.order_by(ListEntry.caption, ListEntry.id).offset(offset).limit(limit + 1)).scalars()
    )
    following = encode_cursor([offset + limit]) if len(items) > limit else None
    return items[:limit], following


def get_entry(db: Session, entry_id: str) -> tuple[ListEntry, SanctionsList]:
    row = db.execute(
        select(ListEntry, SanctionsList)
        .join(SanctionsList, SanctionsList.id == ListEntry.sanctions_list_id)
        .where(ListEntry.id == entry_id)
    ).first()
    if row is None:
        raise NotFound("No such list entry")
    return row[0], row[1]


def lists_by_id(db: Session, ids: set[str]) -> dict[str, SanctionsList]:
    if not ids:
        return {}
    return {r.id: r for r in db.execute(select(SanctionsList).where(SanctionsList.id.in_(ids))).scalars()}


def export_entities(db: Session, name: str) -> Iterator[dict[str, Any]]:
    """The list's current entries as FollowTheMoney: each entity, then a `Sanction` naming the authority,
    programme, listing date and the list's own id."""
    from followthemoney import model

    row = list_row(db, name)
    if row is None:
        return
    stmt = (
        select(ListEntry)
        .where(ListEntry.sanctions_list_id == row.id, ListEntry.removed.is_(False))
        .order_by(ListEntry.list_id)
        .execution_options(yield_per=500)
    )
    for entry in db.execute(stmt).scalars():
        yield entry.entity
        sanction = model.make_entity("Sanction")
        sanction.id = f"{entry.entity['id']}-sanction"
        sanction.add("entity", entry.entity["id"])
        sanction.add("authority", row.title)
        sanction.add("authorityId", entry.list_id)
        sanction.add("program", [p["name"] for p in entry.programmes], quiet=True)
        sanction.add("programId", [p["code"] for p in entry.programmes], quiet=True)
        if entry.listing_date:
            sanction.add("listingDate", entry.listing_date.isoformat())
        if row.source_url:
            sanction.add("sourceUrl", row.source_url, quiet=True)
        yield sanction.to_dict()
