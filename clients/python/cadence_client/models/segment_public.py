from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SegmentPublic")


@_attrs_define
class SegmentPublic:
    """
    Attributes:
        position (int):
        apple_music_id (None | str):
        track_id (None | UUID):
        started_at (datetime.datetime):
        ended_at (datetime.datetime):
        avg_hr (float | None):
        avg_cadence (float | None):
    """

    position: int
    apple_music_id: None | str
    track_id: None | UUID
    started_at: datetime.datetime
    ended_at: datetime.datetime
    avg_hr: float | None
    avg_cadence: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        apple_music_id: None | str
        apple_music_id = self.apple_music_id

        track_id: None | str
        if isinstance(self.track_id, UUID):
            track_id = str(self.track_id)
        else:
            track_id = self.track_id

        started_at = self.started_at.isoformat()

        ended_at = self.ended_at.isoformat()

        avg_hr: float | None
        avg_hr = self.avg_hr

        avg_cadence: float | None
        avg_cadence = self.avg_cadence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "apple_music_id": apple_music_id,
                "track_id": track_id,
                "started_at": started_at,
                "ended_at": ended_at,
                "avg_hr": avg_hr,
                "avg_cadence": avg_cadence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        def _parse_apple_music_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        apple_music_id = _parse_apple_music_id(d.pop("apple_music_id"))

        def _parse_track_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                track_id_type_0 = UUID(data)

                return track_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        track_id = _parse_track_id(d.pop("track_id"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        ended_at = datetime.datetime.fromisoformat(d.pop("ended_at"))

        def _parse_avg_hr(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_hr = _parse_avg_hr(d.pop("avg_hr"))

        def _parse_avg_cadence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_cadence = _parse_avg_cadence(d.pop("avg_cadence"))

        segment_public = cls(
            position=position,
            apple_music_id=apple_music_id,
            track_id=track_id,
            started_at=started_at,
            ended_at=ended_at,
            avg_hr=avg_hr,
            avg_cadence=avg_cadence,
        )

        segment_public.additional_properties = d
        return segment_public

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
