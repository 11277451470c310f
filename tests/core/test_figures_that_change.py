"""Figures that change, end to end on the fictional article (``tests/data/fictional``), in a real SQLite file.

A later article says 20,000 chips where the shipped report says 18,000: accepting its proposal supersedes the
old fact, answers say "As of <date>: … Earlier reported: …" with both quotes, and ``/nvidia fact ID`` shows
when the figure changed and what it was. FAQ answers citing a fact by ``{fact:ID}`` follow every edit of it,
and health flags two current facts that count the same thing differently.
"""

from pathlib import Path

import pytest

from bot.core import health, review
from bot.core.curation import Actor, Curator
from bot.core.loader import DEFAULT_DATA_DIR
from bot.core.service import KnowledgeBase
from bot.core.validation import ValidationError
from tests import fictional

MODERATOR = Actor("mod", "cli")
LISBON_QUESTION = "How many chips will the fictional Lisbon factory house?"


@pytest.fixture
def added(kb: KnowledgeBase) -> review.SourceAdded:
    return fictional.add(kb, MODERATOR)


def accept_update(kb: KnowledgeBase, added: review.SourceAdded, *, supersede: bool = True) -> str:
    """Accept the 20,000-chips proposal; the new fact's id."""
    accepted = review.accept(Curator.of(kb), MODERATOR, fictional.proposal_for(added, "20,000"), supersede=supersede)
    return accepted.fact.record.id


def lisbon_fact(kb: KnowledgeBase, added: review.SourceAdded) -> str:
    """Accept the Lisbon proposal as a fact of its own; its id."""
    accepted = review.accept(Curator.of(kb), MODERATOR, fictional.proposal_for(added, "Lisbon will house"),
                             fact_id="lisbon-factory-chips",
                             statement="A fictional AI factory in Lisbon will house 4,000 chips.")
    return accepted.fact.record.id


def test_an_accepted_update_is_answered_as_of_its_date_with_what_was_reported_before(
        kb: KnowledgeBase, added: review.SourceAdded) -> None:
    new = accept_update(kb, added)
    answer = kb.entry_answer("fact", fictional.CHIPS)
    assert answer is not None and answer.match is not None and answer.match.id == new
    assert answer.text is not None
    assert answer.text.startswith(f"As of {fictional.PUBLISHED}: ") and "20,000" in answer.text
    earlier = answer.text.split("Earlier reported: ", 1)[1]
    assert "18,000" in earlier and "Zhitong Finance, date unknown" in earlier, "a missing date is never guessed"
    quotes = [c.quote for c in answer.citations]
    assert any("20,000" in q for q in quotes) and any("18,000" in q for q in quotes), "both quotes are shown"
    asked = kb.ask("How many chips will Mistral Compute use?")
    assert asked.status == "answered" and asked.text is not None
    assert f"as of {fictional.PUBLISHED}" in asked.text.lower() and "Earlier reported: " in asked.text


def test_looking_a_fact_up_shows_when_its_figure_changed_and_what_it_was(kb: KnowledgeBase,
                                                                         added: review.SourceAdded) -> None:
    before = kb.topic_answer(fictional.CHIPS)
    assert before is not None and before.text is not None and "History:" not in before.text
    new = accept_update(kb, added)
    for key in (fictional.CHIPS, new):
        shown = kb.topic_answer(key)
        assert shown is not None and shown.match is not None and shown.match.kind == "fact"
        assert shown.text is not None
        assert f"History: 18,000 (Zhitong Finance, date unknown) → 20,000 (Fictional Wire, {fictional.PUBLISHED})." \
            in shown.text


def test_a_placeholder_answer_shows_the_current_figure_once_a_newer_fact_supersedes(
        kb: KnowledgeBase, added: review.SourceAdded) -> None:
    curator = Curator.of(kb)
    curator.add_faq(MODERATOR, faq_id="mistral-chips-figure", question="What is Mistral Compute's chip count?",
                    answer="Mistral Compute will run on {fact:mistral-compute-chips:figure} Grace Blackwell chips.",
                    facts=[fictional.CHIPS])
    shown = kb.entry_answer("faq", "mistral-chips-figure")
    assert shown is not None and shown.text == "Mistral Compute will run on 18,000 Grace Blackwell chips."
    new = accept_update(kb, added, supersede=False)
    change = curator.supersede(MODERATOR, fictional.CHIPS, new)
    listed = {a.faq_id: a for a in change.answers or ()}
    assert listed["mistral-chips-figure"].after == "Mistral Compute will run on 20,000 Grace Blackwell chips."
    assert listed["mistral-chips-figure"].by_placeholder and listed["mistral-chips-figure"].text_changed
    assert "mistral-compute-chips" in listed and not listed["mistral-compute-chips"].text_changed, \
        "answers in an editor's own words are listed too, to be checked"
    shown = kb.entry_answer("faq", "mistral-chips-figure")
    assert shown is not None and shown.text is not None
    assert shown.text.startswith("Mistral Compute will run on 20,000 Grace Blackwell chips.")
    assert "Earlier reported: " in shown.text and "18,000" in shown.text.split("Earlier reported: ")[1]


def test_one_fact_edit_updates_every_answer_citing_it_and_lists_them(kb: KnowledgeBase,
                                                                      added: review.SourceAdded) -> None:
    curator = Curator.of(kb)
    fact_id = lisbon_fact(kb, added)
    curator.add_faq(MODERATOR, faq_id="lisbon-chips", question=LISBON_QUESTION,
                    answer="The fictional Lisbon factory will house {fact:lisbon-factory-chips:figure} chips.",
                    facts=[fact_id])
    curator.add_faq(MODERATOR, faq_id="lisbon-factory", question="What is planned in Lisbon, in the fiction?",
                    answer="{fact:lisbon-factory-chips} It is part of an invented report.", facts=[fact_id])
    curator.add_source(MODERATOR, fictional.correction())
    change = curator.edit_fact(MODERATOR, fact_id, source_id=fictional.CORRECTION_ID,
                               statement="A fictional AI factory in Lisbon will house 5,000 chips.",
                               quote="The fictional AI factory in Lisbon will now house 5,000 chips")
    listed = {a.faq_id: a for a in change.answers or ()}
    assert set(listed) == {"lisbon-chips", "lisbon-factory"}
    assert listed["lisbon-chips"].before == "The fictional Lisbon factory will house 4,000 chips."
    assert listed["lisbon-chips"].after == "The fictional Lisbon factory will house 5,000 chips."
    assert listed["lisbon-factory"].after == ("A fictional AI factory in Lisbon will house 5,000 chips. "
                                              "It is part of an invented report.")
    shown = kb.entry_answer("faq", "lisbon-chips")
    assert shown is not None and shown.text == "The fictional Lisbon factory will house 5,000 chips."
    assert [c.source_id for c in shown.citations] == [fictional.CORRECTION_ID]


def test_a_placeholder_naming_no_live_fact_is_refused_and_nothing_is_saved(kb: KnowledgeBase,
                                                                           added: review.SourceAdded) -> None:
    curator = Curator.of(kb)
    fact_id = lisbon_fact(kb, added)
    refusals = {
        "{fact:no-such-fact}": "not one of its facts",
        "It is {fact:Lisbon Chips}.": "is not a placeholder",
        "It is {fact:lisbon-factory-chips:price}.": "is not a placeholder",
    }
    for answer, reason in refusals.items():
        with pytest.raises(ValidationError, match=reason):
            curator.add_faq(MODERATOR, faq_id="lisbon-bad", question=LISBON_QUESTION, answer=answer,
                            facts=[fact_id])
        assert curator.find("faq", "lisbon-bad") is None
    curator.add_faq(MODERATOR, faq_id="lisbon-chips", question=LISBON_QUESTION,
                    answer="{fact:lisbon-factory-chips}", facts=[fact_id])
    with pytest.raises(ValidationError, match="rest on this fact"):
        curator.retire(MODERATOR, "fact", fact_id)
    shown = kb.entry_answer("faq", "lisbon-chips")
    assert shown is not None and shown.text is not None and "{fact:" not in shown.text


def test_health_flags_two_current_facts_counting_the_same_thing_differently(kb: KnowledgeBase,
                                                                            added: review.SourceAdded) -> None:
    assert health.check_knowledge_base(kb).contradictions == ()
    new = accept_update(kb, added, supersede=False)
    lisbon_fact(kb, added)
    found = health.check_knowledge_base(kb)
    assert found.ok, "a contradiction is a warning for moderators, not an outage"
    assert [(c.first, c.second, c.counts) for c in found.contradictions] == [(fictional.CHIPS, new, "chips")]
    assert found.contradictions[0].figures == (("18,000",), ("20,000",))
    assert any(line.startswith("warn contradiction: ") and "18,000" in line for line in found.lines())
    assert found.to_json()["contradictions"] == [{"facts": [fictional.CHIPS, new], "counts": "chips",
                                                   "figures": [["18,000"], ["20,000"]]}]
    Curator.of(kb).supersede(MODERATOR, fictional.CHIPS, new)
    assert health.check_knowledge_base(kb).contradictions == (), "once one supersedes the other, it is history"


def test_the_shipped_knowledge_base_contradicts_itself_nowhere(kb: KnowledgeBase) -> None:
    assert health.check_knowledge_base(kb).contradictions == ()


def test_shipped_data_holds_only_real_sources() -> None:
    for path in [*DEFAULT_DATA_DIR.glob("*.yaml"), *(DEFAULT_DATA_DIR / "sources").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert "fictional" not in text.lower() and "Fictional Wire" not in text, path
    assert all(Path(p).is_relative_to(Path(__file__).parents[1]) for p in (fictional.ARTICLE, fictional.CORRECTION))
