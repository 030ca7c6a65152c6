from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.laser_type import LaserType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LaserSettings")


@_attrs_define
class LaserSettings:
    """How the machine runs on this project. Every field has a default a diode laser can start
    from, so a project can be created with a name only.

        Attributes:
            laser_type (LaserType | Unset):
            power_percent (float | Unset): Laser power, % of the maximum Default: 80.0.
            max_power_w (float | Unset): The laser's rated power, W Default: 10.0.
            grbl_max_s (int | Unset): GRBL `$30`: the S value of full power Default: 1000.
            speed_mm_min (float | Unset): Feed while burning, mm/min Default: 1000.0.
            passes (int | Unset):  Default: 1.
            material (None | str | Unset):
            thickness_mm (float | None | Unset):
            raster_dpi (int | Unset): Used for images that carry no DPI of their own Default: 254.
            line_interval_mm (float | Unset): Raster line spacing, mm Default: 0.1.
            threshold (int | Unset): Gray levels below it burn (0 black .. 255 white) Default: 128.
            air_assist (bool | Unset):  Default: False.
    """

    laser_type: LaserType | Unset = UNSET
    power_percent: float | Unset = 80.0
    max_power_w: float | Unset = 10.0
    grbl_max_s: int | Unset = 1000
    speed_mm_min: float | Unset = 1000.0
    passes: int | Unset = 1
    material: None | str | Unset = UNSET
    thickness_mm: float | None | Unset = UNSET
    raster_dpi: int | Unset = 254
    line_interval_mm: float | Unset = 0.1
    threshold: int | Unset = 128
    air_assist: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        laser_type: str | Unset = UNSET
        if not isinstance(self.laser_type, Unset):
            laser_type = self.laser_type.value

        power_percent = self.power_percent

        max_power_w = self.max_power_w

        grbl_max_s = self.grbl_max_s

        speed_mm_min = self.speed_mm_min

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

        raster_dpi = self.raster_dpi

        line_interval_mm = self.line_interval_mm

        threshold = self.threshold

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
        _laser_type = d.pop("laser_type", UNSET)
        laser_type: LaserType | Unset
        if isinstance(_laser_type, Unset):
            laser_type = UNSET
        else:
            laser_type = LaserType(_laser_type)

        power_percent = d.pop("power_percent", UNSET)

        max_power_w = d.pop("max_power_w", UNSET)

        grbl_max_s = d.pop("grbl_max_s", UNSET)

        speed_mm_min = d.pop("speed_mm_min", UNSET)

        passes = d.pop("passes", UNSET)

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

        raster_dpi = d.pop("raster_dpi", UNSET)

        line_interval_mm = d.pop("line_interval_mm", UNSET)

        threshold = d.pop("threshold", UNSET)

        air_assist = d.pop("air_assist", UNSET)

        laser_settings = cls(
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

        return laser_settings
