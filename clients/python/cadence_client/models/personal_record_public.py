from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.best_one_rep_max import BestOneRepMax
    from ..models.best_session_volume import BestSessionVolume
    from ..models.heaviest_set import HeaviestSet


T = TypeVar("T", bound="PersonalRecordPublic")


@_attrs_define
class PersonalRecordPublic:
    """
    Attributes:
        exercise (str):
        heaviest_set (HeaviestSet):
        best_e1rm (BestOneRepMax):
        best_session_volume (BestSessionVolume):
        updated_at (datetime.datetime):
    """

    exercise: str
    heaviest_set: HeaviestSet
    best_e1rm: BestOneRepMax
    best_session_volume: BestSessionVolume
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exercise = self.exercise

        heaviest_set = self.heaviest_set.to_dict()

        best_e1rm = self.best_e1rm.to_dict()

        best_session_volume = self.best_session_volume.to_dict()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exercise": exercise,
                "heaviest_set": heaviest_set,
                "best_e1rm": best_e1rm,
                "best_session_volume": best_session_volume,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.best_one_rep_max import BestOneRepMax  # noqa: PLC0415
        from ..models.best_session_volume import BestSessionVolume  # noqa: PLC0415
        from ..models.heaviest_set import HeaviestSet  # noqa: PLC0415

        d = dict(src_dict)
        exercise = d.pop("exercise")

        heaviest_set = HeaviestSet.from_dict(d.pop("heaviest_set"))

        best_e1rm = BestOneRepMax.from_dict(d.pop("best_e1rm"))

        best_session_volume = BestSessionVolume.from_dict(d.pop("best_session_volume"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        personal_record_public = cls(
            exercise=exercise,
            heaviest_set=heaviest_set,
            best_e1rm=best_e1rm,
            best_session_volume=best_session_volume,
            updated_at=updated_at,
        )

        personal_record_public.additional_properties = d
        return personal_record_public

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
