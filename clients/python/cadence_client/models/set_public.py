from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SetPublic")


@_attrs_define
class SetPublic:
    """
    Attributes:
        id (UUID):
        exercise (str):
        position (int):
        reps (int):
        weight_kg (float):
        updated_at (datetime.datetime):
    """

    id: UUID
    exercise: str
    position: int
    reps: int
    weight_kg: float
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        exercise = self.exercise

        position = self.position

        reps = self.reps

        weight_kg = self.weight_kg

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "exercise": exercise,
                "position": position,
                "reps": reps,
                "weight_kg": weight_kg,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        exercise = d.pop("exercise")

        position = d.pop("position")

        reps = d.pop("reps")

        weight_kg = d.pop("weight_kg")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        set_public = cls(
            id=id,
            exercise=exercise,
            position=position,
            reps=reps,
            weight_kg=weight_kg,
            updated_at=updated_at,
        )

        set_public.additional_properties = d
        return set_public

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
