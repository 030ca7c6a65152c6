from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SessionTotals")


@_attrs_define
class SessionTotals:
    """
    Attributes:
        volume_kg (float): Sum of reps * weight_kg over the sets
        sets (int):
        duration_s (float | None): ended_at - started_at; null while open
    """

    volume_kg: float
    sets: int
    duration_s: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        volume_kg = self.volume_kg

        sets = self.sets

        duration_s: float | None
        duration_s = self.duration_s

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "volume_kg": volume_kg,
                "sets": sets,
                "duration_s": duration_s,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        volume_kg = d.pop("volume_kg")

        sets = d.pop("sets")

        def _parse_duration_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_s = _parse_duration_s(d.pop("duration_s"))

        session_totals = cls(
            volume_kg=volume_kg,
            sets=sets,
            duration_s=duration_s,
        )

        session_totals.additional_properties = d
        return session_totals

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
