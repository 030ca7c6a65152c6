from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.adherence_point import AdherencePoint


T = TypeVar("T", bound="AdherenceSeries")


@_attrs_define
class AdherenceSeries:
    """Every day of the range, with the day view's adherence (``formulas.ADHERENCE_FORMULA``).

    Attributes:
        from_ (datetime.date):
        to (datetime.date):
        average (float | None): Mean over the days that have an adherence
        days (list[AdherencePoint]):
    """

    from_: datetime.date
    to: datetime.date
    average: float | None
    days: list[AdherencePoint]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        average: float | None
        average = self.average

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "average": average,
                "days": days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.adherence_point import AdherencePoint  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        def _parse_average(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        average = _parse_average(d.pop("average"))

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = AdherencePoint.from_dict(days_item_data)

            days.append(days_item)

        adherence_series = cls(
            from_=from_,
            to=to,
            average=average,
            days=days,
        )

        adherence_series.additional_properties = d
        return adherence_series

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
