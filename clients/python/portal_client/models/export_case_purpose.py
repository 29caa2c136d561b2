from enum import StrEnum


class ExportCasePurpose(StrEnum):
    OWN_USE = "own_use"
    SHARE = "share"

    def __str__(self) -> str:
        return str(self.value)
