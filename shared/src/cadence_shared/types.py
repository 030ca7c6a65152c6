"""Field types every service's schemas share.

A string Postgres can store: a ``text``/``varchar`` value cannot hold the NUL character
(``\\x00``), and a body or query parameter carrying one used to reach the database and fail
there as a 500. ``NoNul`` refuses it while the request is parsed (a 422 problem naming the
field, nothing stored). Every free-text field ends with it, after its bounds (pydantic applies
string constraints placed after a validator only in part)::

    Title = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), NoNul]

``Text`` is the unbounded form.

A time Postgres and Python can both hold sensibly: ``timestamptz`` turns ``0001-01-01`` and
``9999-12-31T23:59:59.999999Z`` into ``-infinity``/``infinity`` (which Python cannot read back,
so every later read of the row failed), and ``0001-01-01T00:00:00+00:01`` is before year 1 in
UTC (``OverflowError``). ``UtcRange`` checks an aware datetime against a range while the
request (or event) is parsed and converts it to UTC; the ready-made types:

- ``UtcDatetime``: any instant from 1970-01-01 to 2100-01-01 (UTC), e.g. a due date.
- ``PastUtcDatetime``: something that has happened: 1970-01-01 up to now + 1 day (a day of
  slack for clocks that are wrong), e.g. when a run started.
- ``SaneDate``: a calendar day from 1970-01-01 to 2100-12-31.

Each range is written into the field's JSON schema description, so the API docs state it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field


def refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


NoNul = AfterValidator(refuse_nul)
Text = Annotated[str, NoNul]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(days=1)
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2100, 12, 31)


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _span(value: timedelta) -> str:
    if value.seconds == 0 and value.microseconds == 0:
        return f"{value.days} day" + ("s" if value.days != 1 else "")
    return f"{value.total_seconds():g} s"


@dataclass(frozen=True, slots=True)
class UtcRange:
    """An aware datetime from ``earliest`` to ``latest`` (fixed) or to now + ``ahead``; the value
    comes out in UTC. Use as ``Annotated[AwareDatetime, AfterValidator(UtcRange(...))]``."""

    earliest: datetime = EPOCH
    latest: datetime | None = FAR_FUTURE
    ahead: timedelta | None = None

    def upper(self) -> datetime:
        if self.ahead is not None:
            moving = datetime.now(UTC) + self.ahead
            return moving if self.latest is None else min(moving, self.latest)
        return self.latest if self.latest is not None else datetime.max.replace(tzinfo=UTC)

    def describe(self) -> str:
        until = f"now + {_span(self.ahead)}" if self.ahead is not None else None
        if until is None and self.latest is not None:
            until = _instant(self.latest)
        return f"UTC, from {_instant(self.earliest)}" + (f" to {until}" if until else "")

    def __call__(self, value: datetime) -> datetime:
        try:
            utc = value.astimezone(UTC)
        except OverflowError:  # an offset that moves year 1 into year 0
            raise ValueError(f"must be {self.describe()}") from None
        if not self.earliest <= utc <= self.upper():
            raise ValueError(f"must be {self.describe()}")
        return utc


ANY_SANE_TIME = UtcRange()
HAPPENED = UtcRange(latest=None, ahead=CLOCK_SLACK)

UtcDatetime = Annotated[
    AwareDatetime, AfterValidator(ANY_SANE_TIME), Field(description=ANY_SANE_TIME.describe())
]
PastUtcDatetime = Annotated[
    AwareDatetime, AfterValidator(HAPPENED), Field(description=HAPPENED.describe())
]


@dataclass(frozen=True, slots=True)
class DateRange:
    """A calendar day from ``earliest`` to ``latest`` (inclusive)."""

    earliest: date = FIRST_DAY
    latest: date = LAST_DAY

    def describe(self) -> str:
        return f"from {self.earliest.isoformat()} to {self.latest.isoformat()}"

    def __call__(self, value: date) -> date:
        if not self.earliest <= value <= self.latest:
            raise ValueError(f"must be a day {self.describe()}")
        return value


ANY_SANE_DAY = DateRange()
SaneDate = Annotated[date, AfterValidator(ANY_SANE_DAY), Field(description=ANY_SANE_DAY.describe())]
