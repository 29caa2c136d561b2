from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_report_mode import ImportReportMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.embedded_object_out import EmbeddedObjectOut
    from ..models.external_link_out import ExternalLinkOut
    from ..models.image_out import ImageOut
    from ..models.placement import Placement
    from ..models.review_item import ReviewItem


T = TypeVar("T", bound="ImportReport")


@_attrs_define
class ImportReport:
    """
    Attributes:
        mapping_version (int):
        mode (ImportReportMode): template: the portal's own template, every tagged field read exactly; mapped: a free
            layout read through the heading and label mapping
        paragraphs (int):
        tables (int):
        placements (list[Placement]):
        needs_review (list[ReviewItem]):
        unmapped_blocks (int): items kept in the draft's unmapped_content, in document order
        images (list[ImageOut]):
        external_links (list[ExternalLinkOut]): reported, never followed
        embedded_objects (list[EmbeddedObjectOut]): reported, never opened
        converted_from (Literal['odt'] | None | Unset):
    """

    mapping_version: int
    mode: ImportReportMode
    paragraphs: int
    tables: int
    placements: list[Placement]
    needs_review: list[ReviewItem]
    unmapped_blocks: int
    images: list[ImageOut]
    external_links: list[ExternalLinkOut]
    embedded_objects: list[EmbeddedObjectOut]
    converted_from: Literal["odt"] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mapping_version = self.mapping_version

        mode = self.mode.value

        paragraphs = self.paragraphs

        tables = self.tables

        placements = []
        for placements_item_data in self.placements:
            placements_item = placements_item_data.to_dict()
            placements.append(placements_item)

        needs_review = []
        for needs_review_item_data in self.needs_review:
            needs_review_item = needs_review_item_data.to_dict()
            needs_review.append(needs_review_item)

        unmapped_blocks = self.unmapped_blocks

        images = []
        for images_item_data in self.images:
            images_item = images_item_data.to_dict()
            images.append(images_item)

        external_links = []
        for external_links_item_data in self.external_links:
            external_links_item = external_links_item_data.to_dict()
            external_links.append(external_links_item)

        embedded_objects = []
        for embedded_objects_item_data in self.embedded_objects:
            embedded_objects_item = embedded_objects_item_data.to_dict()
            embedded_objects.append(embedded_objects_item)

        converted_from: Literal["odt"] | None | Unset
        if isinstance(self.converted_from, Unset):
            converted_from = UNSET
        else:
            converted_from = self.converted_from

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mapping_version": mapping_version,
                "mode": mode,
                "paragraphs": paragraphs,
                "tables": tables,
                "placements": placements,
                "needs_review": needs_review,
                "unmapped_blocks": unmapped_blocks,
                "images": images,
                "external_links": external_links,
                "embedded_objects": embedded_objects,
            }
        )
        if converted_from is not UNSET:
            field_dict["converted_from"] = converted_from

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.embedded_object_out import EmbeddedObjectOut
        from ..models.external_link_out import ExternalLinkOut
        from ..models.image_out import ImageOut
        from ..models.placement import Placement
        from ..models.review_item import ReviewItem

        d = dict(src_dict)
        mapping_version = d.pop("mapping_version")

        mode = ImportReportMode(d.pop("mode"))

        paragraphs = d.pop("paragraphs")

        tables = d.pop("tables")

        placements = []
        _placements = d.pop("placements")
        for placements_item_data in _placements:
            placements_item = Placement.from_dict(placements_item_data)

            placements.append(placements_item)

        needs_review = []
        _needs_review = d.pop("needs_review")
        for needs_review_item_data in _needs_review:
            needs_review_item = ReviewItem.from_dict(needs_review_item_data)

            needs_review.append(needs_review_item)

        unmapped_blocks = d.pop("unmapped_blocks")

        images = []
        _images = d.pop("images")
        for images_item_data in _images:
            images_item = ImageOut.from_dict(images_item_data)

            images.append(images_item)

        external_links = []
        _external_links = d.pop("external_links")
        for external_links_item_data in _external_links:
            external_links_item = ExternalLinkOut.from_dict(external_links_item_data)

            external_links.append(external_links_item)

        embedded_objects = []
        _embedded_objects = d.pop("embedded_objects")
        for embedded_objects_item_data in _embedded_objects:
            embedded_objects_item = EmbeddedObjectOut.from_dict(
                embedded_objects_item_data
            )

            embedded_objects.append(embedded_objects_item)

        def _parse_converted_from(data: object) -> Literal["odt"] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            converted_from_type_0 = cast(Literal["odt"], data)
            if converted_from_type_0 != "odt":
                raise ValueError(
                    f"converted_from_type_0 must match const 'odt', got '{converted_from_type_0}'"
                )
            return converted_from_type_0
            return cast(Literal["odt"] | None | Unset, data)

        converted_from = _parse_converted_from(d.pop("converted_from", UNSET))

        import_report = cls(
            mapping_version=mapping_version,
            mode=mode,
            paragraphs=paragraphs,
            tables=tables,
            placements=placements,
            needs_review=needs_review,
            unmapped_blocks=unmapped_blocks,
            images=images,
            external_links=external_links,
            embedded_objects=embedded_objects,
            converted_from=converted_from,
        )

        import_report.additional_properties = d
        return import_report

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
