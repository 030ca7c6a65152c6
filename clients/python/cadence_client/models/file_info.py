from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_info_format import FileInfoFormat

T = TypeVar("T", bound="FileInfo")


@_attrs_define
class FileInfo:
    """What the decoder read from the file (set once it is analysed).

    Attributes:
        format_ (FileInfoFormat):
        codec (str):
        duration_s (float):
        sample_rate (int):
        channels (int):
        bit_depth (int | None): None for lossy codecs
    """

    format_: FileInfoFormat
    codec: str
    duration_s: float
    sample_rate: int
    channels: int
    bit_depth: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_.value

        codec = self.codec

        duration_s = self.duration_s

        sample_rate = self.sample_rate

        channels = self.channels

        bit_depth: int | None
        bit_depth = self.bit_depth

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "format": format_,
                "codec": codec,
                "duration_s": duration_s,
                "sample_rate": sample_rate,
                "channels": channels,
                "bit_depth": bit_depth,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = FileInfoFormat(d.pop("format"))

        codec = d.pop("codec")

        duration_s = d.pop("duration_s")

        sample_rate = d.pop("sample_rate")

        channels = d.pop("channels")

        def _parse_bit_depth(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bit_depth = _parse_bit_depth(d.pop("bit_depth"))

        file_info = cls(
            format_=format_,
            codec=codec,
            duration_s=duration_s,
            sample_rate=sample_rate,
            channels=channels,
            bit_depth=bit_depth,
        )

        file_info.additional_properties = d
        return file_info

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
