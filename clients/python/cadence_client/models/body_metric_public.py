from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BodyMetricPublic")


@_attrs_define
class BodyMetricPublic:
    """
    Attributes:
        date (datetime.date):
        weight_kg (float | None):
        body_fat_pct (float | None):
        waist_cm (float | None):
        hip_cm (float | None):
        chest_cm (float | None):
        resting_hr (int | None):
        notes (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    date: datetime.date
    weight_kg: float | None
    body_fat_pct: float | None
    waist_cm: float | None
    hip_cm: float | None
    chest_cm: float | None
    resting_hr: int | None
    notes: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        weight_kg: float | None
        weight_kg = self.weight_kg

        body_fat_pct: float | None
        body_fat_pct = self.body_fat_pct

        waist_cm: float | None
        waist_cm = self.waist_cm

        hip_cm: float | None
        hip_cm = self.hip_cm

        chest_cm: float | None
        chest_cm = self.chest_cm

        resting_hr: int | None
        resting_hr = self.resting_hr

        notes: None | str
        notes = self.notes

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "weight_kg": weight_kg,
                "body_fat_pct": body_fat_pct,
                "waist_cm": waist_cm,
                "hip_cm": hip_cm,
                "chest_cm": chest_cm,
                "resting_hr": resting_hr,
                "notes": notes,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        def _parse_weight_kg(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        weight_kg = _parse_weight_kg(d.pop("weight_kg"))

        def _parse_body_fat_pct(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        body_fat_pct = _parse_body_fat_pct(d.pop("body_fat_pct"))

        def _parse_waist_cm(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        waist_cm = _parse_waist_cm(d.pop("waist_cm"))

        def _parse_hip_cm(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hip_cm = _parse_hip_cm(d.pop("hip_cm"))

        def _parse_chest_cm(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        chest_cm = _parse_chest_cm(d.pop("chest_cm"))

        def _parse_resting_hr(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        resting_hr = _parse_resting_hr(d.pop("resting_hr"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        body_metric_public = cls(
            date=date,
            weight_kg=weight_kg,
            body_fat_pct=body_fat_pct,
            waist_cm=waist_cm,
            hip_cm=hip_cm,
            chest_cm=chest_cm,
            resting_hr=resting_hr,
            notes=notes,
            created_at=created_at,
            updated_at=updated_at,
        )

        body_metric_public.additional_properties = d
        return body_metric_public

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
