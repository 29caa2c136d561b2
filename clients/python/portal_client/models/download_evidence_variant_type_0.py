from enum import StrEnum


class DownloadEvidenceVariantType0(StrEnum):
    ORIGINAL = "original"
    SANITISED = "sanitised"

    def __str__(self) -> str:
        return str(self.value)
