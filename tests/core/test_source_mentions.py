"""Which article a question points at is no figure of its own."""

import pytest

from bot.core.source_mentions import SECOND_SOURCE, compares_sources, names_a_source, without_article_ordinals


@pytest.mark.parametrize(("text", "expected"), [
    ("which markets is it expanding across per the 1st article", "which markets is it expanding across per article"),
    ("what did the first article say about chips", "what did article say about chips"),
    ("1本目の記事の出どころは？", "記事の出どころは？"),
])
def test_the_first_article_is_just_the_article(text: str, expected: str) -> None:
    assert without_article_ordinals(text) == expected


@pytest.mark.parametrize("text", [
    "does article 2 think research is enough?", "per the 2nd article, who competes?", "what does the second piece say",
    "Jakie rozporządzenie wspomina drugi artykuł?", "Vilka nämns i andra artikeln?", "судя по второй статье",
    "第二篇文章说了什么？", "Apa kata artikel kedua?",
])
def test_the_second_article_is_the_commentary_and_its_number_is_gone(text: str) -> None:
    out = without_article_ordinals(text)
    assert SECOND_SOURCE in out
    assert not any(ch in out for ch in "2二") and "second" not in out.lower()


@pytest.mark.parametrize("text", [
    "how many chips are in the first gigafactory?", "which 2 telcos joined?", "the report said 2 years",
    "第二个工厂在哪里？", "what's the second largest market?",
])
def test_an_ordinal_of_anything_else_stays(text: str) -> None:
    assert without_article_ordinals(text) == text


@pytest.mark.parametrize("text", [
    "How is Nebius described in the first article versus the second?", "What do the two articles each say about it?",
    "how is nebius described in the finance report vs the commentary", "mistral's deal in article 1 vs article 2",
    "Which article talks about Armenia and which one talks about Germany?", "Que disent les deux articles ?",
    "两篇文章怎么说？",
])
def test_a_question_about_what_each_article_says_compares_the_sources(text: str) -> None:
    assert compares_sources(text)


@pytest.mark.parametrize("text", ["how many chips is each getting?", "what does the second article say about Nebius?",
                                  "per the first article, how many chips?", "which two countries get chips?"])
def test_a_question_about_one_article_or_about_each_thing_does_not(text: str) -> None:
    assert not compares_sources(text)


def test_the_words_that_point_at_an_article_are_known() -> None:
    assert all(names_a_source(w) for w in ("article", "second", "commentary", "report"))
    assert not any(names_a_source(w) for w in ("chips", "Nebius", "described"))
