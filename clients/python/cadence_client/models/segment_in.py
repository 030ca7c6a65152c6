from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SegmentIn")


@_attrs_define
class SegmentIn:
    """
    Attributes:
        started_at (datetime.datetime): UTC, from 1970-01-01T00:00:00Z to now + 1 day
        ended_at (datetime.datetime): UTC, from 1970-01-01T00:00:00Z to now + 1 day
        apple_music_id (None | str | Unset):
        track_id (None | Unset | UUID):
        avg_hr (float | None | Unset):
        avg_cadence (float | None | Unset):
    """

    started_at: datetime.datetime
    ended_at: datetime.datetime
    apple_music_id: None | str | Unset = UNSET
    track_id: None | Unset | UUID = UNSET
    avg_hr: float | None | Unset = UNSET
    avg_cadence: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        started_at = self.started_at.isoformat()

        ended_at = self.ended_at.isoformat()

        apple_music_id: None | str | Unset
        if isinstance(self.apple_music_id, Unset):
            apple_music_id = UNSET
        else:
            apple_music_id = self.apple_music_id

        track_id: None | str | Unset
        if isinstance(self.track_id, Unset):
            track_id = UNSET
        elif isinstance(self.track_id, UUID):
            track_id = str(self.track_id)
        else:
            track_id = self.track_id

        avg_hr: float | None | Unset
        if isinstance(self.avg_hr, Unset):
            avg_hr = UNSET
        else:
            avg_hr = self.avg_hr

        avg_cadence: float | None | Unset
        if isinstance(self.avg_cadence, Unset):
            avg_cadence = UNSET
        else:
            avg_cadence = self.avg_cadence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "started_at": started_at,
                "ended_at": ended_at,
            }
        )
        if apple_music_id is not UNSET:
            field_dict["apple_music_id"] = apple_music_id
        if track_id is not UNSET:
            field_dict["track_id"] = track_id
        if avg_hr is not UNSET:
            field_dict["avg_hr"] = avg_hr
        if avg_cadence is not UNSET:
            field_dict["avg_cadence"] = avg_cadence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        ended_at = datetime.datetime.fromisoformat(d.pop("ended_at"))

        def _parse_apple_music_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        apple_music_id = _parse_apple_music_id(d.pop("apple_music_id", UNSET))

        def _parse_track_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                track_id_type_0 = UUID(data)

                return track_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        track_id = _parse_track_id(d.pop("track_id", UNSET))

        def _parse_avg_hr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        avg_hr = _parse_avg_hr(d.pop("avg_hr", UNSET))

        def _parse_avg_cadence(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        avg_cadence = _parse_avg_cadence(d.pop("avg_cadence", UNSET))

        segment_in = cls(
            started_at=started_at,
            ended_at=ended_at,
            apple_music_id=apple_music_id,
            track_id=track_id,
            avg_hr=avg_hr,
            avg_cadence=avg_cadence,
        )

        return segment_in
