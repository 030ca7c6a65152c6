from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.item_status import ItemStatus

if TYPE_CHECKING:
    from ..models.analysis import Analysis
    from ..models.file_info import FileInfo
    from ..models.progress import Progress


T = TypeVar("T", bound="AudioItemPublic")


@_attrs_define
class AudioItemPublic:
    """
    Attributes:
        id (UUID):
        title (str):
        tags (list[str]):
        filename (str):
        content_type (str):
        size (int):
        sha256 (str):
        apple_music_id (None | str):
        isrc (None | str):
        status (ItemStatus): Where an item's analysis stands. ``processing`` is the job's own state (its row), shown
            on the item while a job runs; the item row keeps the last settled one.
        progress (None | Progress): While queued or processing
        error (None | str): Why the analysis failed, for a producer to read
        error_code (None | str):
        file (FileInfo | None):
        analysis (Analysis | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        analysed_at (datetime.datetime | None):
    """

    id: UUID
    title: str
    tags: list[str]
    filename: str
    content_type: str
    size: int
    sha256: str
    apple_music_id: None | str
    isrc: None | str
    status: ItemStatus
    progress: None | Progress
    error: None | str
    error_code: None | str
    file: FileInfo | None
    analysis: Analysis | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    analysed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.analysis import Analysis  # noqa: PLC0415
        from ..models.file_info import FileInfo  # noqa: PLC0415
        from ..models.progress import Progress  # noqa: PLC0415

        id = str(self.id)

        title = self.title

        tags = self.tags

        filename = self.filename

        content_type = self.content_type

        size = self.size

        sha256 = self.sha256

        apple_music_id: None | str
        apple_music_id = self.apple_music_id

        isrc: None | str
        isrc = self.isrc

        status = self.status.value

        progress: dict[str, Any] | None
        if isinstance(self.progress, Progress):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        error: None | str
        error = self.error

        error_code: None | str
        error_code = self.error_code

        file: dict[str, Any] | None
        if isinstance(self.file, FileInfo):
            file = self.file.to_dict()
        else:
            file = self.file

        analysis: dict[str, Any] | None
        if isinstance(self.analysis, Analysis):
            analysis = self.analysis.to_dict()
        else:
            analysis = self.analysis

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        analysed_at: None | str
        if isinstance(self.analysed_at, datetime.datetime):
            analysed_at = self.analysed_at.isoformat()
        else:
            analysed_at = self.analysed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "tags": tags,
                "filename": filename,
                "content_type": content_type,
                "size": size,
                "sha256": sha256,
                "apple_music_id": apple_music_id,
                "isrc": isrc,
                "status": status,
                "progress": progress,
                "error": error,
                "error_code": error_code,
                "file": file,
                "analysis": analysis,
                "created_at": created_at,
                "updated_at": updated_at,
                "analysed_at": analysed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analysis import Analysis  # noqa: PLC0415
        from ..models.file_info import FileInfo  # noqa: PLC0415
        from ..models.progress import Progress  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        title = d.pop("title")

        tags = cast(list[str], d.pop("tags"))

        filename = d.pop("filename")

        content_type = d.pop("content_type")

        size = d.pop("size")

        sha256 = d.pop("sha256")

        def _parse_apple_music_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        apple_music_id = _parse_apple_music_id(d.pop("apple_music_id"))

        def _parse_isrc(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        isrc = _parse_isrc(d.pop("isrc"))

        status = ItemStatus(d.pop("status"))

        def _parse_progress(data: object) -> None | Progress:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = Progress.from_dict(data)

                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Progress, data)

        progress = _parse_progress(d.pop("progress"))

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

        def _parse_file(data: object) -> FileInfo | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                file_type_0 = FileInfo.from_dict(data)

                return file_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileInfo | None, data)

        file = _parse_file(d.pop("file"))

        def _parse_analysis(data: object) -> Analysis | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                analysis_type_0 = Analysis.from_dict(data)

                return analysis_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Analysis | None, data)

        analysis = _parse_analysis(d.pop("analysis"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_analysed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                analysed_at_type_0 = datetime.datetime.fromisoformat(data)

                return analysed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        analysed_at = _parse_analysed_at(d.pop("analysed_at"))

        audio_item_public = cls(
            id=id,
            title=title,
            tags=tags,
            filename=filename,
            content_type=content_type,
            size=size,
            sha256=sha256,
            apple_music_id=apple_music_id,
            isrc=isrc,
            status=status,
            progress=progress,
            error=error,
            error_code=error_code,
            file=file,
            analysis=analysis,
            created_at=created_at,
            updated_at=updated_at,
            analysed_at=analysed_at,
        )

        audio_item_public.additional_properties = d
        return audio_item_public

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
