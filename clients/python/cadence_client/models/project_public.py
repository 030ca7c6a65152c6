from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.laser_settings import LaserSettings


T = TypeVar("T", bound="ProjectPublic")


@_attrs_define
class ProjectPublic:
    """
    Attributes:
        id (UUID):
        owner_id (UUID):
        name (str):
        description (None | str):
        laser (LaserSettings): How the machine runs on this project. Every field has a default a diode laser can start
            from, so a project can be created with a name only.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    owner_id: UUID
    name: str
    description: None | str
    laser: LaserSettings
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        owner_id = str(self.owner_id)

        name = self.name

        description: None | str
        description = self.description

        laser = self.laser.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "owner_id": owner_id,
                "name": name,
                "description": description,
                "laser": laser,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.laser_settings import LaserSettings  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        owner_id = UUID(d.pop("owner_id"))

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        laser = LaserSettings.from_dict(d.pop("laser"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        project_public = cls(
            id=id,
            owner_id=owner_id,
            name=name,
            description=description,
            laser=laser,
            created_at=created_at,
            updated_at=updated_at,
        )

        project_public.additional_properties = d
        return project_public

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
