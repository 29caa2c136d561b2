from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MfaChallengeOut")


@_attrs_define
class MfaChallengeOut:
    """The password was right; send a code with `challenge` to POST /auth/login/mfa. No session yet.

    Attributes:
        challenge (str):
        expires_at (datetime.datetime):
        mfa_required (bool | Unset):  Default: True.
        methods (list[str] | Unset):
    """

    challenge: str
    expires_at: datetime.datetime
    mfa_required: bool | Unset = True
    methods: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        challenge = self.challenge

        expires_at = self.expires_at.isoformat()

        mfa_required = self.mfa_required

        methods: list[str] | Unset = UNSET
        if not isinstance(self.methods, Unset):
            methods = self.methods

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "challenge": challenge,
                "expires_at": expires_at,
            }
        )
        if mfa_required is not UNSET:
            field_dict["mfa_required"] = mfa_required
        if methods is not UNSET:
            field_dict["methods"] = methods

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        challenge = d.pop("challenge")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        mfa_required = d.pop("mfa_required", UNSET)

        methods = cast(list[str], d.pop("methods", UNSET))

        mfa_challenge_out = cls(
            challenge=challenge,
            expires_at=expires_at,
            mfa_required=mfa_required,
            methods=methods,
        )

        mfa_challenge_out.additional_properties = d
        return mfa_challenge_out

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
