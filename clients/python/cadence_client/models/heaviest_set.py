from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HeaviestSet")


@_attrs_define
class HeaviestSet:
    """
    Attributes:
        weight_kg (float):
        reps (int):
        session_id (UUID):
        achieved_at (datetime.datetime):
    """

    weight_kg: float
    reps: int
    session_id: UUID
    achieved_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        weight_kg = self.weight_kg

        reps = self.reps

        session_id = str(self.session_id)

        achieved_at = self.achieved_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "weight_kg": weight_kg,
                "reps": reps,
                "session_id": session_id,
                "achieved_at": achieved_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        weight_kg = d.pop("weight_kg")

        reps = d.pop("reps")

        session_id = UUID(d.pop("session_id"))

        achieved_at = datetime.datetime.fromisoformat(d.pop("achieved_at"))

        heaviest_set = cls(
            weight_kg=weight_kg,
            reps=reps,
            session_id=session_id,
            achieved_at=achieved_at,
        )

        heaviest_set.additional_properties = d
        return heaviest_set

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
