"""What the engine returns: the lines as read and the parsed menu or workout sheet.

The result is richer than the ``ocr.job.completed.v1`` event (prices, the original weight unit,
supersets, notes, every confidence, the lines that did not parse); ``to_contract()`` gives the
event's own shapes (``cadence_shared.events.OcrMenu`` / ``OcrWorkoutSheet``), which is what
fitness drafts from.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cadence_shared.events import OcrExercise, OcrMenu, OcrMenuItem, OcrSet, OcrWorkoutSheet

Unit = Literal["kg", "lb"]

LB_IN_KG = 0.45359237


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReadLine(_Result):
    """One line of the photo as Tesseract read it, grouped by layout."""

    text: str
    confidence: float = Field(ge=0, le=1)
    column: int = Field(ge=0)


class UnparsedLine(_Result):
    """A line that became no item (a heading, a description, unreadable text): nothing is
    dropped."""

    text: str
    confidence: float = Field(ge=0, le=1)


class MenuItem(_Result):
    name: str
    price: float | None = None
    currency: str | None = None  # ISO 4217: EUR, USD, GBP; null when only a number is printed
    kcal: float | None = None
    protein_g: float | None = None
    carbs_g: float | None = None
    fat_g: float | None = None
    section: str | None = None  # the heading above it ("Mains")
    confidence: float = Field(ge=0, le=1)  # the lowest of its fields'
    field_confidence: dict[str, float] = Field(default_factory=dict)  # "name", "price", "kcal", ...
    source: str  # the line(s) it was read from

    def to_contract(self) -> OcrMenuItem:
        return OcrMenuItem(
            name=self.name[:200],
            kcal=self.kcal,
            protein_g=self.protein_g,
            carbs_g=self.carbs_g,
            fat_g=self.fat_g,
            confidence=self.confidence,
        )


class _Page(_Result):
    """What every result holds: the lines as read, and those that became nothing."""

    unparsed: list[UnparsedLine]
    lines: list[ReadLine]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class Menu(_Page):
    items: list[MenuItem]

    def to_contract(self) -> OcrMenu:
        return OcrMenu(items=[item.to_contract() for item in self.items[:200]])


class WorkoutSet(_Result):
    reps: int = Field(ge=0)
    weight_kg: float | None = None  # null: body weight (or not printed)


class Exercise(_Result):
    name: str
    sets: list[WorkoutSet]
    weight: float | None = None  # as printed, in ``unit``
    unit: Unit | None = None
    superset: str | None = None  # "A" for A1/A2 ...: exercises done back to back
    notes: str | None = None  # what follows the sets on the line, and "Note:" lines below it
    confidence: float = Field(ge=0, le=1)
    field_confidence: dict[str, float] = Field(default_factory=dict)
    source: str

    def to_contract(self) -> OcrExercise:
        sets = [OcrSet(reps=item.reps, weight_kg=item.weight_kg) for item in self.sets[:100]]
        return OcrExercise(name=self.name[:200], sets=sets)


class WorkoutSheet(_Page):
    title: str | None = None
    exercises: list[Exercise]

    def to_contract(self) -> OcrWorkoutSheet:
        title = self.title[:200] if self.title else None
        exercises = [exercise.to_contract() for exercise in self.exercises[:100]]
        return OcrWorkoutSheet(title=title, exercises=exercises)
