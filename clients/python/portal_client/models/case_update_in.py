from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_update_in_content_type_0 import CaseUpdateInContentType0


T = TypeVar("T", bound="CaseUpdateIn")


@_attrs_define
class CaseUpdateIn:
    """
    Attributes:
        title (None | str | Unset):
        target_jurisdictions (list[str] | None | Unset):
        content (CaseUpdateInContentType0 | None | Unset):
    """

    title: None | str | Unset = UNSET
    target_jurisdictions: list[str] | None | Unset = UNSET
    content: CaseUpdateInContentType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.case_update_in_content_type_0 import CaseUpdateInContentType0

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        target_jurisdictions: list[str] | None | Unset
        if isinstance(self.target_jurisdictions, Unset):
            target_jurisdictions = UNSET
        elif isinstance(self.target_jurisdictions, list):
            target_jurisdictions = self.target_jurisdictions

        else:
            target_jurisdictions = self.target_jurisdictions

        content: dict[str, Any] | None | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, CaseUpdateInContentType0):
            content = self.content.to_dict()
        else:
            content = self.content

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if target_jurisdictions is not UNSET:
            field_dict["target_jurisdictions"] = target_jurisdictions
        if content is not UNSET:
            field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_update_in_content_type_0 import CaseUpdateInContentType0

        d = dict(src_dict)

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_target_jurisdictions(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                target_jurisdictions_type_0 = cast(list[str], data)

                return target_jurisdictions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        target_jurisdictions = _parse_target_jurisdictions(
            d.pop("target_jurisdictions", UNSET)
        )

        def _parse_content(data: object) -> CaseUpdateInContentType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_0 = CaseUpdateInContentType0.from_dict(data)

                return content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CaseUpdateInContentType0 | None | Unset, data)

        content = _parse_content(d.pop("content", UNSET))

        case_update_in = cls(
            title=title,
            target_jurisdictions=target_jurisdictions,
            content=content,
        )

        return case_update_in
