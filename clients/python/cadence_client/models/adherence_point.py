from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.macro_targets import MacroTargets


T = TypeVar("T", bound="AdherencePoint")


@_attrs_define
class AdherencePoint:
    """
    Attributes:
        date (datetime.date):
        adherence (float | None): adherence = 100 - the average over kcal, protein, carbs and fat of |logged - target| /
            target * 100, clamped to 0-100 and rounded to 2 decimals. A macro whose target is 0 is left out; no plan for the
            day (or every target 0) gives null. A macro with nothing logged counts as 0 logged, so a planned day with
            nothing logged is 0.
        logged (MacroTargets): What the day's plan adds up to: kcal and grams of protein, carbs and fat.
        targets (MacroTargets | None):
    """

    date: datetime.date
    adherence: float | None
    logged: MacroTargets
    targets: MacroTargets | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.macro_targets import MacroTargets  # noqa: PLC0415

        date = self.date.isoformat()

        adherence: float | None
        adherence = self.adherence

        logged = self.logged.to_dict()

        targets: dict[str, Any] | None
        if isinstance(self.targets, MacroTargets):
            targets = self.targets.to_dict()
        else:
            targets = self.targets

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "adherence": adherence,
                "logged": logged,
                "targets": targets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.macro_targets import MacroTargets  # noqa: PLC0415

        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        def _parse_adherence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        adherence = _parse_adherence(d.pop("adherence"))

        logged = MacroTargets.from_dict(d.pop("logged"))

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

        adherence_point = cls(
            date=date,
            adherence=adherence,
            logged=logged,
            targets=targets,
        )

        adherence_point.additional_properties = d
        return adherence_point

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
