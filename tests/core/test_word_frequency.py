"""Word frequencies are asked in the language table's codes, and never fail for a language wordfreq cannot read."""

from __future__ import annotations

from bot.core import word_frequency


def test_the_table_codes_wordfreq_files_elsewhere_are_mapped() -> None:
    assert word_frequency.code("hr") == "sh"
    assert word_frequency.code("no") == "nb"
    assert word_frequency.code("fr") == "fr"


def test_an_everyday_word_is_common_and_a_made_up_one_is_not() -> None:
    assert word_frequency.zipf("the", "en") > 6
    assert word_frequency.zipf("blorvex", "en") == 0.0


def test_croatian_is_looked_up_under_serbo_croatian() -> None:
    assert word_frequency.zipf("koliko", "hr") > 3


def test_languages_needing_a_tokenizer_the_bot_lacks_give_zero_rather_than_fail() -> None:
    assert word_frequency.zipf("leptoon", "zh") == 0.0
    assert "ja" not in word_frequency.LANGUAGES


def test_a_language_s_everyday_words_are_those_at_or_above_the_floor() -> None:
    spanish = word_frequency.everyday("es", 4.0)
    assert "cada" in spanish
    assert "chad" not in spanish


def test_a_language_without_a_list_has_no_everyday_words_rather_than_a_neighbour_s() -> None:
    """wordfreq answers Azerbaijani with Russian's list (and says so on stderr)."""
    assert word_frequency.everyday("az", 3.0) == frozenset()
