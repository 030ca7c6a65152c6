from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.program_create_split import ProgramCreateSplit
    from ..models.program_day import ProgramDay


T = TypeVar("T", bound="ProgramCreate")


@_attrs_define
class ProgramCreate:
    """
    Attributes:
        name (str):
        description (None | str | Unset):
        split (ProgramCreateSplit | Unset):
        days (list[ProgramDay] | Unset):
        id (None | Unset | UUID): Client-generated, for offline use
    """

    name: str
    description: None | str | Unset = UNSET
    split: ProgramCreateSplit | Unset = UNSET
    days: list[ProgramDay] | Unset = UNSET
    id: None | Unset | UUID = UNSET

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

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        elif isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

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
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.program_create_split import ProgramCreateSplit  # noqa: PLC0415
        from ..models.program_day import ProgramDay  # noqa: PLC0415

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
        split: ProgramCreateSplit | Unset
        if isinstance(_split, Unset):
            split = UNSET
        else:
            split = ProgramCreateSplit.from_dict(_split)

        _days = d.pop("days", UNSET)
        days: list[ProgramDay] | Unset = UNSET
        if _days is not UNSET:
            days = []
            for days_item_data in _days:
                days_item = ProgramDay.from_dict(days_item_data)

                days.append(days_item)

        def _parse_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)

                return id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        id = _parse_id(d.pop("id", UNSET))

        program_create = cls(
            name=name,
            description=description,
            split=split,
            days=days,
            id=id,
        )

        return program_create
