"""Canada: the Justice for Victims of Corrupt Foreign Officials Act and the Special Economic Measures Act."""

from app.jurisdictions.base import CORRUPTION, HUMAN_RIGHTS, Jurisdiction, Regime, common_required
from app.schemas.case_content import AbuseCategory as C
from app.schemas.case_content import AbuseKind, VictimGroup

_STANDARD = "opinion of the Governor in Council"
_MEASURES = "prohibition on dealings in property (asset freeze); inadmissibility to Canada (IRPA s.35.1)"
_JVCFOA = "Justice for Victims of Corrupt Foreign Officials Act (Sergei Magnitsky Law), S.C. 2017, c. 21"

# JVCFOA s.4(2)(a)-(b): gross violations of internationally recognised human rights committed against
# people who expose illegal acts of officials or defend human rights. Persecution of defenders and
# journalists is that by definition; other gross violations count when the victims are such people.
# Violations of freedoms as such are not "gross violations" and are left to SEMA.
_GROSS = frozenset(HUMAN_RIGHTS) - {
    C.freedom_of_assembly_association,
    C.freedom_of_expression,
    C.freedom_of_religion,
}
_JVCFOA_HR = "Gross violation of internationally recognised human rights against a person exposing illegal "
_JVCFOA_HR += "activity of foreign public officials or defending human rights (JVCFOA s.4(2)(a))"
JVCFOA_HUMAN_RIGHTS = Regime(
    code="ca_jvcfoa_hr",
    name="Sergei Magnitsky Law: gross violations of human rights",
    labels={
        "en": "Sergei Magnitsky Law: gross violations of human rights",
        "fr": "Loi de Sergueï Magnitski : violations graves des droits de la personne",
        "es": "Ley Serguéi Magnitski: violaciones graves de derechos humanos",
        "ar": "قانون سيرغي ماغنيتسكي: الانتهاكات الجسيمة لحقوق الإنسان",
    },
    legal_basis=f"{_JVCFOA}, s.4(2)(a)-(b); Regulations SOR/2017-233",
    kind=AbuseKind.human_rights,
    covered_categories=_GROSS,
    conduct_descriptions=dict.fromkeys(_GROSS, _JVCFOA_HR),
    standard_of_proof=_STANDARD,
    measures=_MEASURES,
    needs_victim_groups_for=_GROSS - {C.persecution_of_defenders_journalists},
    victim_groups=frozenset({VictimGroup.human_rights_defenders, VictimGroup.journalists}),
    target_schemas=frozenset({"Person"}),  # the Act lists foreign nationals (individuals) only
)
JVCFOA_CORRUPTION = Regime(
    code="ca_jvcfoa_corruption",
    name="Sergei Magnitsky Law: significant corruption",
    labels={
        "en": "Sergei Magnitsky Law: significant corruption",
        "fr": "Loi de Sergueï Magnitski : actes de corruption à grande échelle",
        "es": "Ley Serguéi Magnitski: corrupción significativa",
        "ar": "قانون سيرغي ماغنيتسكي: الفساد الكبير",
    },
    legal_basis=f"{_JVCFOA}, s.4(2)(c)-(d); Regulations SOR/2017-233",
    kind=AbuseKind.corruption,
    covered_categories=CORRUPTION,
    conduct_descriptions=dict.fromkeys(
        CORRUPTION,
        "Act of significant corruption by a foreign public official or an associate (JVCFOA s.4(2)(c))",
    ),
    standard_of_proof=_STANDARD,
    measures=_MEASURES,
    target_schemas=frozenset({"Person"}),
)
_SEMA = "Special Economic Measures Act, S.C. 1992, c. 17 (as amended 2017)"
SEMA_HUMAN_RIGHTS = Regime(
    code="ca_sema_hr",
    name="Special Economic Measures: gross and systematic human rights violations",
    labels={
        "en": "Special Economic Measures: gross and systematic human rights violations",
        "fr": "Mesures économiques spéciales : violations graves et systématiques des droits de la personne",
        "es": "Medidas Económicas Especiales: violaciones graves y sistemáticas de derechos humanos",
        "ar": "التدابير الاقتصادية الخاصة: الانتهاكات الجسيمة والمنهجية لحقوق الإنسان",
    },
    legal_basis=f"{_SEMA}, s.4(1.1)(c)",
    kind=AbuseKind.human_rights,
    covered_categories=HUMAN_RIGHTS,
    conduct_descriptions=dict.fromkeys(
        HUMAN_RIGHTS, "Gross and systematic human rights violations in a foreign state (SEMA s.4(1.1)(c))"
    ),
    standard_of_proof=_STANDARD,
    measures=_MEASURES,
    needs_widespread_for=HUMAN_RIGHTS,  # "systematic" is the statutory threshold for every category
)
SEMA_CORRUPTION = Regime(
    code="ca_sema_corruption",
    name="Special Economic Measures: significant corruption",
    labels={
        "en": "Special Economic Measures: significant corruption",
        "fr": "Mesures économiques spéciales : actes de corruption à grande échelle",
        "es": "Medidas Económicas Especiales: corrupción significativa",
        "ar": "التدابير الاقتصادية الخاصة: الفساد الكبير",
    },
    legal_basis=f"{_SEMA}, s.4(1.1)(d)",
    kind=AbuseKind.corruption,
    covered_categories=CORRUPTION,
    conduct_descriptions=dict.fromkeys(
        CORRUPTION,
        "Acts of significant corruption by a foreign public official or an associate (SEMA s.4(1.1)(d))",
    ),
    standard_of_proof=_STANDARD,
    measures=_MEASURES,
    target_schemas=frozenset({"Person"}),  # "a national of a foreign state"
)

CA = Jurisdiction(
    code="ca",
    name="Canada",
    labels={"en": "Canada", "fr": "Canada", "es": "Canadá", "ar": "كندا"},
    in_sentence="Canada",
    addressee="Global Affairs Canada",
    official_list="Consolidated Canadian Autonomous Sanctions List (JVCFOA / SEMA)",
    regimes=(JVCFOA_HUMAN_RIGHTS, JVCFOA_CORRUPTION, SEMA_HUMAN_RIGHTS, SEMA_CORRUPTION),
    required_content=common_required("ca"),
)
