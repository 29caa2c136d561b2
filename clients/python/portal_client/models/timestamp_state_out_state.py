from enum import StrEnum


class TimestampStateOutState(StrEnum):
    GRANTED = "granted"
    NONE = "none"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
