from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FoodCreate")


@_attrs_define
class FoodCreate:
    """
    Attributes:
        name (str):
        serving_size (float): How much one serving is, in serving_unit
        serving_unit (str): "g", "ml", "piece", ...
        kcal (float):
        protein_g (float):
        carbs_g (float):
        fat_g (float):
        brand (None | str | Unset):
        fibre_g (float | None | Unset):
        sugar_g (float | None | Unset):
        sodium_mg (float | None | Unset):
        id (None | Unset | UUID): Client-generated, for offline use
    """

    name: str
    serving_size: float
    serving_unit: str
    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float
    brand: None | str | Unset = UNSET
    fibre_g: float | None | Unset = UNSET
    sugar_g: float | None | Unset = UNSET
    sodium_mg: float | None | Unset = UNSET
    id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        serving_size = self.serving_size

        serving_unit = self.serving_unit

        kcal = self.kcal

        protein_g = self.protein_g

        carbs_g = self.carbs_g

        fat_g = self.fat_g

        brand: None | str | Unset
        if isinstance(self.brand, Unset):
            brand = UNSET
        else:
            brand = self.brand

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

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        elif isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "serving_size": serving_size,
                "serving_unit": serving_unit,
                "kcal": kcal,
                "protein_g": protein_g,
                "carbs_g": carbs_g,
                "fat_g": fat_g,
            }
        )
        if brand is not UNSET:
            field_dict["brand"] = brand
        if fibre_g is not UNSET:
            field_dict["fibre_g"] = fibre_g
        if sugar_g is not UNSET:
            field_dict["sugar_g"] = sugar_g
        if sodium_mg is not UNSET:
            field_dict["sodium_mg"] = sodium_mg
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        serving_size = d.pop("serving_size")

        serving_unit = d.pop("serving_unit")

        kcal = d.pop("kcal")

        protein_g = d.pop("protein_g")

        carbs_g = d.pop("carbs_g")

        fat_g = d.pop("fat_g")

        def _parse_brand(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        brand = _parse_brand(d.pop("brand", UNSET))

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

        def _parse_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)

                return id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        id = _parse_id(d.pop("id", UNSET))

        food_create = cls(
            name=name,
            serving_size=serving_size,
            serving_unit=serving_unit,
            kcal=kcal,
            protein_g=protein_g,
            carbs_g=carbs_g,
            fat_g=fat_g,
            brand=brand,
            fibre_g=fibre_g,
            sugar_g=sugar_g,
            sodium_mg=sodium_mg,
            id=id,
        )

        return food_create
