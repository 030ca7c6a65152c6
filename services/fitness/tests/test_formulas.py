"""The arithmetic: adherence, Epley, volume, moving average, periods in a time zone."""

import datetime as dt
import importlib.metadata
import zoneinfo

import pytest

from fitness_service.errors import UnknownTimeZone
from fitness_service.formulas import (
    Macros,
    PeriodKind,
    adherence,
    epley_one_rep_max,
    local_date,
    local_day_bounds,
    moving_average,
    next_period,
    period_start,
    periods,
    time_zone,
    volume_kg,
)

TARGET = Macros(kcal=2000, protein_g=150, carbs_g=200, fat_g=60)


@pytest.mark.parametrize(
    ("logged", "target", "expected"),
    [
        pytest.param(TARGET, TARGET, 100.0, id="on target"),
        # 10 % over on every macro: 100 - 10.
        pytest.param(Macros(2200, 165, 220, 66), TARGET, 90.0, id="over"),
        # 25 % under on every macro: 100 - 25.
        pytest.param(Macros(1500, 112.5, 150, 45), TARGET, 75.0, id="under"),
        # kcal +10 %, protein -20 %, carbs 0 %, fat +50 %: mean 20 -> 80.
        pytest.param(Macros(2200, 120, 200, 90), TARGET, 80.0, id="mixed"),
        # Nothing logged for protein and fat: they count as 0 logged (100 % off each),
        # kcal and carbs on target -> mean 50.
        pytest.param(Macros(2000, 0, 200, 0), TARGET, 50.0, id="missing macros"),
        pytest.param(Macros(), TARGET, 0.0, id="nothing logged"),
        # Three times the target: 200 % off, clamped to 0.
        pytest.param(Macros(6000, 450, 600, 180), TARGET, 0.0, id="clamped at 0"),
        # Fat target 0 is left out: kcal, protein, carbs on target -> 100 whatever the fat.
        pytest.param(
            Macros(2000, 150, 200, 80), Macros(2000, 150, 200, 0), 100.0, id="zero target"
        ),
        # Only kcal has a target: 1800 of 2000 is 10 % off.
        pytest.param(Macros(1800, 10, 10, 10), Macros(2000, 0, 0, 0), 90.0, id="only kcal"),
        pytest.param(Macros(2000, 150, 200, 60), Macros(), None, id="every target zero"),
        pytest.param(TARGET, None, None, id="no plan"),
        # One third off on each: 66.666... rounded to 2 decimals.
        pytest.param(Macros(2666.6667, 200, 266.66667, 80), TARGET, 66.67, id="rounded"),
    ],
)
def test_adherence(logged: Macros, target: Macros | None, expected: float | None) -> None:
    assert adherence(logged, target) == expected


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [(100, 1, 103.333), (100, 5, 116.667), (100, 10, 133.333), (60, 30, 120.0), (80, 0, 80.0)],
)
def test_epley(weight: float, reps: int, expected: float) -> None:
    assert epley_one_rep_max(weight, reps) == pytest.approx(expected, abs=1e-3)


def test_volume_is_reps_times_weight() -> None:
    assert volume_kg([(5, 100), (3, 120.5), (10, 0)]) == 861.5
    assert volume_kg([]) == 0


def test_moving_average_counts_the_seven_days_ending_on_each_date() -> None:
    day = dt.date(2026, 5, 1)
    points = [
        (day, 80.0),
        (day + dt.timedelta(days=2), 81.0),
        (day + dt.timedelta(days=6), 82.0),  # day 1..7: all three
        (day + dt.timedelta(days=7), 83.0),  # day 2..8: the first drops out
        (day + dt.timedelta(days=20), 70.0),  # alone in its window: gaps are not zeros
    ]
    assert moving_average(points) == [80.0, 80.5, 81.0, 82.0, 70.0]
    assert moving_average([]) == []


def test_periods_are_iso_weeks_or_months() -> None:
    assert period_start(dt.date(2026, 5, 7), PeriodKind.week) == dt.date(2026, 5, 4)
    assert period_start(dt.date(2026, 5, 4), PeriodKind.week) == dt.date(2026, 5, 4)
    assert period_start(dt.date(2026, 5, 31), PeriodKind.month) == dt.date(2026, 5, 1)
    assert next_period(dt.date(2026, 1, 1), PeriodKind.month) == dt.date(2026, 2, 1)
    assert next_period(dt.date(2026, 12, 1), PeriodKind.month) == dt.date(2027, 1, 1)
    assert periods(dt.date(2026, 1, 31), dt.date(2026, 4, 1), PeriodKind.month) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 1),
    ]
    # Sunday 2026-05-10 and Monday 2026-05-11 fall in two weeks.
    assert periods(dt.date(2026, 5, 10), dt.date(2026, 5, 11), PeriodKind.week) == [
        dt.date(2026, 5, 4),
        dt.date(2026, 5, 11),
    ]


def test_days_in_a_time_zone() -> None:
    paris = time_zone("Europe/Paris")
    start, end = local_day_bounds(dt.date(2026, 7, 1), dt.date(2026, 7, 31), paris)
    assert start == dt.datetime(2026, 6, 30, 22, tzinfo=dt.UTC)  # CEST is UTC+2
    assert end == dt.datetime(2026, 7, 31, 22, tzinfo=dt.UTC)
    # 23:30 UTC on 31 March is already 1 April in Paris.
    late = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)
    assert local_date(late, paris) == dt.date(2026, 4, 1)
    assert local_date(late, time_zone(None)) == dt.date(2026, 3, 31)
    # A day with a DST change is 23 hours long.
    start, end = local_day_bounds(dt.date(2026, 3, 29), dt.date(2026, 3, 29), paris)
    assert end - start == dt.timedelta(hours=23)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../../etc/passwd", "Europe/Paris\x00"])
def test_unknown_time_zones_are_refused(name: str) -> None:
    with pytest.raises(UnknownTimeZone):
        time_zone(name)


def test_time_zones_need_no_system_tz_database() -> None:
    """Slim images have no /usr/share/zoneinfo: the zones come from the tzdata package, a
    dependency of the service."""
    requirements = importlib.metadata.requires("cadence-fitness") or []
    assert any(requirement.startswith("tzdata") for requirement in requirements), requirements
    zoneinfo.reset_tzpath(to=[])  # as on a slim image: no system database
    try:
        zoneinfo.ZoneInfo.clear_cache()
        paris = time_zone("Europe/Paris")
        assert paris.utcoffset(dt.datetime(2026, 7, 1)) == dt.timedelta(hours=2)
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
