"""Content of a case file: the structured, validated body a researcher drafts.

Drafts may be incomplete, so almost every field is optional; completeness is judged per jurisdiction by
`app.workflows.readiness`. Every value that *is* present is validated strictly (wrong types, unknown
enumerations, impossible dates, unknown country codes, values FollowTheMoney cannot read) and rejected
with a precise pydantic error location; nothing is silently dropped.

followthemoney and rigour (with PyICU, normality, phonenumbers, requests, yaml, babel...) cost tens of
megabytes and most of a second to import, so they are imported inside the functions that use them: an
API process that never validates or exports case content never loads them. Keep it so; the start-up
import check is tests/test_startup_imports.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn
from uuid import UUID, uuid4

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

if TYPE_CHECKING:
    from followthemoney import EntityProxy

# --- Size limits (documented; enforced by the model) -------------------------------------------------
MAX_TITLE_LENGTH = 300  # case title (lives on CaseFile, validated with `CaseTitle`)
MAX_TEXT_LENGTH = 20_000  # any free-text field (descriptions, arguments, notes)
MAX_NAME_LENGTH = 500  # names, aliases, titles of positions, organisations, localities
MAX_SHORT_LENGTH = 200  # identifiers, references, programme names, phone numbers
MAX_LIST_ITEMS = 200  # any list
MAX_VICTIM_COUNT = 1_000_000_000
ITEM_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


# --- Enumerations --------------------------------------------------------------------------------------
class AbuseKind(StrEnum):
    human_rights = "human_rights"
    corruption = "corruption"


class AbuseCategory(StrEnum):
    extrajudicial_killing = "extrajudicial_killing"
    torture = "torture"
    cruel_inhuman_degrading_treatment = "cruel_inhuman_degrading_treatment"
    arbitrary_detention = "arbitrary_detention"
    enforced_disappearance = "enforced_disappearance"
    sexual_gender_based_violence = "sexual_gender_based_violence"
    trafficking_forced_labour = "trafficking_forced_labour"
    slavery = "slavery"
    genocide = "genocide"
    crimes_against_humanity = "crimes_against_humanity"
    persecution_of_defenders_journalists = "persecution_of_defenders_journalists"
    freedom_of_assembly_association = "freedom_of_assembly_association"
    freedom_of_expression = "freedom_of_expression"
    freedom_of_religion = "freedom_of_religion"
    bribery = "bribery"
    misappropriation = "misappropriation"
    embezzlement = "embezzlement"
    expropriation_private_gain = "expropriation_private_gain"
    corruption_contracts_extraction = "corruption_contracts_extraction"
    kleptocracy = "kleptocracy"
    transfer_of_proceeds = "transfer_of_proceeds"


@dataclass(frozen=True)
class CategoryInfo:
    kind: AbuseKind
    label: str


_HR, _CORR = AbuseKind.human_rights, AbuseKind.corruption
#: The abuse taxonomy: every category with its kind and a human label.
TAXONOMY: dict[AbuseCategory, CategoryInfo] = {
    AbuseCategory.extrajudicial_killing: CategoryInfo(_HR, "Extrajudicial killing"),
    AbuseCategory.torture: CategoryInfo(_HR, "Torture"),
    AbuseCategory.cruel_inhuman_degrading_treatment: CategoryInfo(
        _HR, "Cruel, inhuman or degrading treatment"
    ),
    AbuseCategory.arbitrary_detention: CategoryInfo(_HR, "Arbitrary arrest or detention"),
    AbuseCategory.enforced_disappearance: CategoryInfo(_HR, "Enforced disappearance"),
    AbuseCategory.sexual_gender_based_violence: CategoryInfo(_HR, "Sexual and gender-based violence"),
    AbuseCategory.trafficking_forced_labour: CategoryInfo(_HR, "Trafficking in human beings / forced labour"),
    AbuseCategory.slavery: CategoryInfo(_HR, "Slavery or servitude"),
    AbuseCategory.genocide: CategoryInfo(_HR, "Genocide"),
    AbuseCategory.crimes_against_humanity: CategoryInfo(_HR, "Crimes against humanity"),
    AbuseCategory.persecution_of_defenders_journalists: CategoryInfo(
        _HR, "Persecution of human-rights defenders or journalists"
    ),
    AbuseCategory.freedom_of_assembly_association: CategoryInfo(
        _HR, "Violation of freedom of peaceful assembly and association"
    ),
    AbuseCategory.freedom_of_expression: CategoryInfo(_HR, "Violation of freedom of opinion and expression"),
    AbuseCategory.freedom_of_religion: CategoryInfo(_HR, "Violation of freedom of religion or belief"),
    AbuseCategory.bribery: CategoryInfo(_CORR, "Bribery"),
    AbuseCategory.misappropriation: CategoryInfo(_CORR, "Misappropriation of state assets"),
    AbuseCategory.embezzlement: CategoryInfo(_CORR, "Embezzlement"),
    AbuseCategory.expropriation_private_gain: CategoryInfo(
        _CORR, "Expropriation of private assets for personal gain"
    ),
    AbuseCategory.corruption_contracts_extraction: CategoryInfo(
        _CORR, "Corruption in government contracts or natural-resource extraction"
    ),
    AbuseCategory.kleptocracy: CategoryInfo(_CORR, "Kleptocracy (grand corruption)"),
    AbuseCategory.transfer_of_proceeds: CategoryInfo(_CORR, "Transfer of the proceeds of corruption"),
}


class Role(StrEnum):
    ordered = "ordered"
    perpetrated = "perpetrated"
    complicit = "complicit"
    leader_of_entity = "leader_of_entity"
    material_support = "material_support"
    associate = "associate"
    owned_or_controlled = "owned_or_controlled"


class VictimGroup(StrEnum):
    women = "women"
    children = "children"
    lgbtqi = "lgbtqi"
    indigenous = "indigenous"
    persons_with_disabilities = "persons_with_disabilities"
    ethnic_religious_minority = "ethnic_religious_minority"
    human_rights_defenders = "human_rights_defenders"
    journalists = "journalists"
    other = "other"


class IdKind(StrEnum):
    passport = "passport"
    national_id = "national_id"
    tax_id = "tax_id"
    registration = "registration"
    other = "other"


class Gender(StrEnum):
    male = "male"
    female = "female"
    other = "other"


class TieKind(StrEnum):
    property = "property"
    bank_account = "bank_account"
    company = "company"
    travel = "travel"
    family = "family"
    education = "education"
    other = "other"


class SourceKind(StrEnum):
    witness = "witness"
    victim = "victim"
    document = "document"
    open_source = "open_source"
    media = "media"
    expert = "expert"
    other = "other"


PerpetratorSchema = Literal["Person", "Organization", "Company", "PublicBody"]
JurisdictionCode = Literal["us", "uk", "ca", "eu"]
JURISDICTION_CODES: tuple[JurisdictionCode, ...] = ("us", "uk", "ca", "eu")

# Where each identifier kind goes in FtM. Passports exist for people only (enforced by validation).
_ID_PROPS: dict[IdKind, str] = {
    IdKind.passport: "passportNumber",
    IdKind.national_id: "idNumber",
    IdKind.tax_id: "taxNumber",
    IdKind.registration: "registrationNumber",
    IdKind.other: "idNumber",
}


# --- Error helpers ---------------------------------------------------------------------------------------
Loc = tuple[str | int, ...]


def _custom(kind: str, msg: str) -> PydanticCustomError:
    # The message goes through the context, never the template, so braces in user text are harmless.
    return PydanticCustomError(kind, "{detail}", {"detail": msg})


def _error(loc: Sequence[str | int], kind: str, msg: str, value: Any) -> InitErrorDetails:
    return InitErrorDetails(type=_custom(kind, msg), loc=tuple(loc), input=value)


def _raise(title: str, errors: list[InitErrorDetails]) -> NoReturn:
    # A ValidationError raised inside a validator is re-rooted by pydantic at the validator's location,
    # which is how cross-field checks report precise paths (e.g. abuses.0.perpetrator_roles.1...).
    raise ValidationError.from_exception_data(title, errors)


# --- Scalar types ----------------------------------------------------------------------------------------
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_bounds(value: str) -> tuple[date, date]:
    """Earliest and latest day a partial ISO date ("1965", "1965-03", "1965-03-14") can mean."""
    m = _PARTIAL_DATE.match(value)
    if m is None:
        raise ValueError(f"not a partial ISO date: {value!r}")
    year, month, day = int(m[1]), m[2], m[3]
    if day is not None:
        exact = date(year, int(month), int(day))
        return exact, exact
    if month is not None:
        start = date(year, int(month), 1)
        nxt = date(year + 1, 1, 1) if start.month == 12 else date(year, start.month + 1, 1)
        return start, date.fromordinal(nxt.toordinal() - 1)
    return date(year, 1, 1), date(year, 12, 31)


def _check_partial_date(value: str) -> str:
    from followthemoney.types import registry  # deferred: heavy (see the module docstring)

    if _PARTIAL_DATE.match(value) is None:
        raise _custom("partial_date", f"{value!r} is not an ISO date: use YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        date_bounds(value)
    except ValueError as exc:
        raise _custom("partial_date", f"{value!r} is not a valid date ({exc})") from None
    # FtM is the format these dates are exported in; it must read the value unchanged (it silently
    # truncates e.g. "1965-00" to "1965", which the regex/calendar check above already refuses).
    if registry.date.clean_text(value) != value:
        raise _custom("partial_date", f"{value!r} is not a date FollowTheMoney accepts")
    return value


def _check_country(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # let the str validator produce the type error
    from followthemoney.types import registry  # deferred: heavy (see the module docstring)
    from rigour.territories import get_territory

    code = value.strip().lower()
    if code == "uk":
        raise _custom("country_code", "'uk' is not an ISO 3166-1 code: the United Kingdom is 'gb'")
    territory = get_territory(code) if re.fullmatch(r"[a-z]{2}", code) else None
    # An alpha-3 counterpart distinguishes ISO 3166-1 countries from FtM pseudo-codes (zz, eu) and
    # aliases that redirect (su -> suhh); FtM must also accept it, as entities are exported through it.
    if (
        territory is None
        or territory.code != code
        or territory.alpha3 is None
        or registry.country.clean_text(code) != code
    ):
        raise _custom("country_code", f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _blank_to_none(value: Any) -> Any:
    # Web forms send "" for an untouched field; in a draft that means "not filled in", not an error.
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _unique(values: Iterable[Any]) -> list[Any]:
    """Without repeats, first occurrence kept."""
    return list(dict.fromkeys(values))


def _new_id() -> str:
    return uuid4().hex


PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
CountryCode = Annotated[str, BeforeValidator(_check_country)]
ItemId = Annotated[str, StringConstraints(pattern=ITEM_ID_PATTERN)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SHORT_LENGTH)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH)]
CaseTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE_LENGTH)
]

OptName = Annotated[Name | None, BeforeValidator(_blank_to_none)]
OptShort = Annotated[Short | None, BeforeValidator(_blank_to_none)]
OptText = Annotated[Text | None, BeforeValidator(_blank_to_none)]
OptDate = Annotated[PartialDate | None, BeforeValidator(_blank_to_none)]
OptCountry = Annotated[CountryCode | None, BeforeValidator(_blank_to_none)]
Phone = Annotated[
    str, StringConstraints(pattern=r"^\+?[0-9 ()./-]{5,40}$", max_length=MAX_SHORT_LENGTH)
]  # loose on purpose: partners' numbers come in every national format


def _items() -> Any:
    return Field(default_factory=list, max_length=MAX_LIST_ITEMS)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_order(start: str | None, end: str | None, end_field: str, what: str) -> None:
    # Partial dates overlap ("2020" vs "2020-05"): only a start that certainly follows the end is wrong.
    if start and end and date_bounds(start)[0] > date_bounds(end)[1]:
        _raise(what, [_error((end_field,), "date_order", f"{end!r} is before the start {start!r}", end)])


# --- Perpetrators ----------------------------------------------------------------------------------------
class IdNumber(_Model):
    kind: IdKind = IdKind.other
    number: Short
    country: OptCountry = None


class Position(_Model):
    title: OptName = None
    organisation: OptName = None
    start_date: OptDate = None
    end_date: OptDate = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Position:
        _check_order(self.start_date, self.end_date, "end_date", "Position")
        return self

    def label(self) -> str:
        """Single line for FtM's `position`, a plain string: the dates go into the text."""
        text = ", ".join(p for p in (self.title, self.organisation) if p)
        if self.start_date or self.end_date:
            text += f" ({self.start_date or '?'} to {self.end_date or 'present'})"
        return text


class Perpetrator(_Model):
    model_config = ConfigDict(serialize_by_alias=True)

    id: ItemId = Field(default_factory=_new_id)
    # Aliased: a field called `schema` would shadow BaseModel.schema(). Serialised as "schema".
    entity_schema: PerpetratorSchema = Field(default="Person", alias="schema")
    name: OptName = None
    aliases: list[Name] = _items()
    transliterations: list[Name] = _items()
    birth_date: OptDate = None
    place_of_birth: OptName = None
    gender: Gender | None = None
    nationality: Annotated[list[CountryCode], AfterValidator(_unique)] = _items()
    id_numbers: list[IdNumber] = _items()
    positions: list[Position] = _items()
    affiliated_units: list[Name] = _items()
    notes: OptText = None

    @property
    def is_person(self) -> bool:
        return self.entity_schema == "Person"

    @model_validator(mode="after")
    def _check_with_ftm(self) -> Perpetrator:
        errors: list[InitErrorDetails] = []
        if not self.is_person:
            if self.birth_date is not None:
                errors.append(_error(("birth_date",), "person_only", "only a Person has a birth date", None))
            if self.place_of_birth is not None:
                msg = "only a Person has a place of birth"
                errors.append(_error(("place_of_birth",), "person_only", msg, None))
            if self.gender is not None:
                errors.append(_error(("gender",), "person_only", "only a Person has a gender", None))
            if self.positions:
                errors.append(_error(("positions",), "person_only", "only a Person holds positions", None))
            for i, ident in enumerate(self.id_numbers):
                if ident.kind == IdKind.passport:
                    msg = f"a {self.entity_schema} has no passport; use registration or other"
                    errors.append(_error(("id_numbers", i, "kind"), "person_only", msg, ident.kind.value))
        if errors:
            _raise("Perpetrator", errors)
        _build_entity(self, "validation")  # raises with the location of anything FtM refuses
        return self


def _ftm_values(p: Perpetrator) -> Iterator[tuple[str, Loc, str]]:
    """(FtM property, location in the model, value) for everything exported to FtM."""
    if p.name:
        yield "name", ("name",), p.name
    for i, alias in enumerate(p.aliases):
        yield "alias", ("aliases", i), alias
    # Transliterations are full renderings of the name, as strong for matching as the original, so they
    # are `alias`, not `weakAlias` (which FtM reserves for short or ambiguous names).
    for i, alias in enumerate(p.transliterations):
        yield "alias", ("transliterations", i), alias
    if p.birth_date:
        yield "birthDate", ("birth_date",), p.birth_date
    if p.place_of_birth:
        yield "birthPlace", ("place_of_birth",), p.place_of_birth
    if p.gender:
        yield "gender", ("gender",), p.gender.value
    for i, country in enumerate(p.nationality):
        yield ("nationality" if p.is_person else "country"), ("nationality", i), country
    for i, ident in enumerate(p.id_numbers):
        yield _ID_PROPS[ident.kind], ("id_numbers", i, "number"), ident.number
    for i, position in enumerate(p.positions):
        if label := position.label():
            yield "position", ("positions", i), label


def _build_entity(p: Perpetrator, case_id: str | int | UUID) -> EntityProxy:
    # proxy.add() silently drops what FtM cannot clean; adding value by value and checking the result
    # turns every such drop into a validation error instead.
    from followthemoney import model  # deferred: heavy (see the module docstring)
    from followthemoney.util import sanitize_text

    proxy = model.make_entity(p.entity_schema)
    proxy.make_id("case-perpetrator", str(case_id), p.id)
    errors: list[InitErrorDetails] = []
    for prop_name, loc, raw in _ftm_values(p):
        prop = proxy.schema.properties[prop_name]
        text = sanitize_text(raw)
        cleaned = None if text is None else prop.type.clean_text(text, format=prop.format, proxy=proxy)
        if cleaned is None:
            msg = f"FollowTheMoney cannot read {raw!r} as {prop.type.name} ({prop_name})"
            errors.append(_error(loc, "ftm_value", msg, raw))
        elif proxy.unsafe_add(prop, cleaned, cleaned=True) is None:
            errors.append(_error(loc, "ftm_value", f"too much text for FollowTheMoney's {prop_name}", raw))
    if errors:
        _raise("Perpetrator", errors)
    return proxy


def perpetrator_to_ftm(p: Perpetrator, case_id: str | int | UUID) -> dict[str, Any]:
    """FtM entity JSON of a perpetrator; its id is a hash of the case id and the perpetrator id, so it
    is stable across revisions and exports. Notes, affiliated units and the issuing country of an
    identifier are not exported (FtM has no property for them on a single entity)."""
    return _build_entity(p, case_id).to_dict()


# --- Abuses ----------------------------------------------------------------------------------------------
class Incident(_Model):
    id: ItemId = Field(default_factory=_new_id)
    date: OptDate = None
    end_date: OptDate = None
    country: OptCountry = None
    locality: OptName = None
    description: OptText = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Incident:
        _check_order(self.date, self.end_date, "end_date", "Incident")
        return self


class PerpetratorRole(_Model):
    perpetrator_id: ItemId
    role: Role | None = None
    description: OptText = None


class Abuse(_Model):
    id: ItemId = Field(default_factory=_new_id)
    category: AbuseCategory | None = None
    description: OptText = None
    incidents: list[Incident] = _items()
    perpetrator_roles: list[PerpetratorRole] = _items()
    # The EU counts trafficking, SGBV and violations of freedoms only when widespread or systematic.
    widespread_or_systematic: bool = False
    # ...or "otherwise of serious concern as regards the objectives of the CFSP" (Decision (CFSP)
    # 2020/1999 Art. 1(1)(d)): a qualifier the EU alone accepts; Canada needs widespread/systematic.
    of_serious_concern: bool = False

    @property
    def kind(self) -> AbuseKind | None:
        return TAXONOMY[self.category].kind if self.category else None

    @model_validator(mode="after")
    def _unique_incident_ids(self) -> Abuse:
        _check_unique_ids(self.incidents, "incidents", "Abuse")
        return self


# --- Victims, jurisdictions, sources, contact ---------------------------------------------------------------
class Victims(_Model):
    count: Annotated[int, Field(ge=0, le=MAX_VICTIM_COUNT)] | None = None
    count_is_estimate: bool = False
    groups: Annotated[list[VictimGroup], AfterValidator(_unique)] = _items()
    other_description: OptText = None
    description: OptText = None


class Tie(_Model):
    kind: TieKind | None = None
    description: OptText = None
    location: OptName = None
    value: OptShort = None  # estimated value of an asset, as the source gives it ("about EUR 2 million")


class SanctionInForce(_Model):
    authority: OptName = None  # the sanctioning jurisdiction or authority
    program: OptName = None
    reference: OptShort = None
    date: OptDate = None


class JurisdictionContent(_Model):
    ties_and_assets: list[Tie] = _items()
    sanctions_in_force: list[SanctionInForce] = _items()
    impact_argument: OptText = None


class Source(_Model):
    id: ItemId = Field(default_factory=_new_id)
    kind: SourceKind | None = None
    description: OptText = None
    confidential: bool = True  # safe default: a source leaves the portal only once explicitly cleared


class Contact(_Model):
    """The submitting organisation's confidential contact; removed by `public_view`, never exported."""

    name: OptName = None
    email: Annotated[EmailStr | None, BeforeValidator(_blank_to_none)] = None
    phone: Annotated[Phone | None, BeforeValidator(_blank_to_none)] = None


class UnmappedBlock(_Model):
    """Text of an imported document that no field took, kept in document order so nothing typed is lost;
    the researcher moves it into the right fields (or deletes it). Never packaged."""

    text: Text
    heading: OptName = None  # the heading it was under in the document
    where: OptShort = None  # where it was: "paragraph 12", "table 3, row 2"


def _check_unique_ids(items: Sequence[Any], field: str, title: str) -> None:
    seen: set[str] = set()
    errors = []
    for i, item in enumerate(items):
        if item.id in seen:
            errors.append(_error((field, i, "id"), "duplicate_id", f"id {item.id!r} is used twice", item.id))
        seen.add(item.id)
    if errors:
        _raise(title, errors)


class CaseContent(_Model):
    perpetrators: list[Perpetrator] = _items()
    abuses: list[Abuse] = _items()
    victims: Victims | None = None
    jurisdictions: dict[JurisdictionCode, JurisdictionContent] = Field(default_factory=dict)
    exculpatory_information: OptText = None
    sources: list[Source] = _items()
    contact: Contact | None = None
    partner_organisations: list[Name] = _items()
    # Left over from a Word import (app/workflows/word/): readiness and the dossier ignore it.
    unmapped_content: list[UnmappedBlock] = _items()

    @model_validator(mode="after")
    def _check_references(self) -> CaseContent:
        for field in ("perpetrators", "abuses", "sources"):
            _check_unique_ids(getattr(self, field), field, "CaseContent")
        known = {p.id for p in self.perpetrators}
        errors = [
            _error(
                ("abuses", a, "perpetrator_roles", r, "perpetrator_id"),
                "unknown_reference",
                f"no perpetrator has the id {role.perpetrator_id!r}",
                role.perpetrator_id,
            )
            for a, abuse in enumerate(self.abuses)
            for r, role in enumerate(abuse.perpetrator_roles)
            if role.perpetrator_id not in known
        ]
        if errors:
            _raise("CaseContent", errors)
        return self

    def perpetrator(self, perpetrator_id: str) -> Perpetrator | None:
        return next((p for p in self.perpetrators if p.id == perpetrator_id), None)


# --- Helpers -----------------------------------------------------------------------------------------------
# Scripts whose combining marks are optional accents/pointing; elsewhere (Devanagari, Thai...) marks are
# letters' vowels and removing them would corrupt the word.
_FOLD_MARKS_SCRIPTS = frozenset({"Latin", "Greek", "Cyrillic", "Arabic", "Hebrew"})
_TATWEEL = "\u0640"


def normalise_for_search(text: str) -> str:
    """Case- and accent-insensitive search key: "José  Núñez" -> "jose nunez", "Ёлкин" -> "елкин".

    Non-Latin scripts are kept as they are (no transliteration). rigour's `normalize(..., Cleanup.Strong)`
    was considered but it deletes every mark (corrupting Indic scripts) and punctuation (breaking
    substring search on "O'Brien"); rigour is used for script detection only.
    """
    from rigour.text.scripts import codepoint_script  # deferred: heavy (see the module docstring)

    out: list[str] = []
    fold = False
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch):
            if fold:
                continue
        else:
            fold = codepoint_script(ord(ch)) in _FOLD_MARKS_SCRIPTS
        if ch != _TATWEEL:
            out.append(ch)
    # NFC recomposes what was kept (Hangul syllables, Indic clusters).
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())


def search_terms(content: CaseContent) -> list[str]:
    """All perpetrator names, aliases and transliterations, in order, without repeats (title excluded)."""
    return _unique(
        term
        for p in content.perpetrators
        for term in ([p.name] if p.name else []) + p.aliases + p.transliterations
    )


def abuse_categories(content: CaseContent) -> list[str]:
    return sorted({a.category.value for a in content.abuses if a.category})


def victim_groups(content: CaseContent) -> list[str]:
    return sorted(g.value for g in content.victims.groups) if content.victims else []


def abuse_countries(content: CaseContent) -> list[str]:
    return sorted({i.country for a in content.abuses for i in a.incidents if i.country})


def public_view(content: CaseContent) -> CaseContent:
    """Content safe to leave the portal: confidential sources, the contact and unmapped import leftovers
    (unreviewed text that may hold anything) removed."""
    return content.model_copy(
        deep=True,
        update={
            "sources": [s.model_copy() for s in content.sources if not s.confidential],
            "contact": None,
            "unmapped_content": [],
        },
    )


def content_warnings(content: CaseContent, today: date | None = None) -> list[dict[str, Any]]:
    """Cross-field oddities worth a second look; unlike validation errors they do not block saving."""
    return [{"loc": w["loc"], "msg": w["msg"]} for w in coded_content_warnings(content, today)]


def coded_content_warnings(content: CaseContent, today: date | None = None) -> list[dict[str, Any]]:
    """`content_warnings`, each also with its message `code` and `params` (app.jurisdictions.messages)."""
    today = today or date.today()
    warnings: list[dict[str, Any]] = []

    def warn(loc: Sequence[str | int], msg: str, code: str, **params: Any) -> None:
        warnings.append({"loc": list(loc), "msg": msg, "code": code, "params": params})

    def future(value: str | None, loc: Sequence[str | int]) -> None:
        if value and date_bounds(value)[0] > today:
            warn(loc, f"{value} is in the future", "date_in_future", value=value)

    births = {p.id: date_bounds(p.birth_date) for p in content.perpetrators if p.birth_date}
    index = {p.id: i for i, p in enumerate(content.perpetrators)}
    linked = {r.perpetrator_id for a in content.abuses for r in a.perpetrator_roles}
    seen_names: dict[str, int] = {}
    for i, p in enumerate(content.perpetrators):
        label = p.name or p.id
        future(p.birth_date, ("perpetrators", i, "birth_date"))
        if p.id not in linked:
            msg = f"{label} is not linked to any abuse"
            warn(("perpetrators", i), msg, "perpetrator_not_linked", perpetrator=f"perpetrators[{i}]")
        if p.name:
            key = normalise_for_search(p.name)
            if key in seen_names:
                other = f"perpetrators[{seen_names[key]}]"
                warn(
                    ("perpetrators", i, "name"),
                    f"same name as {other}: duplicate?",
                    "duplicate_name",
                    other=other,
                )
            seen_names.setdefault(key, i)
        for j, pos in enumerate(p.positions):
            future(pos.start_date, ("perpetrators", i, "positions", j, "start_date"))
            if pos.start_date and p.id in births and date_bounds(pos.start_date)[1] < births[p.id][0]:
                warn(
                    ("perpetrators", i, "positions", j, "start_date"),
                    f"position starts before {label} was born",
                    "position_before_birth",
                    perpetrator=f"perpetrators[{i}]",
                )
    for a, abuse in enumerate(content.abuses):
        involved = [
            content.perpetrator(pid) for pid in _unique(r.perpetrator_id for r in abuse.perpetrator_roles)
        ]
        for n, inc in enumerate(abuse.incidents):
            future(inc.date, ("abuses", a, "incidents", n, "date"))
            if not inc.date:
                continue
            for who in involved:
                if who and who.id in births and date_bounds(inc.date)[1] < births[who.id][0]:
                    name = who.name or who.id
                    who_path = f"perpetrators[{index[who.id]}]"
                    msg = f"incident dated {inc.date} is before the birth of {name} ({who.birth_date})"
                    params = {"date": inc.date, "perpetrator": who_path, "birth_date": who.birth_date}
                    warn(("abuses", a, "incidents", n, "date"), msg, "incident_before_birth", **params)
        pairs = [(r.perpetrator_id, r.role) for r in abuse.perpetrator_roles]
        for r, pair in enumerate(pairs):
            if pair in pairs[:r]:
                msg = "same perpetrator and role listed twice"
                warn(("abuses", a, "perpetrator_roles", r), msg, "duplicate_role")
    for code, jc in content.jurisdictions.items():
        for s, sanction in enumerate(jc.sanctions_in_force):
            future(sanction.date, ("jurisdictions", code, "sanctions_in_force", s, "date"))
    return warnings
