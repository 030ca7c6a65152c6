from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.weekday import Weekday

if TYPE_CHECKING:
    from ..models.nutrients import Nutrients
    from ..models.plan_meal_public import PlanMealPublic


T = TypeVar("T", bound="DietPlanPublic")


@_attrs_define
class DietPlanPublic:
    """
    Attributes:
        id (UUID):
        name (str):
        days_of_week (list[Weekday]):
        is_active (bool):
        meals (list[PlanMealPublic]):
        totals (Nutrients): Totals of some servings: kcal; protein, carbs, fat, fibre, sugar in g; sodium in mg
            (foods that do not state fibre, sugar or sodium add 0).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    name: str
    days_of_week: list[Weekday]
    is_active: bool
    meals: list[PlanMealPublic]
    totals: Nutrients
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        days_of_week = []
        for days_of_week_item_data in self.days_of_week:
            days_of_week_item = days_of_week_item_data.value
            days_of_week.append(days_of_week_item)

        is_active = self.is_active

        meals = []
        for meals_item_data in self.meals:
            meals_item = meals_item_data.to_dict()
            meals.append(meals_item)

        totals = self.totals.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "days_of_week": days_of_week,
                "is_active": is_active,
                "meals": meals,
                "totals": totals,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nutrients import Nutrients  # noqa: PLC0415
        from ..models.plan_meal_public import PlanMealPublic  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        days_of_week = []
        _days_of_week = d.pop("days_of_week")
        for days_of_week_item_data in _days_of_week:
            days_of_week_item = Weekday(days_of_week_item_data)

            days_of_week.append(days_of_week_item)

        is_active = d.pop("is_active")

        meals = []
        _meals = d.pop("meals")
        for meals_item_data in _meals:
            meals_item = PlanMealPublic.from_dict(meals_item_data)

            meals.append(meals_item)

        totals = Nutrients.from_dict(d.pop("totals"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        diet_plan_public = cls(
            id=id,
            name=name,
            days_of_week=days_of_week,
            is_active=is_active,
            meals=meals,
            totals=totals,
            created_at=created_at,
            updated_at=updated_at,
        )

        diet_plan_public.additional_properties = d
        return diet_plan_public

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
