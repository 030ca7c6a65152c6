from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WeightPoint")


@_attrs_define
class WeightPoint:
    """
    Attributes:
        date (datetime.date):
        weight_kg (float):
        moving_average_7d_kg (float): Mean of the weights measured in the 7 days ending on this date
    """

    date: datetime.date
    weight_kg: float
    moving_average_7d_kg: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        weight_kg = self.weight_kg

        moving_average_7d_kg = self.moving_average_7d_kg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "weight_kg": weight_kg,
                "moving_average_7d_kg": moving_average_7d_kg,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        weight_kg = d.pop("weight_kg")

        moving_average_7d_kg = d.pop("moving_average_7d_kg")

        weight_point = cls(
            date=date,
            weight_kg=weight_kg,
            moving_average_7d_kg=moving_average_7d_kg,
        )

        weight_point.additional_properties = d
        return weight_point

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
