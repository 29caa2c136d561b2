from enum import StrEnum


class ShareFactor(StrEnum):
    AGE = "age"
    CODE = "code"

    def __str__(self) -> str:
        return str(self.value)
