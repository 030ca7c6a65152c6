"""Every notation the parsers read, from plain text lines (no OCR involved)."""

import pytest

from ocr_service.parsing.menu import parse_menu
from ocr_service.parsing.text import normalise
from ocr_service.parsing.workout import parse_exercise, parse_workout
from ocr_service.reading.layout import text_line


def exercise(text: str) -> tuple[str, list[int], float | None, str | None, list[float | None]]:
    parsed = parse_exercise(text_line(text))
    assert parsed is not None, text
    return (
        parsed.name,
        [item.reps for item in parsed.sets],
        parsed.weight,
        parsed.unit,
        [item.weight_kg for item in parsed.sets],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Back squat 3x8 @ 60kg", ("Back squat", [8, 8, 8], 60.0, "kg", [60.0] * 3)),
        ("Deadlift 3 x 8 x 60 kg", ("Deadlift", [8, 8, 8], 60.0, "kg", [60.0] * 3)),
        ("Front squat 5/5/5 100kg", ("Front squat", [5, 5, 5], 100.0, "kg", [100.0] * 3)),
        (
            "Bench press \u2014 4 sets of 10, 50 kg",
            ("Bench press", [10] * 4, 50.0, "kg", [50.0] * 4),
        ),
        ("Row 4 sets of 8 reps at 70kg", ("Row", [8] * 4, 70.0, "kg", [70.0] * 4)),
        ("Curl 3\u00d712 @ 62.5 kg", ("Curl", [12] * 3, 62.5, "kg", [62.5] * 3)),
        ("Press 2x5 @ 62,5kg", ("Press", [5, 5], 62.5, "kg", [62.5] * 2)),
        ("Pull-up 3x8", ("Pull-up", [8, 8, 8], None, None, [None] * 3)),
        ("Leg press 10/8/6 120kg", ("Leg press", [10, 8, 6], 120.0, "kg", [120.0] * 3)),
    ],
)
def test_workout_notations(
    text: str, expected: tuple[str, list[int], float | None, str | None, list[float | None]]
) -> None:
    assert exercise(text) == expected


def test_pounds_are_converted_to_kilograms_and_the_original_is_kept() -> None:
    name, reps, weight, unit, weights_kg = exercise("Bench press 3x5 @ 135 lb")
    assert (name, reps, weight, unit) == ("Bench press", [5, 5, 5], 135.0, "lb")
    assert weights_kg == [61.23] * 3  # 135 x 0.45359237


def test_ocr_lookalikes_inside_numbers_are_read_as_digits() -> None:
    assert normalise("1O0kg") == "100kg"
    assert normalise("3x8 @ 6Okg") == "3x8 @ 60kg"
    assert normalise("100lbs") == "100lbs"  # the l of lb stays a letter
    assert normalise("Oil and Iron") == "Oil and Iron"
    assert exercise("Squat 5/5/S/5 l00 kg")[:3] == ("Squat", [5, 5, 5, 5], 100.0)
    assert exercise("Dips 4x3 @ 140 Ib")[2:4] == (140.0, "lb")
    assert exercise("Row 3x5 \u00a9 20kg")[2] == 20.0  # a small @ read as the copyright sign


def test_a_sheet_keeps_its_title_supersets_notes_and_unparsed_lines() -> None:
    lines = [
        "Leg day",
        "A1. Pull-up 3x8",
        "A2. Dips 3 x 10 rest 90 s",
        "Note: slow on the way down",
        "Stretch well",
    ]
    sheet = parse_workout([text_line(line, confidence=0.9) for line in lines])
    assert sheet.title == "Leg day"
    assert [(item.name, item.superset) for item in sheet.exercises] == [
        ("Pull-up", "A"),
        ("Dips", "A"),
    ]
    assert sheet.exercises[1].notes == "rest 90 s; slow on the way down"
    assert [(line.text, line.confidence) for line in sheet.unparsed] == [("Stretch well", 0.9)]
    contract = sheet.to_contract()
    assert contract.title == "Leg day"
    assert [(item.name, [s.reps for s in item.sets]) for item in contract.exercises] == [
        ("Pull-up", [8, 8, 8]),
        ("Dips", [10, 10, 10]),
    ]


def macros(text: str) -> tuple[float | None, ...]:
    menu = parse_menu([text_line("Chicken salad 12.50"), text_line(text)])
    (item,) = menu.items
    return (item.kcal, item.protein_g, item.carbs_g, item.fat_g)


@pytest.mark.parametrize(
    "text",
    [
        "450 kcal \u00b7 P 35g C 20g F 18g",
        "450 kcal | P 35g | C 20g | F 18g",
        "450 kcal, protein 35 g, carbs 20 g, fat 18 g",
        "450kcal P35g C20g F18g",
        "450 keal - P 359 C 20g F 18g",  # what OCR makes of some of it
    ],
)
def test_macro_notations(text: str) -> None:
    assert macros(text) == (450.0, 35.0, 20.0, 18.0)


@pytest.mark.parametrize(
    ("text", "name", "price", "currency"),
    [
        ("Caesar salad $12.50", "Caesar salad", 12.5, "USD"),
        ("Caesar salad 12,50 \u20ac", "Caesar salad", 12.5, "EUR"),
        ("Caesar salad \u00a312", "Caesar salad", 12.0, "GBP"),
        ("Caesar salad .......... 9.95", "Caesar salad", 9.95, None),
        ("2 eggs on toast 7.95", "2 eggs on toast", 7.95, None),
    ],
)
def test_prices(text: str, name: str, price: float, currency: str | None) -> None:
    (item,) = parse_menu([text_line(text)]).items
    assert (item.name, item.price, item.currency) == (name, price, currency)


def test_a_menu_keeps_sections_macros_on_the_line_below_and_unparsed_headings() -> None:
    lines = [
        "Trattoria Roma",
        "Mains",
        "Grilled salmon \u20ac18.50",
        "520 kcal \u00b7 P 40g C 10g F 30g",
        "Soup of the day",
        "180 kcal",
        "Tiramisu \u20ac7",
    ]
    menu = parse_menu([text_line(line, confidence=0.8) for line in lines])
    assert [
        (item.name, item.price, item.currency, item.kcal, item.fat_g, item.section)
        for item in menu.items
    ] == [
        ("Grilled salmon", 18.5, "EUR", 520.0, 30.0, "Mains"),
        ("Soup of the day", None, None, 180.0, None, "Mains"),
        ("Tiramisu", 7.0, "EUR", None, None, "Mains"),
    ]
    assert [line.text for line in menu.unparsed] == ["Trattoria Roma", "Mains"]
    assert menu.items[0].field_confidence["price"] == 0.8
    assert menu.to_contract().items[0].kcal == 520.0


def test_a_price_that_lost_its_decimal_point_is_read_like_the_rest_of_the_menu() -> None:
    lines = ["Soup $4.50", "Salad $8.95", "Salmon $895", "Tart 3.25"]
    menu = parse_menu([text_line(line) for line in lines])
    assert [(item.price, item.currency) for item in menu.items] == [
        (4.5, "USD"),
        (8.95, "USD"),
        (8.95, "USD"),
        (3.25, "USD"),
    ]
