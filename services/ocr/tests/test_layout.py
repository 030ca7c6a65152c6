"""Lines rebuilt from word boxes: prices stay with their dish, columns are read one by one."""

from ocr_service.reading.layout import group_lines
from ocr_service.reading.tesseract import Word


def word(text: str, left: int, top: int, *, width: int | None = None, height: int = 20) -> Word:
    right = left + (width if width is not None else 12 * len(text))
    return Word(text, 0.9, left, top, right, top + height)


def test_a_right_aligned_price_belongs_to_its_dish_and_columns_are_read_in_turn() -> None:
    words = [
        # left column: a dish, its price far to the right (a little higher: residual skew)
        word("Grilled", 40, 100),
        word("salmon", 140, 101),
        word("$18.50", 520, 97),
        word("Soup", 40, 150),
        word("$6.95", 530, 148),
        # right column, its rows half a line lower than the left one's
        word("Tiramisu", 800, 112),
        word("$7", 1250, 110),
        word("Lemon", 800, 162),
        word("tart", 890, 163),
        word("$5", 1250, 160),
    ]
    lines = group_lines(words)
    assert [(line.text, line.column) for line in lines] == [
        ("Grilled salmon $18.50", 0),
        ("Soup $6.95", 0),
        ("Tiramisu $7", 1),
        ("Lemon tart $5", 1),
    ]
    assert lines[0].confidence_of(15, 21) == 0.9


def test_a_set_notation_in_a_column_of_its_own_stays_on_its_line() -> None:
    words = [word("Back", 40, 100), word("squat", 110, 100), word("3x5", 600, 100)]
    words += [word("@", 650, 100), word("100kg", 680, 100)]
    assert [line.text for line in group_lines(words)] == ["Back squat 3x5 @ 100kg"]


def test_a_word_boxed_as_wide_as_its_line_does_not_split_the_line() -> None:
    words = [word("Dips", 40, 100, width=400), word("3x6", 120, 98, height=24)]
    assert [line.text for line in group_lines(words)] == ["Dips 3x6"]


def test_specks_are_dropped() -> None:
    speck = Word("~", 0.1, 300, 300, 305, 305)
    assert [line.text for line in group_lines([word("Soup", 40, 100), speck])] == ["Soup"]


def test_prices_that_slid_onto_rows_of_their_own_stay_in_their_column() -> None:
    words = [word("Soup", 40, 100), word("$6.95", 530, 125), word("Salad", 40, 150)]
    words += [word("$8.95", 530, 175)]
    lines = group_lines(words)
    assert [(line.text, line.column) for line in lines] == [
        ("Soup", 0),
        ("$6.95", 0),
        ("Salad", 0),
        ("$8.95", 0),
    ]
