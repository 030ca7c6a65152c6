from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_public_kind import JobPublicKind
from ..models.job_public_status import JobPublicStatus

if TYPE_CHECKING:
    from ..models.image_public import ImagePublic
    from ..models.job_public_result_type_0 import JobPublicResultType0
    from ..models.read_line import ReadLine
    from ..models.timing import Timing


T = TypeVar("T", bound="JobPublic")


@_attrs_define
class JobPublic:
    """A job and, once it succeeded, what it read: ``text`` (the raw text), ``lines`` (each with
    Tesseract's confidence, 0-1) and ``result`` (the parsed menu or workout sheet).

        Attributes:
            id (UUID):
            kind (JobPublicKind):
            status (JobPublicStatus):
            percent (int): 0-100, with `stage` naming the step under way
            stage (None | str):
            error (None | str): Why a failed job failed, for its user to read
            error_code (None | str):
            language (str):
            date (datetime.date | None):
            meal (None | str):
            created_at (datetime.datetime):
            started_at (datetime.datetime | None):
            finished_at (datetime.datetime | None):
            image (ImagePublic):
            timing (Timing): Seconds: waiting for a worker, reading in it, and from upload to the outcome.
            text (None | str):
            lines (list[ReadLine] | None):
            result (JobPublicResultType0 | None): menu: `items` (name, price, currency, kcal, protein_g, carbs_g, fat_g,
                section, confidences), `unparsed`; workout_sheet: `title`, `exercises` (sets of reps and weight_kg, the printed
                weight and unit, superset, notes, confidences), `unparsed`
    """

    id: UUID
    kind: JobPublicKind
    status: JobPublicStatus
    percent: int
    stage: None | str
    error: None | str
    error_code: None | str
    language: str
    date: datetime.date | None
    meal: None | str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    image: ImagePublic
    timing: Timing
    text: None | str
    lines: list[ReadLine] | None
    result: JobPublicResultType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_public_result_type_0 import JobPublicResultType0  # noqa: PLC0415

        id = str(self.id)

        kind = self.kind.value

        status = self.status.value

        percent = self.percent

        stage: None | str
        stage = self.stage

        error: None | str
        error = self.error

        error_code: None | str
        error_code = self.error_code

        language = self.language

        date: None | str
        if isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        meal: None | str
        meal = self.meal

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        image = self.image.to_dict()

        timing = self.timing.to_dict()

        text: None | str
        text = self.text

        lines: list[dict[str, Any]] | None
        if isinstance(self.lines, list):
            lines = []
            for lines_type_0_item_data in self.lines:
                lines_type_0_item = lines_type_0_item_data.to_dict()
                lines.append(lines_type_0_item)

        else:
            lines = self.lines

        result: dict[str, Any] | None
        if isinstance(self.result, JobPublicResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "status": status,
                "percent": percent,
                "stage": stage,
                "error": error,
                "error_code": error_code,
                "language": language,
                "date": date,
                "meal": meal,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
                "image": image,
                "timing": timing,
                "text": text,
                "lines": lines,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_public import ImagePublic  # noqa: PLC0415
        from ..models.job_public_result_type_0 import JobPublicResultType0  # noqa: PLC0415
        from ..models.read_line import ReadLine  # noqa: PLC0415
        from ..models.timing import Timing  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        kind = JobPublicKind(d.pop("kind"))

        status = JobPublicStatus(d.pop("status"))

        percent = d.pop("percent")

        def _parse_stage(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stage = _parse_stage(d.pop("stage"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_error_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_code = _parse_error_code(d.pop("error_code"))

        language = d.pop("language")

        def _parse_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)

                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date = _parse_date(d.pop("date"))

        def _parse_meal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        meal = _parse_meal(d.pop("meal"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        image = ImagePublic.from_dict(d.pop("image"))

        timing = Timing.from_dict(d.pop("timing"))

        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))

        def _parse_lines(data: object) -> list[ReadLine] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                lines_type_0 = []
                _lines_type_0 = data
                for lines_type_0_item_data in _lines_type_0:
                    lines_type_0_item = ReadLine.from_dict(lines_type_0_item_data)

                    lines_type_0.append(lines_type_0_item)

                return lines_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ReadLine] | None, data)

        lines = _parse_lines(d.pop("lines"))

        def _parse_result(data: object) -> JobPublicResultType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = JobPublicResultType0.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobPublicResultType0 | None, data)

        result = _parse_result(d.pop("result"))

        job_public = cls(
            id=id,
            kind=kind,
            status=status,
            percent=percent,
            stage=stage,
            error=error,
            error_code=error_code,
            language=language,
            date=date,
            meal=meal,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            image=image,
            timing=timing,
            text=text,
            lines=lines,
            result=result,
        )

        job_public.additional_properties = d
        return job_public

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
