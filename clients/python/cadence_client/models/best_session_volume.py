from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BestSessionVolume")


@_attrs_define
class BestSessionVolume:
    """
    Attributes:
        volume_kg (float): Sum of reps * weight_kg of the exercise in one session
        session_id (UUID):
        achieved_at (datetime.datetime):
    """

    volume_kg: float
    session_id: UUID
    achieved_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        volume_kg = self.volume_kg

        session_id = str(self.session_id)

        achieved_at = self.achieved_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "volume_kg": volume_kg,
                "session_id": session_id,
                "achieved_at": achieved_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        volume_kg = d.pop("volume_kg")

        session_id = UUID(d.pop("session_id"))

        achieved_at = datetime.datetime.fromisoformat(d.pop("achieved_at"))

        best_session_volume = cls(
            volume_kg=volume_kg,
            session_id=session_id,
            achieved_at=achieved_at,
        )

        best_session_volume.additional_properties = d
        return best_session_volume

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
