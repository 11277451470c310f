"""Reviewing a new article from chat: the shared moderator commands every platform runs (bot.chat.moderation).

The article is the fictional one of ``tests/data/fictional``, pasted into a form; the commands are the ones a
moderator types (``/nvidia admin proposal accept 2``), parsed by the shared grammar.
"""

from bot.chat.commands import run_command
from bot.chat.grammar import AdminCommand, parse
from bot.chat.moderation import (
    Outcome,
    ProposalsShown,
    Refused,
    Saved,
    SourceForm,
    add_source,
    run_admin,
    source_form_problems,
)
from bot.core import review
from bot.core.curation import Actor, Curator
from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from tests import fictional

MODERATOR = Actor("Alice (42)", "discord")


def pasted() -> SourceForm:
    return SourceForm(fictional.source().text, title=fictional.TITLE, publisher=fictional.PUBLISHER,
                      published=fictional.PUBLISHED)


def admin(kb: KnowledgeBase, text: str) -> Outcome:
    command = parse(text)
    assert isinstance(command, AdminCommand), command
    return run_admin(Curator.of(kb), MODERATOR, command)


def test_a_pasted_article_is_added_and_its_update_shows_both_figures(kb: KnowledgeBase) -> None:
    shown = add_source(Curator.of(kb), MODERATOR, pasted(), kb.matcher.match)
    assert isinstance(shown, ProposalsShown) and shown.headline.startswith("Added source `")
    update = next(item for item in shown.items if "20,000" in item.proposal.quote)
    lines = update.lines()
    assert f"Updates fact {fictional.CHIPS}: Mistral Compute will use 18,000 of NVIDIA's new Grace Blackwell chips." \
        in lines
    assert "Figures: 18,000 → 20,000" in lines and "Updates FAQ entry mistral-compute-chips" in lines


def test_a_form_with_a_bad_date_or_no_text_is_refused_before_anything_is_stored(kb: KnowledgeBase) -> None:
    revision = kb.store.revision()
    wrong_date = SourceForm(fictional.source().text, title=fictional.TITLE, published="mid-January")
    refused = source_form_problems(wrong_date)
    assert isinstance(refused, Refused) and any("not a date" in p for p in refused.problems)
    assert isinstance(source_form_problems(SourceForm("   ")), Refused)
    assert isinstance(add_source(Curator.of(kb), MODERATOR, wrong_date), Refused)
    assert kb.store.revision() == revision


def test_a_proposal_is_accepted_once_from_chat_and_the_fact_lookup_shows_the_change(kb: KnowledgeBase) -> None:
    shown = add_source(Curator.of(kb), MODERATOR, pasted(), kb.matcher.match)
    assert isinstance(shown, ProposalsShown)
    number = next(item.proposal.id for item in shown.items if "20,000" in item.proposal.quote)
    accepted = admin(kb, f"/nvidia admin proposal accept {number}")
    assert isinstance(accepted, Saved) and "superseded" in accepted.headline
    again = admin(kb, f"/nvidia admin proposal accept {number}")
    assert isinstance(again, Refused) and "already accepted" in again.text + " ".join(again.problems)
    looked_up = run_command(kb, f"/nvidia fact {fictional.CHIPS}", platform="terminal")
    assert isinstance(looked_up, Answer) and looked_up.text is not None
    assert "History: 18,000 (Zhitong Finance, date unknown) → 20,000" in looked_up.text


def test_a_supersession_from_chat_names_the_answers_resting_on_the_fact(kb: KnowledgeBase) -> None:
    shown = add_source(Curator.of(kb), MODERATOR, pasted(), kb.matcher.match)
    assert isinstance(shown, ProposalsShown)
    lisbon = next(item.proposal.id for item in shown.items if "Lisbon will house" in item.proposal.quote)
    made = admin(kb, f"/nvidia admin proposal accept {lisbon}")
    assert isinstance(made, Saved)
    refused = admin(kb, f"/nvidia admin fact supersede {made.record.id} {made.record.id}")
    assert isinstance(refused, Refused)
    number = next(item.proposal.id for item in shown.items if "20,000" in item.proposal.quote)
    new = review.accept(Curator.of(kb), MODERATOR, number, supersede=False).fact.record.id
    superseded = admin(kb, f"/nvidia admin fact supersede {fictional.CHIPS} {new}")
    assert isinstance(superseded, Saved) and "Answers resting on it: " in superseded.headline
    assert "mistral-compute-chips" in superseded.headline.split("Answers resting on it: ")[1]
