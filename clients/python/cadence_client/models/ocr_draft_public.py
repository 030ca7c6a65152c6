from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.draft_kind import DraftKind
from ..models.draft_state import DraftState

if TYPE_CHECKING:
    from ..models.food_log_public import FoodLogPublic
    from ..models.food_public import FoodPublic
    from ..models.session_public import SessionPublic


T = TypeVar("T", bound="OcrDraftPublic")


@_attrs_define
class OcrDraftPublic:
    """What the job drafted: for a menu its foods and the food log entries, for a workout
    sheet the session. Confirming makes them ordinary data in one call.

        Attributes:
            job_id (UUID):
            kind (DraftKind):
            state (DraftState):
            date (datetime.date):
            meal (None | str):
            created_at (datetime.datetime):
            decided_at (datetime.datetime | None):
            foods (list[FoodPublic]):
            food_logs (list[FoodLogPublic]):
            session (None | SessionPublic):
    """

    job_id: UUID
    kind: DraftKind
    state: DraftState
    date: datetime.date
    meal: None | str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    foods: list[FoodPublic]
    food_logs: list[FoodLogPublic]
    session: None | SessionPublic
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.session_public import SessionPublic  # noqa: PLC0415

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

        foods = []
        for foods_item_data in self.foods:
            foods_item = foods_item_data.to_dict()
            foods.append(foods_item)

        food_logs = []
        for food_logs_item_data in self.food_logs:
            food_logs_item = food_logs_item_data.to_dict()
            food_logs.append(food_logs_item)

        session: dict[str, Any] | None
        if isinstance(self.session, SessionPublic):
            session = self.session.to_dict()
        else:
            session = self.session

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
                "foods": foods,
                "food_logs": food_logs,
                "session": session,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.food_log_public import FoodLogPublic  # noqa: PLC0415
        from ..models.food_public import FoodPublic  # noqa: PLC0415
        from ..models.session_public import SessionPublic  # noqa: PLC0415

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

        foods = []
        _foods = d.pop("foods")
        for foods_item_data in _foods:
            foods_item = FoodPublic.from_dict(foods_item_data)

            foods.append(foods_item)

        food_logs = []
        _food_logs = d.pop("food_logs")
        for food_logs_item_data in _food_logs:
            food_logs_item = FoodLogPublic.from_dict(food_logs_item_data)

            food_logs.append(food_logs_item)

        def _parse_session(data: object) -> None | SessionPublic:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                session_type_0 = SessionPublic.from_dict(data)

                return session_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionPublic, data)

        session = _parse_session(d.pop("session"))

        ocr_draft_public = cls(
            job_id=job_id,
            kind=kind,
            state=state,
            date=date,
            meal=meal,
            created_at=created_at,
            decided_at=decided_at,
            foods=foods,
            food_logs=food_logs,
            session=session,
        )

        ocr_draft_public.additional_properties = d
        return ocr_draft_public

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
