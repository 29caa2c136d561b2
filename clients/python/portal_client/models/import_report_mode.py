from enum import StrEnum


class ImportReportMode(StrEnum):
    MAPPED = "mapped"
    TEMPLATE = "template"

    def __str__(self) -> str:
        return str(self.value)
