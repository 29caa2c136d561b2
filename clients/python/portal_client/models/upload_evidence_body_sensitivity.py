from enum import StrEnum


class UploadEvidenceBodySensitivity(StrEnum):
    CONFIDENTIAL = "confidential"
    PUBLIC = "public"
    SOURCE_IDENTIFYING = "source_identifying"

    def __str__(self) -> str:
        return str(self.value)
