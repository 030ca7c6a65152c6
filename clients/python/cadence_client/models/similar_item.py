from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audio_item_public import AudioItemPublic


T = TypeVar("T", bound="SimilarItem")


@_attrs_define
class SimilarItem:
    """
    Attributes:
        item (AudioItemPublic):
        distance (float): Euclidean distance of the feature vectors (0 = same)
    """

    item: AudioItemPublic
    distance: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        item = self.item.to_dict()

        distance = self.distance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "item": item,
                "distance": distance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audio_item_public import AudioItemPublic  # noqa: PLC0415

        d = dict(src_dict)
        item = AudioItemPublic.from_dict(d.pop("item"))

        distance = d.pop("distance")

        similar_item = cls(
            item=item,
            distance=distance,
        )

        similar_item.additional_properties = d
        return similar_item

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
