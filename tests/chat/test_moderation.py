"""What every platform tells a moderator, and how chat moderators are named in the audit log."""

from bot.chat.grammar import EditFact, History, Restore, Retire
from bot.chat.moderation import NOT_ALLOWED, FormNeeded, HistoryShown, Refused, Saved, moderator_actor, run_admin
from bot.core.curation import Actor, Curator
from bot.core.service import KnowledgeBase


def test_the_refusal_is_clear_and_says_nothing_changed() -> None:
    assert "only moderators" in NOT_ALLOWED and "nothing was changed" in NOT_ALLOWED


def test_a_chat_moderator_is_logged_by_name_and_id_and_never_as_shipped_data() -> None:
    actor = moderator_actor("discord", "4242", "Alice")
    assert (actor.name, actor.platform) == ("Alice (4242)", "discord") and not actor.problems()
    odd = moderator_actor("slack", "U0MOD1", "see https://spam.example")
    assert odd.name == "U0MOD1" and not odd.problems()
    assert moderator_actor("data", "x").problems()


def test_a_change_through_the_shared_execution_is_saved_and_logged(kb: KnowledgeBase) -> None:
    entry = kb.answers.data.faq[0]
    outcome = run_admin(Curator.of(kb), Actor("alice", "test"), Retire("faq", entry.id, "superseded"))
    assert isinstance(outcome, Saved) and outcome.record.retired
    assert outcome.headline == f"Retired faq `{entry.id}`; it is now at version {outcome.record.version}."
    shown = run_admin(Curator.of(kb), Actor("alice", "test"), History("faq", entry.id))
    assert isinstance(shown, HistoryShown) and shown.versions[-1].reason == "superseded"


def test_a_refused_change_comes_back_as_a_value_and_changes_nothing(kb: KnowledgeBase) -> None:
    revision = kb.store.revision()
    outcome = run_admin(Curator.of(kb), Actor("alice", "test"), Restore("fact", "no-such-fact"))
    assert isinstance(outcome, Refused) and outcome.text.startswith("Nothing was changed")
    assert kb.store.revision() == revision


def test_an_edit_command_asks_the_platform_for_a_form(kb: KnowledgeBase) -> None:
    fact = kb.answers.data.facts[0]
    outcome = run_admin(Curator.of(kb), Actor("alice", "test"), EditFact(fact.id))
    assert isinstance(outcome, FormNeeded) and outcome.record.id == fact.id
