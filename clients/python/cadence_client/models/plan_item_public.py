from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.food_public import FoodPublic
    from ..models.nutrients import Nutrients


T = TypeVar("T", bound="PlanItemPublic")


@_attrs_define
class PlanItemPublic:
    """
    Attributes:
        id (UUID):
        position (int):
        quantity (float):
        food (FoodPublic):
        nutrients (Nutrients): Totals of some servings: kcal; protein, carbs, fat, fibre, sugar in g; sodium in mg
            (foods that do not state fibre, sugar or sodium add 0).
    """

    id: UUID
    position: int
    quantity: float
    food: FoodPublic
    nutrients: Nutrients
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        position = self.position

        quantity = self.quantity

        food = self.food.to_dict()

        nutrients = self.nutrients.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "position": position,
                "quantity": quantity,
                "food": food,
                "nutrients": nutrients,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.food_public import FoodPublic  # noqa: PLC0415
        from ..models.nutrients import Nutrients  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        position = d.pop("position")

        quantity = d.pop("quantity")

        food = FoodPublic.from_dict(d.pop("food"))

        nutrients = Nutrients.from_dict(d.pop("nutrients"))

        plan_item_public = cls(
            id=id,
            position=position,
            quantity=quantity,
            food=food,
            nutrients=nutrients,
        )

        plan_item_public.additional_properties = d
        return plan_item_public

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
