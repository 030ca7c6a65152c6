from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.energy_unit import EnergyUnit
from ..models.height_unit import HeightUnit
from ..models.weight_unit import WeightUnit
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProfilePatch")


@_attrs_define
class ProfilePatch:
    """Only the fields given change. Units are display preferences: data is stored metric.

    Attributes:
        name (None | str | Unset):
        weight_unit (None | Unset | WeightUnit):
        height_unit (HeightUnit | None | Unset):
        energy_unit (EnergyUnit | None | Unset):
    """

    name: None | str | Unset = UNSET
    weight_unit: None | Unset | WeightUnit = UNSET
    height_unit: HeightUnit | None | Unset = UNSET
    energy_unit: EnergyUnit | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        weight_unit: None | str | Unset
        if isinstance(self.weight_unit, Unset):
            weight_unit = UNSET
        elif isinstance(self.weight_unit, WeightUnit):
            weight_unit = self.weight_unit.value
        else:
            weight_unit = self.weight_unit

        height_unit: None | str | Unset
        if isinstance(self.height_unit, Unset):
            height_unit = UNSET
        elif isinstance(self.height_unit, HeightUnit):
            height_unit = self.height_unit.value
        else:
            height_unit = self.height_unit

        energy_unit: None | str | Unset
        if isinstance(self.energy_unit, Unset):
            energy_unit = UNSET
        elif isinstance(self.energy_unit, EnergyUnit):
            energy_unit = self.energy_unit.value
        else:
            energy_unit = self.energy_unit

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if weight_unit is not UNSET:
            field_dict["weight_unit"] = weight_unit
        if height_unit is not UNSET:
            field_dict["height_unit"] = height_unit
        if energy_unit is not UNSET:
            field_dict["energy_unit"] = energy_unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_weight_unit(data: object) -> None | Unset | WeightUnit:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                weight_unit_type_0 = WeightUnit(data)

                return weight_unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WeightUnit, data)

        weight_unit = _parse_weight_unit(d.pop("weight_unit", UNSET))

        def _parse_height_unit(data: object) -> HeightUnit | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                height_unit_type_0 = HeightUnit(data)

                return height_unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HeightUnit | None | Unset, data)

        height_unit = _parse_height_unit(d.pop("height_unit", UNSET))

        def _parse_energy_unit(data: object) -> EnergyUnit | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                energy_unit_type_0 = EnergyUnit(data)

                return energy_unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnergyUnit | None | Unset, data)

        energy_unit = _parse_energy_unit(d.pop("energy_unit", UNSET))

        profile_patch = cls(
            name=name,
            weight_unit=weight_unit,
            height_unit=height_unit,
            energy_unit=energy_unit,
        )

        return profile_patch
