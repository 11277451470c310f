"""``/nvidia admin ...`` over real HTTP: signed requests to the app, Web API calls to the local stub."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest

from bot.chat.grammar import ADMIN_HELP, ADMIN_USAGE
from bot.chat.moderation import NOT_ALLOWED
from bot.core.curation import Actor, Curator
from bot.core.service import KnowledgeBase
from bot.slack.admin_blocks import EDIT_FACT_CALLBACK, STALE_FORM
from bot.slack.bot import APOLOGY
from tests.slack.checks import check_message
from tests.slack.harness import FORM, Call, SlackHarness

MOD = "UMOD"
OTHER = "UOTHER"
CHIPS = "mistral-compute-chips"
NEW_STATEMENT = "Mistral Compute is going to run on 18,000 Grace Blackwell chips from NVIDIA."
SPARE = "nvidia-works-7000-startups-europe"


@pytest.fixture
def slack(start_app: Callable[..., SlackHarness]) -> SlackHarness:
    return start_app(slack_moderator_ids=frozenset({MOD}))


def admin(slack: SlackHarness, text: str, *, user: str = MOD) -> dict[str, Any]:
    """Run ``/nvidia admin text``; return the private reply, checked against Block Kit's rules."""
    _, reply = slack.command(f"admin {text}", user=user)
    assert reply["response_type"] == "ephemeral"
    check_message(reply)
    return reply


def shown(reply: dict[str, Any]) -> str:
    return str(reply["text"]) + "\n" + json.dumps(reply.get("blocks"))


def open_form(slack: SlackHarness, fact_id: str = CHIPS) -> dict[str, Any]:
    before = len(slack.stub.made("views.open"))
    ack = slack.post(slack.command_body(f"admin fact edit {fact_id}", user=MOD, channel="C1", response_id="x"), FORM)
    assert ack.status == 200
    call = slack.stub.wait_for(lambda c: c.method == "views.open", count=before + 1)[before]
    assert call.body["trigger_id"] == "1.2.3"
    view = call.body["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


def submit(slack: SlackHarness, view: dict[str, Any], *, user: str = MOD, **fields: str) -> dict[str, Any]:
    """Send the view_submission Slack would, with the form's prefilled values overridden by ``fields``."""
    values = {}
    for block in view["blocks"]:
        if block["type"] == "input":
            value = fields.get(block["block_id"], block["element"].get("initial_value"))
            values[block["block_id"]] = {"value": {"type": "plain_text_input", "value": value}}
    payload = {
        "type": "view_submission", "team": {"id": "T1", "domain": "test"}, "api_app_id": "A1", "token": "legacy",
        "trigger_id": "4.5.6", "user": {"id": user, "username": "mod", "name": "mod", "team_id": "T1"},
        "view": {**view, "id": "V1", "team_id": "T1", "state": {"values": values}},
    }
    response = slack.post(urllib.parse.urlencode({"payload": json.dumps(payload)}), FORM)
    assert response.status == 200, response
    return json.loads(response.body) if response.body else {}


def ephemeral(slack: SlackHarness, count: int) -> Call:
    return slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral", count=count)[count - 1]


def statement(kb: KnowledgeBase) -> str:
    return str(Curator.of(kb).get("fact", CHIPS).value.statement)  # type: ignore[union-attr]


def audit_rows(kb: KnowledgeBase) -> int:
    return int(kb.store.db.execute("select count(*) from audit").fetchone()[0])


# -- who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [f"fact retire {CHIPS}", f"fact edit {CHIPS}", "faq phrase x add hello",
                                  "unanswered", "help"])
def test_a_non_moderator_is_refused_privately_and_nothing_changes(slack: SlackHarness, kb: KnowledgeBase,
                                                                  text: str) -> None:
    before = audit_rows(kb)
    reply = admin(slack, text, user=OTHER)
    assert reply["text"] == NOT_ALLOWED
    assert audit_rows(kb) == before and not Curator.of(kb).get("fact", CHIPS).retired
    assert not slack.stub.made("views.open")


def test_the_user_group_counts_only_when_its_members_can_be_fetched(
        start_app: Callable[..., SlackHarness], kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    slack = start_app(slack_moderator_ids=frozenset(), slack_moderator_usergroup="S1")
    # The stub does not know usergroups.users.list: the call fails, so the check fails closed.
    assert admin(slack, "help", user=OTHER)["text"] == NOT_ALLOWED
    answer = slack.stub.answer

    def with_group(method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "usergroups.users.list":
            assert body.get("usergroup") == "S1"
            return {"ok": True, "users": [OTHER]}
        return answer(method, body)

    monkeypatch.setattr(slack.stub, "answer", with_group)
    assert "Moderator commands" in admin(slack, "help", user=OTHER)["text"]


def test_a_refused_form_submission_changes_nothing(slack: SlackHarness, kb: KnowledgeBase) -> None:
    view = open_form(slack)
    result = submit(slack, view, user=OTHER, statement=NEW_STATEMENT)
    assert result["response_action"] == "errors" and result["errors"]["statement"] == NOT_ALLOWED
    assert statement(kb) != NEW_STATEMENT


# -- the edit modal -----------------------------------------------------------------------------------


def test_a_moderator_edits_a_fact_through_the_modal(slack: SlackHarness, kb: KnowledgeBase) -> None:
    old = statement(kb)
    view = open_form(slack)
    assert view["type"] == "modal" and view["callback_id"] == EDIT_FACT_CALLBACK
    assert json.loads(view["private_metadata"]) == {"id": CHIPS, "version": 1, "channel": "C1"}
    prefilled = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert prefilled["statement"] == old and "18,000" in str(prefilled["quote"])
    assert len(view["title"]["text"]) <= 24

    assert submit(slack, view, statement=NEW_STATEMENT, reason="clearer") == {}
    done = ephemeral(slack, 1).body
    assert done["user"] == MOD and done["channel"] == "C1"
    blocks = json.loads(done["blocks"]) if isinstance(done["blocks"], str) else done["blocks"]
    check_message({"text": done["text"], "blocks": blocks})
    assert "version 2" in done["text"]

    assert statement(kb) == NEW_STATEMENT
    answer = kb.ask(NEW_STATEMENT)
    assert answer.status == "answered" and answer.text == NEW_STATEMENT
    (latest,) = [v for v in Curator.of(kb).history("fact", CHIPS) if v.version == 2]
    assert latest.platform == "slack" and f"({MOD})" in latest.actor and latest.reason == "clearer"


def test_a_mistyped_number_is_refused_on_the_form(slack: SlackHarness, kb: KnowledgeBase) -> None:
    before, old = audit_rows(kb), statement(kb)
    view = open_form(slack)
    result = submit(slack, view, statement="Mistral Compute will use 1,800 of NVIDIA's new Grace Blackwell chips.")
    assert result["response_action"] == "errors"
    assert "1,800" in result["errors"]["statement"] and "18,000" in result["errors"]["statement"]
    assert statement(kb) == old and audit_rows(kb) == before
    assert not slack.stub.made("chat.postEphemeral")


def test_a_stale_form_gets_the_conflict_and_overwrites_nothing(slack: SlackHarness, kb: KnowledgeBase) -> None:
    view = open_form(slack)
    Curator.of(kb).edit_fact(Actor("someone else", "cli"), CHIPS, statement=NEW_STATEMENT)
    assert submit(slack, view, statement="Mistral Compute uses 18,000 Grace Blackwell chips.") == {}
    conflict = ephemeral(slack, 1).body
    assert "Nothing was saved" in conflict["text"] and "version 2" in conflict["text"]
    assert "you started from version 1" in conflict["text"]
    assert statement(kb) == NEW_STATEMENT


def test_editing_an_unknown_fact_opens_no_form(slack: SlackHarness) -> None:
    reply = admin(slack, "fact edit no-such-fact-qq")
    assert "no fact 'no-such-fact-qq'" in reply["text"]
    assert not slack.stub.made("views.open")


# -- the other commands ---------------------------------------------------------------------------------


def test_retire_restore_history_and_revert(slack: SlackHarness, kb: KnowledgeBase) -> None:
    Curator.of(kb).add_fact(Actor("setup", "cli"), statement="NVIDIA works with 7,000 startups in Europe.",
                            source_id="zhitong-nvidia-europe", quote="7,000 startups", fact_id=SPARE)
    retired = admin(slack, f"fact retire {SPARE} superseded <!channel> & more")
    assert "Retired fact" in retired["text"] and "version 2" in retired["text"]
    assert Curator.of(kb).get("fact", SPARE).retired
    again = admin(slack, f"fact retire {SPARE}")
    assert "already retired" in again["text"] and "Nothing was changed" in again["text"]
    restored = admin(slack, f"fact restore {SPARE}")
    assert "Restored fact" in restored["text"] and "version 3" in restored["text"]
    assert not Curator.of(kb).get("fact", SPARE).retired
    history = shown(admin(slack, f"history fact {SPARE}"))
    assert "retire" in history and "superseded" in history and "restore" in history
    reverted = admin(slack, f"revert fact {SPARE} 2")
    assert "Reverted" in reverted["text"] and "version 4" in reverted["text"]
    assert Curator.of(kb).get("fact", SPARE).retired
    linked = admin(slack, f"fact retire {CHIPS}")
    assert "Nothing was changed" in linked["text"] and not Curator.of(kb).get("fact", CHIPS).retired


def test_faq_phrasings_and_the_unanswered_queue(slack: SlackHarness, kb: KnowledgeBase) -> None:
    faq = kb.answers.data.faq[0].id
    added = admin(slack, f"faq phrase {faq} add what did nvidia announce for europe's chips today")
    assert "Updated the phrasings" in added["text"]
    assert "what did nvidia announce for europe's chips today" in Curator.of(kb).get("faq", faq).value.phrasings  # type: ignore[union-attr]
    removed = admin(slack, f"faq phrase {faq} remove what did nvidia announce for europe's chips today")
    assert "Updated the phrasings" in removed["text"]

    assert "No open unanswered questions" in admin(slack, "unanswered")["text"]
    kb.ask("How do I bake sourdough bread?", platform="slack")
    kb.ask("How do I bake rye bread?", platform="slack")
    listing = admin(slack, "unanswered")
    assert "sourdough" in shown(listing)
    groups = [b["text"]["text"] for b in listing["blocks"][1:]]
    ids = [int(text.split("#", 1)[1].split("*", 1)[0]) for text in groups]
    dismissed = admin(slack, f"unanswered dismiss {ids[0]}")
    assert "Dismissed question" in dismissed["text"]
    attached = admin(slack, f"unanswered attach {ids[1]} {faq}")
    assert "Attached question" in attached["text"]
    assert "No open unanswered questions" in admin(slack, "unanswered")["text"]


@pytest.mark.parametrize("text", ["", "help", "frobnicate", "fact retire", "revert fact x notanumber",
                                  "history alias x", "unanswered attach 1", "<!here> <@U1> & stuff"])
def test_help_and_usage_errors_are_private_and_clear(slack: SlackHarness, text: str) -> None:
    reply = admin(slack, text)
    assert reply["text"].strip()
    assert "admin" in shown(reply) or "Nothing was changed" in reply["text"] or "number" in reply["text"]


def test_ordinary_commands_still_work(slack: SlackHarness) -> None:
    _, reply = slack.command("help")
    assert reply["response_type"] == "ephemeral" and "Moderator commands" not in reply["text"]


# -- the shared grammar and execution --------------------------------------------------------------------


def test_help_and_usage_are_the_shared_texts(slack: SlackHarness) -> None:
    assert admin(slack, "help")["text"] == ADMIN_HELP
    assert admin(slack, "frobnicate")["text"] == ADMIN_USAGE


def test_moderator_words_that_make_no_command_are_refused_to_others(slack: SlackHarness) -> None:
    assert admin(slack, "frobnicate", user=OTHER)["text"] == NOT_ALLOWED


def test_changes_use_the_knowledge_bases_own_connection(slack: SlackHarness, kb: KnowledgeBase,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_second_connection(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the admin opened a second connection")

    monkeypatch.setattr("bot.core.store.Store.open", no_second_connection)
    faq = kb.answers.data.faq[0].id
    phrase = "which announcement did the quokka sanctuary make"
    assert kb.ask(phrase).match is None or kb.ask(phrase).match.id != faq  # type: ignore[union-attr]
    assert "Updated the phrasings" in admin(slack, f"faq phrase {faq} add {phrase}")["text"]
    answer = kb.ask(phrase)
    assert answer.status == "answered" and answer.match is not None and answer.match.id == faq, \
        "the answers were reloaded after the change, with no wait for another process"


# -- numbers that are not plain numbers -------------------------------------------------------------------


@pytest.mark.parametrize("number", ["²", "１", "1e309", "inf", "-1", "9" * 400])
def test_a_version_that_is_not_a_plain_number_gets_the_usage_not_the_apology(
        slack: SlackHarness, kb: KnowledgeBase, number: str) -> None:
    before = audit_rows(kb)
    reply = admin(slack, f"revert fact {CHIPS} {number}")
    assert reply["text"] != APOLOGY and "is not a number" in reply["text"] and "admin" in reply["text"]
    assert audit_rows(kb) == before


@pytest.mark.parametrize("version", ["1e309", "-1e309", "Infinity", "NaN", "1.5", '"1e309"', '"\u00b2"', "[1]",
                                     "null", "true", "9" * 5000])
def test_a_form_whose_version_is_not_a_whole_number_is_refused_as_stale(
        slack: SlackHarness, kb: KnowledgeBase, version: str) -> None:
    before, old = audit_rows(kb), statement(kb)
    view = open_form(slack)
    view["private_metadata"] = f'{{"id": "{CHIPS}", "version": {version}, "channel": "C1"}}'  # JSON text as sent
    result = submit(slack, view, statement="Mistral Compute uses 18,000 Grace Blackwell chips.")
    assert result == {"response_action": "errors", "errors": {"statement": STALE_FORM}}
    assert statement(kb) == old and audit_rows(kb) == before
