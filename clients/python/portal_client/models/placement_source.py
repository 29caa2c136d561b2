from enum import StrEnum


class PlacementSource(StrEnum):
    CONTENT_CONTROL = "content_control"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    TABLE = "table"

    def __str__(self) -> str:
        return str(self.value)
