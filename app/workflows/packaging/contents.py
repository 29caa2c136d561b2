"""What a package contains, made from one case revision: the dossier, then the plan of the ZIP's files.

Only public content goes in (`public_view`: no confidential source, no contact), and only the abuses,
perpetrators and evidence that make the jurisdiction's case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from app.jurisdictions import JURISDICTIONS
from app.schemas.case_content import (
    TAXONOMY,
    AbuseCategory,
    JurisdictionContent,
    SanctionInForce,
    perpetrator_to_ftm,
    public_view,
)
from app.workflows.packaging.archive import ZipPlan, zip_date_time
from app.workflows.packaging.dossier import (
    AbuseCase,
    CaseRef,
    Criterion,
    Dossier,
    DossierInput,
    EvidenceRef,
    EvidenceRow,
    ExcludedRow,
    GeneratedBy,
    JurisdictionRef,
    Listing,
    PdfView,
    Person,
    RegimeCase,
    RoleInAbuse,
    SubmittedBy,
)
from app.workflows.packaging.manifest import (
    FORMAT,
    Manifest,
    ManifestEvidence,
    ManifestExcluded,
    ManifestFile,
    ManifestTimestamp,
    portal_version,
    renderer_version,
)
from app.workflows.packaging.render import canonical_json, evidence_index_csv, render_pdf
from app.workflows.packaging.selection import EvidenceItem
from app.workflows.readiness import EligibleRegime, readiness
from app.workflows.timestamps import openssl_command


def _by_number(items: Iterable[EvidenceItem]) -> list[EvidenceItem]:
    return sorted(items, key=lambda i: i.number)


def _refs(items: list[EvidenceItem]) -> list[EvidenceRef]:
    return [EvidenceRef(number=i.label, title=i.title, path=i.path) for i in items]


def evidence_row(i: EvidenceItem) -> EvidenceRow:
    return EvidenceRow(
        number=i.label,
        path=i.path,
        title=i.title,
        date=i.captured_date,
        kind=i.kind,
        media_type=i.media_type,
        sha256_original=i.sha256,
        sha256_shared=i.shared_sha256,
        shared=i.shared,
        shared_reason=i.shared_reason,
        scan=i.scan,
        timestamp=i.timestamp_path,
        timestamp_time=i.timestamp_time,
    )


TSA_CHAIN = "timestamps/tsa-chain.pem"


def timestamp_guide(chain: bool) -> str:
    ca = f"-CAfile {TSA_CHAIN}" if chain else "-CAfile <the TSA's root certificate, PEM>"
    return (
        "Each timestamps/E-NNN.tsr is a Time-Stamping Authority's RFC 3161 reply over the SHA-256 of the "
        "item's original (sha256_original): it proves the original existed, unaltered, at the time it "
        f"states. Check one offline with: openssl ts -verify -digest <sha256_original> -in "
        f"timestamps/E-NNN.tsr {ca} (whoever holds the original can give -data <file> instead of "
        "-digest); openssl prints 'Verification: OK'. Read a token with: openssl ts -reply -in "
        "timestamps/E-NNN.tsr -text"
    )


def manifest_evidence(i: EvidenceItem, chain: bool) -> ManifestEvidence:
    stamp = None
    if i.timestamp_path is not None:
        stamp = ManifestTimestamp(
            token=i.timestamp_path,
            time=i.timestamp_time,
            tsa=i.timestamp_tsa,
            serial=i.timestamp_serial,
            verify=openssl_command(i.sha256, i.timestamp_path, TSA_CHAIN if chain else "<root.pem>"),
        )
    return ManifestEvidence(
        number=i.label,
        path=i.path,
        sha256_original=i.sha256,
        sha256_shared=i.shared_sha256,
        shared=i.shared,
        shared_reason=i.shared_reason,
        scan=i.scan,
        timestamp=stamp,
    )


def build_dossier(d: DossierInput) -> tuple[Dossier, PdfView]:
    """The dossier (dossier.json), and the extra view the PDF template needs."""
    content = public_view(d.content)
    j = d.jurisdiction
    eligible: list[EligibleRegime] = readiness(content, d.title, [j.code])[j.code].eligible_regimes
    by_incident: dict[str, list[EvidenceItem]] = {}
    by_perpetrator: dict[str, list[EvidenceItem]] = {}
    for item in d.evidence:
        for iid in item.incident_ids:
            by_incident.setdefault(iid, []).append(item)
        for pid in item.perpetrator_ids:
            by_perpetrator.setdefault(pid, []).append(item)

    def abuse_evidence(abuse_id: str) -> tuple[list[EvidenceRef], list[EvidenceRef]]:
        """Evidence of the conduct (linked to its incidents), then of the perpetrators' involvement."""
        abuse = next(a for a in content.abuses if a.id == abuse_id)
        conduct: dict[str, EvidenceItem] = {}
        for incident in abuse.incidents:
            conduct.update((i.id, i) for i in by_incident.get(incident.id, []))
        link: dict[str, EvidenceItem] = {}
        for role in abuse.perpetrator_roles:
            link.update((i.id, i) for i in by_perpetrator.get(role.perpetrator_id, []) if i.id not in conduct)
        return _refs(_by_number(conduct.values())), _refs(_by_number(link.values()))

    qualifying_ids = list(dict.fromkeys(a.abuse_id for g in eligible for a in g.abuses))
    abuses = [a for a in content.abuses if a.id in qualifying_ids]
    involved = {r.perpetrator_id for a in abuses for r in a.perpetrator_roles}
    proposed: dict[str, list[str]] = {}
    for g in eligible:
        for pid in g.perpetrator_ids:
            proposed.setdefault(pid, []).append(g.code)
    perpetrators = [p for p in content.perpetrators if p.id in involved]
    entities = {p.id: perpetrator_to_ftm(p, d.case_id) for p in perpetrators}
    names = {p.id: p.name or p.id for p in content.perpetrators}

    regimes = []
    for g in eligible:
        criteria = []
        for qa in g.abuses:
            conduct, link = abuse_evidence(qa.abuse_id)
            category = AbuseCategory(qa.category)
            criteria.append(
                Criterion(
                    abuse_id=qa.abuse_id,
                    category=category,
                    category_label=TAXONOMY[category].label,
                    conduct=qa.conduct,
                    evidence=conduct,
                    link_evidence=link,
                )
            )
        regimes.append(
            RegimeCase(
                code=g.code,
                name=g.name,
                legal_basis=g.legal_basis,
                standard_of_proof=g.standard_of_proof,
                measures=j.regime(g.code).measures,
                criteria=criteria,
                proposed_for_listing=[
                    Listing(perpetrator_id=pid, entity_id=entities[pid]["id"], name=names[pid])
                    for pid in g.perpetrator_ids
                    if pid in entities
                ],
            )
        )

    by_code: dict[str, JurisdictionContent] = {str(k): v for k, v in content.jurisdictions.items()}
    jc = by_code.get(j.code)
    sanctions: dict[tuple[Any, ...], SanctionInForce] = {}
    for code in JURISDICTIONS:  # sanctions in force are facts, wherever the drafter recorded them
        other = by_code.get(code)
        for s in other.sanctions_in_force if other else []:
            sanctions.setdefault(tuple(s.model_dump(mode="json").values()), s)

    abuse_rows = []
    for a in abuses:
        conduct, link = abuse_evidence(a.id)
        assert a.category is not None
        abuse_rows.append(
            AbuseCase(
                id=a.id,
                category=a.category,
                category_label=TAXONOMY[a.category].label,
                kind=TAXONOMY[a.category].kind,
                description=a.description,
                widespread_or_systematic=a.widespread_or_systematic,
                incidents=a.incidents,
                perpetrator_roles=[
                    RoleInAbuse(
                        perpetrator_id=r.perpetrator_id,
                        entity_id=entities[r.perpetrator_id]["id"] if r.perpetrator_id in entities else None,
                        name=names.get(r.perpetrator_id, r.perpetrator_id),
                        role=r.role,
                        description=r.description,
                    )
                    for r in a.perpetrator_roles
                ],
                evidence=conduct,
                link_evidence=link,
            )
        )

    dossier = Dossier(
        case=CaseRef(
            id=d.case_id,
            title=d.title,
            revision=d.revision_number,
            revision_hash=d.revision_hash,
            revision_date=d.revision_at.isoformat(),
        ),
        jurisdiction=JurisdictionRef(
            code=j.code, name=j.name, addressee=j.addressee, official_list=j.official_list
        ),
        regimes=regimes,
        perpetrators=[entities[p.id] for p in perpetrators],
        abuses=abuse_rows,
        victims=content.victims,
        ties_and_assets=list(jc.ties_and_assets) if jc else [],
        impact_argument=jc.impact_argument if jc else None,
        sanctions_in_force=list(sanctions.values()),
        exculpatory_information=content.exculpatory_information,
        sources=list(content.sources),
        submitted_by=SubmittedBy(organisation=d.organisation, partners=list(content.partner_organisations)),
        evidence=[evidence_row(i) for i in d.evidence],
        excluded_evidence=[ExcludedRow(number=x.label, reason=x.reason, by=x.by) for x in d.excluded],
        generated_by=GeneratedBy(portal=portal_version(), renderer=renderer_version()),
    )
    people = [
        Person(
            id=p.id,
            entity_id=entities[p.id]["id"],
            schema=p.entity_schema,
            name=p.name,
            aliases=p.aliases,
            transliterations=p.transliterations,
            birth_date=p.birth_date,
            nationality=[c.upper() for c in p.nationality],
            id_numbers=p.id_numbers,
            positions=p.positions,
            affiliated_units=p.affiliated_units,
            proposed_under=proposed.get(p.id, []),
            evidence=_refs(_by_number(by_perpetrator.get(p.id, []))),
        )
        for p in perpetrators
    ]
    victims = content.victims
    view = PdfView(
        people=people,
        victim_groups=[g.value.replace("_", " ") for g in victims.groups] if victims else [],
        regime_names={g.code: g.name for g in eligible},
        in_sentence=j.in_sentence,
    )
    return dossier, view


def plan_package(d: DossierInput, regimes: list[str], evidence: list[tuple[EvidenceItem, int]]) -> ZipPlan:
    """The package's files: the evidence, the timestamp tokens, then the index and the dossier, then
    manifest.json with the size and SHA-256 of every other file (the evidence's are the recorded ones,
    which the streaming verifies; a mismatch fails the build before the manifest is written).

    The PDF is rendered before streaming starts. (Rendering it in a thread while the evidence streams
    was measured slower: WeasyPrint is pure Python and fights the streaming threads for the GIL.)"""
    dossier, view = build_dossier(d)
    tokens = [(i.timestamp_path, i.timestamp_token) for i in d.evidence if i.timestamp_token is not None]
    chain = bool(tokens) and d.tsa_chain is not None
    files = [(path, token) for path, token in tokens if path is not None]
    if chain and d.tsa_chain is not None:
        files.append((TSA_CHAIN, d.tsa_chain))
    files += [
        ("evidence-index.csv", evidence_index_csv(d.evidence)),
        ("dossier.json", canonical_json(dossier.model_dump(mode="json"))),
        ("dossier.pdf", render_pdf(dossier, view)),
    ]
    listing = [ManifestFile(path=i.path, size=n, sha256=i.shared_sha256) for i, n in evidence]
    listing += [
        ManifestFile(path=name, size=len(b), sha256=hashlib.sha256(b).hexdigest()) for name, b in files
    ]
    manifest = Manifest(
        format=FORMAT,
        case_id=d.case_id,
        case_title=d.title,
        revision=d.revision_number,
        revision_hash=d.revision_hash,
        revision_date=d.revision_at.isoformat(),
        jurisdiction=d.jurisdiction.code,
        addressee=d.jurisdiction.addressee,
        regimes=regimes,
        portal_version=portal_version(),
        renderer=renderer_version(),
        files=listing,
        evidence=[manifest_evidence(i, chain) for i in d.evidence],
        excluded=[ManifestExcluded(number=x.label, reason=x.reason, by=x.by) for x in d.excluded],
        timestamp_verification=timestamp_guide(chain) if tokens else None,
    )
    manifest_json = canonical_json(manifest.model_dump(mode="json"))
    return ZipPlan(zip_date_time(d.revision_at), evidence, [*files, ("manifest.json", manifest_json)])
