from enum import StrEnum


class Role(StrEnum):
    COALITION_ADMIN = "coalition_admin"
    COORDINATOR = "coordinator"
    ORG_ADMIN = "org_admin"
    RESEARCHER = "researcher"

    def __str__(self) -> str:
        return str(self.value)
