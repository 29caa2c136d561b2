from enum import StrEnum


class AbuseCategory(StrEnum):
    ARBITRARY_DETENTION = "arbitrary_detention"
    BRIBERY = "bribery"
    CORRUPTION_CONTRACTS_EXTRACTION = "corruption_contracts_extraction"
    CRIMES_AGAINST_HUMANITY = "crimes_against_humanity"
    CRUEL_INHUMAN_DEGRADING_TREATMENT = "cruel_inhuman_degrading_treatment"
    EMBEZZLEMENT = "embezzlement"
    ENFORCED_DISAPPEARANCE = "enforced_disappearance"
    EXPROPRIATION_PRIVATE_GAIN = "expropriation_private_gain"
    EXTRAJUDICIAL_KILLING = "extrajudicial_killing"
    FREEDOM_OF_ASSEMBLY_ASSOCIATION = "freedom_of_assembly_association"
    FREEDOM_OF_EXPRESSION = "freedom_of_expression"
    FREEDOM_OF_RELIGION = "freedom_of_religion"
    GENOCIDE = "genocide"
    KLEPTOCRACY = "kleptocracy"
    MISAPPROPRIATION = "misappropriation"
    PERSECUTION_OF_DEFENDERS_JOURNALISTS = "persecution_of_defenders_journalists"
    SEXUAL_GENDER_BASED_VIOLENCE = "sexual_gender_based_violence"
    SLAVERY = "slavery"
    TORTURE = "torture"
    TRAFFICKING_FORCED_LABOUR = "trafficking_forced_labour"
    TRANSFER_OF_PROCEEDS = "transfer_of_proceeds"

    def __str__(self) -> str:
        return str(self.value)
