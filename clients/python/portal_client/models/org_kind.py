from enum import StrEnum


class OrgKind(StrEnum):
    COALITION = "coalition"
    NGO = "ngo"

    def __str__(self) -> str:
        return str(self.value)
