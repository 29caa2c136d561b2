from enum import StrEnum


class BuildReportFormat(StrEnum):
    CSV = "csv"
    PDF = "pdf"
    XLSX = "xlsx"
    ZIP = "zip"

    def __str__(self) -> str:
        return str(self.value)
