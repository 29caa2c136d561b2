from enum import StrEnum


class SanitiseStatus(StrEnum):
    DONE = "done"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
