from enum import StrEnum


class MetricOutScope(StrEnum):
    PUBLIC = "public"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)
