"""Lines of a menu to items: a dish's name and price on one line, its macros on that line or the
next (``450 kcal · P 35g C 20g F 18g``). A line with a name and neither is a heading when what
follows is another dish, and a dish without a price when its macros follow."""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ocr_service.parsing.text import (
    NUMBER,
    clean_name,
    has_name,
    name_span,
    normalise,
    number,
    span_confidence,
)
from ocr_service.reading.layout import Line
from ocr_service.results import Menu, MenuItem, ReadLine, UnparsedLine

CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "usd": "USD", "eur": "EUR"}
CURRENCIES |= {"gbp": "GBP", "chf": "CHF", "fr": "CHF"}
_SYMBOL = r"[$€£¥]|usd|eur|gbp|chf"
PRICE = re.compile(
    rf"(?P<before>{_SYMBOL})\s?(?P<amount>{NUMBER})(?![\d%])"
    rf"|(?<![\w.,])(?P<amount2>\d{{1,4}}[.,]\d{{2}}|\d{{1,4}})\s?(?P<after>{_SYMBOL}|fr)?(?![\w%])",
    re.IGNORECASE,
)
_GRAMS = r"[:=.\-]?\s?(?P<value>[\dOoSIil|]{1,3}(?:[.,]\d)?)(?P<g>\s?[g¢]\b)?"
MACROS = {
    # "keal", "kcai", "kca1": how OCR misreads kcal.
    "kcal": re.compile(rf"(?<![\w.])(?P<value>{NUMBER})\s?(?:k[ce]a[l1Ii]|cal)\b", re.IGNORECASE),
    "protein_g": re.compile(rf"\b(?:p|protein|prot)(?![a-z]){_GRAMS}", re.IGNORECASE),
    "carbs_g": re.compile(rf"\b(?:c|carbs?|carbohydrates?)(?![a-z]){_GRAMS}", re.IGNORECASE),
    "fat_g": re.compile(rf"\b(?:f|fat)(?![a-z]){_GRAMS}", re.IGNORECASE),
}
_GRAM_DIGITS = str.maketrans({"O": "0", "o": "0", "S": "5", "I": "1", "i": "1", "l": "1", "|": "1"})


def grams(match: re.Match[str]) -> float | None:
    """A macro's grams. OCR reads ``g`` as ``9`` (or ``2``, ``8``) when it runs into the digits and a
    ``5`` as ``S``: ``P 359`` is 35 g, ``F Sg`` is 5 g. None when it is no number at all."""
    value = match.group("value").translate(_GRAM_DIGITS)
    if not value.replace(",", "").replace(".", "").isdigit():
        return None
    if match.group("g") is None and len(value) == 3 and value[-1] in "928" and "." not in value:
        value = value[:-1]
    return number(value)


@dataclass
class _Parsed:
    """What one line holds."""

    line: Line
    name: str
    fields: dict[str, float] = field(default_factory=dict)
    currency: str | None = None
    amount: str = ""  # the price as printed, without its symbol
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def is_macros(self) -> bool:
        return any(key in self.fields for key in MACROS)


def parse_line(line: Line) -> _Parsed:
    text = normalise(line.text)
    parsed = _Parsed(line=line, name="")
    rest = text
    for key, pattern in MACROS.items():
        match = pattern.search(rest)
        value = (
            None if match is None else (number(match["value"]) if key == "kcal" else grams(match))
        )
        if match and value is not None:
            parsed.fields[key] = value
            parsed.spans[key] = match.span()
            rest = _blank(rest, *match.span())
    rest = _take_price(parsed, rest, mode="symbol" if parsed.fields else "any")
    # Two macros make a line of macros: what else is on it is misread macros, not a dish.
    macros = sum(key in parsed.fields for key in MACROS)
    parsed.name = clean_name(rest) if has_name(rest) and macros < 2 else ""
    if parsed.name:
        parsed.spans["name"] = name_span(text, parsed.name)
    return parsed


def _take_price(parsed: _Parsed, text: str, *, mode: Literal["any", "symbol"]) -> str:
    """The price: the last amount on a dish's line (its name may hold a number: "2 eggs"). On
    a line with macros only an amount with a currency is a price (``fat 41 2`` is no price)."""
    last_only = mode == "any" and has_name(text)
    matches = [match for match in PRICE.finditer(text) if _is_price(match, last_only)]
    if mode == "symbol":
        matches = [match for match in matches if match.group("before") or match.group("after")]
    if not matches:
        return text
    match = matches[-1]
    symbol = match.group("before") or match.group("after")
    parsed.fields["price"] = number(match.group("amount") or match.group("amount2"))
    parsed.currency = CURRENCIES.get(symbol.lower()) if symbol else None
    parsed.amount = match.group("amount") or match.group("amount2")
    parsed.spans["price"] = match.span()
    return _blank(text, *match.span())


def _is_price(match: re.Match[str], last_only: bool) -> bool:
    has_symbol = bool(match.group("before") or match.group("after"))
    if not last_only or has_symbol:
        return True
    tail = match.string[match.end() :]
    return (not has_name(tail) and "." in (match.group("amount2") or "")) or not tail.strip()


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def parse_menu(lines: list[Line]) -> Menu:
    parsed = [parse_line(line) for line in lines]
    groups: list[tuple[list[_Parsed], str | None]] = []
    unparsed: list[UnparsedLine] = []
    section: str | None = None
    for index, entry in enumerate(parsed):
        following = parsed[index + 1] if index + 1 < len(parsed) else None
        macros_follow = following is not None and following.is_macros and not following.name
        current = groups[-1][0] if groups else []
        if entry.name and (entry.fields or macros_follow):
            groups.append(([entry], section))
        elif not entry.name and entry.fields and current and _fits(current, entry):
            current.append(entry)
        else:
            if entry.name and not entry.fields:
                section = entry.name
            unparsed.append(UnparsedLine(text=entry.line.text, confidence=entry.line.confidence))
            groups.append(([], section))
    _consistent_prices([part for group, _ in groups for part in group if "price" in part.fields])
    items = [_item(group, group_section) for group, group_section in groups if group]
    read = [
        ReadLine(text=line.text, confidence=line.confidence, column=line.column) for line in lines
    ]
    return Menu(items=items, unparsed=unparsed, lines=read)


def _consistent_prices(priced: list[_Parsed]) -> None:
    """A menu prints its prices one way. When most have cents, a price read as ``895`` lost its
    decimal point (8.95); when most have one currency, a price without a symbol lost it
    (``9,25`` beside ``€``): both are read the way the rest of the menu is."""
    if len(priced) < 3:
        return
    with_cents = sum(1 for part in priced if not part.amount.isdigit())
    currency, count = Counter(part.currency for part in priced).most_common(1)[0]
    for part in priced:
        if with_cents > len(priced) / 2 and part.amount.isdigit() and len(part.amount) >= 3:
            part.fields["price"] /= 100
        if part.currency is None and count > len(priced) / 2:
            part.currency = currency


def _fits(current: list[_Parsed], entry: _Parsed) -> bool:
    """A line of macros or a price joins the item above when it adds what that item lacks."""
    held = {key for part in current for key in part.fields}
    return not held & entry.fields.keys()


def _item(current: list[_Parsed], section: str | None) -> MenuItem:
    fields: dict[str, float] = {}
    confidence: dict[str, float] = {}
    currency = None
    for part in current:
        fields |= part.fields
        currency = currency or part.currency
        for key, span in part.spans.items():
            confidence[key] = round(span_confidence(part.line, [span]), 3)
    return MenuItem(
        name=current[0].name,
        price=fields.get("price"),
        currency=currency,
        kcal=fields.get("kcal"),
        protein_g=fields.get("protein_g"),
        carbs_g=fields.get("carbs_g"),
        fat_g=fields.get("fat_g"),
        section=section,
        confidence=min(confidence.values()),
        field_confidence=confidence,
        source="\n".join(part.line.text for part in current),
    )
