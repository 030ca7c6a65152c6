"""Rendered images of known content, read end to end by the engine (Tesseract for real)."""

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from PIL import Image

from cadence_shared.events import OcrJobCompleted
from ocr_service import engine
from ocr_service.errors import LanguageUnavailable, NoTextFound
from ocr_service.results import Menu, WorkoutSheet

MENU = [
    ("Harbour Kitchen", ""),
    ("Grilled salmon", "$18.50"),
    ("  520 kcal \u00b7 P 40g C 10g F 30g", ""),
    ("Tomato soup", "$6.95"),
]
Page = Callable[..., Image.Image]
Encode = Callable[..., bytes]
SHEET = [
    ("Leg day", ""),
    ("Back squat 3x8 @ 60kg", ""),
    ("Deadlift 3 x 5 x 100 kg", ""),
    ("Bench press \u2014 4 sets of 10, 50 kg", ""),
    ("Curl 3x12 @ 25 lb", ""),
]


def test_a_menu_photo_becomes_items_with_price_currency_and_macros(
    draw_page: Page, encode_image: Encode
) -> None:
    image = draw_page(MENU).rotate(2.5, expand=True, fillcolor=(250, 248, 242))
    menu = engine.read_menu(encode_image(image, "JPEG", quality=70))

    assert [(item.name, item.price, item.currency) for item in menu.items] == [
        ("Grilled salmon", 18.5, "USD"),
        ("Tomato soup", 6.95, "USD"),
    ]
    salmon = menu.items[0]
    assert (salmon.kcal, salmon.protein_g, salmon.carbs_g, salmon.fat_g) == (520, 40, 10, 30)
    assert 0.5 < salmon.confidence <= 1
    assert set(salmon.field_confidence) >= {"name", "price", "kcal", "fat_g"}
    assert [line.text for line in menu.unparsed] == ["Harbour Kitchen"]


def test_a_workout_sheet_photo_becomes_exercises_and_the_completed_event(
    draw_page: Page, encode_image: Encode
) -> None:
    sheet = engine.read_workout_sheet(encode_image(draw_page(SHEET)))

    assert sheet.title == "Leg day"
    assert [(e.name, len(e.sets), e.sets[0].reps, e.weight, e.unit) for e in sheet.exercises] == [
        ("Back squat", 3, 8, 60.0, "kg"),
        ("Deadlift", 3, 5, 100.0, "kg"),
        ("Bench press", 4, 10, 50.0, "kg"),
        ("Curl", 3, 12, 25.0, "lb"),
    ]
    assert sheet.exercises[3].sets[0].weight_kg == 11.34
    event = engine.completed_event(
        job_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        result=sheet,
        completed_at=dt.datetime.now(dt.UTC),
    )
    # What fitness receives: the contract's own shape, and it round-trips.
    again = OcrJobCompleted.model_validate_json(event.model_dump_json())
    assert again.kind == "workout_sheet"
    assert again.workout_sheet is not None
    assert [(e.name, [s.weight_kg for s in e.sets]) for e in again.workout_sheet.exercises][3] == (
        "Curl",
        [11.34] * 3,
    )


def test_the_exif_orientation_of_a_phone_photo_is_applied(
    draw_page: Page, encode_image: Encode
) -> None:
    upright = draw_page(SHEET[:3])
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # the sensor's pixels, sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to view"
    result = engine.read(encode_image(stored, "JPEG", quality=85, exif=exif), "workout_sheet")

    assert isinstance(result, WorkoutSheet)
    assert [exercise.name for exercise in result.exercises] == ["Back squat", "Deadlift"]


def test_a_blank_photo_has_no_text(encode_image: Encode) -> None:
    with pytest.raises(NoTextFound):
        engine.read_menu(encode_image(Image.new("RGB", (640, 480), (240, 240, 240))))


def test_a_language_that_is_not_installed_is_refused(draw_page: Page, encode_image: Encode) -> None:
    with pytest.raises(LanguageUnavailable):
        engine.read_menu(encode_image(draw_page(MENU)), engine.Options(language="xyz"))


def test_the_failed_event_carries_the_reason() -> None:
    event = engine.failed_event(
        job_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        kind="menu",
        reason=NoTextFound().detail,
        completed_at=dt.datetime.now(dt.UTC),
    )
    assert (event.status, event.menu, event.error) == ("failed", None, NoTextFound.description)
    assert isinstance(Menu(items=[], unparsed=[], lines=[]).to_contract().items, list)
