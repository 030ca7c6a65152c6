from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.track_public import TrackPublic


T = TypeVar("T", bound="TrackStats")


@_attrs_define
class TrackStats:
    """How the user ran while one track played, over every run that played it.

    Attributes:
        track (TrackPublic): A catalog track. Descriptive fields are the catalog's (agreed by its users); the tempo is
            the caller's own claim where the caller made one (their analysis, else the catalog's
            analysis, else their own client BPM, else the catalog's): see the tracks README, "Claims".
        plays (int):
        seconds_played (float):
        avg_cadence (float | None): Weighted by the time each play lasted
        avg_hr (float | None): Weighted by the time each play lasted
    """

    track: TrackPublic
    plays: int
    seconds_played: float
    avg_cadence: float | None
    avg_hr: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        track = self.track.to_dict()

        plays = self.plays

        seconds_played = self.seconds_played

        avg_cadence: float | None
        avg_cadence = self.avg_cadence

        avg_hr: float | None
        avg_hr = self.avg_hr

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "track": track,
                "plays": plays,
                "seconds_played": seconds_played,
                "avg_cadence": avg_cadence,
                "avg_hr": avg_hr,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.track_public import TrackPublic  # noqa: PLC0415

        d = dict(src_dict)
        track = TrackPublic.from_dict(d.pop("track"))

        plays = d.pop("plays")

        seconds_played = d.pop("seconds_played")

        def _parse_avg_cadence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_cadence = _parse_avg_cadence(d.pop("avg_cadence"))

        def _parse_avg_hr(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        avg_hr = _parse_avg_hr(d.pop("avg_hr"))

        track_stats = cls(
            track=track,
            plays=plays,
            seconds_played=seconds_played,
            avg_cadence=avg_cadence,
            avg_hr=avg_hr,
        )

        track_stats.additional_properties = d
        return track_stats

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
