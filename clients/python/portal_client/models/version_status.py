from enum import StrEnum


class VersionStatus(StrEnum):
    FAILED = "failed"
    IMPORTED = "imported"

    def __str__(self) -> str:
        return str(self.value)
