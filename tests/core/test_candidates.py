"""What an entry can answer, read from its text."""

from bot.core.candidates import answer_types
from bot.core.service import KnowledgeBase


def test_countries_answer_who_as_companies_and_people_do(shared_kb: KnowledgeBase) -> None:
    """"Who is Europe competing with?" is answered by the countries it competes with."""
    analyzer = shared_kb.matcher.index.analyzer
    assert "who" in answer_types("Europe competes with the US and China.", ["united states", "china"], analyzer)
    assert "who" in answer_types("Mistral AI will use the chips.", ["mistral ai"], analyzer)
    assert "who" not in answer_types("The chips arrive next year.", [], analyzer)
