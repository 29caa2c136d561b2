from enum import StrEnum


class SubmissionStatus(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    DECLINED = "declined"
    DESIGNATED = "designated"
    NO_RESPONSE = "no_response"
    PREPARED = "prepared"
    SENT = "sent"
    UNDER_CONSIDERATION = "under_consideration"

    def __str__(self) -> str:
        return str(self.value)
