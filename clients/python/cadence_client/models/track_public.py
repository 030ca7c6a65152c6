from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.bpm_source import BpmSource

T = TypeVar("T", bound="TrackPublic")


@_attrs_define
class TrackPublic:
    """A catalog track. Descriptive fields are the catalog's (agreed by its users); the tempo is
    the caller's own claim where the caller made one (their analysis, else the catalog's
    analysis, else their own client BPM, else the catalog's): see the tracks README, "Claims".

        Attributes:
            id (UUID):
            apple_music_id (str):
            isrc (None | str):
            title (str):
            artist (str):
            album (None | str):
            duration_ms (int):
            bpm (float | None):
            bpm_confidence (float | None):
            bpm_source (BpmSource | None):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
    """

    id: UUID
    apple_music_id: str
    isrc: None | str
    title: str
    artist: str
    album: None | str
    duration_ms: int
    bpm: float | None
    bpm_confidence: float | None
    bpm_source: BpmSource | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        apple_music_id = self.apple_music_id

        isrc: None | str
        isrc = self.isrc

        title = self.title

        artist = self.artist

        album: None | str
        album = self.album

        duration_ms = self.duration_ms

        bpm: float | None
        bpm = self.bpm

        bpm_confidence: float | None
        bpm_confidence = self.bpm_confidence

        bpm_source: None | str
        if isinstance(self.bpm_source, BpmSource):
            bpm_source = self.bpm_source.value
        else:
            bpm_source = self.bpm_source

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "apple_music_id": apple_music_id,
                "isrc": isrc,
                "title": title,
                "artist": artist,
                "album": album,
                "duration_ms": duration_ms,
                "bpm": bpm,
                "bpm_confidence": bpm_confidence,
                "bpm_source": bpm_source,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        apple_music_id = d.pop("apple_music_id")

        def _parse_isrc(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        isrc = _parse_isrc(d.pop("isrc"))

        title = d.pop("title")

        artist = d.pop("artist")

        def _parse_album(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        album = _parse_album(d.pop("album"))

        duration_ms = d.pop("duration_ms")

        def _parse_bpm(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        bpm = _parse_bpm(d.pop("bpm"))

        def _parse_bpm_confidence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        bpm_confidence = _parse_bpm_confidence(d.pop("bpm_confidence"))

        def _parse_bpm_source(data: object) -> BpmSource | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bpm_source_type_0 = BpmSource(data)

                return bpm_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BpmSource | None, data)

        bpm_source = _parse_bpm_source(d.pop("bpm_source"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        track_public = cls(
            id=id,
            apple_music_id=apple_music_id,
            isrc=isrc,
            title=title,
            artist=artist,
            album=album,
            duration_ms=duration_ms,
            bpm=bpm,
            bpm_confidence=bpm_confidence,
            bpm_source=bpm_source,
            created_at=created_at,
            updated_at=updated_at,
        )

        track_public.additional_properties = d
        return track_public

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
