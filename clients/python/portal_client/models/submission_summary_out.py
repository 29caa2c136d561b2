from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.channel import Channel
from ..models.submission_status import SubmissionStatus

if TYPE_CHECKING:
    from ..models.designation_out import DesignationOut


T = TypeVar("T", bound="SubmissionSummaryOut")


@_attrs_define
class SubmissionSummaryOut:
    """
    Attributes:
        id (str):
        package_id (str):
        status (SubmissionStatus):
        sent_on (datetime.date | None):
        channel (Channel | None):
        addressee (None | str):
        reference (None | str):
        follow_up_date (datetime.date | None):
        follow_up_due (bool):
        outcome_on (datetime.date | None):
        designation (DesignationOut | None):
        updated_at (datetime.datetime):
    """

    id: str
    package_id: str
    status: SubmissionStatus
    sent_on: datetime.date | None
    channel: Channel | None
    addressee: None | str
    reference: None | str
    follow_up_date: datetime.date | None
    follow_up_due: bool
    outcome_on: datetime.date | None
    designation: DesignationOut | None
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.designation_out import DesignationOut

        id = self.id

        package_id = self.package_id

        status = self.status.value

        sent_on: None | str
        if isinstance(self.sent_on, datetime.date):
            sent_on = self.sent_on.isoformat()
        else:
            sent_on = self.sent_on

        channel: None | str
        if isinstance(self.channel, Channel):
            channel = self.channel.value
        else:
            channel = self.channel

        addressee: None | str
        addressee = self.addressee

        reference: None | str
        reference = self.reference

        follow_up_date: None | str
        if isinstance(self.follow_up_date, datetime.date):
            follow_up_date = self.follow_up_date.isoformat()
        else:
            follow_up_date = self.follow_up_date

        follow_up_due = self.follow_up_due

        outcome_on: None | str
        if isinstance(self.outcome_on, datetime.date):
            outcome_on = self.outcome_on.isoformat()
        else:
            outcome_on = self.outcome_on

        designation: dict[str, Any] | None
        if isinstance(self.designation, DesignationOut):
            designation = self.designation.to_dict()
        else:
            designation = self.designation

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "package_id": package_id,
                "status": status,
                "sent_on": sent_on,
                "channel": channel,
                "addressee": addressee,
                "reference": reference,
                "follow_up_date": follow_up_date,
                "follow_up_due": follow_up_due,
                "outcome_on": outcome_on,
                "designation": designation,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.designation_out import DesignationOut

        d = dict(src_dict)
        id = d.pop("id")

        package_id = d.pop("package_id")

        status = SubmissionStatus(d.pop("status"))

        def _parse_sent_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_on_type_0 = datetime.date.fromisoformat(data)

                return sent_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        sent_on = _parse_sent_on(d.pop("sent_on"))

        def _parse_channel(data: object) -> Channel | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = Channel(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Channel | None, data)

        channel = _parse_channel(d.pop("channel"))

        def _parse_addressee(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        addressee = _parse_addressee(d.pop("addressee"))

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        def _parse_follow_up_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                follow_up_date_type_0 = datetime.date.fromisoformat(data)

                return follow_up_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        follow_up_date = _parse_follow_up_date(d.pop("follow_up_date"))

        follow_up_due = d.pop("follow_up_due")

        def _parse_outcome_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_on_type_0 = datetime.date.fromisoformat(data)

                return outcome_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        outcome_on = _parse_outcome_on(d.pop("outcome_on"))

        def _parse_designation(data: object) -> DesignationOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                designation_type_0 = DesignationOut.from_dict(data)

                return designation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DesignationOut | None, data)

        designation = _parse_designation(d.pop("designation"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        submission_summary_out = cls(
            id=id,
            package_id=package_id,
            status=status,
            sent_on=sent_on,
            channel=channel,
            addressee=addressee,
            reference=reference,
            follow_up_date=follow_up_date,
            follow_up_due=follow_up_due,
            outcome_on=outcome_on,
            designation=designation,
            updated_at=updated_at,
        )

        submission_summary_out.additional_properties = d
        return submission_summary_out

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
