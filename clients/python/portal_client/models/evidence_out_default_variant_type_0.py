from enum import StrEnum


class EvidenceOutDefaultVariantType0(StrEnum):
    ORIGINAL = "original"
    SANITISED = "sanitised"

    def __str__(self) -> str:
        return str(self.value)
