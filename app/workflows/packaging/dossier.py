"""The dossier model: what dossier.json holds (`coalition-dossier/1`) and what dossier.pdf shows.

`contents.build_dossier` fills it from one case revision. Its JSON Schema is published in docs/schemas/
(see `schema.py`); the case content's own models (incidents, victims, ties, sources…) are reused as-is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.jurisdictions import Jurisdiction
from app.schemas.case_content import (
    AbuseCategory,
    AbuseKind,
    CaseContent,
    IdNumber,
    Incident,
    Position,
    Role,
    SanctionInForce,
    Source,
    Tie,
    Victims,
)
from app.workflows.packaging.selection import EvidenceItem, Excluded

DOSSIER_FORMAT: Literal["coalition-dossier/1"] = "coalition-dossier/1"
FtmEntity = dict[str, Any]  # FollowTheMoney entity JSON (`EntityProxy.to_dict()`)


class _Out(BaseModel):
    # Output models: every field is always written, so the published schema requires them all.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class EvidenceRef(_Out):
    number: str  # "E-3"
    title: str
    path: str


class Criterion(_Out):
    abuse_id: str
    category: AbuseCategory
    category_label: str
    conduct: str  # as the regime's legal text frames it
    evidence: list[EvidenceRef]  # of the conduct (linked to the abuse's incidents)
    link_evidence: list[EvidenceRef]  # of the perpetrators' involvement


class Listing(_Out):
    perpetrator_id: str
    entity_id: str
    name: str


class RegimeCase(_Out):
    code: str
    name: str
    legal_basis: str
    standard_of_proof: str
    measures: str
    criteria: list[Criterion]
    proposed_for_listing: list[Listing]


class RoleInAbuse(_Out):
    perpetrator_id: str
    entity_id: str | None
    name: str
    role: Role | None
    description: str | None


class AbuseCase(_Out):
    id: str
    category: AbuseCategory
    category_label: str
    kind: AbuseKind
    description: str | None
    widespread_or_systematic: bool
    incidents: list[Incident]
    perpetrator_roles: list[RoleInAbuse]
    evidence: list[EvidenceRef]
    link_evidence: list[EvidenceRef]


class CaseRef(_Out):
    id: str
    title: str
    revision: int
    revision_hash: str
    revision_date: str  # ISO 8601, as `datetime.isoformat()` writes it


class JurisdictionRef(_Out):
    code: str
    name: str
    addressee: str
    official_list: str


class SubmittedBy(_Out):
    organisation: str
    partners: list[str]


class EvidenceRow(_Out):
    number: str
    path: str
    title: str
    date: str | None
    kind: str
    media_type: str
    sha256_original: str
    sha256_shared: str
    shared: Literal["sanitised", "original"] = Field(
        description="`sanitised`: a copy stripped of metadata; `original`: the original bytes, shared on a "
        "coordinator's decision (for a type no stripper handles) with `shared_reason`"
    )
    shared_reason: str | None
    scan: Literal["clean", "not scanned"] = Field(
        description="`not scanned`: the portal had no virus scanner when it received the file"
    )
    timestamp: str | None = Field(
        description="path of the RFC 3161 timestamp token over `sha256_original` (timestamps/…), or null "
        "when the item has none"
    )
    timestamp_time: str | None = Field(description="the time the token states (ISO 8601)")


class ExcludedRow(_Out):
    """A cleared item the package does not enclose, and why (listed so nothing is left out silently)."""

    number: str
    reason: str
    by: Literal["coordinator", "portal"] = Field(
        description="`coordinator`: excluded when the package was requested; `portal`: quarantined "
        "(malware found)"
    )


class GeneratedBy(_Out):
    portal: str
    renderer: str


class Dossier(_Out):
    """dossier.json: the case as made for one jurisdiction, from one revision, public content only.

    `regimes` says which conduct meets which regime's criteria, with the evidence for each;
    `perpetrators` are FollowTheMoney entities; `evidence` indexes the files under evidence/;
    `excluded_evidence` lists the items cleared for the jurisdiction that are not enclosed, with why."""

    model_config = ConfigDict(title="coalition-dossier/1 dossier.json")

    format: Literal["coalition-dossier/1"] = DOSSIER_FORMAT
    case: CaseRef
    jurisdiction: JurisdictionRef
    regimes: list[RegimeCase]
    perpetrators: list[FtmEntity]
    abuses: list[AbuseCase]
    victims: Victims | None
    ties_and_assets: list[Tie]
    impact_argument: str | None
    sanctions_in_force: list[SanctionInForce]
    exculpatory_information: str | None
    sources: list[Source]
    submitted_by: SubmittedBy
    evidence: list[EvidenceRow]
    excluded_evidence: list[ExcludedRow]
    generated_by: GeneratedBy


class Person(_Out):
    """A perpetrator as the PDF's identification section shows them."""

    model_config = ConfigDict(serialize_by_alias=True)
    id: str
    entity_id: str
    entity_schema: str = Field(alias="schema")
    name: str | None
    aliases: list[str]
    transliterations: list[str]
    birth_date: str | None
    nationality: list[str]
    id_numbers: list[IdNumber]
    positions: list[Position]
    affiliated_units: list[str]
    proposed_under: list[str]
    evidence: list[EvidenceRef]


class PdfView(_Out):
    """What the PDF template needs beyond the dossier (not part of the package format)."""

    people: list[Person]
    victim_groups: list[str]
    regime_names: dict[str, str]
    in_sentence: str


@dataclass
class DossierInput:
    case_id: str
    title: str
    revision_number: int
    revision_hash: str
    revision_at: datetime
    organisation: str
    jurisdiction: Jurisdiction
    content: CaseContent  # the full revision content; made public here
    evidence: list[EvidenceItem]
    excluded: list[Excluded] = field(default_factory=list)
    tsa_chain: bytes | None = None  # PORTAL_TSA_CA_FILE, enclosed when an item has a timestamp token
