from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.track_in import TrackIn


T = TypeVar("T", bound="TrackRegister")


@_attrs_define
class TrackRegister:
    """
    Attributes:
        tracks (list[TrackIn]):
    """

    tracks: list[TrackIn]

    def to_dict(self) -> dict[str, Any]:
        tracks = []
        for tracks_item_data in self.tracks:
            tracks_item = tracks_item_data.to_dict()
            tracks.append(tracks_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tracks": tracks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.track_in import TrackIn  # noqa: PLC0415

        d = dict(src_dict)
        tracks = []
        _tracks = d.pop("tracks")
        for tracks_item_data in _tracks:
            tracks_item = TrackIn.from_dict(tracks_item_data)

            tracks.append(tracks_item)

        track_register = cls(
            tracks=tracks,
        )

        return track_register
