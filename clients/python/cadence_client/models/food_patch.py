from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FoodPatch")


@_attrs_define
class FoodPatch:
    """Only the fields given change; null clears brand, fibre, sugar or sodium.

    Attributes:
        name (None | str | Unset):
        brand (None | str | Unset):
        serving_size (float | None | Unset):
        serving_unit (None | str | Unset):
        kcal (float | None | Unset):
        protein_g (float | None | Unset):
        carbs_g (float | None | Unset):
        fat_g (float | None | Unset):
        fibre_g (float | None | Unset):
        sugar_g (float | None | Unset):
        sodium_mg (float | None | Unset):
    """

    name: None | str | Unset = UNSET
    brand: None | str | Unset = UNSET
    serving_size: float | None | Unset = UNSET
    serving_unit: None | str | Unset = UNSET
    kcal: float | None | Unset = UNSET
    protein_g: float | None | Unset = UNSET
    carbs_g: float | None | Unset = UNSET
    fat_g: float | None | Unset = UNSET
    fibre_g: float | None | Unset = UNSET
    sugar_g: float | None | Unset = UNSET
    sodium_mg: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        brand: None | str | Unset
        if isinstance(self.brand, Unset):
            brand = UNSET
        else:
            brand = self.brand

        serving_size: float | None | Unset
        if isinstance(self.serving_size, Unset):
            serving_size = UNSET
        else:
            serving_size = self.serving_size

        serving_unit: None | str | Unset
        if isinstance(self.serving_unit, Unset):
            serving_unit = UNSET
        else:
            serving_unit = self.serving_unit

        kcal: float | None | Unset
        if isinstance(self.kcal, Unset):
            kcal = UNSET
        else:
            kcal = self.kcal

        protein_g: float | None | Unset
        if isinstance(self.protein_g, Unset):
            protein_g = UNSET
        else:
            protein_g = self.protein_g

        carbs_g: float | None | Unset
        if isinstance(self.carbs_g, Unset):
            carbs_g = UNSET
        else:
            carbs_g = self.carbs_g

        fat_g: float | None | Unset
        if isinstance(self.fat_g, Unset):
            fat_g = UNSET
        else:
            fat_g = self.fat_g

        fibre_g: float | None | Unset
        if isinstance(self.fibre_g, Unset):
            fibre_g = UNSET
        else:
            fibre_g = self.fibre_g

        sugar_g: float | None | Unset
        if isinstance(self.sugar_g, Unset):
            sugar_g = UNSET
        else:
            sugar_g = self.sugar_g

        sodium_mg: float | None | Unset
        if isinstance(self.sodium_mg, Unset):
            sodium_mg = UNSET
        else:
            sodium_mg = self.sodium_mg

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if brand is not UNSET:
            field_dict["brand"] = brand
        if serving_size is not UNSET:
            field_dict["serving_size"] = serving_size
        if serving_unit is not UNSET:
            field_dict["serving_unit"] = serving_unit
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

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_brand(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        brand = _parse_brand(d.pop("brand", UNSET))

        def _parse_serving_size(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        serving_size = _parse_serving_size(d.pop("serving_size", UNSET))

        def _parse_serving_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        serving_unit = _parse_serving_unit(d.pop("serving_unit", UNSET))

        def _parse_kcal(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        kcal = _parse_kcal(d.pop("kcal", UNSET))

        def _parse_protein_g(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        protein_g = _parse_protein_g(d.pop("protein_g", UNSET))

        def _parse_carbs_g(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        carbs_g = _parse_carbs_g(d.pop("carbs_g", UNSET))

        def _parse_fat_g(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fat_g = _parse_fat_g(d.pop("fat_g", UNSET))

        def _parse_fibre_g(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fibre_g = _parse_fibre_g(d.pop("fibre_g", UNSET))

        def _parse_sugar_g(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        sugar_g = _parse_sugar_g(d.pop("sugar_g", UNSET))

        def _parse_sodium_mg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        sodium_mg = _parse_sodium_mg(d.pop("sodium_mg", UNSET))

        food_patch = cls(
            name=name,
            brand=brand,
            serving_size=serving_size,
            serving_unit=serving_unit,
            kcal=kcal,
            protein_g=protein_g,
            carbs_g=carbs_g,
            fat_g=fat_g,
            fibre_g=fibre_g,
            sugar_g=sugar_g,
            sodium_mg=sodium_mg,
        )

        return food_patch
