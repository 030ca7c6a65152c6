from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="PlanItemIn")


@_attrs_define
class PlanItemIn:
    """
    Attributes:
        food_id (UUID):
        quantity (float): Servings of the food
    """

    food_id: UUID
    quantity: float

    def to_dict(self) -> dict[str, Any]:
        food_id = str(self.food_id)

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "food_id": food_id,
                "quantity": quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        food_id = UUID(d.pop("food_id"))

        quantity = d.pop("quantity")

        plan_item_in = cls(
            food_id=food_id,
            quantity=quantity,
        )

        return plan_item_in
