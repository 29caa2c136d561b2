from enum import StrEnum


class HashCheckOutVariant(StrEnum):
    ORIGINAL = "original"
    SANITISED = "sanitised"

    def __str__(self) -> str:
        return str(self.value)
