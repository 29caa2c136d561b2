"""Shapes of the jurisdiction data: a jurisdiction has sanctions regimes and a list of required content.

Everything here is data; the only logic is `Regime.covers`, the rule that decides whether an abuse of a
category counts under a regime.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from app.jurisdictions.content_labels import LANGS, Lang
from app.jurisdictions.messages import MESSAGES
from app.schemas.case_content import (
    TAXONOMY,
    AbuseCategory,
    AbuseKind,
    PerpetratorSchema,
    Role,
    VictimGroup,
)

ALL_SCHEMAS: frozenset[PerpetratorSchema] = frozenset({"Person", "Organization", "Company", "PublicBody"})
ALL_ROLES: frozenset[Role] = frozenset(Role)


@dataclass(frozen=True)
class Regime:
    code: str
    name: str
    legal_basis: str
    kind: AbuseKind
    #: Every category the regime can cover, including those covered only under a condition below.
    covered_categories: frozenset[AbuseCategory]
    #: Per covered category, the conduct as the regime's legal text frames it (goes into the dossier).
    conduct_descriptions: Mapping[AbuseCategory, str] = field(hash=False)
    standard_of_proof: str
    measures: str
    #: Categories that count only if the abuse is widespread or systematic (EU, Canada's SEMA).
    needs_widespread_for: frozenset[AbuseCategory] = frozenset()
    #: Whether "otherwise of serious concern" (`Abuse.of_serious_concern`) meets that condition too (EU).
    serious_concern_suffices: bool = False
    #: Categories that count only if the victims include one of `victim_groups` (Canada's JVCFOA).
    needs_victim_groups_for: frozenset[AbuseCategory] = frozenset()
    victim_groups: frozenset[VictimGroup] = frozenset()
    #: Who the regime can list: FtM schemas, and the roles in the abuse that make someone targetable.
    target_schemas: frozenset[PerpetratorSchema] = ALL_SCHEMAS
    target_roles: frozenset[Role] = ALL_ROLES
    #: The regime's name in each of the portal's languages (`name` is the English one).
    labels: Mapping[Lang, str] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        # Data mistakes should fail at import, not surface as odd readiness answers.
        _check_labels(self.code, self.name, self.labels)
        if not (self.needs_widespread_for | self.needs_victim_groups_for) <= self.covered_categories:
            raise ValueError(f"{self.code}: a condition names a category the regime does not cover")
        if set(self.conduct_descriptions) != self.covered_categories:
            raise ValueError(f"{self.code}: conduct descriptions must match the covered categories")
        if bool(self.needs_victim_groups_for) != bool(self.victim_groups):
            raise ValueError(f"{self.code}: victim-group condition without victim groups (or vice versa)")
        if any(TAXONOMY[c].kind != self.kind for c in self.covered_categories):
            raise ValueError(f"{self.code}: covers a category of another kind")

    def covers(
        self,
        category: AbuseCategory,
        *,
        widespread: bool = False,
        victims: Iterable[VictimGroup] = (),
        serious_concern: bool = False,
    ) -> bool:
        if category not in self.covered_categories:
            return False
        if category in self.needs_widespread_for and not self.scale_met(widespread, serious_concern):
            return False
        return category not in self.needs_victim_groups_for or bool(self.victim_groups & set(victims))

    def scale_met(self, widespread: bool, serious_concern: bool) -> bool:
        """Whether an abuse meets the regime's "widespread or systematic" condition."""
        return widespread or (self.serious_concern_suffices and serious_concern)

    def label(self, lang: Lang) -> str:
        return self.labels[lang]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "labels": dict(self.labels),
            "legal_basis": self.legal_basis,
            "kind": self.kind.value,
            "covered_categories": sorted(c.value for c in self.covered_categories),
            "conduct_descriptions": {c.value: d for c, d in sorted(self.conduct_descriptions.items())},
            "standard_of_proof": self.standard_of_proof,
            "measures": self.measures,
            "needs_widespread_for": sorted(c.value for c in self.needs_widespread_for),
            "needs_victim_groups_for": sorted(c.value for c in self.needs_victim_groups_for),
            "victim_groups": sorted(g.value for g in self.victim_groups),
            "target_schemas": sorted(self.target_schemas),
            "target_roles": sorted(r.value for r in self.target_roles),
        }


@dataclass(frozen=True)
class RequiredContent:
    """A piece of content a submission to the jurisdiction must contain.

    `path` uses the content's field names; `[*]` means "every item" (reported with its index, e.g.
    `perpetrators[*].positions` -> `perpetrators[0].positions`); `title` is the case title.
    """

    path: str
    why: str
    #: For `perpetrators[*]...` paths: only perpetrators of these FtM schemas (None: all).
    schemas: frozenset[PerpetratorSchema] | None = None
    #: Required only if the case has an abuse of this kind ("always": regardless).
    when: Literal["always", "human_rights", "corruption"] = "always"
    #: The code of `why` in `app.jurisdictions.messages` (its English template is `why`).
    code: str = ""

    def __post_init__(self) -> None:
        if MESSAGES.get(self.code, {}).get("en") != self.why:
            raise ValueError(f"{self.path}: `code` must name the message whose English text is `why`")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "why": self.why,
            "code": self.code,
            "schemas": sorted(self.schemas) if self.schemas is not None else None,
            "when": self.when,
        }


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    in_sentence: str  # "the EU", "Canada": for generated reasons
    addressee: str
    official_list: str
    regimes: tuple[Regime, ...]
    required_content: tuple[RequiredContent, ...]
    #: The jurisdiction's name in each of the portal's languages (`name` is the English one).
    labels: Mapping[Lang, str] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        _check_labels(self.code, self.name, self.labels)

    def label(self, lang: Lang) -> str:
        return self.labels[lang]

    def regime(self, code: str) -> Regime:
        for regime in self.regimes:
            if regime.code == code:
                return regime
        raise KeyError(f"{self.code} has no regime {code!r}")

    @property
    def kinds(self) -> frozenset[AbuseKind]:
        return frozenset(r.kind for r in self.regimes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "labels": dict(self.labels),
            "addressee": self.addressee,
            "official_list": self.official_list,
            "regimes": [r.to_dict() for r in self.regimes],
            "required_content": [rc.to_dict() for rc in self.required_content],
        }


def _check_labels(code: str, name: str, labels: Mapping[Lang, str]) -> None:
    if set(labels) != set(LANGS) or not all(v.strip() for v in labels.values()):
        raise ValueError(f"{code}: labels needed in each of {', '.join(LANGS)}")
    if labels["en"] != name:
        raise ValueError(f"{code}: the English label must be the name")


_PERSON: frozenset[PerpetratorSchema] = frozenset({"Person"})


def common_required(code: str) -> tuple[RequiredContent, ...]:
    """What the coalition's template asks of every jurisdiction (DESIGN: "make the regime's case")."""
    return (
        RequiredContent("title", "the case needs a title", code="need_title"),
        RequiredContent("perpetrators", "name at least one perpetrator", code="need_perpetrator"),
        RequiredContent(
            "perpetrators[*].name", "every perpetrator needs a name", code="need_perpetrator_name"
        ),
        RequiredContent(
            "perpetrators[*].birth_date",
            "identifying information for the listing",
            _PERSON,
            code="need_identification",
        ),
        RequiredContent(
            "perpetrators[*].nationality",
            "identifying information for the listing",
            _PERSON,
            code="need_identification",
        ),
        RequiredContent(
            "perpetrators[*].positions",
            "the perpetrator's link to the conduct (official role)",
            _PERSON,
            code="need_position",
        ),
        RequiredContent("abuses", "describe at least one abuse", code="need_abuse"),
        RequiredContent(
            "abuses[*].category", "which conduct category the abuse falls under", code="need_category"
        ),
        RequiredContent("abuses[*].description", "what happened", code="need_description"),
        RequiredContent("abuses[*].incidents", "when and where it happened", code="need_incidents"),
        RequiredContent("abuses[*].incidents[*].date", "when it happened", code="need_incident_date"),
        RequiredContent("abuses[*].incidents[*].country", "where it happened", code="need_incident_country"),
        RequiredContent(
            "abuses[*].perpetrator_roles", "who is responsible for the abuse", code="need_perpetrator_roles"
        ),
        RequiredContent(
            "abuses[*].perpetrator_roles[*].role", "the perpetrator's part in the abuse", code="need_role"
        ),
        RequiredContent(
            "victims.groups", "who the victims are", when="human_rights", code="need_victim_groups"
        ),
        RequiredContent(
            "victims.description",
            "the harm done to the victims",
            when="human_rights",
            code="need_victim_harm",
        ),
        RequiredContent("sources", "the evidence for the conduct and the link", code="need_sources"),
        RequiredContent(
            f"jurisdictions.{code}.ties_and_assets",
            "assets, travel and financial ties there",
            code="need_ties",
        ),
        RequiredContent(
            f"jurisdictions.{code}.impact_argument", "why a designation there matters", code="need_impact"
        ),
        RequiredContent(
            "exculpatory_information",
            "exculpatory information known (or say none is)",
            code="need_exculpatory",
        ),
        RequiredContent("contact.name", "the submitting organisation's contact", code="need_contact"),
        RequiredContent("contact.email", "the submitting organisation's contact", code="need_contact"),
    )


HUMAN_RIGHTS: frozenset[AbuseCategory] = frozenset(c for c, i in TAXONOMY.items() if i.kind == "human_rights")
CORRUPTION: frozenset[AbuseCategory] = frozenset(c for c, i in TAXONOMY.items() if i.kind == "corruption")
