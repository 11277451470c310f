"""Which sentences bear a claim, and the figures and names they state."""

import pytest

from bot.core.claims import ClaimReader
from bot.core.models import Alias

ALIASES = (
    Alias("Jensen Huang", "person", ("Hwang In-hoon", "Wong In-hoon", "NVIDIA CEO")),
    Alias("NVIDIA", "company", ("Nvidia",)),
    Alias("Mistral Compute", "product", ()),
)
PLACES = {"france": "France", "lisbon": "Lisbon", "europe": "Europe"}


@pytest.fixture(scope="module")
def reader() -> ClaimReader:
    return ClaimReader(ALIASES, PLACES)


def test_a_figure_a_name_and_an_announcement_are_each_a_claim(reader: ClaimReader) -> None:
    claim = reader.read("A service called Mistral Compute will use Nvidia's 18,000 new Grace Blackwell chips.")
    assert claim.is_claim and claim.signals == ("number", "entity", "announcement")
    assert claim.numbers == ("18,000",)
    assert claim.entities[:2] == ("Mistral Compute", "NVIDIA") and "Grace Blackwell" in claim.entities


def test_a_quotation_is_a_claim(reader: ClaimReader) -> None:
    claim = reader.read("“The only thing missing is infrastructure,” Dion Harris said during a briefing.")
    assert "quotation" in claim.signals and "Dion Harris" in claim.entities


@pytest.mark.parametrize("text", ["Is any of this real?", "No.", "Despite promising signs, the path remains hard.",
                                  "发表回复"])
def test_questions_fragments_and_bare_opinions_are_not_claims(reader: ClaimReader, text: str) -> None:
    assert not reader.read(text).is_claim


def test_known_names_are_given_as_the_knowledge_base_calls_them(reader: ClaimReader) -> None:
    claim = reader.read("In France, Nvidia CEO Hwang In-hoon opened a factory in Lisbon.")
    assert claim.entities == ("France", "NVIDIA", "Jensen Huang", "Lisbon")


def test_a_sentences_first_word_and_common_acronyms_are_not_names(reader: ClaimReader) -> None:
    claim = reader.read("Globally acknowledged, the AI-driven CEO of the company met Domyn on Monday.")
    assert claim.entities == ("Domyn",)


def test_the_statement_puts_a_mistranslated_name_right_and_nothing_else(reader: ClaimReader) -> None:
    text = "Wong In-hoon said at the GTC-VivaTech conference that 20 factories will be built."
    claim = reader.read(text)
    assert claim.statement == "Jensen Huang said at the GTC-VivaTech conference that 20 factories will be built."
    assert reader.read("Nvidia CEO Hwang In-hoon spoke.").statement == "Nvidia CEO Jensen Huang spoke."


def test_a_banner_in_capitals_names_nothing_the_knowledge_base_does_not_know(reader: ClaimReader) -> None:
    banner = reader.read("FICTIONAL ARTICLE, WRITTEN FOR THE BOT'S TESTS ONLY: none of it happened, and no one "
                         "printed it.")
    assert banner.entities == () and not banner.is_claim
    assert reader.read("BREAKING NEWS: Mistral Compute will open in France.").entities == ("Mistral Compute", "France")
    assert reader.read("The firm works with SAP SE and with NASA and CERN.").entities == ("SAP SE", "NASA", "CERN"), \
        "acronyms, short or two to a sentence, are still names"
