from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.draft_kind import DraftKind
from ..models.draft_state import DraftState

T = TypeVar("T", bound="OcrDraftSummary")


@_attrs_define
class OcrDraftSummary:
    """
    Attributes:
        job_id (UUID):
        kind (DraftKind):
        state (DraftState):
        date (datetime.date):
        meal (None | str):
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
    """

    job_id: UUID
    kind: DraftKind
    state: DraftState
    date: datetime.date
    meal: None | str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = str(self.job_id)

        kind = self.kind.value

        state = self.state.value

        date = self.date.isoformat()

        meal: None | str
        meal = self.meal

        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "kind": kind,
                "state": state,
                "date": date,
                "meal": meal,
                "created_at": created_at,
                "decided_at": decided_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = UUID(d.pop("job_id"))

        kind = DraftKind(d.pop("kind"))

        state = DraftState(d.pop("state"))

        date = datetime.date.fromisoformat(d.pop("date"))

        def _parse_meal(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        meal = _parse_meal(d.pop("meal"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        ocr_draft_summary = cls(
            job_id=job_id,
            kind=kind,
            state=state,
            date=date,
            meal=meal,
            created_at=created_at,
            decided_at=decided_at,
        )

        ocr_draft_summary.additional_properties = d
        return ocr_draft_summary

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
