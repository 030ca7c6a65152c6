from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.food_log_kind import FoodLogKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="FoodLogCreate")


@_attrs_define
class FoodLogCreate:
    """A planned entry is an upsert keyed by (date, meal, food): logging the same planned food
    again for that meal and day replaces its quantity. An ad-hoc entry is always a new one.

        Attributes:
            date (datetime.date):
            meal (str):
            food_id (UUID):
            quantity (float): Servings of the food
            id (None | Unset | UUID): Client-generated, for offline use
            kind (FoodLogKind | Unset):
    """

    date: datetime.date
    meal: str
    food_id: UUID
    quantity: float
    id: None | Unset | UUID = UNSET
    kind: FoodLogKind | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        meal = self.meal

        food_id = str(self.food_id)

        quantity = self.quantity

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        elif isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
                "meal": meal,
                "food_id": food_id,
                "quantity": quantity,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        meal = d.pop("meal")

        food_id = UUID(d.pop("food_id"))

        quantity = d.pop("quantity")

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

        _kind = d.pop("kind", UNSET)
        kind: FoodLogKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = FoodLogKind(_kind)

        food_log_create = cls(
            date=date,
            meal=meal,
            food_id=food_id,
            quantity=quantity,
            id=id,
            kind=kind,
        )

        return food_log_create
