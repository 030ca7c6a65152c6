from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entry_status import EntryStatus

T = TypeVar("T", bound="FoodPublic")


@_attrs_define
class FoodPublic:
    """
    Attributes:
        id (UUID):
        name (str):
        brand (None | str):
        serving_size (float):
        serving_unit (str):
        kcal (float):
        protein_g (float):
        carbs_g (float):
        fat_g (float):
        fibre_g (float | None):
        sugar_g (float | None):
        sodium_mg (float | None):
        status (EntryStatus): A food, food log or workout session made from an OCR result is a ``draft`` until the user
            confirms it; drafts count in no total, series or record.
        source_job_id (None | UUID):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    name: str
    brand: None | str
    serving_size: float
    serving_unit: str
    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float
    fibre_g: float | None
    sugar_g: float | None
    sodium_mg: float | None
    status: EntryStatus
    source_job_id: None | UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        brand: None | str
        brand = self.brand

        serving_size = self.serving_size

        serving_unit = self.serving_unit

        kcal = self.kcal

        protein_g = self.protein_g

        carbs_g = self.carbs_g

        fat_g = self.fat_g

        fibre_g: float | None
        fibre_g = self.fibre_g

        sugar_g: float | None
        sugar_g = self.sugar_g

        sodium_mg: float | None
        sodium_mg = self.sodium_mg

        status = self.status.value

        source_job_id: None | str
        if isinstance(self.source_job_id, UUID):
            source_job_id = str(self.source_job_id)
        else:
            source_job_id = self.source_job_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "brand": brand,
                "serving_size": serving_size,
                "serving_unit": serving_unit,
                "kcal": kcal,
                "protein_g": protein_g,
                "carbs_g": carbs_g,
                "fat_g": fat_g,
                "fibre_g": fibre_g,
                "sugar_g": sugar_g,
                "sodium_mg": sodium_mg,
                "status": status,
                "source_job_id": source_job_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        def _parse_brand(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        brand = _parse_brand(d.pop("brand"))

        serving_size = d.pop("serving_size")

        serving_unit = d.pop("serving_unit")

        kcal = d.pop("kcal")

        protein_g = d.pop("protein_g")

        carbs_g = d.pop("carbs_g")

        fat_g = d.pop("fat_g")

        def _parse_fibre_g(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        fibre_g = _parse_fibre_g(d.pop("fibre_g"))

        def _parse_sugar_g(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        sugar_g = _parse_sugar_g(d.pop("sugar_g"))

        def _parse_sodium_mg(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        sodium_mg = _parse_sodium_mg(d.pop("sodium_mg"))

        status = EntryStatus(d.pop("status"))

        def _parse_source_job_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_job_id_type_0 = UUID(data)

                return source_job_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        source_job_id = _parse_source_job_id(d.pop("source_job_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        food_public = cls(
            id=id,
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
            status=status,
            source_job_id=source_job_id,
            created_at=created_at,
            updated_at=updated_at,
        )

        food_public.additional_properties = d
        return food_public

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
