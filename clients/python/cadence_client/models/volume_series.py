from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.period_kind import PeriodKind

if TYPE_CHECKING:
    from ..models.volume_period import VolumePeriod


T = TypeVar("T", bound="VolumeSeries")


@_attrs_define
class VolumeSeries:
    """Every week (ISO, from Monday) or month touching the range, in ``tz``; only what started
    between ``from`` and ``to`` (in ``tz``) counts, so the first and last periods may be partial.
    Periods with nothing in them are listed with zeros.

        Attributes:
            from_ (datetime.date):
            to (datetime.date):
            group (PeriodKind):
            tz (str):
            periods (list[VolumePeriod]):
    """

    from_: datetime.date
    to: datetime.date
    group: PeriodKind
    tz: str
    periods: list[VolumePeriod]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        group = self.group.value

        tz = self.tz

        periods = []
        for periods_item_data in self.periods:
            periods_item = periods_item_data.to_dict()
            periods.append(periods_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "group": group,
                "tz": tz,
                "periods": periods,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.volume_period import VolumePeriod  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        group = PeriodKind(d.pop("group"))

        tz = d.pop("tz")

        periods = []
        _periods = d.pop("periods")
        for periods_item_data in _periods:
            periods_item = VolumePeriod.from_dict(periods_item_data)

            periods.append(periods_item)

        volume_series = cls(
            from_=from_,
            to=to,
            group=group,
            tz=tz,
            periods=periods,
        )

        volume_series.additional_properties = d
        return volume_series

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
