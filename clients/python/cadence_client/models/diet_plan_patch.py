from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.weekday import Weekday
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_meal_in import PlanMealIn


T = TypeVar("T", bound="DietPlanPatch")


@_attrs_define
class DietPlanPatch:
    """Only the fields given change; ``meals``, when given, replaces every meal.

    Attributes:
        name (None | str | Unset):
        days_of_week (list[Weekday] | None | Unset):
        is_active (bool | None | Unset):
        meals (list[PlanMealIn] | None | Unset):
    """

    name: None | str | Unset = UNSET
    days_of_week: list[Weekday] | None | Unset = UNSET
    is_active: bool | None | Unset = UNSET
    meals: list[PlanMealIn] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        days_of_week: list[str] | None | Unset
        if isinstance(self.days_of_week, Unset):
            days_of_week = UNSET
        elif isinstance(self.days_of_week, list):
            days_of_week = []
            for days_of_week_type_0_item_data in self.days_of_week:
                days_of_week_type_0_item = days_of_week_type_0_item_data.value
                days_of_week.append(days_of_week_type_0_item)

        else:
            days_of_week = self.days_of_week

        is_active: bool | None | Unset
        if isinstance(self.is_active, Unset):
            is_active = UNSET
        else:
            is_active = self.is_active

        meals: list[dict[str, Any]] | None | Unset
        if isinstance(self.meals, Unset):
            meals = UNSET
        elif isinstance(self.meals, list):
            meals = []
            for meals_type_0_item_data in self.meals:
                meals_type_0_item = meals_type_0_item_data.to_dict()
                meals.append(meals_type_0_item)

        else:
            meals = self.meals

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if days_of_week is not UNSET:
            field_dict["days_of_week"] = days_of_week
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if meals is not UNSET:
            field_dict["meals"] = meals

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_meal_in import PlanMealIn  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_days_of_week(data: object) -> list[Weekday] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                days_of_week_type_0 = []
                _days_of_week_type_0 = data
                for days_of_week_type_0_item_data in _days_of_week_type_0:
                    days_of_week_type_0_item = Weekday(days_of_week_type_0_item_data)

                    days_of_week_type_0.append(days_of_week_type_0_item)

                return days_of_week_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Weekday] | None | Unset, data)

        days_of_week = _parse_days_of_week(d.pop("days_of_week", UNSET))

        def _parse_is_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_active = _parse_is_active(d.pop("is_active", UNSET))

        def _parse_meals(data: object) -> list[PlanMealIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                meals_type_0 = []
                _meals_type_0 = data
                for meals_type_0_item_data in _meals_type_0:
                    meals_type_0_item = PlanMealIn.from_dict(meals_type_0_item_data)

                    meals_type_0.append(meals_type_0_item)

                return meals_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PlanMealIn] | None | Unset, data)

        meals = _parse_meals(d.pop("meals", UNSET))

        diet_plan_patch = cls(
            name=name,
            days_of_week=days_of_week,
            is_active=is_active,
            meals=meals,
        )

        return diet_plan_patch
