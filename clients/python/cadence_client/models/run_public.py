from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.segment_public import SegmentPublic


T = TypeVar("T", bound="RunPublic")


@_attrs_define
class RunPublic:
    """
    Attributes:
        id (UUID):
        started_at (datetime.datetime):
        ended_at (datetime.datetime):
        duration_s (float):
        distance_m (float):
        avg_hr (float | None):
        max_hr (float | None):
        avg_cadence (float | None):
        calories (float | None):
        created_at (datetime.datetime):
        segments (list[SegmentPublic]):
    """

    id: UUID
    started_at: datetime.datetime
    ended_at: datetime.datetime
    duration_s: float
    distance_m: float
    avg_hr: float | None
    max_hr: float | None
    avg_cadence: float | None
    calories: float | None
    created_at: datetime.datetime
    segments: list[SegmentPublic]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        started_at = self.started_at.isoformat()

        ended_at = self.ended_at.isoformat()

        duration_s = self.duration_s

        distance_m = self.distance_m

        avg_hr: float | None
        avg_hr = self.avg_hr

        max_hr: float | None
        max_hr = self.max_hr

        avg_cadence: float | None
        avg_cadence = self.avg_cadence

        calories: float | None
        calories = self.calories

        created_at = self.created_at.isoformat()

        segments = []
        for segments_item_data in self.segments:
            segments_item = segments_item_data.to_dict()
            segments.append(segments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "started_at": started_at,
                "ended_at": ended_at,
                "duration_s": duration_s,
                "distance_m": distance_m,
                "avg_hr": avg_hr,
                "max_hr": max_hr,
                "avg_cadence": avg_cadence,
                "calories": calories,
                "created_at": created_at,
                "segments": segments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.segment_public import SegmentPublic  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        ended_at = datetime.datetime.fromisoformat(d.pop("ended_at"))

        duration_s = d.pop("duration_s")

        distance_m = d.pop("distance_m")

        def _parse_avg_hr(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_hr = _parse_avg_hr(d.pop("avg_hr"))

        def _parse_max_hr(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        max_hr = _parse_max_hr(d.pop("max_hr"))

        def _parse_avg_cadence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_cadence = _parse_avg_cadence(d.pop("avg_cadence"))

        def _parse_calories(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        calories = _parse_calories(d.pop("calories"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        segments = []
        _segments = d.pop("segments")
        for segments_item_data in _segments:
            segments_item = SegmentPublic.from_dict(segments_item_data)

            segments.append(segments_item)

        run_public = cls(
            id=id,
            started_at=started_at,
            ended_at=ended_at,
            duration_s=duration_s,
            distance_m=distance_m,
            avg_hr=avg_hr,
            max_hr=max_hr,
            avg_cadence=avg_cadence,
            calories=calories,
            created_at=created_at,
            segments=segments,
        )

        run_public.additional_properties = d
        return run_public

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
