from enum import StrEnum


class EvidenceUpdateInShareWithType0Item(StrEnum):
    CA = "ca"
    EU = "eu"
    UK = "uk"
    US = "us"

    def __str__(self) -> str:
        return str(self.value)
