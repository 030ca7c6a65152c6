from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PeriodStats")


@_attrs_define
class PeriodStats:
    """
    Attributes:
        period_start (datetime.date): First day of the week (Monday) or month, UTC
        runs (int):
        distance_m (float):
        duration_s (float):
        avg_pace_s_per_km (float | None): Total time over total distance
        avg_hr (float | None): Weighted by each run's duration
    """

    period_start: datetime.date
    runs: int
    distance_m: float
    duration_s: float
    avg_pace_s_per_km: float | None
    avg_hr: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period_start = self.period_start.isoformat()

        runs = self.runs

        distance_m = self.distance_m

        duration_s = self.duration_s

        avg_pace_s_per_km: float | None
        avg_pace_s_per_km = self.avg_pace_s_per_km

        avg_hr: float | None
        avg_hr = self.avg_hr

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period_start": period_start,
                "runs": runs,
                "distance_m": distance_m,
                "duration_s": duration_s,
                "avg_pace_s_per_km": avg_pace_s_per_km,
                "avg_hr": avg_hr,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        runs = d.pop("runs")

        distance_m = d.pop("distance_m")

        duration_s = d.pop("duration_s")

        def _parse_avg_pace_s_per_km(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_pace_s_per_km = _parse_avg_pace_s_per_km(d.pop("avg_pace_s_per_km"))

        def _parse_avg_hr(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_hr = _parse_avg_hr(d.pop("avg_hr"))

        period_stats = cls(
            period_start=period_start,
            runs=runs,
            distance_m=distance_m,
            duration_s=duration_s,
            avg_pace_s_per_km=avg_pace_s_per_km,
            avg_hr=avg_hr,
        )

        period_stats.additional_properties = d
        return period_stats

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
