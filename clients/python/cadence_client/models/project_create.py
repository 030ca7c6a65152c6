from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.laser_settings import LaserSettings


T = TypeVar("T", bound="ProjectCreate")


@_attrs_define
class ProjectCreate:
    """
    Attributes:
        name (str): 1 to 200 characters, trimmed; unique among the user's
        id (None | Unset | UUID): Client-generated id, for clients that create projects offline.
        description (None | str | Unset):
        laser (LaserSettings | Unset): How the machine runs on this project. Every field has a default a diode laser can
            start
            from, so a project can be created with a name only.
    """

    name: str
    id: None | Unset | UUID = UNSET
    description: None | str | Unset = UNSET
    laser: LaserSettings | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        elif isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        laser: dict[str, Any] | Unset = UNSET
        if not isinstance(self.laser, Unset):
            laser = self.laser.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if description is not UNSET:
            field_dict["description"] = description
        if laser is not UNSET:
            field_dict["laser"] = laser

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.laser_settings import LaserSettings  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

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

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _laser = d.pop("laser", UNSET)
        laser: LaserSettings | Unset
        if isinstance(_laser, Unset):
            laser = UNSET
        else:
            laser = LaserSettings.from_dict(_laser)

        project_create = cls(
            name=name,
            id=id,
            description=description,
            laser=laser,
        )

        return project_create
