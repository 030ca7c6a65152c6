from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.laser_settings_patch import LaserSettingsPatch


T = TypeVar("T", bound="ProjectPatch")


@_attrs_define
class ProjectPatch:
    """Only the fields given change; `description: null` clears it.

    Attributes:
        name (None | str | Unset):
        description (None | str | Unset):
        laser (LaserSettingsPatch | None | Unset):
    """

    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    laser: LaserSettingsPatch | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.laser_settings_patch import LaserSettingsPatch  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        laser: dict[str, Any] | None | Unset
        if isinstance(self.laser, Unset):
            laser = UNSET
        elif isinstance(self.laser, LaserSettingsPatch):
            laser = self.laser.to_dict()
        else:
            laser = self.laser

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if laser is not UNSET:
            field_dict["laser"] = laser

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.laser_settings_patch import LaserSettingsPatch  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_laser(data: object) -> LaserSettingsPatch | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                laser_type_0 = LaserSettingsPatch.from_dict(data)

                return laser_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LaserSettingsPatch | None | Unset, data)

        laser = _parse_laser(d.pop("laser", UNSET))

        project_patch = cls(
            name=name,
            description=description,
            laser=laser,
        )

        return project_patch
