from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.nutrients import Nutrients
    from ..models.plan_item_public import PlanItemPublic


T = TypeVar("T", bound="PlanMealPublic")


@_attrs_define
class PlanMealPublic:
    """
    Attributes:
        id (UUID):
        name (str):
        position (int):
        time (None | str):
        items (list[PlanItemPublic]):
        totals (Nutrients): Totals of some servings: kcal; protein, carbs, fat, fibre, sugar in g; sodium in mg
            (foods that do not state fibre, sugar or sodium add 0).
    """

    id: UUID
    name: str
    position: int
    time: None | str
    items: list[PlanItemPublic]
    totals: Nutrients
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        position = self.position

        time: None | str
        time = self.time

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "position": position,
                "time": time,
                "items": items,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nutrients import Nutrients  # noqa: PLC0415
        from ..models.plan_item_public import PlanItemPublic  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        position = d.pop("position")

        def _parse_time(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        time = _parse_time(d.pop("time"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = PlanItemPublic.from_dict(items_item_data)

            items.append(items_item)

        totals = Nutrients.from_dict(d.pop("totals"))

        plan_meal_public = cls(
            id=id,
            name=name,
            position=position,
            time=time,
            items=items,
            totals=totals,
        )

        plan_meal_public.additional_properties = d
        return plan_meal_public

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
