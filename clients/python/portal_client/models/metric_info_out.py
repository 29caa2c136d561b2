from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="MetricInfoOut")


@_attrs_define
class MetricInfoOut:
    """
    Attributes:
        id (str):
        title (str):
        group (str):
        definition (str):
        filters (list[str]):
        public (bool):
    """

    id: str
    title: str
    group: str
    definition: str
    filters: list[str]
    public: bool

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        group = self.group

        definition = self.definition

        filters = self.filters

        public = self.public

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "title": title,
                "group": group,
                "definition": definition,
                "filters": filters,
                "public": public,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        group = d.pop("group")

        definition = d.pop("definition")

        filters = cast(list[str], d.pop("filters"))

        public = d.pop("public")

        metric_info_out = cls(
            id=id,
            title=title,
            group=group,
            definition=definition,
            filters=filters,
            public=public,
        )

        return metric_info_out
