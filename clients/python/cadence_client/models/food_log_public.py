from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entry_status import EntryStatus
from ..models.food_log_kind import FoodLogKind

if TYPE_CHECKING:
    from ..models.food_public import FoodPublic
    from ..models.nutrients import Nutrients


T = TypeVar("T", bound="FoodLogPublic")


@_attrs_define
class FoodLogPublic:
    """
    Attributes:
        id (UUID):
        date (datetime.date):
        meal (str):
        kind (FoodLogKind):
        status (EntryStatus): A food, food log or workout session made from an OCR result is a ``draft`` until the user
            confirms it; drafts count in no total, series or record.
        quantity (float):
        food (FoodPublic):
        nutrients (Nutrients): Totals of some servings: kcal; protein, carbs, fat, fibre, sugar in g; sodium in mg
            (foods that do not state fibre, sugar or sodium add 0).
        source_job_id (None | UUID):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    date: datetime.date
    meal: str
    kind: FoodLogKind
    status: EntryStatus
    quantity: float
    food: FoodPublic
    nutrients: Nutrients
    source_job_id: None | UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        date = self.date.isoformat()

        meal = self.meal

        kind = self.kind.value

        status = self.status.value

        quantity = self.quantity

        food = self.food.to_dict()

        nutrients = self.nutrients.to_dict()

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
                "date": date,
                "meal": meal,
                "kind": kind,
                "status": status,
                "quantity": quantity,
                "food": food,
                "nutrients": nutrients,
                "source_job_id": source_job_id,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.food_public import FoodPublic  # noqa: PLC0415
        from ..models.nutrients import Nutrients  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        date = datetime.date.fromisoformat(d.pop("date"))

        meal = d.pop("meal")

        kind = FoodLogKind(d.pop("kind"))

        status = EntryStatus(d.pop("status"))

        quantity = d.pop("quantity")

        food = FoodPublic.from_dict(d.pop("food"))

        nutrients = Nutrients.from_dict(d.pop("nutrients"))

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

        food_log_public = cls(
            id=id,
            date=date,
            meal=meal,
            kind=kind,
            status=status,
            quantity=quantity,
            food=food,
            nutrients=nutrients,
            source_job_id=source_job_id,
            created_at=created_at,
            updated_at=updated_at,
        )

        food_log_public.additional_properties = d
        return food_log_public

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
