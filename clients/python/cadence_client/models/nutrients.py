from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Nutrients")


@_attrs_define
class Nutrients:
    """Totals of some servings: kcal; protein, carbs, fat, fibre, sugar in g; sodium in mg
    (foods that do not state fibre, sugar or sodium add 0).

        Attributes:
            kcal (float | Unset):  Default: 0.0.
            protein_g (float | Unset):  Default: 0.0.
            carbs_g (float | Unset):  Default: 0.0.
            fat_g (float | Unset):  Default: 0.0.
            fibre_g (float | Unset):  Default: 0.0.
            sugar_g (float | Unset):  Default: 0.0.
            sodium_mg (float | Unset):  Default: 0.0.
    """

    kcal: float | Unset = 0.0
    protein_g: float | Unset = 0.0
    carbs_g: float | Unset = 0.0
    fat_g: float | Unset = 0.0
    fibre_g: float | Unset = 0.0
    sugar_g: float | Unset = 0.0
    sodium_mg: float | Unset = 0.0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kcal = self.kcal

        protein_g = self.protein_g

        carbs_g = self.carbs_g

        fat_g = self.fat_g

        fibre_g = self.fibre_g

        sugar_g = self.sugar_g

        sodium_mg = self.sodium_mg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if kcal is not UNSET:
            field_dict["kcal"] = kcal
        if protein_g is not UNSET:
            field_dict["protein_g"] = protein_g
        if carbs_g is not UNSET:
            field_dict["carbs_g"] = carbs_g
        if fat_g is not UNSET:
            field_dict["fat_g"] = fat_g
        if fibre_g is not UNSET:
            field_dict["fibre_g"] = fibre_g
        if sugar_g is not UNSET:
            field_dict["sugar_g"] = sugar_g
        if sodium_mg is not UNSET:
            field_dict["sodium_mg"] = sodium_mg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kcal = d.pop("kcal", UNSET)

        protein_g = d.pop("protein_g", UNSET)

        carbs_g = d.pop("carbs_g", UNSET)

        fat_g = d.pop("fat_g", UNSET)

        fibre_g = d.pop("fibre_g", UNSET)

        sugar_g = d.pop("sugar_g", UNSET)

        sodium_mg = d.pop("sodium_mg", UNSET)

        nutrients = cls(
            kcal=kcal,
            protein_g=protein_g,
            carbs_g=carbs_g,
            fat_g=fat_g,
            fibre_g=fibre_g,
            sugar_g=sugar_g,
            sodium_mg=sodium_mg,
        )

        nutrients.additional_properties = d
        return nutrients

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
