from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SetWrite")


@_attrs_define
class SetWrite:
    """One set, with the client's id and the client's clock at its last change: the write
    with the later ``updated_at`` wins. ``deleted: true`` removes the set (the same rule holds).

        Attributes:
            id (UUID):
            exercise (str):
            reps (int):
            updated_at (datetime.datetime):
            weight_kg (float | Unset):  Default: 0.0.
            position (int | None | Unset): Order in the session; the list order when left out
            deleted (bool | Unset):  Default: False.
    """

    id: UUID
    exercise: str
    reps: int
    updated_at: datetime.datetime
    weight_kg: float | Unset = 0.0
    position: int | None | Unset = UNSET
    deleted: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        exercise = self.exercise

        reps = self.reps

        updated_at = self.updated_at.isoformat()

        weight_kg = self.weight_kg

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        deleted = self.deleted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "exercise": exercise,
                "reps": reps,
                "updated_at": updated_at,
            }
        )
        if weight_kg is not UNSET:
            field_dict["weight_kg"] = weight_kg
        if position is not UNSET:
            field_dict["position"] = position
        if deleted is not UNSET:
            field_dict["deleted"] = deleted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        exercise = d.pop("exercise")

        reps = d.pop("reps")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        weight_kg = d.pop("weight_kg", UNSET)

        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))

        deleted = d.pop("deleted", UNSET)

        set_write = cls(
            id=id,
            exercise=exercise,
            reps=reps,
            updated_at=updated_at,
            weight_kg=weight_kg,
            position=position,
            deleted=deleted,
        )

        return set_write
