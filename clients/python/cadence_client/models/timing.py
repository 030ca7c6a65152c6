from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Timing")


@_attrs_define
class Timing:
    """Seconds: waiting for a worker, reading in it, and from upload to the outcome.

    Attributes:
        queued_s (float | None):
        work_s (float | None):
        total_s (float | None):
    """

    queued_s: float | None
    work_s: float | None
    total_s: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queued_s: float | None
        queued_s = self.queued_s

        work_s: float | None
        work_s = self.work_s

        total_s: float | None
        total_s = self.total_s

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "queued_s": queued_s,
                "work_s": work_s,
                "total_s": total_s,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_queued_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        queued_s = _parse_queued_s(d.pop("queued_s"))

        def _parse_work_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        work_s = _parse_work_s(d.pop("work_s"))

        def _parse_total_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        total_s = _parse_total_s(d.pop("total_s"))

        timing = cls(
            queued_s=queued_s,
            work_s=work_s,
            total_s=total_s,
        )

        timing.additional_properties = d
        return timing

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
