from enum import StrEnum


class RequestPackagesLangType0(StrEnum):
    AR = "ar"
    EN = "en"
    ES = "es"
    FR = "fr"

    def __str__(self) -> str:
        return str(self.value)
