from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_item_in import PlanItemIn


T = TypeVar("T", bound="PlanMealIn")


@_attrs_define
class PlanMealIn:
    """A meal of the plan; meals are ordered as listed (``position`` 0, 1, ...).

    Attributes:
        name (str):
        time (None | str | Unset): Local time of day, e.g. 08:30
        items (list[PlanItemIn] | Unset):
    """

    name: str
    time: None | str | Unset = UNSET
    items: list[PlanItemIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        time: None | str | Unset
        if isinstance(self.time, Unset):
            time = UNSET
        else:
            time = self.time

        items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item = items_item_data.to_dict()
                items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if time is not UNSET:
            field_dict["time"] = time
        if items is not UNSET:
            field_dict["items"] = items

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_item_in import PlanItemIn  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        time = _parse_time(d.pop("time", UNSET))

        _items = d.pop("items", UNSET)
        items: list[PlanItemIn] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = PlanItemIn.from_dict(items_item_data)

                items.append(items_item)

        plan_meal_in = cls(
            name=name,
            time=time,
            items=items,
        )

        return plan_meal_in
