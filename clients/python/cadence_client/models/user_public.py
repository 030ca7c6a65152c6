from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role

if TYPE_CHECKING:
    from ..models.units import Units


T = TypeVar("T", bound="UserPublic")


@_attrs_define
class UserPublic:
    """
    Attributes:
        id (UUID):
        email (None | str):
        name (None | str):
        role (Role):
        is_active (bool):
        email_verified (bool):
        units (Units):
        has_password (bool):
        apple_linked (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    email: None | str
    name: None | str
    role: Role
    is_active: bool
    email_verified: bool
    units: Units
    has_password: bool
    apple_linked: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        email: None | str
        email = self.email

        name: None | str
        name = self.name

        role = self.role.value

        is_active = self.is_active

        email_verified = self.email_verified

        units = self.units.to_dict()

        has_password = self.has_password

        apple_linked = self.apple_linked

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "name": name,
                "role": role,
                "is_active": is_active,
                "email_verified": email_verified,
                "units": units,
                "has_password": has_password,
                "apple_linked": apple_linked,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.units import Units  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        role = Role(d.pop("role"))

        is_active = d.pop("is_active")

        email_verified = d.pop("email_verified")

        units = Units.from_dict(d.pop("units"))

        has_password = d.pop("has_password")

        apple_linked = d.pop("apple_linked")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user_public = cls(
            id=id,
            email=email,
            name=name,
            role=role,
            is_active=is_active,
            email_verified=email_verified,
            units=units,
            has_password=has_password,
            apple_linked=apple_linked,
            created_at=created_at,
            updated_at=updated_at,
        )

        user_public.additional_properties = d
        return user_public

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
