from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.weight_point import WeightPoint


T = TypeVar("T", bound="WeightSeries")


@_attrs_define
class WeightSeries:
    """Each day with a weight in the range; the moving average also counts weights from the six
    days before ``from``. Days without a measurement are left out (they are not zeros).

        Attributes:
            from_ (datetime.date):
            to (datetime.date):
            points (list[WeightPoint]):
    """

    from_: datetime.date
    to: datetime.date
    points: list[WeightPoint]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.weight_point import WeightPoint  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        points = []
        _points = d.pop("points")
        for points_item_data in _points:
            points_item = WeightPoint.from_dict(points_item_data)

            points.append(points_item)

        weight_series = cls(
            from_=from_,
            to=to,
            points=points,
        )

        weight_series.additional_properties = d
        return weight_series

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
