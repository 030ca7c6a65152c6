from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exercise_target import ExerciseTarget


T = TypeVar("T", bound="ProgramDay")


@_attrs_define
class ProgramDay:
    """
    Attributes:
        name (str): The workout's name, e.g. "Push"
        exercises (list[ExerciseTarget] | Unset):
    """

    name: str
    exercises: list[ExerciseTarget] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        exercises: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.exercises, Unset):
            exercises = []
            for exercises_item_data in self.exercises:
                exercises_item = exercises_item_data.to_dict()
                exercises.append(exercises_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if exercises is not UNSET:
            field_dict["exercises"] = exercises

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exercise_target import ExerciseTarget  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        _exercises = d.pop("exercises", UNSET)
        exercises: list[ExerciseTarget] | Unset = UNSET
        if _exercises is not UNSET:
            exercises = []
            for exercises_item_data in _exercises:
                exercises_item = ExerciseTarget.from_dict(exercises_item_data)

                exercises.append(exercises_item)

        program_day = cls(
            name=name,
            exercises=exercises,
        )

        return program_day
