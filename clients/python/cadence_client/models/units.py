from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.energy_unit import EnergyUnit
from ..models.height_unit import HeightUnit
from ..models.weight_unit import WeightUnit

T = TypeVar("T", bound="Units")


@_attrs_define
class Units:
    """
    Attributes:
        weight (WeightUnit):
        height (HeightUnit):
        energy (EnergyUnit):
    """

    weight: WeightUnit
    height: HeightUnit
    energy: EnergyUnit
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        weight = self.weight.value

        height = self.height.value

        energy = self.energy.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "weight": weight,
                "height": height,
                "energy": energy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        weight = WeightUnit(d.pop("weight"))

        height = HeightUnit(d.pop("height"))

        energy = EnergyUnit(d.pop("energy"))

        units = cls(
            weight=weight,
            height=height,
            energy=energy,
        )

        units.additional_properties = d
        return units

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
