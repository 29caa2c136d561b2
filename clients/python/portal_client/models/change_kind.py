from enum import StrEnum


class ChangeKind(StrEnum):
    ADDED = "added"
    AMENDED = "amended"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
