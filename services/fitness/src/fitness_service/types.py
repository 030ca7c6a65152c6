"""Field types the subdomains' schemas and query parameters share: bounded, so hostile input
(NUL bytes, year 1 or 9999, huge or negative numbers, NaN) is a 422 before anything is stored.
Every free-text type ends with the suite's ``NoNul`` (``cadence_shared.types``)."""

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints, WithJsonSchema

from cadence_shared.errors import InvalidRange
from cadence_shared.types import NoNul, Text
from fitness_service.errors import RangeTooLong

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)
EARLIEST_INSTANT = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST_INSTANT = dt.datetime(2100, 12, 31, tzinfo=dt.UTC)
MAX_RANGE_DAYS = 5 * 366

# A local time of day ("08:30", served as "08:30:00"). Documented by a pattern, not as
# `format: time`: that is RFC 3339's full-time, whose offset a local time has not (schemathesis
# found every diet plan's body off its schema).
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$",
            "description": "Local time of day, HH:MM or HH:MM:SS",
        }
    ),
]


def _plausible_day(value: dt.date) -> dt.date:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValueError(f"must be between {EARLIEST_DAY} and {LATEST_DAY}")
    return value


def _plausible_instant(value: dt.datetime) -> dt.datetime:
    if not EARLIEST_INSTANT <= value <= LATEST_INSTANT:
        raise ValueError(f"must be between {EARLIEST_INSTANT.date()} and {LATEST_INSTANT.date()}")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    NoNul,
]
MealName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    NoNul,
]
Unit = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
    NoNul,
]
Notes = Annotated[str, StringConstraints(max_length=5000), NoNul]
SearchText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    NoNul,
]
Day = Annotated[dt.date, AfterValidator(_plausible_day)]
TimeZoneName = Annotated[
    Text | None,
    Query(
        max_length=64,
        description="IANA time zone the days, weeks and months are cut in, e.g. Europe/Paris; "
        "UTC when absent. An unknown name is a 422 unknown_time_zone.",
    ),
]
Instant = Annotated[AwareDatetime, AfterValidator(_plausible_instant)]
Servings = Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]
Kcal = Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]
Grams = Annotated[float, Field(ge=0, le=1_000, allow_inf_nan=False)]
Milligrams = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]
Kilograms = Annotated[float, Field(ge=0, le=1_000, allow_inf_nan=False)]
Reps = Annotated[int, Field(ge=0, le=1_000)]


class Weekday(enum.StrEnum):
    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"
    saturday = "saturday"
    sunday = "sunday"

    @property
    def iso(self) -> int:
        """ISO weekday number, Monday 1."""
        return list(Weekday).index(self) + 1

    @classmethod
    def of_iso(cls, number: int) -> "Weekday":
        return list(cls)[number - 1]


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive calendar days, ``first`` <= ``last``."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise InvalidRange("`from` must not be after `to`.")

    @property
    def length_days(self) -> int:
        return (self.last - self.first).days + 1

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=offset) for offset in range(self.length_days)]


async def series_range(
    first: Annotated[Day, Query(alias="from", description="First day, inclusive")],
    last: Annotated[Day, Query(alias="to", description="Last day, inclusive")],
) -> DateRange:
    """The days of a progress series: both ends given, at most ``MAX_RANGE_DAYS``."""
    days = DateRange(first, last)
    if days.length_days > MAX_RANGE_DAYS:
        raise RangeTooLong(
            f"{days.length_days} days asked; a series answers at most {MAX_RANGE_DAYS}.",
            max_days=MAX_RANGE_DAYS,
        )
    return days


async def optional_date_range(
    first: Annotated[Day | None, Query(alias="from", description="First day, inclusive")] = None,
    last: Annotated[Day | None, Query(alias="to", description="Last day, inclusive")] = None,
) -> DateRange | None:
    """A range for list filters: either end may be left open."""
    if first is None and last is None:
        return None
    return DateRange(first or EARLIEST_DAY, last or LATEST_DAY)
