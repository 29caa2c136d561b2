from enum import StrEnum


class CaseStatus(StrEnum):
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PACKAGED = "packaged"
    REJECTED = "rejected"
    SUBMITTED = "submitted"
    SUBMITTED_TO_GOVERNMENT = "submitted_to_government"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
