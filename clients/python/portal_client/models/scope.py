from enum import StrEnum


class Scope(StrEnum):
    PUBLIC = "public"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)
