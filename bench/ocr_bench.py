"""OCR accuracy and speed on a corpus rendered by ``ocr_corpus.py`` (no stack needed).

Two parts: ``tuning`` (seed 1), the images the parsers were developed against, and ``held_out``
(seed 2), never looked at while developing, reported apart. Per part: menu items parsed exactly
(name, price, currency and every printed macro), workout lines parsed exactly (name, reps of
every set, weight, unit), the character error rate of the raw text (Levenshtein distance over
the length of the true text, lines in reading order), and seconds per image on one core
(``OMP_THREAD_LIMIT=1``; decoding, preprocessing, Tesseract, layout and parsing).

``python bench/ocr_bench.py [--count N] [--explore N]`` (``--explore``, 20 by default, compares tesserocr
with pytesseract, the page-segmentation modes and the preprocessing steps on N tuning images).
"""

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per image, before Tesseract loads

import argparse
import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any

from ocr_corpus import ExerciseTruth, MenuTruth, Sample, corpus, missing_fonts

from benchlib import machine, metric, write_results
from ocr_service import engine
from ocr_service.errors import NoTextFound
from ocr_service.reading.preprocess import Preprocessing
from ocr_service.reading.tesseract import Segmentation
from ocr_service.results import Exercise, Menu, MenuItem, WorkoutSheet

PARTS = {"tuning": 1, "held_out": 2}
MENU_FIELDS = ("price", "currency", "kcal", "protein_g", "carbs_g", "fat_g")


@dataclass
class Tally:
    """What one part (or one configuration) scored."""

    menu_items: int = 0
    menu_exact: int = 0
    workout_lines: int = 0
    workout_exact: int = 0
    edits: int = 0
    characters: int = 0
    seconds: list[float] = field(default_factory=list)
    field_errors: Counter[str] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_condition: dict[str, list[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def pct(self, exact: int, total: int) -> float:
        return 100 * exact / total if total else 0.0


def levenshtein(first: str, second: str) -> int:
    previous = list(range(len(second) + 1))
    for index, char in enumerate(first, 1):
        current = [index]
        for other_index, other in enumerate(second, 1):
            cost = previous[other_index - 1] + (char != other)
            current.append(min(previous[other_index] + 1, current[-1] + 1, cost))
        previous = current
    return previous[-1]


def _same(first: float | str | None, second: float | str | None) -> bool:
    if isinstance(first, float) and isinstance(second, float):
        return abs(first - second) < 1e-6
    return first == second


def _closest(name: str, names: list[str]) -> int | None:
    scores = [SequenceMatcher(None, name, other).ratio() for other in names]
    if not scores or max(scores) < 0.7:
        return None
    return scores.index(max(scores))


def _score_menu(truth: list[MenuTruth], menu: Menu, tally: Tally) -> list[bool]:
    items: list[MenuItem] = list(menu.items)
    results = []
    for expected in truth:
        index = _closest(expected.name, [item.name for item in items])
        if index is None:
            tally.field_errors["menu: item missing"] += 1
            results.append(False)
            continue
        item = items.pop(index)
        wrong = [
            key for key in MENU_FIELDS if not _same(getattr(expected, key), getattr(item, key))
        ]
        if item.name != expected.name:
            wrong.insert(0, "name")
        tally.field_errors.update(f"menu: {key}" for key in wrong)
        if wrong:
            tally.failures.append(
                f"menu {expected} -> {item.name!r} {[getattr(item, k) for k in MENU_FIELDS]}"
            )
        results.append(not wrong)
    return results


def _score_workout(truth: list[ExerciseTruth], sheet: WorkoutSheet, tally: Tally) -> list[bool]:
    exercises: list[Exercise] = list(sheet.exercises)
    results = []
    for expected in truth:
        index = _closest(expected.name, [exercise.name for exercise in exercises])
        if index is None:
            tally.field_errors["workout: line missing"] += 1
            tally.failures.append(f"workout missing {expected}")
            results.append(False)
            continue
        exercise = exercises.pop(index)
        wrong = []
        if exercise.name != expected.name:
            wrong.append("name")
        if [item.reps for item in exercise.sets] != expected.reps:
            wrong.append("sets/reps")
        if not _same(exercise.weight, expected.weight):
            wrong.append("weight")
        if exercise.unit != expected.unit:
            wrong.append("unit")
        tally.field_errors.update(f"workout: {key}" for key in wrong)
        if wrong:
            tally.failures.append(f"workout {expected} -> {exercise.source!r}")
        results.append(not wrong)
    return results


def _confusions(truth_lines: list[str], read_lines: list[str], tally: Tally) -> None:
    for line in truth_lines:
        index = _closest(line, read_lines)
        if index is None:
            continue
        matcher = SequenceMatcher(None, line, read_lines[index], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                tally.confusions[(line[i1:i2] or "∅", read_lines[index][j1:j2] or "∅")] += 1


def _conditions(sample: Sample) -> list[str]:
    c = sample.conditions
    size = int(c["size"])
    bucket = "14-20 px" if size <= 20 else ("21-30 px" if size <= 30 else "31-40 px")
    return [
        f"size {bucket}",
        f"font {c['font']}",
        f"{c['columns']} column(s)",
        f"{c['format']}",
        f"blur {c['blur']}",
        f"noise sigma {c['noise_sigma']}",
        f"lighting {c['lighting']}",
        f"|rotation| {'> 2' if abs(float(c['rotation'])) > 2 else '<= 2'} deg",
    ]


def _cpu() -> float:
    """CPU seconds of this process and its children (the ``tesseract`` runs of pytesseract)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def evaluate(samples: list[Sample], options: engine.Options, tally: Tally) -> None:
    for sample in samples:
        kind: engine.Kind = "menu" if sample.kind == "menu" else "workout_sheet"
        started = _cpu()
        try:
            result: Menu | WorkoutSheet | None = engine.read(sample.data, kind, options)
        except NoTextFound:
            result = None
        tally.seconds.append(_cpu() - started)
        read_lines = [line.text for line in result.lines] if result else []
        truth = "\n".join(sample.lines)
        tally.edits += levenshtein(truth, "\n".join(read_lines))
        tally.characters += len(truth)
        _confusions(sample.lines, read_lines, tally)
        if sample.kind == "menu":
            menu = result if isinstance(result, Menu) else Menu(items=[], unparsed=[], lines=[])
            exact = _score_menu(sample.menu, menu, tally)
            tally.menu_items += len(exact)
            tally.menu_exact += sum(exact)
        else:
            empty = WorkoutSheet(exercises=[], unparsed=[], lines=[])
            exact = _score_workout(
                sample.exercises, result if isinstance(result, WorkoutSheet) else empty, tally
            )
            tally.workout_lines += len(exact)
            tally.workout_exact += sum(exact)
        if not all(exact):
            tally.failures.append(
                f"  {sample.name} {sample.conditions} read:\n    " + "\n    ".join(read_lines)
            )
        for condition in _conditions(sample):
            counts = tally.by_condition.setdefault(condition, [0, 0])
            counts[0] += sum(exact)
            counts[1] += len(exact)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _part_metrics(name: str, tally: Tally) -> list[dict[str, Any]]:
    return [
        metric(
            f"{name}: menu items parsed exactly",
            tally.pct(tally.menu_exact, tally.menu_items),
            "%",
            ">= 95 %",
        ),
        metric(
            f"{name}: workout lines parsed exactly",
            tally.pct(tally.workout_exact, tally.workout_lines),
            "%",
            ">= 95 %",
        ),
        metric(f"{name}: character error rate", tally.pct(tally.edits, tally.characters), "%"),
        metric(f"{name}: seconds per image p50", statistics.median(tally.seconds), "s", "one core"),
        metric(f"{name}: seconds per image p95", _percentile(tally.seconds, 0.95), "s", "one core"),
        metric(f"{name}: images", len(tally.seconds), "images"),
        metric(f"{name}: menu items", tally.menu_items, "items"),
        metric(f"{name}: workout lines", tally.workout_lines, "lines"),
    ]


def _explore(samples: list[Sample], only: list[str]) -> tuple[list[dict[str, Any]], str]:
    """Each configuration against the default (tesserocr, psm 11 and every step of
    ``Preprocessing()``) with one thing changed."""
    base = engine.Options()
    adaptive, gray = Preprocessing(threshold="adaptive"), Preprocessing(threshold="none")
    configs = {
        "adaptive threshold": replace(base, steps=adaptive),
        "grayscale (no threshold)": replace(base, steps=gray),
        "both, the surer reading kept": replace(base, steps=Preprocessing(threshold="both")),
        "pytesseract instead of tesserocr": replace(base, backend="pytesseract"),
        "psm 3 (auto)": replace(base, segmentation=Segmentation.auto),
        "psm 4 (single column)": replace(base, segmentation=Segmentation.single_column),
        "psm 6 (uniform block)": replace(base, segmentation=Segmentation.uniform_block),
        "no deskew": replace(base, steps=replace(base.steps, deskew=False)),
        "no scaling": replace(base, steps=replace(base.steps, scale=False)),
        "no lighting flattening": replace(base, steps=replace(base.steps, flatten_light=False)),
        "no median denoise": replace(base, steps=replace(base.steps, denoise=False)),
    }
    if only:
        configs = {label: options for label, options in configs.items() if label in only}
    rows, metrics = [], []
    for label, options in configs.items():
        tally = Tally()
        wall = time.perf_counter()
        evaluate(samples, options, tally)
        wall = (time.perf_counter() - wall) / len(samples)
        menu = tally.pct(tally.menu_exact, tally.menu_items)
        workout = tally.pct(tally.workout_exact, tally.workout_lines)
        cer = tally.pct(tally.edits, tally.characters)
        rows.append(
            f"| {label} | {menu:.1f} | {workout:.1f} | {cer:.2f} | {statistics.mean(tally.seconds):.2f} | {wall:.2f} |"
        )
        metrics.append(metric(f"explore: {label}: menu exact", menu, "%"))
        metrics.append(metric(f"explore: {label}: workout exact", workout, "%"))
        metrics.append(metric(f"explore: {label}: CER", cer, "%"))
        metrics.append(metric(f"explore: {label}: wall s/image", wall, "s"))
        print(rows[-1], flush=True)
    header = (
        f"Choices, on the first {len(samples)} tuning images (CPU s: this process and the "
        "`tesseract` processes pytesseract starts; wall s depends on the load of the shared "
        "machine):\n\n"
        "| configuration | menu exact % | workout exact % | CER % | CPU s/image | wall s/image |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n"
    )
    return metrics, header + "\n".join(rows) + "\n"


def _tables(tallies: dict[str, Tally]) -> str:
    tuning, held = tallies.get("tuning", Tally()), tallies.get("held_out", Tally())
    fields = sorted(
        set(tuning.field_errors) | set(held.field_errors),
        key=lambda k: -(tuning.field_errors[k] + held.field_errors[k]),
    )
    out = [
        "What fails (fields wrong, per part):\n\n| field | tuning | held-out |\n| --- | ---: | ---: |"
    ]
    out += [f"| {key} | {tuning.field_errors[key]} | {held.field_errors[key]} |" for key in fields]
    confusions = (tuning.confusions + held.confusions).most_common(15)
    out.append(
        "\nCharacter confusions, true -> read, both parts (`∅`: nothing):\n\n| true | read | times |\n| --- | --- | ---: |"
    )
    out += [f"| `{_cell(a)}` | `{_cell(b)}` | {count} |" for (a, b), count in confusions]
    out.append(
        "\nExact items and lines by condition (menus and workouts together):\n\n| condition | tuning | held-out |\n| --- | ---: | ---: |"
    )
    for condition in sorted(set(tuning.by_condition) | set(held.by_condition)):
        cells = []
        for tally in (tuning, held):
            exact, total = tally.by_condition.get(condition, [0, 0])
            cells.append(f"{100 * exact / total:.1f} % of {total}" if total else "-")
        out.append(f"| {condition} | {cells[0]} | {cells[1]} |")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a pipe escaped, spaces shown as the open-box sign."""
    return text.replace("|", "\\|").replace(" ", "\u2423")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=80, help="images per part")
    parser.add_argument("--explore", type=int, default=20, help="tuning images to compare on")
    parser.add_argument("--only", action="append", default=[], help="an --explore configuration")
    parser.add_argument("--skip-parts", action="store_true")
    arguments = parser.parse_args()
    if missing_fonts():
        raise SystemExit(f"missing fonts (deploy/local/bootstrap.sh --bench): {missing_fonts()}")
    load = os.getloadavg()
    tallies: dict[str, Tally] = {}
    results: list[dict[str, Any]] = []
    for part, seed in ({} if arguments.skip_parts else PARTS).items():
        samples = list(corpus(seed, arguments.count))
        tallies[part] = Tally()
        evaluate(samples, engine.Options(), tallies[part])
        results += _part_metrics(part, tallies[part])
        print(*(f"{row['metric']}: {row['value']}" for row in results[-8:]), sep="\n", flush=True)
    explore_notes = ""
    extra: dict[str, Any] = {}
    if arguments.explore:
        samples = list(corpus(PARTS["tuning"], arguments.explore))
        # The comparison is the table in the notes; its numbers are kept in the JSON too.
        explore_metrics, explore_notes = _explore(samples, arguments.only)
        extra["explore"] = explore_metrics
    with open(os.environ.get("OCR_BENCH_FAILURES", os.devnull), "w") as file:
        for part, tally in tallies.items():
            file.writelines(f"{part}: {line}\n" for line in tally.failures)
    notes = (
        f"Needs no stack: `python bench/ocr_bench.py` (or `make bench`). {arguments.count} images per part "
        f"(half menus, half workout sheets); load average at the start {load[0]:.2f} on "
        f"{machine()['cores']} cores shared with other work, so seconds are CPU seconds of this "
        "process (Tesseract limited to one thread). "
        "Tesseract 5 (tesserocr's wheel) with Debian's `tesseract-ocr-eng` data.\n\n"
        + explore_notes
        + "\n"
        + _tables(tallies)
    )
    path = write_results("ocr", results, notes)
    if extra:
        document = json.loads(path.read_text()) | extra
        path.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
