"""Chat shorthand is read as the words it stands for, and nothing else is touched."""

import pytest

from bot.core.languages import shipped
from bot.core.shorthand import Shorthand


@pytest.fixture(scope="module")
def shorthand() -> Shorthand:
    return Shorthand(shipped().by_code["en"].shorthand, kb_words={"tech"})


@pytest.mark.parametrize(("text", "expanded"), [
    ("hw much will it grow nxt yr", "how much will it grow next year"),
    ("how many devs work with them", "how many developers work with them"),
    ("is that datacenter gettin the chips", "is that data center getting the chips"),
    ("Which HW is it?", "Which hardware is it?"),
    ("pls what is it", " what is it"),
    ("which telcos r with nvidia, or smth", "which telcos are with nvidia, or something"),
    ("how big is teh gap btwn europ adn the US", "how big is the gap between europ and the US"),
    ("how mny devs dose nvidia work wiht", "how many developers does nvidia work with"),
    ("i saw france n germany, any others", "i saw france and germany, any others"),
])
def test_shorthand_is_spelt_out(shorthand: Shorthand, text: str, expanded: str) -> None:
    assert shorthand.expand(text) == expanded


@pytest.mark.parametrize("text", ["the tech giants", "protein within the U.S. data", "how many chips", "U.K. or U.S."])
def test_words_that_are_not_shorthand_or_the_knowledge_bases_own_stay(shorthand: Shorthand, text: str) -> None:
    assert shorthand.expand(text) == text


def test_the_ends_of_a_range_ask_for_the_range_and_are_no_words_of_its_subject(shorthand: Shorthand) -> None:
    """"Low end vs high end of the gap estimate?" asks for the gap's range, which the entry gives whole: "low" and
    "end" say nothing about what the range is of."""
    assert shorthand.expand("low end vs high end of the gap estimate?").split() == ["vs", "of", "the", "gap",
                                                                                   "estimate?"]
