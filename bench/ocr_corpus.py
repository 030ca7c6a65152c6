"""The OCR benchmark's corpus, rendered here from a seed (no downloads): menus and workout sheets
in five fonts from Debian's font packages, 14-40 px, one or two columns, then photographed badly:
rotated up to 4 degrees either way, Gaussian noise, blur, uneven lighting, JPEG at quality 60.

Each sample carries its ground truth: the lines in reading order, and the items or exercises a
perfect reader would parse from them.
"""

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = {
    "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # fonts-dejavu-core
    "Liberation Serif": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "Lato": "/usr/share/fonts/truetype/lato/Lato-Regular.ttf",  # fonts-lato
    "Open Sans": "/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf",  # fonts-open-sans
    "FreeSans": "/usr/share/fonts/truetype/freefont/FreeSans.ttf",  # fonts-freefont-ttf
}
"""fonts-liberation2 for Liberation; each package is installed by bootstrap.sh --bench/--test."""

DISHES = (
    "Grilled salmon",
    "Chicken Caesar salad",
    "Mushroom risotto",
    "Beef burger",
    "Margherita pizza",
    "Tomato soup",
    "Falafel wrap",
    "Greek salad",
    "Lentil curry",
    "Fish and chips",
    "Pad thai",
    "Spaghetti carbonara",
    "Lamb kofta",
    "Tuna poke bowl",
    "Chicken tikka",
    "Veggie lasagne",
    "Steak frites",
    "Prawn tacos",
    "Roast chicken",
    "Quinoa bowl",
    "Pork ramen",
    "Duck confit",
    "Caprese salad",
    "Minestrone",
    "Chili con carne",
    "Halloumi skewers",
    "Salmon sushi",
    "Beef stroganoff",
    "Vegan burrito",
    "Shakshuka",
    "Club sandwich",
    "Pancakes",
    "Fruit salad",
    "Chocolate mousse",
    "Tiramisu",
    "Apple pie",
    "Bruschetta",
    "Garlic bread",
    "Onion rings",
    "Chicken wings",
)
SECTIONS = ("Starters", "Mains", "Desserts", "Salads", "Specials", "Sides")
TITLES = ("Trattoria Roma", "The Green Fork", "Harbour Kitchen", "Cafe Nord", "Lunch menu")
EXERCISES = (
    "Back squat",
    "Front squat",
    "Deadlift",
    "Romanian deadlift",
    "Bench press",
    "Incline press",
    "Overhead press",
    "Barbell row",
    "Pull-up",
    "Chin-up",
    "Dips",
    "Lunges",
    "Leg press",
    "Hip thrust",
    "Lat pulldown",
    "Seated row",
    "Biceps curl",
    "Triceps extension",
    "Face pull",
    "Calf raise",
    "Goblet squat",
    "Push-up",
    "Kettlebell swing",
    "Leg curl",
    "Shoulder press",
)
WORKOUT_TITLES = ("Leg day", "Push day", "Pull day", "Full body A", "Upper body", "Strength B")
NOTES = ("rest 90 s", "slow negatives", "pause at the bottom", "last set to failure")


@dataclass
class MenuTruth:
    name: str
    price: float
    currency: str | None
    kcal: float | None = None
    protein_g: float | None = None
    carbs_g: float | None = None
    fat_g: float | None = None


@dataclass
class ExerciseTruth:
    name: str
    reps: list[int]
    weight: float | None
    unit: str | None


@dataclass
class Sample:
    name: str
    kind: str  # "menu" or "workout_sheet"
    data: bytes
    lines: list[str]  # in reading order
    menu: list[MenuTruth] = field(default_factory=list)
    exercises: list[ExerciseTruth] = field(default_factory=list)
    conditions: dict[str, str | float] = field(default_factory=dict)


@dataclass
class _Row:
    """A printed row: a left text, maybe a right-aligned one, at a relative size."""

    left: str
    right: str = ""
    scale: float = 1.0
    indent: float = 0.0


def corpus(seed: int, count: int) -> Iterator[Sample]:
    """``count`` samples, half menus and half workout sheets, all decided by ``seed``."""
    rng = random.Random(seed)
    for index in range(count):
        kind = "menu" if index % 2 == 0 else "workout_sheet"
        yield _sample(rng, f"{seed}-{index:03d}-{kind}", kind)


def _sample(rng: random.Random, name: str, kind: str) -> Sample:
    font = rng.choice(sorted(FONTS))
    size = rng.randint(14, 40)
    columns = rng.choice((1, 2))
    if kind == "menu":
        menu = _menu(rng, columns)
        sheets = [rows for rows, _ in menu]
        truth_menu, truth_exercises = [item for _, items in menu for item in items], []
    else:
        workout = _workout(rng, columns)
        sheets = [rows for rows, _ in workout]
        truth_menu, truth_exercises = [], [item for _, items in workout for item in items]
    image = _render(sheets, FONTS[font], size, width_em=22 if kind == "menu" else 24)
    conditions: dict[str, str | float] = {"font": font, "size": size, "columns": columns}
    data = _photograph(rng, image, conditions)
    lines = [_text(row) for rows in sheets for row in rows]
    return Sample(name, kind, data, lines, truth_menu, truth_exercises, conditions)


def _text(row: _Row) -> str:
    return f"{row.left} {row.right}".strip()


def _price(rng: random.Random, style: int) -> tuple[str, float, str | None]:
    amount = rng.randint(3, 32) + rng.choice((0, 0.5, 0.95, 0.25))
    formats = (
        (f"${amount:.2f}", "USD"),
        (f"{amount:.2f} €".replace(".", ","), "EUR"),
        (f"£{amount:.2f}", "GBP"),
        (f"{amount:.2f}", None),
        (f"€{amount:.2f}", "EUR"),
    )
    text, currency = formats[style]
    return text, amount, currency


def _macros(rng: random.Random, item: MenuTruth) -> str | None:
    if rng.random() < 0.35:
        return None
    item.kcal = float(rng.randint(12, 95) * 10)
    if rng.random() < 0.2:
        return f"{item.kcal:.0f} kcal"
    item.protein_g = float(rng.randint(2, 60))
    item.carbs_g = float(rng.randint(2, 90))
    item.fat_g = float(rng.randint(1, 45))
    p, c, f, kcal = item.protein_g, item.carbs_g, item.fat_g, item.kcal
    return rng.choice(
        (
            f"{kcal:.0f} kcal · P {p:.0f}g C {c:.0f}g F {f:.0f}g",
            f"{kcal:.0f} kcal | P {p:.0f}g | C {c:.0f}g | F {f:.0f}g",
            f"{kcal:.0f} kcal, protein {p:.0f} g, carbs {c:.0f} g, fat {f:.0f} g",
        )
    )


def _menu(rng: random.Random, columns: int) -> list[tuple[list[_Row], list[MenuTruth]]]:
    style = rng.randrange(5)
    dishes = rng.sample(DISHES, rng.randint(5, 8) * columns)
    per_column = len(dishes) // columns
    result = []
    for column in range(columns):
        rows = [_Row(rng.choice(TITLES), scale=1.25)] if column == 0 else []
        rows.append(_Row(rng.choice(SECTIONS)))
        items = []
        for dish in dishes[column * per_column : (column + 1) * per_column]:
            text, amount, currency = _price(rng, style)
            item = MenuTruth(dish, amount, currency)
            rows.append(_Row(dish, text))
            macros = _macros(rng, item)
            if macros:
                rows.append(_Row(macros, scale=0.8, indent=0.5))
            items.append(item)
        result.append((rows, items))
    return result


def _scheme(rng: random.Random, name: str) -> tuple[str, ExerciseTruth]:
    sets, reps = rng.randint(2, 5), rng.choice((3, 5, 6, 8, 10, 12, 15))
    weight = float(rng.choice((20, 25, 40, 50, 60, 62.5, 70, 80, 100, 120, 135, 140)))
    shown = f"{weight:g}"
    notation = rng.randrange(7)
    forms = (
        (f"{name} {sets}x{reps} @ {shown}kg", "kg"),
        (f"{name} {sets} x {reps} x {shown} kg", "kg"),
        (f"{name} {'/'.join([str(reps)] * sets)} {shown}kg", "kg"),
        (f"{name} — {sets} sets of {reps}, {shown} kg", "kg"),
        (f"{name} {sets}x{reps} @ {shown} lb", "lb"),
        (f"{name} {sets}x{reps}", None),
        (f"{name} {sets} x {reps} @ {shown}kg", "kg"),
    )
    text, unit = forms[notation]
    return text, ExerciseTruth(name, [reps] * sets, weight if unit else None, unit)


def _workout(rng: random.Random, columns: int) -> list[tuple[list[_Row], list[ExerciseTruth]]]:
    result = []
    names = rng.sample(EXERCISES, 14)
    for column in range(columns):
        rows = [_Row(rng.choice(WORKOUT_TITLES), scale=1.25)] if column == 0 else []
        items = []
        superset = rng.random() < 0.3
        for index in range(rng.randint(4, 7)):
            text, truth = _scheme(rng, names.pop())
            if superset and index in (1, 2):
                text = f"A{index}. {text}"
            rows.append(_Row(text))
            items.append(truth)
            if rng.random() < 0.15:
                rows.append(_Row(f"Note: {rng.choice(NOTES)}", scale=0.8))
        result.append((rows, items))
    return result


def _render(sheets: list[list[_Row]], font_path: str, size: int, width_em: float) -> Image.Image:
    column_width = int(width_em * size)
    gutter, margin, leading = 3 * size, 2 * size, 1.6
    height = int(max(sum(row.scale for row in rows) for rows in sheets) * leading * size)
    width = 2 * margin + len(sheets) * column_width + (len(sheets) - 1) * gutter
    image = Image.new("RGB", (width, height + 2 * margin), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    fonts: dict[float, ImageFont.FreeTypeFont] = {}
    for column, rows in enumerate(sheets):
        x0 = margin + column * (column_width + gutter)
        y = margin
        for row in rows:
            px = max(14, round(size * row.scale))
            font = fonts.setdefault(px, ImageFont.truetype(font_path, px))
            y += int(leading * px)
            draw.text(
                (x0 + row.indent * size, y), row.left, font=font, fill=(30, 30, 35), anchor="ls"
            )
            if row.right:
                draw.text(
                    (x0 + column_width, y), row.right, font=font, fill=(30, 30, 35), anchor="rs"
                )
    return image


def _photograph(
    rng: random.Random, image: Image.Image, conditions: dict[str, str | float]
) -> bytes:
    angle = round(rng.uniform(-4, 4), 2)
    image = image.rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(250, 248, 242)
    )
    conditions["rotation"] = angle
    pixels = np.asarray(image, dtype=np.float32)
    lighting = rng.random() < 0.5
    if lighting:
        width = pixels.shape[1]
        ramp = np.linspace(rng.uniform(0.55, 0.75), 1.0, width, dtype=np.float32)
        if rng.random() < 0.5:
            ramp = ramp[::-1]
        pixels = pixels * ramp[None, :, None]
    conditions["lighting"] = "uneven" if lighting else "even"
    sigma = rng.choice((0.0, 0.0, 6.0, 12.0))
    if sigma:
        noise = np.random.default_rng(rng.randrange(2**32)).normal(0, sigma, pixels.shape)
        pixels = pixels + noise.astype(np.float32)
    conditions["noise_sigma"] = sigma
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    blur = rng.choice((0.0, 0.0, 0.6, 1.0))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    conditions["blur"] = blur
    buffer = io.BytesIO()
    if rng.random() < 0.7:
        image.save(buffer, "JPEG", quality=60)
        conditions["format"] = "jpeg q60"
    else:
        image.save(buffer, "PNG")
        conditions["format"] = "png"
    return buffer.getvalue()


def missing_fonts() -> list[str]:
    return [path for path in FONTS.values() if not Path(path).exists()]
