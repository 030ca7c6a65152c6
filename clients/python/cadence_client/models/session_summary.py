from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entry_status import EntryStatus

if TYPE_CHECKING:
    from ..models.session_totals import SessionTotals


T = TypeVar("T", bound="SessionSummary")


@_attrs_define
class SessionSummary:
    """
    Attributes:
        id (UUID):
        name (str):
        program_id (None | UUID):
        started_at (datetime.datetime):
        ended_at (datetime.datetime | None):
        notes (None | str):
        status (EntryStatus): A food, food log or workout session made from an OCR result is a ``draft`` until the user
            confirms it; drafts count in no total, series or record.
        source_job_id (None | UUID):
        totals (SessionTotals):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    name: str
    program_id: None | UUID
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    notes: None | str
    status: EntryStatus
    source_job_id: None | UUID
    totals: SessionTotals
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        program_id: None | str
        if isinstance(self.program_id, UUID):
            program_id = str(self.program_id)
        else:
            program_id = self.program_id

        started_at = self.started_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        notes: None | str
        notes = self.notes

        status = self.status.value

        source_job_id: None | str
        if isinstance(self.source_job_id, UUID):
            source_job_id = str(self.source_job_id)
        else:
            source_job_id = self.source_job_id

        totals = self.totals.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "program_id": program_id,
                "started_at": started_at,
                "ended_at": ended_at,
                "notes": notes,
                "status": status,
                "source_job_id": source_job_id,
                "totals": totals,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.session_totals import SessionTotals  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        def _parse_program_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                program_id_type_0 = UUID(data)

                return program_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        program_id = _parse_program_id(d.pop("program_id"))

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        status = EntryStatus(d.pop("status"))

        def _parse_source_job_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_job_id_type_0 = UUID(data)

                return source_job_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        source_job_id = _parse_source_job_id(d.pop("source_job_id"))

        totals = SessionTotals.from_dict(d.pop("totals"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        session_summary = cls(
            id=id,
            name=name,
            program_id=program_id,
            started_at=started_at,
            ended_at=ended_at,
            notes=notes,
            status=status,
            source_job_id=source_job_id,
            totals=totals,
            created_at=created_at,
            updated_at=updated_at,
        )

        session_summary.additional_properties = d
        return session_summary

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
