from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.share_factor import ShareFactor
from ..models.share_state import ShareState

if TYPE_CHECKING:
    from ..models.share_recipient_out import ShareRecipientOut


T = TypeVar("T", bound="ShareOut")


@_attrs_define
class ShareOut:
    """
    Attributes:
        id (str):
        package_id (str):
        submission_id (None | str):
        jurisdiction (str):
        reference (str):
        recipient (ShareRecipientOut):
        factor (ShareFactor):
        state (ShareState):
        status (str): active | exhausted | expired | revoked | locked
        expires_at (datetime.datetime):
        max_downloads (int):
        downloads_started (int):
        downloads_completed (int):
        downloads_left (int):
        codes_sent (int):
        failed_codes (int):
        created_at (datetime.datetime):
        created_by (None | str):
        ended_at (datetime.datetime | None):
        last_access_at (datetime.datetime | None):
    """

    id: str
    package_id: str
    submission_id: None | str
    jurisdiction: str
    reference: str
    recipient: ShareRecipientOut
    factor: ShareFactor
    state: ShareState
    status: str
    expires_at: datetime.datetime
    max_downloads: int
    downloads_started: int
    downloads_completed: int
    downloads_left: int
    codes_sent: int
    failed_codes: int
    created_at: datetime.datetime
    created_by: None | str
    ended_at: datetime.datetime | None
    last_access_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        package_id = self.package_id

        submission_id: None | str
        submission_id = self.submission_id

        jurisdiction = self.jurisdiction

        reference = self.reference

        recipient = self.recipient.to_dict()

        factor = self.factor.value

        state = self.state.value

        status = self.status

        expires_at = self.expires_at.isoformat()

        max_downloads = self.max_downloads

        downloads_started = self.downloads_started

        downloads_completed = self.downloads_completed

        downloads_left = self.downloads_left

        codes_sent = self.codes_sent

        failed_codes = self.failed_codes

        created_at = self.created_at.isoformat()

        created_by: None | str
        created_by = self.created_by

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        last_access_at: None | str
        if isinstance(self.last_access_at, datetime.datetime):
            last_access_at = self.last_access_at.isoformat()
        else:
            last_access_at = self.last_access_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "package_id": package_id,
                "submission_id": submission_id,
                "jurisdiction": jurisdiction,
                "reference": reference,
                "recipient": recipient,
                "factor": factor,
                "state": state,
                "status": status,
                "expires_at": expires_at,
                "max_downloads": max_downloads,
                "downloads_started": downloads_started,
                "downloads_completed": downloads_completed,
                "downloads_left": downloads_left,
                "codes_sent": codes_sent,
                "failed_codes": failed_codes,
                "created_at": created_at,
                "created_by": created_by,
                "ended_at": ended_at,
                "last_access_at": last_access_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.share_recipient_out import ShareRecipientOut

        d = dict(src_dict)
        id = d.pop("id")

        package_id = d.pop("package_id")

        def _parse_submission_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        submission_id = _parse_submission_id(d.pop("submission_id"))

        jurisdiction = d.pop("jurisdiction")

        reference = d.pop("reference")

        recipient = ShareRecipientOut.from_dict(d.pop("recipient"))

        factor = ShareFactor(d.pop("factor"))

        state = ShareState(d.pop("state"))

        status = d.pop("status")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        max_downloads = d.pop("max_downloads")

        downloads_started = d.pop("downloads_started")

        downloads_completed = d.pop("downloads_completed")

        downloads_left = d.pop("downloads_left")

        codes_sent = d.pop("codes_sent")

        failed_codes = d.pop("failed_codes")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_created_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by = _parse_created_by(d.pop("created_by"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_last_access_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_access_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_access_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_access_at = _parse_last_access_at(d.pop("last_access_at"))

        share_out = cls(
            id=id,
            package_id=package_id,
            submission_id=submission_id,
            jurisdiction=jurisdiction,
            reference=reference,
            recipient=recipient,
            factor=factor,
            state=state,
            status=status,
            expires_at=expires_at,
            max_downloads=max_downloads,
            downloads_started=downloads_started,
            downloads_completed=downloads_completed,
            downloads_left=downloads_left,
            codes_sent=codes_sent,
            failed_codes=failed_codes,
            created_at=created_at,
            created_by=created_by,
            ended_at=ended_at,
            last_access_at=last_access_at,
        )

        share_out.additional_properties = d
        return share_out

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
