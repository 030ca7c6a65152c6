from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.laser_type import LaserType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LaserSettingsPatch")


@_attrs_define
class LaserSettingsPatch:
    """Only the fields given change; null clears `material` or `thickness_mm`.

    Attributes:
        laser_type (LaserType | None | Unset):
        power_percent (float | None | Unset):
        max_power_w (float | None | Unset):
        grbl_max_s (int | None | Unset):
        speed_mm_min (float | None | Unset):
        passes (int | None | Unset):
        material (None | str | Unset):
        thickness_mm (float | None | Unset):
        raster_dpi (int | None | Unset):
        line_interval_mm (float | None | Unset):
        threshold (int | None | Unset):
        air_assist (bool | None | Unset):
    """

    laser_type: LaserType | None | Unset = UNSET
    power_percent: float | None | Unset = UNSET
    max_power_w: float | None | Unset = UNSET
    grbl_max_s: int | None | Unset = UNSET
    speed_mm_min: float | None | Unset = UNSET
    passes: int | None | Unset = UNSET
    material: None | str | Unset = UNSET
    thickness_mm: float | None | Unset = UNSET
    raster_dpi: int | None | Unset = UNSET
    line_interval_mm: float | None | Unset = UNSET
    threshold: int | None | Unset = UNSET
    air_assist: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        laser_type: None | str | Unset
        if isinstance(self.laser_type, Unset):
            laser_type = UNSET
        elif isinstance(self.laser_type, LaserType):
            laser_type = self.laser_type.value
        else:
            laser_type = self.laser_type

        power_percent: float | None | Unset
        if isinstance(self.power_percent, Unset):
            power_percent = UNSET
        else:
            power_percent = self.power_percent

        max_power_w: float | None | Unset
        if isinstance(self.max_power_w, Unset):
            max_power_w = UNSET
        else:
            max_power_w = self.max_power_w

        grbl_max_s: int | None | Unset
        if isinstance(self.grbl_max_s, Unset):
            grbl_max_s = UNSET
        else:
            grbl_max_s = self.grbl_max_s

        speed_mm_min: float | None | Unset
        if isinstance(self.speed_mm_min, Unset):
            speed_mm_min = UNSET
        else:
            speed_mm_min = self.speed_mm_min

        passes: int | None | Unset
        if isinstance(self.passes, Unset):
            passes = UNSET
        else:
            passes = self.passes

        material: None | str | Unset
        if isinstance(self.material, Unset):
            material = UNSET
        else:
            material = self.material

        thickness_mm: float | None | Unset
        if isinstance(self.thickness_mm, Unset):
            thickness_mm = UNSET
        else:
            thickness_mm = self.thickness_mm

        raster_dpi: int | None | Unset
        if isinstance(self.raster_dpi, Unset):
            raster_dpi = UNSET
        else:
            raster_dpi = self.raster_dpi

        line_interval_mm: float | None | Unset
        if isinstance(self.line_interval_mm, Unset):
            line_interval_mm = UNSET
        else:
            line_interval_mm = self.line_interval_mm

        threshold: int | None | Unset
        if isinstance(self.threshold, Unset):
            threshold = UNSET
        else:
            threshold = self.threshold

        air_assist: bool | None | Unset
        if isinstance(self.air_assist, Unset):
            air_assist = UNSET
        else:
            air_assist = self.air_assist

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if laser_type is not UNSET:
            field_dict["laser_type"] = laser_type
        if power_percent is not UNSET:
            field_dict["power_percent"] = power_percent
        if max_power_w is not UNSET:
            field_dict["max_power_w"] = max_power_w
        if grbl_max_s is not UNSET:
            field_dict["grbl_max_s"] = grbl_max_s
        if speed_mm_min is not UNSET:
            field_dict["speed_mm_min"] = speed_mm_min
        if passes is not UNSET:
            field_dict["passes"] = passes
        if material is not UNSET:
            field_dict["material"] = material
        if thickness_mm is not UNSET:
            field_dict["thickness_mm"] = thickness_mm
        if raster_dpi is not UNSET:
            field_dict["raster_dpi"] = raster_dpi
        if line_interval_mm is not UNSET:
            field_dict["line_interval_mm"] = line_interval_mm
        if threshold is not UNSET:
            field_dict["threshold"] = threshold
        if air_assist is not UNSET:
            field_dict["air_assist"] = air_assist

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_laser_type(data: object) -> LaserType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                laser_type_type_0 = LaserType(data)

                return laser_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LaserType | None | Unset, data)

        laser_type = _parse_laser_type(d.pop("laser_type", UNSET))

        def _parse_power_percent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        power_percent = _parse_power_percent(d.pop("power_percent", UNSET))

        def _parse_max_power_w(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_power_w = _parse_max_power_w(d.pop("max_power_w", UNSET))

        def _parse_grbl_max_s(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        grbl_max_s = _parse_grbl_max_s(d.pop("grbl_max_s", UNSET))

        def _parse_speed_mm_min(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        speed_mm_min = _parse_speed_mm_min(d.pop("speed_mm_min", UNSET))

        def _parse_passes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        passes = _parse_passes(d.pop("passes", UNSET))

        def _parse_material(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        material = _parse_material(d.pop("material", UNSET))

        def _parse_thickness_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        thickness_mm = _parse_thickness_mm(d.pop("thickness_mm", UNSET))

        def _parse_raster_dpi(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        raster_dpi = _parse_raster_dpi(d.pop("raster_dpi", UNSET))

        def _parse_line_interval_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        line_interval_mm = _parse_line_interval_mm(d.pop("line_interval_mm", UNSET))

        def _parse_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        threshold = _parse_threshold(d.pop("threshold", UNSET))

        def _parse_air_assist(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        air_assist = _parse_air_assist(d.pop("air_assist", UNSET))

        laser_settings_patch = cls(
            laser_type=laser_type,
            power_percent=power_percent,
            max_power_w=max_power_w,
            grbl_max_s=grbl_max_s,
            speed_mm_min=speed_mm_min,
            passes=passes,
            material=material,
            thickness_mm=thickness_mm,
            raster_dpi=raster_dpi,
            line_interval_mm=line_interval_mm,
            threshold=threshold,
            air_assist=air_assist,
        )

        return laser_settings_patch
