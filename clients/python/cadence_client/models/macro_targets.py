from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MacroTargets")


@_attrs_define
class MacroTargets:
    """What the day's plan adds up to: kcal and grams of protein, carbs and fat.

    Attributes:
        kcal (float):
        protein_g (float):
        carbs_g (float):
        fat_g (float):
    """

    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kcal = self.kcal

        protein_g = self.protein_g

        carbs_g = self.carbs_g

        fat_g = self.fat_g

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kcal": kcal,
                "protein_g": protein_g,
                "carbs_g": carbs_g,
                "fat_g": fat_g,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kcal = d.pop("kcal")

        protein_g = d.pop("protein_g")

        carbs_g = d.pop("carbs_g")

        fat_g = d.pop("fat_g")

        macro_targets = cls(
            kcal=kcal,
            protein_g=protein_g,
            carbs_g=carbs_g,
            fat_g=fat_g,
        )

        macro_targets.additional_properties = d
        return macro_targets

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
