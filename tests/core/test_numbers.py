"""The one number parser: every way of writing a figure reads as the same value; a different figure differs."""

import pytest

from bot.core.numbers import canonical, find_numbers, number_keys, numbers_as_written


@pytest.mark.parametrize(
    "text",
    ["18,000 chips", "18.000 Chips", "18 000 puces", "18\u202f000", "18k", "18K GPUs", "١٨٠٠٠ شريحة", "१८०००",
     "1.8万颗", "一万八千颗", "eighteen thousand chips", "18000"],
)
def test_eighteen_thousand_however_written(text: str) -> None:
    assert number_keys(text) == {"18000"}


@pytest.mark.parametrize(
    ("text", "key"),
    [("1.5 million developers", "1500000"), ("1,5 Millionen", "1500000"), ("150万", "1500000"),
     ("15억", "1500000000"), ("1.5 bn", "1500000000"), ("3 million", "3000000")],
)
def test_scale_words_multiply(text: str, key: str) -> None:
    words = {"millionen": "1000000"}
    assert key in number_keys(text, words)


@pytest.mark.parametrize("text", ["tenfold", "10x", "x10", "×10", "10-fold", "by 10 times", "10倍", "в 10 раз"])
def test_multiples_are_their_own_kind(text: str) -> None:
    assert number_keys(text) == {"10x"}


def test_a_range_shares_its_scale() -> None:
    assert number_keys("between €500 and €700 billion") == {"500000000000", "700000000000"}
    assert number_keys("€500–700 billion") == {"500000000000", "700000000000"}


def test_a_different_figure_is_a_different_key() -> None:
    assert number_keys("180,000 chips") != number_keys("18,000 chips")
    assert number_keys("15 million") != number_keys("1.5 million")


def test_words_that_are_rarely_figures_alone_are_not_read_as_figures() -> None:
    assert number_keys("which one is bigger") == frozenset()
    assert number_keys("one million") == {"1000000"}


def test_decimals_and_thousands_are_told_apart() -> None:
    assert number_keys("1,5") == {"1.5"} and number_keys("1.5") == {"1.5"}
    assert number_keys("18.000,5") == {"18000.5"}


def test_numbers_as_written_keep_their_spelling_once_each() -> None:
    assert numbers_as_written("18,000 chips, then 18,000 again and 1.5") == ["18,000", "1.5"]


def test_canonical_is_the_shortest_plain_form() -> None:
    assert canonical(18000.0) == "18000" and canonical(1.5) == "1.5"


def test_any_text_is_read_without_raising() -> None:
    for text in ["", "٫٬", "x" * 10_000, "1" * 500, "万万万", "十百千万亿"]:
        find_numbers(text)


def test_a_word_of_the_question_language_spelt_like_an_english_number_is_none() -> None:
    """Czech "ten" is "that": "Kdo je ten Dion Harris" asks about no 10."""
    assert number_keys("Kdo je ten Dion Harris?", {}, frozenset({"ten"})) == frozenset()
    assert number_keys("ten chips", {}) == frozenset({"10"})


def test_a_zero_after_a_number_is_read_without_dividing_by_it() -> None:
    """"7\\r00": a figure, a line break, and a bare "00" had raised ZeroDivisionError (found by random text)."""
    assert find_numbers("Cf|z<t?c{{7\r00dP?>E\x0c") is not None
    assert find_numbers("between 7 and 00 chips") is not None
