from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.timestamp_out_state import TimestampOutState

if TYPE_CHECKING:
    from ..models.timestamp_check_out import TimestampCheckOut


T = TypeVar("T", bound="TimestampOut")


@_attrs_define
class TimestampOut:
    """
    Attributes:
        evidence_id (str):
        sha256 (str): the original's SHA-256, which the token stamps
        state (TimestampOutState):
        note (str):
        tsa (None | str):
        gen_time (datetime.datetime | None):
        serial (None | str):
        attempts (int):
        token_base64 (None | str): the TSA's reply (DER TimeStampResp), base64
        verification (None | TimestampCheckOut):
        verify_offline (None | str): the openssl command line that checks the token
    """

    evidence_id: str
    sha256: str
    state: TimestampOutState
    note: str
    tsa: None | str
    gen_time: datetime.datetime | None
    serial: None | str
    attempts: int
    token_base64: None | str
    verification: None | TimestampCheckOut
    verify_offline: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.timestamp_check_out import TimestampCheckOut

        evidence_id = self.evidence_id

        sha256 = self.sha256

        state = self.state.value

        note = self.note

        tsa: None | str
        tsa = self.tsa

        gen_time: None | str
        if isinstance(self.gen_time, datetime.datetime):
            gen_time = self.gen_time.isoformat()
        else:
            gen_time = self.gen_time

        serial: None | str
        serial = self.serial

        attempts = self.attempts

        token_base64: None | str
        token_base64 = self.token_base64

        verification: dict[str, Any] | None
        if isinstance(self.verification, TimestampCheckOut):
            verification = self.verification.to_dict()
        else:
            verification = self.verification

        verify_offline: None | str
        verify_offline = self.verify_offline

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evidence_id": evidence_id,
                "sha256": sha256,
                "state": state,
                "note": note,
                "tsa": tsa,
                "gen_time": gen_time,
                "serial": serial,
                "attempts": attempts,
                "token_base64": token_base64,
                "verification": verification,
                "verify_offline": verify_offline,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.timestamp_check_out import TimestampCheckOut

        d = dict(src_dict)
        evidence_id = d.pop("evidence_id")

        sha256 = d.pop("sha256")

        state = TimestampOutState(d.pop("state"))

        note = d.pop("note")

        def _parse_tsa(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tsa = _parse_tsa(d.pop("tsa"))

        def _parse_gen_time(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gen_time_type_0 = datetime.datetime.fromisoformat(data)

                return gen_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        gen_time = _parse_gen_time(d.pop("gen_time"))

        def _parse_serial(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        serial = _parse_serial(d.pop("serial"))

        attempts = d.pop("attempts")

        def _parse_token_base64(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        token_base64 = _parse_token_base64(d.pop("token_base64"))

        def _parse_verification(data: object) -> None | TimestampCheckOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                verification_type_0 = TimestampCheckOut.from_dict(data)

                return verification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimestampCheckOut, data)

        verification = _parse_verification(d.pop("verification"))

        def _parse_verify_offline(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        verify_offline = _parse_verify_offline(d.pop("verify_offline"))

        timestamp_out = cls(
            evidence_id=evidence_id,
            sha256=sha256,
            state=state,
            note=note,
            tsa=tsa,
            gen_time=gen_time,
            serial=serial,
            attempts=attempts,
            token_base64=token_base64,
            verification=verification,
            verify_offline=verify_offline,
        )

        timestamp_out.additional_properties = d
        return timestamp_out

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
