from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.analysis_kind import AnalysisKind
from ..models.analysis_mode_type_0 import AnalysisModeType0

T = TypeVar("T", bound="Analysis")


@_attrs_define
class Analysis:
    """What the analysis found (see the service's README for the methods).

    Attributes:
        bpm (float | None): None when nothing repeats at a tempo
        bpm_confidence (float):
        beats_s (list[float]): The beat grid, in seconds
        key (None | str): "A minor"; None when nothing is tonal
        tonic (None | str):
        mode (AnalysisModeType0 | None):
        key_confidence (float):
        loudness_lufs (float): Integrated, ITU-R BS.1770-4
        sample_peak_dbfs (float):
        true_peak_dbfs (float):
        spectral_centroid_hz (float):
        spectral_rolloff_hz (float):
        onsets_per_s (float):
        kind (AnalysisKind):
        bars (int | None): A loop's length in 4/4 bars
    """

    bpm: float | None
    bpm_confidence: float
    beats_s: list[float]
    key: None | str
    tonic: None | str
    mode: AnalysisModeType0 | None
    key_confidence: float
    loudness_lufs: float
    sample_peak_dbfs: float
    true_peak_dbfs: float
    spectral_centroid_hz: float
    spectral_rolloff_hz: float
    onsets_per_s: float
    kind: AnalysisKind
    bars: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bpm: float | None
        bpm = self.bpm

        bpm_confidence = self.bpm_confidence

        beats_s = self.beats_s

        key: None | str
        key = self.key

        tonic: None | str
        tonic = self.tonic

        mode: None | str
        if isinstance(self.mode, AnalysisModeType0):
            mode = self.mode.value
        else:
            mode = self.mode

        key_confidence = self.key_confidence

        loudness_lufs = self.loudness_lufs

        sample_peak_dbfs = self.sample_peak_dbfs

        true_peak_dbfs = self.true_peak_dbfs

        spectral_centroid_hz = self.spectral_centroid_hz

        spectral_rolloff_hz = self.spectral_rolloff_hz

        onsets_per_s = self.onsets_per_s

        kind = self.kind.value

        bars: int | None
        bars = self.bars

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bpm": bpm,
                "bpm_confidence": bpm_confidence,
                "beats_s": beats_s,
                "key": key,
                "tonic": tonic,
                "mode": mode,
                "key_confidence": key_confidence,
                "loudness_lufs": loudness_lufs,
                "sample_peak_dbfs": sample_peak_dbfs,
                "true_peak_dbfs": true_peak_dbfs,
                "spectral_centroid_hz": spectral_centroid_hz,
                "spectral_rolloff_hz": spectral_rolloff_hz,
                "onsets_per_s": onsets_per_s,
                "kind": kind,
                "bars": bars,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_bpm(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        bpm = _parse_bpm(d.pop("bpm"))

        bpm_confidence = d.pop("bpm_confidence")

        beats_s = cast(list[float], d.pop("beats_s"))

        def _parse_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key = _parse_key(d.pop("key"))

        def _parse_tonic(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tonic = _parse_tonic(d.pop("tonic"))

        def _parse_mode(data: object) -> AnalysisModeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mode_type_0 = AnalysisModeType0(data)

                return mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AnalysisModeType0 | None, data)

        mode = _parse_mode(d.pop("mode"))

        key_confidence = d.pop("key_confidence")

        loudness_lufs = d.pop("loudness_lufs")

        sample_peak_dbfs = d.pop("sample_peak_dbfs")

        true_peak_dbfs = d.pop("true_peak_dbfs")

        spectral_centroid_hz = d.pop("spectral_centroid_hz")

        spectral_rolloff_hz = d.pop("spectral_rolloff_hz")

        onsets_per_s = d.pop("onsets_per_s")

        kind = AnalysisKind(d.pop("kind"))

        def _parse_bars(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bars = _parse_bars(d.pop("bars"))

        analysis = cls(
            bpm=bpm,
            bpm_confidence=bpm_confidence,
            beats_s=beats_s,
            key=key,
            tonic=tonic,
            mode=mode,
            key_confidence=key_confidence,
            loudness_lufs=loudness_lufs,
            sample_peak_dbfs=sample_peak_dbfs,
            true_peak_dbfs=true_peak_dbfs,
            spectral_centroid_hz=spectral_centroid_hz,
            spectral_rolloff_hz=spectral_rolloff_hz,
            onsets_per_s=onsets_per_s,
            kind=kind,
            bars=bars,
        )

        analysis.additional_properties = d
        return analysis

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
