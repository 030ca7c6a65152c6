from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExerciseTarget")


@_attrs_define
class ExerciseTarget:
    """
    Attributes:
        name (str):
        sets (int):
        reps (int):
        weight_kg (float | None | Unset):
        rest_s (int | None | Unset):
    """

    name: str
    sets: int
    reps: int
    weight_kg: float | None | Unset = UNSET
    rest_s: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        sets = self.sets

        reps = self.reps

        weight_kg: float | None | Unset
        if isinstance(self.weight_kg, Unset):
            weight_kg = UNSET
        else:
            weight_kg = self.weight_kg

        rest_s: int | None | Unset
        if isinstance(self.rest_s, Unset):
            rest_s = UNSET
        else:
            rest_s = self.rest_s

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "sets": sets,
                "reps": reps,
            }
        )
        if weight_kg is not UNSET:
            field_dict["weight_kg"] = weight_kg
        if rest_s is not UNSET:
            field_dict["rest_s"] = rest_s

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        sets = d.pop("sets")

        reps = d.pop("reps")

        def _parse_weight_kg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        weight_kg = _parse_weight_kg(d.pop("weight_kg", UNSET))

        def _parse_rest_s(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rest_s = _parse_rest_s(d.pop("rest_s", UNSET))

        exercise_target = cls(
            name=name,
            sets=sets,
            reps=reps,
            weight_kg=weight_kg,
            rest_s=rest_s,
        )

        return exercise_target
