"""United Kingdom: the Global Human Rights and Global Anti-Corruption regimes under SAMLA 2018."""

from app.jurisdictions.base import Jurisdiction, Regime, common_required
from app.schemas.case_content import AbuseCategory as C
from app.schemas.case_content import AbuseKind

_STANDARD = (
    "reasonable grounds to suspect that the person is an involved person, and designation is appropriate "
    "(SAMLA 2018 s.11)"
)
_MEASURES = "asset freeze; immigration (travel) ban; trust services restrictions"

_GHR = "serious violation of"
# The GHR Regulations reach only three rights (reg. 4): life; freedom from torture and CIDT; freedom from
# slavery, servitude and forced labour. Arbitrary detention or violations of freedoms on their own are not
# covered, nor are genocide or crimes against humanity as such: record the killings or torture they
# involve as their own abuses. Sexual violence and enforced disappearance are treated as torture/CIDT
# (the FCDO's 2022 conflict-related sexual violence designations were made under this regime).
_GHR_CONDUCT: dict[C, str] = {
    C.extrajudicial_killing: f"{_GHR} the right to life (GHR Regulations 2020, reg. 4)",
    C.torture: f"{_GHR} the right not to be subjected to torture (reg. 4)",
    C.cruel_inhuman_degrading_treatment: (
        f"{_GHR} the right not to be subjected to cruel, inhuman or degrading treatment (reg. 4)"
    ),
    C.enforced_disappearance: (
        f"{_GHR} the right not to be subjected to torture or CIDT, and of the right to life (reg. 4)"
    ),
    C.sexual_gender_based_violence: f"{_GHR} the right not to be subjected to torture or CIDT (reg. 4)",
    C.slavery: f"{_GHR} the right to be free from slavery and not to be held in servitude (reg. 4)",
    C.trafficking_forced_labour: (
        f"{_GHR} the right not to be held in servitude or required to perform forced labour (reg. 4)"
    ),
}
_GHR_CONDUCT = {c: d[0].upper() + d[1:] for c, d in _GHR_CONDUCT.items()}

GLOBAL_HUMAN_RIGHTS = Regime(
    code="uk_ghr",
    name="Global Human Rights sanctions",
    labels={
        "en": "Global Human Rights sanctions",
        "fr": "Sanctions mondiales en matière de droits humains",
        "es": "Sanciones globales de derechos humanos",
        "ar": "العقوبات العالمية المتعلقة بحقوق الإنسان",
    },
    legal_basis="The Global Human Rights Sanctions Regulations 2020 (SI 2020/680), made under SAMLA 2018",
    kind=AbuseKind.human_rights,
    covered_categories=frozenset(_GHR_CONDUCT),
    conduct_descriptions=_GHR_CONDUCT,
    standard_of_proof=_STANDARD,
    measures=_MEASURES,
)

# "Serious corruption" (reg. 4): bribery of or by a foreign public official, and misappropriation of
# property by one. Broader corruption (kleptocracy, contracts, expropriation, laundering proceeds) must be
# framed as bribery or misappropriation to count.
_SERIOUS = "Serious corruption"
_GAC_CONDUCT: dict[C, str] = {
    C.bribery: f"{_SERIOUS}: bribery of, or by, a foreign public official (GAC Regulations 2021, reg. 4)",
    C.misappropriation: f"{_SERIOUS}: misappropriation of property by a foreign public official (reg. 4)",
    C.embezzlement: (
        f"{_SERIOUS}: misappropriation of property entrusted to a foreign public official (reg. 4)"
    ),
}
GLOBAL_ANTI_CORRUPTION = Regime(
    code="uk_gac",
    name="Global Anti-Corruption sanctions",
    labels={
        "en": "Global Anti-Corruption sanctions",
        "fr": "Sanctions mondiales anticorruption",
        "es": "Sanciones globales contra la corrupción",
        "ar": "العقوبات العالمية لمكافحة الفساد",
    },
    legal_basis="The Global Anti-Corruption Sanctions Regulations 2021 (SI 2021/488), made under SAMLA 2018",
    kind=AbuseKind.corruption,
    covered_categories=frozenset(_GAC_CONDUCT),
    conduct_descriptions=_GAC_CONDUCT,
    standard_of_proof=_STANDARD,
    measures=_MEASURES,
)

UK = Jurisdiction(
    code="uk",
    name="United Kingdom",
    labels={"en": "United Kingdom", "fr": "Royaume-Uni", "es": "Reino Unido", "ar": "المملكة المتحدة"},
    in_sentence="the UK",
    addressee="Foreign, Commonwealth & Development Office (FCDO), Sanctions Directorate",
    official_list="UK Sanctions List (FCDO)",
    regimes=(GLOBAL_HUMAN_RIGHTS, GLOBAL_ANTI_CORRUPTION),
    required_content=common_required("uk"),
)
