"""The small readings of a question's wording: what "how many" counts."""

from bot.core.question_cues import counted_noun, multipliers

KNOWN = frozenset({"chips", "factories", "mistral", "graceblackwell", "europe"})


def test_how_many_counts_the_noun_after_it() -> None:
    assert counted_noun(["how", "many", "chips", "will", "mistral", "get"], KNOWN) == "chip"


def test_a_word_the_sources_lack_is_what_is_counted() -> None:
    assert counted_noun(["how", "many", "employees", "does", "mistral", "have"], KNOWN) == "employe"


def test_how_many_times_asks_a_factor_and_counts_nothing() -> None:
    toks = ["how", "many", "times", "will", "europe", "grow"]
    assert counted_noun(toks, KNOWN) is None
    assert multipliers(toks) == {2}
    assert multipliers(["how", "many", "chips"]) == set()


def test_in_a_translated_question_an_unread_verb_after_the_noun_is_not_counted() -> None:
    translated = ["how", "many", "graceblackwell", "trafi", "do", "mistral"]  # "Ile chipów Grace Blackwell trafi…"
    assert counted_noun(translated, KNOWN, english=False) == "graceblackwel"
    assert counted_noun(translated, KNOWN) == "trafi"  # in English an unknown word there is the thing counted


def test_in_a_translated_question_an_unread_word_first_is_still_counted() -> None:
    assert counted_noun(["how", "many", "empleados", "tiene", "mistral"], KNOWN, english=False) == "empleado"


def test_in_a_translation_a_verb_after_the_counted_noun_is_not_it() -> None:
    """The lexicon gives "fábricas" as "factory", singular: no plural ends the run, the verb must."""
    known = frozenset({"ai", "factory", "build", "europe"})
    assert counted_noun(["how", "many", "ai", "factory", "build", "europe"], known, english=False) == "factori"


def test_how_many_of_the_xs_are_ys_counts_the_ys() -> None:
    toks = "how many of the 20 ai factories will be gigafactories exactly".split()
    assert counted_noun(toks, frozenset({"ai", "factories", "gigafactories"})) == "gigafactori"
    assert counted_noun("how many ai factories will be built".split(), frozenset({"ai", "factories"})) == "factori"


def test_an_unknown_word_before_a_plural_describes_what_is_counted() -> None:
    """"How many established factories": the factories are counted; "how many employees" still counts employees."""
    assert counted_noun(["how", "many", "established", "factories", "will", "mistral", "get"], KNOWN) == "factori"
    assert counted_noun(["how", "many", "employees", "factories"], KNOWN) == "employe"
