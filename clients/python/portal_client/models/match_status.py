from enum import StrEnum


class MatchStatus(StrEnum):
    CANDIDATE = "candidate"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
