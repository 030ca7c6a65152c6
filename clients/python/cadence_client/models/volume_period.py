from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VolumePeriod")


@_attrs_define
class VolumePeriod:
    """
    Attributes:
        start (datetime.date): First day of the period (Monday, or the 1st)
        end (datetime.date): Last day of the period, inclusive
        sessions (int):
        strength_volume_kg (float): Sum of reps * weight_kg of the sets
        strength_sets (int):
        runs (int):
        cardio_minutes (float):
        cardio_distance_km (float):
    """

    start: datetime.date
    end: datetime.date
    sessions: int
    strength_volume_kg: float
    strength_sets: int
    runs: int
    cardio_minutes: float
    cardio_distance_km: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        end = self.end.isoformat()

        sessions = self.sessions

        strength_volume_kg = self.strength_volume_kg

        strength_sets = self.strength_sets

        runs = self.runs

        cardio_minutes = self.cardio_minutes

        cardio_distance_km = self.cardio_distance_km

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "sessions": sessions,
                "strength_volume_kg": strength_volume_kg,
                "strength_sets": strength_sets,
                "runs": runs,
                "cardio_minutes": cardio_minutes,
                "cardio_distance_km": cardio_distance_km,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = datetime.date.fromisoformat(d.pop("start"))

        end = datetime.date.fromisoformat(d.pop("end"))

        sessions = d.pop("sessions")

        strength_volume_kg = d.pop("strength_volume_kg")

        strength_sets = d.pop("strength_sets")

        runs = d.pop("runs")

        cardio_minutes = d.pop("cardio_minutes")

        cardio_distance_km = d.pop("cardio_distance_km")

        volume_period = cls(
            start=start,
            end=end,
            sessions=sessions,
            strength_volume_kg=strength_volume_kg,
            strength_sets=strength_sets,
            runs=runs,
            cardio_minutes=cardio_minutes,
            cardio_distance_km=cardio_distance_km,
        )

        volume_period.additional_properties = d
        return volume_period

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
