from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.design_file_public_status import DesignFilePublicStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.design_file_public_estimate_type_0 import DesignFilePublicEstimateType0
    from ..models.design_file_public_metadata_type_0 import DesignFilePublicMetadataType0
    from ..models.file_progress import FileProgress


T = TypeVar("T", bound="DesignFilePublic")


@_attrs_define
class DesignFilePublic:
    """A design file: what was uploaded, and what processing found (or why it failed).

    ``metadata`` and ``estimate`` are set once ``status`` is ``ready`` (see the service's README
    for their fields); ``error`` and ``error_code`` once it is ``failed``.

        Attributes:
            id (UUID):
            project_id (UUID):
            owner_id (UUID):
            filename (str): The uploaded name, made safe; metadata only
            size_bytes (int):
            sha256 (str):
            content_type (str): As judged from the bytes, not the client's header
            kind (str): svg, dxf, png or jpeg, as judged from the bytes
            status (DesignFilePublicStatus):
            has_preview (bool):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            progress (FileProgress | None | Unset):
            metadata (DesignFilePublicMetadataType0 | None | Unset):
            estimate (DesignFilePublicEstimateType0 | None | Unset):
            error (None | str | Unset):
            error_code (None | str | Unset):
            processed_at (datetime.datetime | None | Unset):
    """

    id: UUID
    project_id: UUID
    owner_id: UUID
    filename: str
    size_bytes: int
    sha256: str
    content_type: str
    kind: str
    status: DesignFilePublicStatus
    has_preview: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    progress: FileProgress | None | Unset = UNSET
    metadata: DesignFilePublicMetadataType0 | None | Unset = UNSET
    estimate: DesignFilePublicEstimateType0 | None | Unset = UNSET
    error: None | str | Unset = UNSET
    error_code: None | str | Unset = UNSET
    processed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.design_file_public_estimate_type_0 import (
            DesignFilePublicEstimateType0,  # noqa: PLC0415
        )
        from ..models.design_file_public_metadata_type_0 import (
            DesignFilePublicMetadataType0,  # noqa: PLC0415
        )
        from ..models.file_progress import FileProgress  # noqa: PLC0415

        id = str(self.id)

        project_id = str(self.project_id)

        owner_id = str(self.owner_id)

        filename = self.filename

        size_bytes = self.size_bytes

        sha256 = self.sha256

        content_type = self.content_type

        kind = self.kind

        status = self.status.value

        has_preview = self.has_preview

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        progress: dict[str, Any] | None | Unset
        if isinstance(self.progress, Unset):
            progress = UNSET
        elif isinstance(self.progress, FileProgress):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, DesignFilePublicMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        estimate: dict[str, Any] | None | Unset
        if isinstance(self.estimate, Unset):
            estimate = UNSET
        elif isinstance(self.estimate, DesignFilePublicEstimateType0):
            estimate = self.estimate.to_dict()
        else:
            estimate = self.estimate

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        error_code: None | str | Unset
        if isinstance(self.error_code, Unset):
            error_code = UNSET
        else:
            error_code = self.error_code

        processed_at: None | str | Unset
        if isinstance(self.processed_at, Unset):
            processed_at = UNSET
        elif isinstance(self.processed_at, datetime.datetime):
            processed_at = self.processed_at.isoformat()
        else:
            processed_at = self.processed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "project_id": project_id,
                "owner_id": owner_id,
                "filename": filename,
                "size_bytes": size_bytes,
                "sha256": sha256,
                "content_type": content_type,
                "kind": kind,
                "status": status,
                "has_preview": has_preview,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if progress is not UNSET:
            field_dict["progress"] = progress
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if estimate is not UNSET:
            field_dict["estimate"] = estimate
        if error is not UNSET:
            field_dict["error"] = error
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if processed_at is not UNSET:
            field_dict["processed_at"] = processed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.design_file_public_estimate_type_0 import (
            DesignFilePublicEstimateType0,  # noqa: PLC0415
        )
        from ..models.design_file_public_metadata_type_0 import (
            DesignFilePublicMetadataType0,  # noqa: PLC0415
        )
        from ..models.file_progress import FileProgress  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        project_id = UUID(d.pop("project_id"))

        owner_id = UUID(d.pop("owner_id"))

        filename = d.pop("filename")

        size_bytes = d.pop("size_bytes")

        sha256 = d.pop("sha256")

        content_type = d.pop("content_type")

        kind = d.pop("kind")

        status = DesignFilePublicStatus(d.pop("status"))

        has_preview = d.pop("has_preview")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_progress(data: object) -> FileProgress | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = FileProgress.from_dict(data)

                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileProgress | None | Unset, data)

        progress = _parse_progress(d.pop("progress", UNSET))

        def _parse_metadata(data: object) -> DesignFilePublicMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = DesignFilePublicMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DesignFilePublicMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_estimate(data: object) -> DesignFilePublicEstimateType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                estimate_type_0 = DesignFilePublicEstimateType0.from_dict(data)

                return estimate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DesignFilePublicEstimateType0 | None | Unset, data)

        estimate = _parse_estimate(d.pop("estimate", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_error_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_code = _parse_error_code(d.pop("error_code", UNSET))

        def _parse_processed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processed_at_type_0 = datetime.datetime.fromisoformat(data)

                return processed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        processed_at = _parse_processed_at(d.pop("processed_at", UNSET))

        design_file_public = cls(
            id=id,
            project_id=project_id,
            owner_id=owner_id,
            filename=filename,
            size_bytes=size_bytes,
            sha256=sha256,
            content_type=content_type,
            kind=kind,
            status=status,
            has_preview=has_preview,
            created_at=created_at,
            updated_at=updated_at,
            progress=progress,
            metadata=metadata,
            estimate=estimate,
            error=error,
            error_code=error_code,
            processed_at=processed_at,
        )

        design_file_public.additional_properties = d
        return design_file_public

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
