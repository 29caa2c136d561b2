from enum import StrEnum


class PackageState(StrEnum):
    BUILDING = "building"
    BUILT = "built"
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
