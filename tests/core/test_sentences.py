"""A source cut into sentences: every sentence a verbatim slice of the text, where a reader would cut it."""

import itertools
from pathlib import Path

import pytest

from bot.core.loader import KnowledgeData
from bot.core.sentences import sentence_at, sentences, source_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_every_sentence_is_the_text_between_its_offsets(shipped: KnowledgeData) -> None:
    for source in shipped.sources:
        found = source_sentences(source)
        assert len(found) > 20
        assert all(source.text[s.start:s.end] == s.text for s in found)
        assert [s.index for s in found] == list(range(len(found)))
        assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(("text", "expected"), [
    ("Nvidia (NVDA.US) has announced projects. It will build more.",
     ["Nvidia (NVDA.US) has announced projects.", "It will build more."]),
    ("Nscale Global Holdings Ltd. will use chips. Others will too.",
     ["Nscale Global Holdings Ltd. will use chips.", "Others will too."]),
    ("It works with 1.5 million developers. That is many.", ["It works with 1.5 million developers.", "That is many."]),
    ("Competing with the U.S. but also with China. Next.", ["Competing with the U.S. but also with China.", "Next."]),
    ("Dr. Harris said so. Mr. Smith agreed.", ["Dr. Harris said so.", "Mr. Smith agreed."]),
    ("of which will be “gigafactories.” These larger factories.",
     ["of which will be “gigafactories.”", "These larger factories."]),
    ("“We will grow,” he said. Done!", ["“We will grow,” he said.", "Done!"]),
    ("Is it real? No.", ["Is it real?", "No."]),
    ("英伟达宣布了计划。它将建设工厂！", ["英伟达宣布了计划。", "它将建设工厂！"]),
    ("A heading\n\nA paragraph.", ["A heading", "A paragraph."]),
])
def test_sentences_end_where_a_reader_would_end_them(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_a_line_wrapped_inside_a_sentence_stays_one_sentence() -> None:
    text = ("This line is long enough to be a wrapped line of running prose that goes on\n"
            "until the sentence ends here. Next one.")
    found = sentences(text)
    assert [s.text for s in found][1] == "Next one."
    assert found[0].text == text[: found[0].end] and "\n" in found[0].text


def test_a_short_line_without_a_stop_is_a_sentence_of_its_own() -> None:
    assert texts("Fictional Wire\nMistral Compute will grow.") == ["Fictional Wire", "Mistral Compute will grow."]


def test_the_sentence_at_an_offset() -> None:
    text = "One sentence here. Another sentence there."
    assert sentence_at(text, text.index("Another")).text == "Another sentence there."  # type: ignore[union-attr]
    assert sentence_at(text, len(text) + 5) is None


def test_cutting_the_same_text_again_is_free(tmp_path: Path) -> None:
    text = "A first sentence. A second sentence."
    assert sentences(text) is sentences(text)
