from enum import StrEnum


class AccessKind(StrEnum):
    CODE_ACCEPTED = "code_accepted"
    CODE_SENT = "code_sent"
    CODE_WRONG = "code_wrong"
    CREATED = "created"
    DOWNLOAD_COMPLETED = "download_completed"
    DOWNLOAD_INTERRUPTED = "download_interrupted"
    DOWNLOAD_STARTED = "download_started"
    EXPIRED = "expired"
    LOCKED = "locked"
    RECEIPT = "receipt"
    REFUSED = "refused"
    REVOKED = "revoked"
    VIEWED = "viewed"

    def __str__(self) -> str:
        return str(self.value)
