from enum import StrEnum


class ListWebhookEventTypesLangType0(StrEnum):
    AR = "ar"
    EN = "en"
    ES = "es"
    FR = "fr"

    def __str__(self) -> str:
        return str(self.value)
