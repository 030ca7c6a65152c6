"""The bounded field types: NUL-free text, UTC datetimes and days in a documented range."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import BaseModel, ValidationError

from cadence_shared.types import (
    PastUtcDatetime,
    SaneDate,
    Text,
    UtcDatetime,
    UtcRange,
)


class Times(BaseModel):
    happened: PastUtcDatetime | None = None
    planned: UtcDatetime | None = None
    day: SaneDate | None = None
    note: Text | None = None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("happened", "0001-01-01T00:00:00Z"),  # Postgres: -infinity
        ("happened", "0001-01-01T00:00:00+00:01"),  # year 0 in UTC: OverflowError
        ("happened", "9999-12-31T23:59:59.999999Z"),  # Postgres: infinity
        ("happened", "1969-12-31T23:59:59Z"),
        ("planned", "2100-01-01T00:00:00.000001Z"),
        ("planned", "0001-01-01T00:00:00+00:01"),
        ("day", "0001-01-01"),
        ("day", "9999-12-31"),
        ("note", "a\x00b"),
    ],
)
def test_values_out_of_range_are_refused_as_validation_errors(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Times.model_validate({field: value})

    [error] = refused.value.errors()
    assert error["loc"] == (field,)


def test_a_day_of_clock_slack_is_allowed_and_no_more() -> None:
    now = datetime.now(UTC)

    tomorrow = Times(happened=now + timedelta(hours=23)).happened

    assert tomorrow == now + timedelta(hours=23)
    with pytest.raises(ValidationError):
        Times(happened=now + timedelta(days=1, minutes=1))


def test_values_come_out_in_utc() -> None:
    plus_two = timezone(timedelta(hours=2))

    times = Times(happened=datetime(2026, 5, 4, 9, 0, tzinfo=plus_two), planned="1970-01-01T00:00Z")

    assert times.happened == datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
    assert times.happened is not None and times.happened.utcoffset() == timedelta(0)
    assert times.planned == datetime(1970, 1, 1, tzinfo=UTC)
    assert Times(day=date(2100, 12, 31)).day == date(2100, 12, 31)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValidationError):
        Times.model_validate({"happened": "2026-05-04T07:00:00"})


def test_a_range_of_ones_own_and_its_description() -> None:
    window = UtcRange(earliest=datetime(2020, 1, 1, tzinfo=UTC), latest=None, ahead=timedelta(0))

    assert window.describe() == "UTC, from 2020-01-01T00:00:00Z to now + 0 days"
    with pytest.raises(ValueError, match="from 2020-01-01"):
        window(datetime(2019, 12, 31, tzinfo=UTC))
    with pytest.raises(ValueError, match="to now"):
        window(datetime.now(UTC) + timedelta(seconds=5))


def test_the_schema_states_the_range() -> None:
    properties = Times.model_json_schema()["properties"]

    [happened, _] = properties["happened"]["anyOf"]
    assert happened["description"] == "UTC, from 1970-01-01T00:00:00Z to now + 1 day"
    assert properties["planned"]["anyOf"][0]["description"] == (
        "UTC, from 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z"
    )
