from enum import StrEnum


class ShareState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    LOCKED = "locked"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
