"""Is a case file ready to go to a jurisdiction? Which of its regimes can cover it, what is still missing.

Pure function of the content: the rules (coverage, required content) are data in `app.jurisdictions`.
"""

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from app.jurisdictions import Jurisdiction, Regime, RequiredContent, get
from app.schemas.case_content import (
    MAX_TITLE_LENGTH,
    TAXONOMY,
    Abuse,
    AbuseKind,
    CaseContent,
    VictimGroup,
    coded_content_warnings,
)
from app.schemas.messages import CODE_DESCRIPTION as _CODE
from app.schemas.messages import PARAMS_DESCRIPTION as _PARAMS
from app.schemas.messages import Message, MessagePart, Params, ParamValue


class QualifyingAbuse(BaseModel):
    abuse_id: str
    path: str  # "abuses[2]"
    category: str
    conduct: str  # the conduct as the regime's legal text frames it
    label: str | None = None  # "Abuse 3 (Torture)", in the caller's language (app.workflows.labels)


class LabelledPerpetrator(BaseModel):
    id: str
    label: str  # "Perpetrator 2 (Ivan Petrov)"


class EligibleRegime(BaseModel):
    code: str
    name: str
    legal_basis: str
    kind: str
    standard_of_proof: str
    abuses: list[QualifyingAbuse]
    perpetrator_ids: list[str]  # perpetrators the regime can list, from their roles in those abuses
    # Filled in by app.workflows.labels, in the caller's language:
    label: str | None = None  # the regime's name
    perpetrators: list[LabelledPerpetrator] = Field(default_factory=list)  # perpetrator_ids, named


class ReadinessWarning(Message):
    loc: list[str | int]
    # Filled in by app.workflows.labels:
    field: str | None = None  # the editor's key of the field: "perpetrators.0.name"
    label: str | None = None  # the field in words, in the caller's language


class ReadinessItem(BaseModel):
    """A piece of missing content: its path, the editor's key of its field, its label, and why it is
    needed (`code`, `msg` in English, `text` in the caller's language)."""

    path: str  # "perpetrators[0].positions"
    field: str  # "perpetrators.0.positions"
    label: str  # "Perpetrator 1 (Ivan Petrov) › Positions held"
    code: str = Field(description=_CODE, examples=["need_identification"])
    params: Params = Field(default_factory=dict, description=_PARAMS)
    msg: str = Field(description="why the content is needed, in English")
    text: str | None = Field(default=None, description="why it is needed, in the caller's language")


class JurisdictionReadiness(BaseModel):
    jurisdiction: str
    name: str
    addressee: str
    eligible: bool  # at least one regime covers the case
    ready: bool  # eligible and nothing required is missing
    eligible_regimes: list[EligibleRegime]
    missing: list[str]  # content paths, e.g. "perpetrators[0].positions", "jurisdictions.uk.impact_argument"
    warnings: list[ReadinessWarning]
    reasons: list[str]  # why it is not eligible (empty when eligible), in English
    reason_details: list[Message] = Field(
        default_factory=list, description="`reasons`, in the same order, with codes and params"
    )
    missing_items: list[ReadinessItem] = Field(
        default_factory=list, description="`missing`, in the same order, with why each is needed"
    )
    # Filled in by app.workflows.labels, in the caller's language:
    label: str | None = None  # the jurisdiction's name
    reason_texts: list[str] = Field(
        default_factory=list, description="`reasons` in the caller's language, content named by its labels"
    )


def _warning(loc: Sequence[str | int], code: str, msg: str, **params: ParamValue) -> ReadinessWarning:
    return ReadinessWarning(loc=list(loc), code=code, params=params, msg=msg)


def _part(code: str, **params: ParamValue) -> MessagePart:
    return MessagePart(code=code, params=params)


def readiness(
    content: CaseContent,
    title: str | None,
    target_jurisdictions: list[str],
    listed: Mapping[str, Sequence[ReadinessWarning]] | None = None,
) -> dict[str, JurisdictionReadiness]:
    """Readiness per target jurisdiction code; KeyError for an unknown code.

    `listed`: per jurisdiction, warnings for perpetrators already on its official lists (from the
    stored designation matches, app.workflows.designations.listed): warnings, never blockers."""
    warnings = [
        ReadinessWarning(loc=w["loc"], msg=w["msg"], code=w["code"], params=w["params"])
        for w in coded_content_warnings(content)
    ]
    if title and len(title) > MAX_TITLE_LENGTH:
        msg = f"longer than {MAX_TITLE_LENGTH} characters"
        warnings.append(_warning(["title"], "title_too_long", msg, max=MAX_TITLE_LENGTH))
    data = content.model_dump(mode="json") | {"title": title}  # what required-content paths address
    out = {code: _assess(get(code), content, data, warnings) for code in dict.fromkeys(target_jurisdictions)}
    for code, found in (listed or {}).items():
        if code in out:
            out[code].warnings += [w.model_copy(deep=True) for w in found]
    return out


def _assess(
    j: Jurisdiction, content: CaseContent, data: dict[str, Any], base_warnings: list[ReadinessWarning]
) -> JurisdictionReadiness:
    victims = content.victims.groups if content.victims else []
    warnings = list(base_warnings)
    eligible: list[EligibleRegime] = []
    regime_notes: list[ReadinessWarning] = []  # regimes that cover the conduct but none of the people
    covered: set[int] = set()
    for regime in j.regimes:
        qualifying = [
            (i, a)
            for i, a in enumerate(content.abuses)
            if a.category
            and regime.covers(
                a.category,
                widespread=a.widespread_or_systematic,
                victims=victims,
                serious_concern=a.of_serious_concern,
            )
        ]
        if not qualifying:
            continue
        covered.update(i for i, _ in qualifying)
        roles = [
            (r, content.perpetrator(r.perpetrator_id)) for _, a in qualifying for r in a.perpetrator_roles
        ]
        known = [(r, p) for r, p in roles if r.role is not None and p is not None]
        targetable = [
            p.id
            for r, p in known
            if r.role in regime.target_roles and p.entity_schema in regime.target_schemas
        ]
        if known and not targetable:
            # Roles are recorded and none fits: the regime could not list anyone for this conduct.
            schemas = sorted(regime.target_schemas)
            target_roles = sorted(r.value for r in regime.target_roles)
            abuses = [f"abuses[{i}]" for i, _ in qualifying]
            msg = (
                f"{regime.name} lists only {', '.join(schemas)} in the roles {', '.join(target_roles)}; "
                f"no perpetrator of {', '.join(abuses)} is recorded as one"
            )
            regime_notes.append(
                _warning(
                    ["abuses"],
                    "regime_lists_nobody",
                    msg,
                    regime=regime.code,
                    schemas=list(schemas),
                    roles=target_roles,
                    abuses=abuses,
                )
            )
            continue
        eligible.append(
            EligibleRegime(
                code=regime.code,
                name=regime.name,
                legal_basis=regime.legal_basis,
                kind=regime.kind.value,
                standard_of_proof=regime.standard_of_proof,
                abuses=[_qualifying(regime, i, a) for i, a in qualifying],
                perpetrator_ids=list(dict.fromkeys(targetable)),
            )
        )

    uncovered = _uncovered(j, content, covered, victims)
    reasons: list[Message] = []
    if eligible:
        for w in uncovered:
            w.msg += f"; it will not count for {j.in_sentence}"
            w.details.append(_part("not_counted_for", jurisdiction=j.code))
        warnings += uncovered
        warnings += regime_notes
        warnings += _unlistable(j, content, eligible)
    else:
        headline = _no_regime_reasons(j, content)
        # A corruption-only case for the EU needs one reason, not one per abuse.
        reasons = (
            headline
            if headline
            else [Message(**w.model_dump(exclude={"loc", "field", "label"})) for w in uncovered]
        )
        if not headline:
            reasons += [Message(**w.model_dump(exclude={"loc", "field", "label"})) for w in regime_notes]

    items: dict[str, ReadinessItem] = {}
    for rc in j.required_content:
        if _applies(rc, content):
            for path in _missing(data, _tokens(rc.path), "", rc):
                items.setdefault(path, _item(path, rc.code, rc.why))
    if VictimGroup.other in victims and not (content.victims and content.victims.other_description):
        path = "victims.other_description"
        items.setdefault(path, _item(path, "need_other_victims", "who the other victims are"))
    missing = list(items)
    return JurisdictionReadiness(
        jurisdiction=j.code,
        name=j.name,
        addressee=j.addressee,
        eligible=bool(eligible),
        ready=bool(eligible) and not missing,
        eligible_regimes=eligible,
        missing=missing,
        warnings=warnings,
        reasons=[r.msg for r in reasons],
        reason_details=reasons,
        missing_items=list(items.values()),
    )


def _item(path: str, code: str, why: str) -> ReadinessItem:
    field = path.replace("[", ".").replace("]", "")
    return ReadinessItem(path=path, field=field, label=path, code=code, msg=why)


def _unlistable(
    j: Jurisdiction, content: CaseContent, eligible: list[EligibleRegime]
) -> list[ReadinessWarning]:
    """Perpetrators of qualifying conduct whom no eligible regime can list in the role recorded."""
    listable = {pid for regime in eligible for pid in regime.perpetrator_ids}
    qualifying = {a.abuse_id for regime in eligible for a in regime.abuses}
    roles: dict[str, list[str]] = {}  # perpetrator id -> roles
    for abuse in content.abuses:
        for r in abuse.perpetrator_roles:
            if abuse.id in qualifying and r.role is not None and r.perpetrator_id not in listable:
                roles.setdefault(r.perpetrator_id, []).append(r.role.value)
    out = []
    for i, p in enumerate(content.perpetrators):
        if p.id in roles:
            recorded = list(dict.fromkeys(roles[p.id]))
            msg = (
                f"{p.name or p.id} ({p.entity_schema}, {', '.join(recorded)}) "
                f"cannot be listed by {j.in_sentence} under the eligible regimes"
            )
            out.append(
                _warning(
                    ["perpetrators", i],
                    "perpetrator_not_listable",
                    msg,
                    perpetrator=f"perpetrators[{i}]",
                    schema=p.entity_schema,
                    roles=recorded,
                    jurisdiction=j.code,
                )
            )
    return out


def _qualifying(regime: Regime, index: int, abuse: Abuse) -> QualifyingAbuse:
    assert abuse.category is not None  # only categorised abuses qualify
    return QualifyingAbuse(
        abuse_id=abuse.id,
        path=f"abuses[{index}]",
        category=abuse.category.value,
        conduct=regime.conduct_descriptions[abuse.category],
    )


def _no_regime_reasons(j: Jurisdiction, content: CaseContent) -> list[Message]:
    """The headline reason when nothing is eligible (details follow per abuse)."""
    if not content.abuses:
        msg = "No abuse is recorded yet; eligibility depends on the conduct"
        return [Message(code="no_abuse_recorded", msg=msg)]
    kinds = {a.kind for a in content.abuses if a.kind is not None}
    if not kinds:
        msg = "No abuse has a category yet; eligibility depends on the conduct category"
        return [Message(code="no_abuse_categorised", msg=msg)]
    if len(kinds) == 1 and not kinds <= j.kinds:
        (kind,) = kinds
        corruption = kind == AbuseKind.corruption
        only = "corruption-only" if corruption else "human-rights-only"
        msg = f"{_no_regime_of_kind(j, kind)}; a {only} case is not eligible for {j.in_sentence}"
        code = "corruption_only_case" if corruption else "human_rights_only_case"
        return [Message(code=code, params={"jurisdiction": j.code}, msg=msg)]
    return []


def _no_regime_of_kind(j: Jurisdiction, kind: AbuseKind) -> str:
    the_j = j.in_sentence[0].upper() + j.in_sentence[1:]
    regime_kind = "anti-corruption" if kind == AbuseKind.corruption else "human-rights"
    return f"{the_j} has no {regime_kind} sanctions regime"


def _uncovered(
    j: Jurisdiction, content: CaseContent, covered: set[int], victims: list[VictimGroup]
) -> list[ReadinessWarning]:
    """Categorised abuses no regime covers, each with what would make a regime cover it."""
    out: list[ReadinessWarning] = []
    for i, abuse in enumerate(content.abuses):
        if abuse.category is None or abuse.kind is None or i in covered:
            continue  # an uncategorised abuse is reported as missing content instead
        loc: list[str | int] = ["abuses", i, "category"]
        path = f"abuses[{i}]"
        label = f"{path} ({TAXONOMY[abuse.category].label})"
        if abuse.kind not in j.kinds:
            code = (
                "abuse_no_corruption_regime"
                if abuse.kind == AbuseKind.corruption
                else ("abuse_no_human_rights_regime")
            )
            msg = f"{label}: {_no_regime_of_kind(j, abuse.kind)}"
            out.append(_warning(loc, code, msg, abuse=path, jurisdiction=j.code))
            continue
        hints: list[str] = []
        parts: list[MessagePart] = []
        for regime in j.regimes:
            if abuse.category in regime.needs_widespread_for and not regime.scale_met(
                abuse.widespread_or_systematic, abuse.of_serious_concern
            ):
                field, concern = f"{path}.widespread_or_systematic", f"{path}.of_serious_concern"
                also = f" or otherwise of serious concern ({concern})"
                hints.append(
                    f"{regime.name} covers it only if widespread or systematic ({field})"
                    + (also if regime.serious_concern_suffices else "")
                )
                if regime.serious_concern_suffices:
                    parts.append(
                        _part(
                            "needs_scale_or_concern", regime=regime.code, field=field, concern_field=concern
                        )
                    )
                else:
                    parts.append(_part("needs_scale", regime=regime.code, field=field))
            if abuse.category in regime.needs_victim_groups_for and not regime.victim_groups & set(victims):
                groups = sorted(g.value for g in regime.victim_groups)
                include = " or ".join(groups)
                hints.append(
                    f"{regime.name} covers it only if the victims include {include} (victims.groups)"
                )
                parts.append(
                    _part("needs_victim_groups", regime=regime.code, groups=groups, field="victims.groups")
                )
        msg = f"{label} is not covered by any regime of {j.in_sentence}"
        msg += ": " + "; ".join(hints) if hints else ""
        w = _warning(loc, "abuse_not_covered", msg, abuse=path, jurisdiction=j.code)
        w.details = parts
        out.append(w)
    return out


def _applies(rc: RequiredContent, content: CaseContent) -> bool:
    return rc.when == "always" or any(a.kind == rc.when for a in content.abuses)


_TOKEN = re.compile(r"([^.\[\]]+)|\[\*\]")


def _tokens(path: str) -> list[str]:
    return [m[1] or "*" for m in _TOKEN.finditer(path)]


def _is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def _missing(node: Any, tokens: list[str], prefix: str, rc: RequiredContent) -> Iterator[str]:
    """Concrete paths (with indices) under `node` where the required value is absent or empty."""
    if not tokens:
        if _is_empty(node):
            yield prefix
        return
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        for i, item in enumerate(node if isinstance(node, list) else []):
            # Only perpetrator items carry "schema"; a schema-restricted requirement skips the others.
            if rc.schemas is not None and isinstance(item, dict) and item.get("schema") not in rc.schemas:
                continue
            yield from _missing(item, rest, f"{prefix}[{i}]", rc)
        return
    child = node.get(head) if isinstance(node, dict) else None
    yield from _missing(child, rest, f"{prefix}.{head}" if prefix else head, rc)
