from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.track_public import TrackPublic


T = TypeVar("T", bound="TrackMatch")


@_attrs_define
class TrackMatch:
    """
    Attributes:
        track (TrackPublic): A catalog track. Descriptive fields are the catalog's (agreed by its users); the tempo is
            the caller's own claim where the caller made one (their analysis, else the catalog's
            analysis, else their own client BPM, else the catalog's): see the tracks README, "Claims".
        factor (float): k in |bpm x k - cadence| <= tolerance: 1, 2 or 0.5
        distance (float): |bpm x factor - cadence|
    """

    track: TrackPublic
    factor: float
    distance: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        track = self.track.to_dict()

        factor = self.factor

        distance = self.distance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "track": track,
                "factor": factor,
                "distance": distance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.track_public import TrackPublic  # noqa: PLC0415

        d = dict(src_dict)
        track = TrackPublic.from_dict(d.pop("track"))

        factor = d.pop("factor")

        distance = d.pop("distance")

        track_match = cls(
            track=track,
            factor=factor,
            distance=distance,
        )

        track_match.additional_properties = d
        return track_match

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
