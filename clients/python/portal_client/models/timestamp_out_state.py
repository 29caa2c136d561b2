from enum import StrEnum


class TimestampOutState(StrEnum):
    GRANTED = "granted"
    NONE = "none"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
