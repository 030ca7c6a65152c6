from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.weekday import Weekday
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_meal_in import PlanMealIn


T = TypeVar("T", bound="DietPlanCreate")


@_attrs_define
class DietPlanCreate:
    """
    Attributes:
        name (str):
        days_of_week (list[Weekday]):
        id (None | Unset | UUID): Client-generated, for offline use
        is_active (bool | Unset):  Default: True.
        meals (list[PlanMealIn] | Unset):
    """

    name: str
    days_of_week: list[Weekday]
    id: None | Unset | UUID = UNSET
    is_active: bool | Unset = True
    meals: list[PlanMealIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        days_of_week = []
        for days_of_week_item_data in self.days_of_week:
            days_of_week_item = days_of_week_item_data.value
            days_of_week.append(days_of_week_item)

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        elif isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        is_active = self.is_active

        meals: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.meals, Unset):
            meals = []
            for meals_item_data in self.meals:
                meals_item = meals_item_data.to_dict()
                meals.append(meals_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "days_of_week": days_of_week,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if meals is not UNSET:
            field_dict["meals"] = meals

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_meal_in import PlanMealIn  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        days_of_week = []
        _days_of_week = d.pop("days_of_week")
        for days_of_week_item_data in _days_of_week:
            days_of_week_item = Weekday(days_of_week_item_data)

            days_of_week.append(days_of_week_item)

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

        is_active = d.pop("is_active", UNSET)

        _meals = d.pop("meals", UNSET)
        meals: list[PlanMealIn] | Unset = UNSET
        if _meals is not UNSET:
            meals = []
            for meals_item_data in _meals:
                meals_item = PlanMealIn.from_dict(meals_item_data)

                meals.append(meals_item)

        diet_plan_create = cls(
            name=name,
            days_of_week=days_of_week,
            id=id,
            is_active=is_active,
            meals=meals,
        )

        return diet_plan_create
