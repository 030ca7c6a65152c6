from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Waveform")


@_attrs_define
class Waveform:
    """
    Attributes:
        points (int):
        duration_s (float):
        peaks (list[list[float]]): [min, max] of each bucket, -1..1
    """

    points: int
    duration_s: float
    peaks: list[list[float]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        points = self.points

        duration_s = self.duration_s

        peaks = []
        for peaks_item_data in self.peaks:
            peaks_item = peaks_item_data

            peaks.append(peaks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "points": points,
                "duration_s": duration_s,
                "peaks": peaks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        points = d.pop("points")

        duration_s = d.pop("duration_s")

        peaks = []
        _peaks = d.pop("peaks")
        for peaks_item_data in _peaks:
            peaks_item = cast(list[float], peaks_item_data)

            peaks.append(peaks_item)

        waveform = cls(
            points=points,
            duration_s=duration_s,
            peaks=peaks,
        )

        waveform.additional_properties = d
        return waveform

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
