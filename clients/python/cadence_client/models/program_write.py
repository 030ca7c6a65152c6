from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.program_day import ProgramDay
    from ..models.program_write_split import ProgramWriteSplit


T = TypeVar("T", bound="ProgramWrite")


@_attrs_define
class ProgramWrite:
    """``split`` maps weekdays to the name of one of ``days`` (rest days are left out).

    Attributes:
        name (str):
        description (None | str | Unset):
        split (ProgramWriteSplit | Unset):
        days (list[ProgramDay] | Unset):
    """

    name: str
    description: None | str | Unset = UNSET
    split: ProgramWriteSplit | Unset = UNSET
    days: list[ProgramDay] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        split: dict[str, Any] | Unset = UNSET
        if not isinstance(self.split, Unset):
            split = self.split.to_dict()

        days: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.days, Unset):
            days = []
            for days_item_data in self.days:
                days_item = days_item_data.to_dict()
                days.append(days_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if split is not UNSET:
            field_dict["split"] = split
        if days is not UNSET:
            field_dict["days"] = days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.program_day import ProgramDay  # noqa: PLC0415
        from ..models.program_write_split import ProgramWriteSplit  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _split = d.pop("split", UNSET)
        split: ProgramWriteSplit | Unset
        if isinstance(_split, Unset):
            split = UNSET
        else:
            split = ProgramWriteSplit.from_dict(_split)

        _days = d.pop("days", UNSET)
        days: list[ProgramDay] | Unset = UNSET
        if _days is not UNSET:
            days = []
            for days_item_data in _days:
                days_item = ProgramDay.from_dict(days_item_data)

                days.append(days_item)

        program_write = cls(
            name=name,
            description=description,
            split=split,
            days=days,
        )

        return program_write
