from enum import StrEnum


class ReviewItemKind(StrEnum):
    AMBIGUOUS_DATE = "ambiguous_date"
    APPROXIMATE_DATE = "approximate_date"
    DUPLICATE_REFERENCE = "duplicate_reference"
    INVALID_VALUE = "invalid_value"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_JURISDICTION = "unknown_jurisdiction"
    UNKNOWN_PERPETRATOR = "unknown_perpetrator"
    UNKNOWN_VALUE = "unknown_value"
    UNPARSED_DATE = "unparsed_date"

    def __str__(self) -> str:
        return str(self.value)
