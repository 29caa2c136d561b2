from enum import StrEnum


class Channel(StrEnum):
    EMAIL = "email"
    MEETING = "meeting"
    OFFICIAL_FORM = "official_form"
    SECURE_LINK = "secure_link"
    VIA_PARTNER = "via_partner"

    def __str__(self) -> str:
        return str(self.value)
