"""United States: Global Magnitsky (the Act and EO 13818) and the State Department's §7031(c) visa bans."""

from app.jurisdictions.base import (
    ALL_ROLES,
    CORRUPTION,
    HUMAN_RIGHTS,
    Jurisdiction,
    Regime,
    common_required,
)
from app.schemas.case_content import AbuseCategory as C
from app.schemas.case_content import AbuseKind, Role

# DESIGN: responsible or complicit, officials, leaders of entities, material supporters, entities owned
# or controlled. Mere association is not a US designation criterion.
_US_ROLES = ALL_ROLES - {Role.associate}

_EO = "serious human rights abuse (EO 13818 §1(a)(ii)(A))"
_ACT_DEFENDERS = (
    "the Act: gross violations of internationally recognised human rights against individuals seeking "
    "to expose illegal activity by officials or to defend human rights (the Act, §1263)"
)
_GLOMAG_HR_CONDUCT: dict[C, str] = {c: _EO[0].upper() + _EO[1:] for c in HUMAN_RIGHTS} | {
    C.extrajudicial_killing: f"Extrajudicial killing: {_EO}; {_ACT_DEFENDERS}",
    C.torture: f"Torture: {_EO}; {_ACT_DEFENDERS}",
    C.persecution_of_defenders_journalists: f"{_EO[0].upper() + _EO[1:]}; {_ACT_DEFENDERS}",
}
_EO_CORRUPTION = "Corruption (EO 13818 §1(a)(ii)(B))"
_GLOMAG_CORRUPTION_CONDUCT: dict[C, str] = {
    C.misappropriation: f"{_EO_CORRUPTION}: misappropriation of state assets",
    C.embezzlement: f"{_EO_CORRUPTION}: misappropriation of state assets (embezzlement)",
    C.expropriation_private_gain: f"{_EO_CORRUPTION}: expropriation of private assets for personal gain",
    C.corruption_contracts_extraction: (
        f"{_EO_CORRUPTION}: corruption related to government contracts or the extraction of natural resources"
    ),
    C.bribery: f"{_EO_CORRUPTION}: bribery",
    C.kleptocracy: f"{_EO_CORRUPTION}: corruption by a current or former government official",
    C.transfer_of_proceeds: f"{_EO_CORRUPTION}: transfer of the proceeds of corruption, or facilitating it",
}
# "Gross violations of internationally recognized human rights" as defined in 22 U.S.C. §2304(d)(1).
_GVHR = "Gross violation of human rights (§7031(c); 22 U.S.C. §2304(d)(1))"
_7031C_HR_CONDUCT: dict[C, str] = {
    C.extrajudicial_killing: f"{_GVHR}: flagrant denial of the right to life",
    C.torture: f"{_GVHR}: torture",
    C.cruel_inhuman_degrading_treatment: f"{_GVHR}: cruel, inhuman or degrading treatment or punishment",
    C.arbitrary_detention: f"{_GVHR}: prolonged detention without charges and trial",
    C.enforced_disappearance: f"{_GVHR}: causing disappearance by abduction and clandestine detention",
}
_GLOMAG_STANDARD = "credible evidence (the Act)"
_GLOMAG_MEASURES = "blocking of property and interests in property subject to US jurisdiction; entry ban"
_7031C_STANDARD = "credible information that the official was involved, directly or indirectly"
_7031C_MEASURES = "ineligibility for entry into the United States (official and immediate family)"
_7031C_ROLES = _US_ROLES - {Role.owned_or_controlled}

GLOMAG_HR = Regime(
    code="us_glomag_hr",
    name="Global Magnitsky sanctions: human rights",
    labels={
        "en": "Global Magnitsky sanctions: human rights",
        "fr": "Sanctions Global Magnitsky : droits humains",
        "es": "Sanciones Global Magnitsky: derechos humanos",
        "ar": "عقوبات ماغنيتسكي العالمية: حقوق الإنسان",
    },
    legal_basis=(
        "Global Magnitsky Human Rights Accountability Act (P.L. 114-328, §§1261-1265, made permanent 2022); "
        "Executive Order 13818"
    ),
    kind=AbuseKind.human_rights,
    covered_categories=HUMAN_RIGHTS,
    conduct_descriptions=_GLOMAG_HR_CONDUCT,
    standard_of_proof=_GLOMAG_STANDARD,
    measures=_GLOMAG_MEASURES,
    target_roles=_US_ROLES,
)
GLOMAG_CORRUPTION = Regime(
    code="us_glomag_corruption",
    name="Global Magnitsky sanctions: corruption",
    labels={
        "en": "Global Magnitsky sanctions: corruption",
        "fr": "Sanctions Global Magnitsky : corruption",
        "es": "Sanciones Global Magnitsky: corrupción",
        "ar": "عقوبات ماغنيتسكي العالمية: الفساد",
    },
    legal_basis="Executive Order 13818 (implementing the Global Magnitsky Act, P.L. 114-328 §§1261-1265)",
    kind=AbuseKind.corruption,
    covered_categories=CORRUPTION,
    conduct_descriptions=_GLOMAG_CORRUPTION_CONDUCT,
    standard_of_proof=_GLOMAG_STANDARD,
    measures=_GLOMAG_MEASURES,
    target_roles=_US_ROLES,
)
VISA_BAN_HR = Regime(
    code="us_7031c_hr",
    name="State Department §7031(c) visa ban: gross violations of human rights",
    labels={
        "en": "State Department §7031(c) visa ban: gross violations of human rights",
        "fr": "Interdiction de visa du Département d’État (§7031(c)) : violations graves des droits humains",
        "es": (
            "Prohibición de visado del Departamento de Estado (§7031(c)): "
            "violaciones graves de derechos humanos"
        ),
        "ar": "حظر التأشيرات من وزارة الخارجية (المادة 7031(c)): الانتهاكات الجسيمة لحقوق الإنسان",
    },
    legal_basis="Department of State, Foreign Operations, and Related Programs Appropriations Act, §7031(c)",
    kind=AbuseKind.human_rights,
    covered_categories=frozenset(_7031C_HR_CONDUCT),
    conduct_descriptions=_7031C_HR_CONDUCT,
    standard_of_proof=_7031C_STANDARD,
    measures=_7031C_MEASURES,
    target_schemas=frozenset({"Person"}),  # foreign government officials only
    target_roles=_7031C_ROLES,
)
VISA_BAN_CORRUPTION = Regime(
    code="us_7031c_corruption",
    name="State Department §7031(c) visa ban: significant corruption",
    labels={
        "en": "State Department §7031(c) visa ban: significant corruption",
        "fr": "Interdiction de visa du Département d’État (§7031(c)) : corruption importante",
        "es": "Prohibición de visado del Departamento de Estado (§7031(c)): corrupción significativa",
        "ar": "حظر التأشيرات من وزارة الخارجية (المادة 7031(c)): الفساد الكبير",
    },
    legal_basis="Department of State, Foreign Operations, and Related Programs Appropriations Act, §7031(c)",
    kind=AbuseKind.corruption,
    covered_categories=CORRUPTION,
    conduct_descriptions={
        c: "Significant corruption, including corruption related to the extraction of natural resources "
        "(§7031(c))"
        for c in CORRUPTION
    },
    standard_of_proof=_7031C_STANDARD,
    measures=_7031C_MEASURES,
    target_schemas=frozenset({"Person"}),
    target_roles=_7031C_ROLES,
)

US = Jurisdiction(
    code="us",
    name="United States",
    labels={"en": "United States", "fr": "États-Unis", "es": "Estados Unidos", "ar": "الولايات المتحدة"},
    in_sentence="the US",
    addressee="U.S. Department of State and U.S. Department of the Treasury (OFAC)",
    official_list="OFAC Specially Designated Nationals (SDN) list, program GLOMAG",
    regimes=(GLOMAG_HR, GLOMAG_CORRUPTION, VISA_BAN_HR, VISA_BAN_CORRUPTION),
    required_content=common_required("us"),
)
