from enum import StrEnum


class ScanStatus(StrEnum):
    CLEAN = "clean"
    ERROR = "error"
    INFECTED = "infected"
    NOT_SCANNED = "not_scanned"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
