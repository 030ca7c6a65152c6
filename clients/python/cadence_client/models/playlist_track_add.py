from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlaylistTrackAdd")


@_attrs_define
class PlaylistTrackAdd:
    """
    Attributes:
        track_id (UUID):
        position (int | None | Unset): 0-based; appended when absent
    """

    track_id: UUID
    position: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        track_id = str(self.track_id)

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "track_id": track_id,
            }
        )
        if position is not UNSET:
            field_dict["position"] = position

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        track_id = UUID(d.pop("track_id"))

        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))

        playlist_track_add = cls(
            track_id=track_id,
            position=position,
        )

        return playlist_track_add
