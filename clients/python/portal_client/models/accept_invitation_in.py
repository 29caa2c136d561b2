from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AcceptInvitationIn")


@_attrs_define
class AcceptInvitationIn:
    """
    Attributes:
        token (str):
        display_name (str):
        password (None | str | Unset):
    """

    token: str
    display_name: str
    password: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        display_name = self.display_name

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "token": token,
                "display_name": display_name,
            }
        )
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        token = d.pop("token")

        display_name = d.pop("display_name")

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        accept_invitation_in = cls(
            token=token,
            display_name=display_name,
            password=password,
        )

        return accept_invitation_in
