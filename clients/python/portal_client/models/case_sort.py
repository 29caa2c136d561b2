from enum import StrEnum


class CaseSort(StrEnum):
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    STATUS_CHANGED_AT = "status_changed_at"
    STATUS_CHANGED_AT_DESC = "-status_changed_at"
    TITLE_ASC = "title"
    TITLE_DESC = "-title"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"

    def __str__(self) -> str:
        return str(self.value)
