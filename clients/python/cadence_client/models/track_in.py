from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TrackIn")


@_attrs_define
class TrackIn:
    """A track as the phone reads it from its library.

    Attributes:
        apple_music_id (str):
        title (str):
        artist (str):
        duration_ms (int):
        isrc (None | str | Unset):
        album (None | str | Unset):
        bpm (float | None | Unset):
        bpm_confidence (float | None | Unset):
    """

    apple_music_id: str
    title: str
    artist: str
    duration_ms: int
    isrc: None | str | Unset = UNSET
    album: None | str | Unset = UNSET
    bpm: float | None | Unset = UNSET
    bpm_confidence: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        apple_music_id = self.apple_music_id

        title = self.title

        artist = self.artist

        duration_ms = self.duration_ms

        isrc: None | str | Unset
        if isinstance(self.isrc, Unset):
            isrc = UNSET
        else:
            isrc = self.isrc

        album: None | str | Unset
        if isinstance(self.album, Unset):
            album = UNSET
        else:
            album = self.album

        bpm: float | None | Unset
        if isinstance(self.bpm, Unset):
            bpm = UNSET
        else:
            bpm = self.bpm

        bpm_confidence: float | None | Unset
        if isinstance(self.bpm_confidence, Unset):
            bpm_confidence = UNSET
        else:
            bpm_confidence = self.bpm_confidence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "apple_music_id": apple_music_id,
                "title": title,
                "artist": artist,
                "duration_ms": duration_ms,
            }
        )
        if isrc is not UNSET:
            field_dict["isrc"] = isrc
        if album is not UNSET:
            field_dict["album"] = album
        if bpm is not UNSET:
            field_dict["bpm"] = bpm
        if bpm_confidence is not UNSET:
            field_dict["bpm_confidence"] = bpm_confidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        apple_music_id = d.pop("apple_music_id")

        title = d.pop("title")

        artist = d.pop("artist")

        duration_ms = d.pop("duration_ms")

        def _parse_isrc(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        isrc = _parse_isrc(d.pop("isrc", UNSET))

        def _parse_album(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        album = _parse_album(d.pop("album", UNSET))

        def _parse_bpm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        bpm = _parse_bpm(d.pop("bpm", UNSET))

        def _parse_bpm_confidence(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        bpm_confidence = _parse_bpm_confidence(d.pop("bpm_confidence", UNSET))

        track_in = cls(
            apple_music_id=apple_music_id,
            title=title,
            artist=artist,
            duration_ms=duration_ms,
            isrc=isrc,
            album=album,
            bpm=bpm,
            bpm_confidence=bpm_confidence,
        )

        return track_in
