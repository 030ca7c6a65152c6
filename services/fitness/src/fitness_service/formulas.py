"""The arithmetic of the service, as pure functions (the API docs state each formula).

Units are metric throughout: kilograms, centimetres, metres, kilocalories, grams (sodium in
milligrams).
"""

import datetime as dt
import enum
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fitness_service.errors import UnknownTimeZone

UTC = ZoneInfo("UTC")

# Stated in the API docs (the day view, the adherence series, the app's description): clients
# rely on this wording, and a test reads it back from the OpenAPI document.
ADHERENCE_FORMULA = (
    "adherence = 100 - the average over kcal, protein, carbs and fat of "
    "|logged - target| / target * 100, clamped to 0-100 and rounded to 2 decimals. A macro "
    "whose target is 0 is left out; no plan for the day (or every target 0) gives null. A macro "
    "with nothing logged counts as 0 logged, so a planned day with nothing logged is 0."
)
METRIC_UNITS = (
    "Canonical units are metric: kg for weights (weight_kg, volume_kg), cm for body "
    "measurements (waist_cm, hip_cm, chest_cm), kcal for energy, g for protein, carbs, fat, "
    "fibre and sugar, mg for sodium, m and km for distances, seconds and minutes for durations. "
    "Clients convert for display."
)


@dataclass(frozen=True, slots=True)
class Macros:
    """The four quantities adherence compares: kcal and grams of protein, carbs and fat."""

    kcal: float = 0.0
    protein_g: float = 0.0
    carbs_g: float = 0.0
    fat_g: float = 0.0

    def __add__(self, other: "Macros") -> "Macros":
        return Macros(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def scaled(self, factor: float) -> "Macros":
        return Macros(*(getattr(self, f.name) * factor for f in fields(self)))


MACRO_NAMES = tuple(f.name for f in fields(Macros))


def adherence(logged: Macros, target: Macros | None) -> float | None:
    """100 - the mean over kcal, protein, carbs and fat of |logged - target| / target * 100,
    clamped to 0-100 and rounded to 2 decimals. A macro whose target is 0 is left out; no
    target (no plan for the day), or every target 0, is ``None``. Nothing logged for a macro
    counts as 0 logged."""
    if target is None:
        return None
    pairs: list[tuple[float, float]] = [
        (getattr(logged, name), getattr(target, name)) for name in MACRO_NAMES
    ]
    deviations = [abs(eaten - goal) / goal * 100 for eaten, goal in pairs if goal > 0]
    if not deviations:
        return None
    return round(min(100.0, max(0.0, 100 - sum(deviations) / len(deviations))), 2)


def epley_one_rep_max(weight_kg: float, reps: int) -> float:
    """Estimated one-rep max (Epley): weight * (1 + reps / 30)."""
    return weight_kg * (1 + reps / 30)


def volume_kg(sets: Iterable[tuple[int, float]]) -> float:
    """Training volume: Σ reps * weight over (reps, weight_kg) pairs."""
    return sum(reps * weight for reps, weight in sets)


def moving_average(points: Sequence[tuple[dt.date, float]], *, window_days: int = 7) -> list[float]:
    """For each (date, value), sorted by date, the mean of the values measured in the
    ``window_days`` calendar days ending on that date (days without a measurement do not
    count; they are not zeros)."""
    window: deque[tuple[dt.date, float]] = deque()
    total = 0.0
    averages = []
    for day, value in points:
        window.append((day, value))
        total += value
        while window[0][0] <= day - dt.timedelta(days=window_days):
            total -= window.popleft()[1]
        averages.append(total / len(window))
    return averages


class PeriodKind(enum.StrEnum):
    week = "week"  # ISO weeks, from Monday
    month = "month"


def period_start(day: dt.date, kind: PeriodKind) -> dt.date:
    if kind == PeriodKind.week:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(start: dt.date, kind: PeriodKind) -> dt.date:
    if kind == PeriodKind.week:
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def periods(first: dt.date, last: dt.date, kind: PeriodKind) -> list[dt.date]:
    """The starts of every period from the one holding ``first`` to the one holding ``last``."""
    starts = []
    start = period_start(first, kind)
    while start <= last:
        starts.append(start)
        start = next_period(start, kind)
    return starts


def time_zone(name: str | None) -> ZoneInfo:
    """The IANA zone ``name``, or UTC when none is given."""
    if name is None:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownTimeZone(f"{name!r} is not an IANA time zone name.") from exc


def local_day_bounds(
    first: dt.date, last: dt.date, zone: ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """The instants from the start of ``first`` to the end of ``last`` (exclusive) in ``zone``."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def local_date(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    return instant.astimezone(zone).date()
