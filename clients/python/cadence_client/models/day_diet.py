from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.weekday import Weekday

if TYPE_CHECKING:
    from ..models.food_log_public import FoodLogPublic
    from ..models.macro_targets import MacroTargets
    from ..models.nutrients import Nutrients
    from ..models.plan_meal_public import PlanMealPublic
    from ..models.plan_ref import PlanRef


T = TypeVar("T", bound="DayDiet")


@_attrs_define
class DayDiet:
    """One day: the plan's meals for its weekday, what was logged, totals, targets, adherence
    (``formulas.ADHERENCE_FORMULA``). Drafts (from OCR, not yet confirmed) are listed apart and
    count in no total.

        Attributes:
            date (datetime.date):
            weekday (Weekday):
            plan (None | PlanRef):
            meals (list[PlanMealPublic]):
            entries (list[FoodLogPublic]):
            drafts (list[FoodLogPublic]):
            totals (Nutrients): Totals of some servings: kcal; protein, carbs, fat, fibre, sugar in g; sodium in mg
                (foods that do not state fibre, sugar or sodium add 0).
            targets (MacroTargets | None):
            adherence (float | None): adherence = 100 - the average over kcal, protein, carbs and fat of |logged - target| /
                target * 100, clamped to 0-100 and rounded to 2 decimals. A macro whose target is 0 is left out; no plan for the
                day (or every target 0) gives null. A macro with nothing logged counts as 0 logged, so a planned day with
                nothing logged is 0.
    """

    date: datetime.date
    weekday: Weekday
    plan: None | PlanRef
    meals: list[PlanMealPublic]
    entries: list[FoodLogPublic]
    drafts: list[FoodLogPublic]
    totals: Nutrients
    targets: MacroTargets | None
    adherence: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.macro_targets import MacroTargets  # noqa: PLC0415
        from ..models.plan_ref import PlanRef  # noqa: PLC0415

        date = self.date.isoformat()

        weekday = self.weekday.value

        plan: dict[str, Any] | None
        if isinstance(self.plan, PlanRef):
            plan = self.plan.to_dict()
        else:
            plan = self.plan

        meals = []
        for meals_item_data in self.meals:
            meals_item = meals_item_data.to_dict()
            meals.append(meals_item)

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        drafts = []
        for drafts_item_data in self.drafts:
            drafts_item = drafts_item_data.to_dict()
            drafts.append(drafts_item)

        totals = self.totals.to_dict()

        targets: dict[str, Any] | None
        if isinstance(self.targets, MacroTargets):
            targets = self.targets.to_dict()
        else:
            targets = self.targets

        adherence: float | None
        adherence = self.adherence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "weekday": weekday,
                "plan": plan,
                "meals": meals,
                "entries": entries,
                "drafts": drafts,
                "totals": totals,
                "targets": targets,
                "adherence": adherence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.food_log_public import FoodLogPublic  # noqa: PLC0415
        from ..models.macro_targets import MacroTargets  # noqa: PLC0415
        from ..models.nutrients import Nutrients  # noqa: PLC0415
        from ..models.plan_meal_public import PlanMealPublic  # noqa: PLC0415
        from ..models.plan_ref import PlanRef  # noqa: PLC0415

        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        weekday = Weekday(d.pop("weekday"))

        def _parse_plan(data: object) -> None | PlanRef:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                plan_type_0 = PlanRef.from_dict(data)

                return plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanRef, data)

        plan = _parse_plan(d.pop("plan"))

        meals = []
        _meals = d.pop("meals")
        for meals_item_data in _meals:
            meals_item = PlanMealPublic.from_dict(meals_item_data)

            meals.append(meals_item)

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = FoodLogPublic.from_dict(entries_item_data)

            entries.append(entries_item)

        drafts = []
        _drafts = d.pop("drafts")
        for drafts_item_data in _drafts:
            drafts_item = FoodLogPublic.from_dict(drafts_item_data)

            drafts.append(drafts_item)

        totals = Nutrients.from_dict(d.pop("totals"))

        def _parse_targets(data: object) -> MacroTargets | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                targets_type_0 = MacroTargets.from_dict(data)

                return targets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MacroTargets | None, data)

        targets = _parse_targets(d.pop("targets"))

        def _parse_adherence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        adherence = _parse_adherence(d.pop("adherence"))

        day_diet = cls(
            date=date,
            weekday=weekday,
            plan=plan,
            meals=meals,
            entries=entries,
            drafts=drafts,
            totals=totals,
            targets=targets,
            adherence=adherence,
        )

        day_diet.additional_properties = d
        return day_diet

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
