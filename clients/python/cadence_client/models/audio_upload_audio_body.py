from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="AudioUploadAudioBody")


@_attrs_define
class AudioUploadAudioBody:
    """
    Attributes:
        file (File):
        title (None | str | Unset): Defaults to the file's name
        tags (list[str] | Unset): Up to 20 tags, lower-cased
        apple_music_id (None | str | Unset): The catalog track this recording is of (tracks takes its BPM)
        isrc (None | str | Unset): Or the track's ISRC
    """

    file: File
    title: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    apple_music_id: None | str | Unset = UNSET
    isrc: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        apple_music_id: None | str | Unset
        if isinstance(self.apple_music_id, Unset):
            apple_music_id = UNSET
        else:
            apple_music_id = self.apple_music_id

        isrc: None | str | Unset
        if isinstance(self.isrc, Unset):
            isrc = UNSET
        else:
            isrc = self.isrc

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if tags is not UNSET:
            field_dict["tags"] = tags
        if apple_music_id is not UNSET:
            field_dict["apple_music_id"] = apple_music_id
        if isrc is not UNSET:
            field_dict["isrc"] = isrc

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.title, Unset):
            if isinstance(self.title, str):
                files.append(("title", (None, str(self.title).encode(), "text/plain")))
            else:
                files.append(("title", (None, str(self.title).encode(), "text/plain")))

        if not isinstance(self.tags, Unset):
            for tags_item_element in self.tags:
                files.append(("tags", (None, str(tags_item_element).encode(), "text/plain")))

        if not isinstance(self.apple_music_id, Unset):
            if isinstance(self.apple_music_id, str):
                files.append(
                    ("apple_music_id", (None, str(self.apple_music_id).encode(), "text/plain"))
                )
            else:
                files.append(
                    ("apple_music_id", (None, str(self.apple_music_id).encode(), "text/plain"))
                )

        if not isinstance(self.isrc, Unset):
            if isinstance(self.isrc, str):
                files.append(("isrc", (None, str(self.isrc).encode(), "text/plain")))
            else:
                files.append(("isrc", (None, str(self.isrc).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_apple_music_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        apple_music_id = _parse_apple_music_id(d.pop("apple_music_id", UNSET))

        def _parse_isrc(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        isrc = _parse_isrc(d.pop("isrc", UNSET))

        audio_upload_audio_body = cls(
            file=file,
            title=title,
            tags=tags,
            apple_music_id=apple_music_id,
            isrc=isrc,
        )

        audio_upload_audio_body.additional_properties = d
        return audio_upload_audio_body

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
