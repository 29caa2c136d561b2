from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.org_out import OrgOut


T = TypeVar("T", bound="MeOut")


@_attrs_define
class MeOut:
    """
    Attributes:
        id (None | str):
        email (None | str):
        display_name (None | str):
        organization (OrgOut):
        role (Role):
        permissions (list[str]):
        auth (str):
        token_scopes (list[str] | None | Unset):
        csrf_token (None | str | Unset):
        mfa_passed (bool | Unset):  Default: False.
        mfa_required (bool | Unset): This session must pass a second factor before anything but enrolment Default:
            False.
        mfa_enrolled (bool | Unset):  Default: False.
        auth_method (None | str | Unset): password | oidc (sessions only)
    """

    id: None | str
    email: None | str
    display_name: None | str
    organization: OrgOut
    role: Role
    permissions: list[str]
    auth: str
    token_scopes: list[str] | None | Unset = UNSET
    csrf_token: None | str | Unset = UNSET
    mfa_passed: bool | Unset = False
    mfa_required: bool | Unset = False
    mfa_enrolled: bool | Unset = False
    auth_method: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: None | str
        id = self.id

        email: None | str
        email = self.email

        display_name: None | str
        display_name = self.display_name

        organization = self.organization.to_dict()

        role = self.role.value

        permissions = self.permissions

        auth = self.auth

        token_scopes: list[str] | None | Unset
        if isinstance(self.token_scopes, Unset):
            token_scopes = UNSET
        elif isinstance(self.token_scopes, list):
            token_scopes = self.token_scopes

        else:
            token_scopes = self.token_scopes

        csrf_token: None | str | Unset
        if isinstance(self.csrf_token, Unset):
            csrf_token = UNSET
        else:
            csrf_token = self.csrf_token

        mfa_passed = self.mfa_passed

        mfa_required = self.mfa_required

        mfa_enrolled = self.mfa_enrolled

        auth_method: None | str | Unset
        if isinstance(self.auth_method, Unset):
            auth_method = UNSET
        else:
            auth_method = self.auth_method

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "display_name": display_name,
                "organization": organization,
                "role": role,
                "permissions": permissions,
                "auth": auth,
            }
        )
        if token_scopes is not UNSET:
            field_dict["token_scopes"] = token_scopes
        if csrf_token is not UNSET:
            field_dict["csrf_token"] = csrf_token
        if mfa_passed is not UNSET:
            field_dict["mfa_passed"] = mfa_passed
        if mfa_required is not UNSET:
            field_dict["mfa_required"] = mfa_required
        if mfa_enrolled is not UNSET:
            field_dict["mfa_enrolled"] = mfa_enrolled
        if auth_method is not UNSET:
            field_dict["auth_method"] = auth_method

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.org_out import OrgOut

        d = dict(src_dict)

        def _parse_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        id = _parse_id(d.pop("id"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_display_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        display_name = _parse_display_name(d.pop("display_name"))

        organization = OrgOut.from_dict(d.pop("organization"))

        role = Role(d.pop("role"))

        permissions = cast(list[str], d.pop("permissions"))

        auth = d.pop("auth")

        def _parse_token_scopes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                token_scopes_type_0 = cast(list[str], data)

                return token_scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        token_scopes = _parse_token_scopes(d.pop("token_scopes", UNSET))

        def _parse_csrf_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        csrf_token = _parse_csrf_token(d.pop("csrf_token", UNSET))

        mfa_passed = d.pop("mfa_passed", UNSET)

        mfa_required = d.pop("mfa_required", UNSET)

        mfa_enrolled = d.pop("mfa_enrolled", UNSET)

        def _parse_auth_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        auth_method = _parse_auth_method(d.pop("auth_method", UNSET))

        me_out = cls(
            id=id,
            email=email,
            display_name=display_name,
            organization=organization,
            role=role,
            permissions=permissions,
            auth=auth,
            token_scopes=token_scopes,
            csrf_token=csrf_token,
            mfa_passed=mfa_passed,
            mfa_required=mfa_required,
            mfa_enrolled=mfa_enrolled,
            auth_method=auth_method,
        )

        me_out.additional_properties = d
        return me_out

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
