"""The placement report an import returns: where each field came from, what needs a look, what was left."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Source = Literal["content_control", "table", "heading", "paragraph"]
ReviewKind = Literal[
    "unparsed_date",
    "ambiguous_date",
    "approximate_date",
    "unknown_country",
    "unknown_value",
    "unknown_perpetrator",
    "invalid_value",
    "duplicate_reference",
    "unknown_jurisdiction",
]


class Placement(BaseModel):
    path: str = Field(description="content path, e.g. perpetrators[0].name, or title")
    source: Source = Field(description="how it was recognised: a tagged content control, a table row, …")
    where: str = Field(description="where it was in the document: 'table 2, row 3', 'paragraph 14'")
    label: str | None = Field(default=None, description="the label or heading it was recognised by")


class ReviewItem(BaseModel):
    kind: ReviewKind
    path: str | None = Field(default=None, description="the field it was meant for")
    text: str = Field(description="what the document says (at most 300 characters)")
    where: str
    message: str


class ImageOut(BaseModel):
    where: str
    filename: str
    media_type: str | None = None
    evidence_id: str | None = Field(default=None, description="the evidence item it became")
    label: str | None = Field(default=None, description="E-3")
    error: str | None = Field(default=None, description="why it was not added")


class ExternalLinkOut(BaseModel):
    kind: str = Field(description="hyperlink, image, attached template, field INCLUDETEXT, …")
    target: str = Field(description="where it points (never opened)")


class EmbeddedObjectOut(BaseModel):
    name: str
    content_type: str


class ImportReport(BaseModel):
    mapping_version: int
    mode: Literal["template", "mapped"] = Field(
        description="template: the portal's own template, every tagged field read exactly; mapped: a free "
        "layout read through the heading and label mapping"
    )
    converted_from: Literal["odt"] | None = None
    paragraphs: int
    tables: int
    placements: list[Placement]
    needs_review: list[ReviewItem]
    unmapped_blocks: int = Field(description="items kept in the draft's unmapped_content, in document order")
    images: list[ImageOut]
    external_links: list[ExternalLinkOut] = Field(description="reported, never followed")
    embedded_objects: list[EmbeddedObjectOut] = Field(description="reported, never opened")
