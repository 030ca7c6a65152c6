from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyMetricWrite")


@_attrs_define
class BodyMetricWrite:
    """One day's measurements: upserted by ``date`` (every field is replaced).

    Attributes:
        date (datetime.date):
        weight_kg (float | None | Unset):
        body_fat_pct (float | None | Unset):
        waist_cm (float | None | Unset):
        hip_cm (float | None | Unset):
        chest_cm (float | None | Unset):
        resting_hr (int | None | Unset):
        notes (None | str | Unset):
    """

    date: datetime.date
    weight_kg: float | None | Unset = UNSET
    body_fat_pct: float | None | Unset = UNSET
    waist_cm: float | None | Unset = UNSET
    hip_cm: float | None | Unset = UNSET
    chest_cm: float | None | Unset = UNSET
    resting_hr: int | None | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        weight_kg: float | None | Unset
        if isinstance(self.weight_kg, Unset):
            weight_kg = UNSET
        else:
            weight_kg = self.weight_kg

        body_fat_pct: float | None | Unset
        if isinstance(self.body_fat_pct, Unset):
            body_fat_pct = UNSET
        else:
            body_fat_pct = self.body_fat_pct

        waist_cm: float | None | Unset
        if isinstance(self.waist_cm, Unset):
            waist_cm = UNSET
        else:
            waist_cm = self.waist_cm

        hip_cm: float | None | Unset
        if isinstance(self.hip_cm, Unset):
            hip_cm = UNSET
        else:
            hip_cm = self.hip_cm

        chest_cm: float | None | Unset
        if isinstance(self.chest_cm, Unset):
            chest_cm = UNSET
        else:
            chest_cm = self.chest_cm

        resting_hr: int | None | Unset
        if isinstance(self.resting_hr, Unset):
            resting_hr = UNSET
        else:
            resting_hr = self.resting_hr

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
            }
        )
        if weight_kg is not UNSET:
            field_dict["weight_kg"] = weight_kg
        if body_fat_pct is not UNSET:
            field_dict["body_fat_pct"] = body_fat_pct
        if waist_cm is not UNSET:
            field_dict["waist_cm"] = waist_cm
        if hip_cm is not UNSET:
            field_dict["hip_cm"] = hip_cm
        if chest_cm is not UNSET:
            field_dict["chest_cm"] = chest_cm
        if resting_hr is not UNSET:
            field_dict["resting_hr"] = resting_hr
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        def _parse_weight_kg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        weight_kg = _parse_weight_kg(d.pop("weight_kg", UNSET))

        def _parse_body_fat_pct(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        body_fat_pct = _parse_body_fat_pct(d.pop("body_fat_pct", UNSET))

        def _parse_waist_cm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        waist_cm = _parse_waist_cm(d.pop("waist_cm", UNSET))

        def _parse_hip_cm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        hip_cm = _parse_hip_cm(d.pop("hip_cm", UNSET))

        def _parse_chest_cm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        chest_cm = _parse_chest_cm(d.pop("chest_cm", UNSET))

        def _parse_resting_hr(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        resting_hr = _parse_resting_hr(d.pop("resting_hr", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        body_metric_write = cls(
            date=date,
            weight_kg=weight_kg,
            body_fat_pct=body_fat_pct,
            waist_cm=waist_cm,
            hip_cm=hip_cm,
            chest_cm=chest_cm,
            resting_hr=resting_hr,
            notes=notes,
        )

        return body_metric_write
