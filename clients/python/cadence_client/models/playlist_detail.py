from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.playlist_entry import PlaylistEntry


T = TypeVar("T", bound="PlaylistDetail")


@_attrs_define
class PlaylistDetail:
    """
    Attributes:
        id (UUID):
        name (str):
        track_count (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        tracks (list[PlaylistEntry]):
    """

    id: UUID
    name: str
    track_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    tracks: list[PlaylistEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        track_count = self.track_count

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        tracks = []
        for tracks_item_data in self.tracks:
            tracks_item = tracks_item_data.to_dict()
            tracks.append(tracks_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "track_count": track_count,
                "created_at": created_at,
                "updated_at": updated_at,
                "tracks": tracks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.playlist_entry import PlaylistEntry  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        track_count = d.pop("track_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        tracks = []
        _tracks = d.pop("tracks")
        for tracks_item_data in _tracks:
            tracks_item = PlaylistEntry.from_dict(tracks_item_data)

            tracks.append(tracks_item)

        playlist_detail = cls(
            id=id,
            name=name,
            track_count=track_count,
            created_at=created_at,
            updated_at=updated_at,
            tracks=tracks,
        )

        playlist_detail.additional_properties = d
        return playlist_detail

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
