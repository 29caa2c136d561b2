from enum import StrEnum


class ColumnOutKind(StrEnum):
    COUNT = "count"
    DAYS = "days"
    DIMENSION = "dimension"
    NUMBER = "number"
    RATE = "rate"

    def __str__(self) -> str:
        return str(self.value)
