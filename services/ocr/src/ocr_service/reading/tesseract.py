"""Tesseract, through tesserocr (its C++ API in-process) or pytesseract (the ``tesseract`` CLI).

Both return the same words with boxes and confidences. tesserocr is the default: it loads the
model once per process and reads from memory, where pytesseract writes a temporary image and
starts a ``tesseract`` process (which loads the model again) for every call; the measured cost
of each is in bench/README.md (section ``ocr``).

The language data is Debian's (``tesseract-ocr-eng``; other ``tesseract-ocr-<lang>`` packages
add languages), found under ``TESSDATA_PREFIX`` or Debian's tessdata folders.
"""

import os
import threading
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Literal

import pytesseract
import tesserocr
from PIL import Image

from ocr_service.errors import LanguageUnavailable
from ocr_service.reading.preprocess import Gray

Backend = Literal["tesserocr", "pytesseract"]

TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata")


class Segmentation(IntEnum):
    """Tesseract's page-segmentation modes used here (``tesseract --help-psm``)."""

    auto = 3  # columns and blocks found by Tesseract
    single_column = 4  # one column of lines of varying sizes
    uniform_block = 6  # one block of uniform text
    sparse = 11  # as much text as possible, in no particular order


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    confidence: float  # 0..1
    left: int
    top: int
    right: int
    bottom: int

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def tessdata_dir() -> str:
    """Where the ``*.traineddata`` files are (TESSDATA_PREFIX first, then Debian's folders)."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for candidate in candidates:
        if candidate and any(Path(candidate).glob("*.traineddata")):
            return candidate
    raise LanguageUnavailable("No Tesseract language data is installed (tesseract-ocr-eng).")


def languages() -> set[str]:
    return {path.stem for path in Path(tessdata_dir()).glob("*.traineddata")} - {"osd"}


def check_language(language: str) -> str:
    """``language`` as Tesseract takes it ("eng", "eng+deu"), if every part is installed."""
    installed = languages()
    missing = [part for part in language.split("+") if part not in installed]
    if missing or not language:
        raise LanguageUnavailable(
            f"Language {language!r} is not installed; installed: {', '.join(sorted(installed))}."
        )
    return language


_local = threading.local()


def _api(language: str, psm: Segmentation) -> tesserocr.PyTessBaseAPI:
    """One engine per thread, language and mode: loading a model costs ~0.1 s, reading reuses it."""
    apis: dict[tuple[str, int], tesserocr.PyTessBaseAPI] = _local.__dict__.setdefault("apis", {})
    key = (language, int(psm))
    if key not in apis:
        apis[key] = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=language, psm=int(psm))
    return apis[key]


def read_words(
    page: Gray, *, language: str = "eng", psm: Segmentation, backend: Backend = "tesserocr"
) -> list[Word]:
    """Every word Tesseract finds on the page, with its box (in the page's pixels)."""
    image = Image.fromarray(page)
    if backend == "pytesseract":
        return _pytesseract_words(image, language, psm)
    api = _api(language, psm)
    api.SetImage(image)
    try:
        api.Recognize()
        return _tesserocr_words(api)
    finally:
        api.Clear()


def _tesserocr_words(api: tesserocr.PyTessBaseAPI) -> list[Word]:
    words: list[Word] = []
    level = tesserocr.RIL.WORD
    try:
        for item in tesserocr.iterate_level(api.GetIterator(), level):
            text = item.GetUTF8Text(level)
            box = item.BoundingBox(level)
            if text and text.strip() and box is not None:
                words.append(Word(text.strip(), item.Confidence(level) / 100, *box))
    except RuntimeError:  # tesserocr's "No text returned": a page without any word
        return words
    return words


def _pytesseract_words(image: Image.Image, language: str, psm: Segmentation) -> list[Word]:
    config = f"--psm {int(psm)} --tessdata-dir {tessdata_dir()}"
    data = pytesseract.image_to_data(
        image, lang=language, config=config, output_type=pytesseract.Output.DICT
    )
    words: list[Word] = []
    for index, text in enumerate(data["text"]):
        confidence = float(data["conf"][index])
        if text.strip() and confidence >= 0:
            left, top = int(data["left"][index]), int(data["top"][index])
            right, bottom = left + int(data["width"][index]), top + int(data["height"][index])
            words.append(Word(text.strip(), confidence / 100, left, top, right, bottom))
    return words
