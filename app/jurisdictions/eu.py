"""European Union: the Global Human Rights Sanctions Regime. There is no EU anti-corruption regime (one
was proposed in 2023 and not adopted), so a corruption-only case is not eligible for the EU."""

from app.jurisdictions.base import Jurisdiction, Regime, RequiredContent, common_required
from app.schemas.case_content import AbuseCategory as C
from app.schemas.case_content import AbuseKind


def _art(*points: str) -> str:
    ref = "".join(f"({p})" for p in points)
    return f"Decision (CFSP) 2020/1999 Art. 1(1){ref}; Regulation (EU) 2020/1998 Art. 2(1){ref}"


_CONDUCT: dict[C, str] = {
    C.genocide: f"Genocide ({_art('a')})",
    C.crimes_against_humanity: f"Crimes against humanity ({_art('b')})",
    C.torture: f"Torture ({_art('c', 'i')})",
    C.cruel_inhuman_degrading_treatment: f"Cruel, inhuman or degrading treatment ({_art('c', 'i')})",
    C.slavery: f"Slavery ({_art('c', 'ii')})",
    C.extrajudicial_killing: f"Extrajudicial, summary or arbitrary executions ({_art('c', 'iii')})",
    C.enforced_disappearance: f"Enforced disappearance of persons ({_art('c', 'iv')})",
    C.arbitrary_detention: f"Arbitrary arrests or detentions ({_art('c', 'v')})",
}
# Art. 1(1)(d) / 2(1)(d): these count only if widespread, systematic or of serious concern for the CFSP.
_IF = "if widespread, systematic or otherwise of serious concern"
_CONDITIONAL: dict[C, str] = {
    C.trafficking_forced_labour: f"Trafficking in human beings, {_IF} ({_art('d', 'i')})",
    C.sexual_gender_based_violence: f"Sexual and gender-based violence, {_IF} ({_art('d', 'ii')})",
    C.freedom_of_assembly_association: f"Violations of freedom of assembly and association, {_IF} "
    f"({_art('d', 'iii')})",
    C.freedom_of_expression: f"Violations of freedom of opinion and expression, {_IF} ({_art('d', 'iv')})",
    C.freedom_of_religion: f"Violations of freedom of religion or belief, {_IF} ({_art('d', 'v')})",
    C.persecution_of_defenders_journalists: "Violations of freedom of expression or association of "
    f"defenders and journalists, {_IF} ({_art('d')})",
}

GLOBAL_HUMAN_RIGHTS = Regime(
    code="eu_ghrsr",
    name="EU Global Human Rights Sanctions Regime",
    labels={
        "en": "EU Global Human Rights Sanctions Regime",
        "fr": "Régime mondial de sanctions de l’UE en matière de droits de l’homme",
        "es": "Régimen global de sanciones de la UE en materia de derechos humanos",
        "ar": "نظام الاتحاد الأوروبي العالمي للعقوبات المتعلقة بحقوق الإنسان",
    },
    legal_basis="Council Decision (CFSP) 2020/1999 and Council Regulation (EU) 2020/1998",
    kind=AbuseKind.human_rights,
    covered_categories=frozenset(_CONDUCT) | frozenset(_CONDITIONAL),
    conduct_descriptions=_CONDUCT | _CONDITIONAL,
    standard_of_proof="unanimity of the Council on a proposal by a Member State or the High Representative",
    measures="asset freeze and prohibition on making funds available; travel ban (entry and transit)",
    needs_widespread_for=frozenset(_CONDITIONAL),
    serious_concern_suffices=True,
)

EU = Jurisdiction(
    code="eu",
    name="European Union",
    labels={
        "en": "European Union",
        "fr": "Union européenne",
        "es": "Unión Europea",
        "ar": "الاتحاد الأوروبي",
    },
    in_sentence="the EU",
    addressee="European External Action Service (EEAS) and Member States' foreign ministries",
    official_list="EU Financial Sanctions Files (FSF) consolidated list",
    regimes=(GLOBAL_HUMAN_RIGHTS,),
    required_content=(
        *common_required("eu"),
        RequiredContent(
            "victims.count",
            "the scale of the abuse (widespread or systematic?)",
            when="human_rights",
            code="need_scale",
        ),
    ),
)
