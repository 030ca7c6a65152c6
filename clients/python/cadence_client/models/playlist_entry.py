from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.track_public import TrackPublic


T = TypeVar("T", bound="PlaylistEntry")


@_attrs_define
class PlaylistEntry:
    """
    Attributes:
        position (int):
        added_at (datetime.datetime):
        track (TrackPublic): A catalog track. Descriptive fields are the catalog's (agreed by its users); the tempo is
            the caller's own claim where the caller made one (their analysis, else the catalog's
            analysis, else their own client BPM, else the catalog's): see the tracks README, "Claims".
    """

    position: int
    added_at: datetime.datetime
    track: TrackPublic
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        added_at = self.added_at.isoformat()

        track = self.track.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "added_at": added_at,
                "track": track,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.track_public import TrackPublic  # noqa: PLC0415

        d = dict(src_dict)
        position = d.pop("position")

        added_at = datetime.datetime.fromisoformat(d.pop("added_at"))

        track = TrackPublic.from_dict(d.pop("track"))

        playlist_entry = cls(
            position=position,
            added_at=added_at,
            track=track,
        )

        playlist_entry.additional_properties = d
        return playlist_entry

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
