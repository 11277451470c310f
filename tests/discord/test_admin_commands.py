"""``/nvidia-admin`` end to end: real interactions, real modals, a real database.

The texts a moderator reads (not allowed, saved, refused, conflict) are the ones
``bot.chat.moderation`` writes for every platform.
"""

from __future__ import annotations

import json
from typing import Any

import discord

from bot.chat.moderation import NOT_ALLOWED
from bot.config import Settings
from bot.core.curation import Curator
from bot.core.models import Fact, FaqEntry
from bot.core.service import KnowledgeBase
from bot.discord import render
from tests.discord.fake_discord import Sent
from tests.discord.harness import Session, connected, run
from tests.discord.payloads import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MANAGE_ROLE_ID,
    MOD_ROLE_ID,
    MODAL_SUBMIT,
    USER_ID,
    command_data,
    interaction_payload,
    modal_submit,
)

CHIPS = "mistral-compute-chips"
NEW_STATEMENT = "Mistral Compute is going to run on 18,000 Grace Blackwell chips from NVIDIA."
OWNER = USER_ID  # the test guild's owner: Manage Server through ownership
MANAGER = 900_000_000_000_002_000  # a role with Manage Server
ROLE_MOD = 900_000_000_000_003_000  # a role listed in DISCORD_MODERATOR_ROLE_IDS, no permissions
STRANGER = 900_000_000_000_004_000  # neither
ROLES = {MANAGER: [MANAGE_ROLE_ID], ROLE_MOD: [MOD_ROLE_ID], STRANGER: [], OWNER: []}


def settings() -> Settings:
    return Settings(discord_moderator_role_ids=frozenset({MOD_ROLE_ID}))


def admin_data(sub: str, focused: str | None = None, **options: Any) -> dict[str, Any]:
    return command_data("nvidia-admin", sub, focused=focused, **options)


async def admin(discord_: Session, sub: str, *, user: int = OWNER, **options: Any) -> Sent:
    """Run ``/nvidia-admin <sub>`` as ``user`` and return the bot's first response."""
    return await discord_.respond(interaction_payload(APPLICATION_COMMAND, admin_data(sub, **options),
                                                      user_id=user, roles=ROLES[user]))


async def submit(discord_: Session, form: Sent, *, user: int = OWNER, **values: str) -> Sent:
    """Submit the modal ``form`` opened, with its prefilled values changed by ``values``."""
    assert form.type == 9, f"expected a modal, got {form.payload}"
    modal = form.payload["data"]
    prefilled = {}
    for row in modal["components"]:
        (text_input,) = row["components"]
        prefilled[text_input["custom_id"]] = values.get(text_input["custom_id"], text_input.get("value") or "")
    return await discord_.respond(interaction_payload(MODAL_SUBMIT, modal_submit(modal["custom_id"], prefilled),
                                                      user_id=user, roles=ROLES[user]))


def private(sent: Sent) -> None:
    """Every admin reply: ephemeral, pings nobody, embeds within Discord's limits."""
    assert sent.ephemeral
    assert sent.allowed_mentions is not None and sent.allowed_mentions.get("parse") == []
    embeds = [discord.Embed.from_dict(e) for e in sent.embeds]
    assert render.embed_problems(embeds) == []
    assert "Traceback" not in sent.text


def snapshot(kb: KnowledgeBase) -> str:
    """Everything a moderator could change, to prove nothing did (questions still queued to be saved included)."""
    kb.store.behind.flush()
    db = kb.store.db
    tables = ("facts", "faq", "aliases", "sources", "audit", "unanswered")
    return json.dumps({t: list(db.query(f"select * from {t}")) for t in tables}, default=str)


def statement(kb: KnowledgeBase) -> str:
    value = Curator.of(kb).get("fact", CHIPS).value
    assert isinstance(value, Fact)
    return value.statement


# -- permissions ----------------------------------------------------------------------------------------


def test_a_non_moderator_is_refused_privately_and_nothing_changes(kb: KnowledgeBase) -> None:
    kb.ask("How do I bake sourdough bread?", platform="discord")  # something in the unanswered queue
    before = snapshot(kb)

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            attempts = [
                await admin(discord_, "fact-edit", user=STRANGER, id=CHIPS),
                await admin(discord_, "fact-add", user=STRANGER),
                await admin(discord_, "fact-retire", user=STRANGER, id=CHIPS, reason="spam"),
                await admin(discord_, "faq-phrasing", user=STRANGER, id=CHIPS, text="chips how many"),
                await admin(discord_, "revert", user=STRANGER, kind="fact", id=CHIPS, version=1),
                await admin(discord_, "unanswered", user=STRANGER),
            ]
            for sent in attempts:
                assert sent.type == 4 and sent.content == NOT_ALLOWED
                private(sent)
            # autocomplete tells a stranger nothing either
            choices = await discord_.respond(interaction_payload(
                AUTOCOMPLETE, admin_data("fact-edit", focused="id", id="mis"), user_id=STRANGER, roles=[]))
            assert choices.type == 8 and choices.payload["data"]["choices"] == []
            # a form opened by a moderator but submitted by someone who is not (any more) is refused too
            form = await admin(discord_, "fact-edit", user=OWNER, id=CHIPS)
            refused = await submit(discord_, form, user=STRANGER, statement=NEW_STATEMENT)
            assert refused.content == NOT_ALLOWED
            private(refused)

    run(scenario)
    assert snapshot(kb) == before


def test_a_dm_is_never_a_moderator(kb: KnowledgeBase) -> None:
    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.respond(interaction_payload(APPLICATION_COMMAND,
                                                              admin_data("fact-retire", id=CHIPS), guild=False))
            assert sent.content == NOT_ALLOWED and sent.ephemeral

    run(scenario)
    assert not Curator.of(kb).get("fact", CHIPS).retired


# -- editing through the modal ------------------------------------------------------------------------


def edit_through_the_modal(kb: KnowledgeBase, user: int) -> None:
    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            form = await admin(discord_, "fact-edit", user=user, id=CHIPS)
            assert form.type == 9
            assert form.payload["data"]["custom_id"].startswith("nvidia-admin:fact-edit:v1:")
            prefilled = {row["components"][0]["custom_id"]: row["components"][0].get("value")
                         for row in form.payload["data"]["components"]}
            assert prefilled["statement"] == statement(kb) and "18,000" in str(prefilled["quote"])
            done = await submit(discord_, form, user=user, statement=NEW_STATEMENT, reason="clearer")
            private(done)
            assert "version 2" in done.content and "18,000 Grace Blackwell" in done.text

    run(scenario)
    assert statement(kb) == NEW_STATEMENT
    answer = kb.ask(NEW_STATEMENT)
    assert answer.status == "answered" and answer.text == NEW_STATEMENT
    (latest,) = [v for v in Curator.of(kb).history("fact", CHIPS) if v.version == 2]
    assert latest.platform == "discord" and f"({user})" in latest.actor and latest.reason == "clearer"


def test_a_member_with_manage_server_edits_a_fact_through_the_modal(kb: KnowledgeBase) -> None:
    edit_through_the_modal(kb, MANAGER)


def test_a_member_with_a_moderator_role_edits_a_fact_through_the_modal(kb: KnowledgeBase) -> None:
    edit_through_the_modal(kb, ROLE_MOD)


def test_a_mistyped_number_is_refused_with_the_mismatch_and_nothing_changes(kb: KnowledgeBase) -> None:
    before = snapshot(kb)

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            form = await admin(discord_, "fact-edit", id=CHIPS)
            wrong = "Mistral Compute will use 1,800 of NVIDIA's new Grace Blackwell chips."
            refused = await submit(discord_, form, statement=wrong)
            private(refused)
            assert "Nothing was changed" in refused.content
            assert "1,800" in refused.content and "18,000" in refused.content and CHIPS in refused.content

    run(scenario)
    assert snapshot(kb) == before


def test_a_stale_form_gets_the_conflict_and_the_newer_version(kb: KnowledgeBase) -> None:
    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            first = await admin(discord_, "fact-edit", id=CHIPS)
            second = await admin(discord_, "fact-edit", user=MANAGER, id=CHIPS)
            ok = await submit(discord_, first, statement=NEW_STATEMENT)
            assert "version 2" in ok.content
            stale = await submit(discord_, second, user=MANAGER,
                                 statement="Mistral Compute uses 18,000 Grace Blackwell chips.")
            private(stale)
            assert "Nothing was saved" in stale.content and "version 2" in stale.content
            assert "started from version 1" in stale.content
            assert "18,000 Grace Blackwell chips from NVIDIA" in stale.text  # the newer version, shown

    run(scenario)
    assert statement(kb) == NEW_STATEMENT
    assert Curator.of(kb).get("fact", CHIPS).version == 2


# -- retire, restore, history, revert ------------------------------------------------------------------


def test_add_retire_restore_history_and_revert(kb: KnowledgeBase) -> None:
    fact = "nvidia-works-7000-startups-europe"  # every shipped fact backs an FAQ entry, so add one to retire

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            form = await admin(discord_, "fact-add")
            added = await submit(discord_, form, statement="NVIDIA works with 7,000 startups in Europe.",
                                 source="zhitong-nvidia-europe", quote="7,000 startups", topics="")
            private(added)
            assert f"Added fact `{fact}`" in added.content and "version 1" in added.content
            retired = await admin(discord_, "fact-retire", id=fact, reason="superseded")
            private(retired)
            assert "Retired fact" in retired.content
            assert Curator.of(kb).get("fact", fact).retired
            again = await admin(discord_, "fact-retire", id=fact)
            assert "already retired" in again.content and "Nothing was changed" in again.content
            restored = await admin(discord_, "fact-restore", id=fact)
            private(restored)
            assert "Restored fact" in restored.content and "version 3" in restored.content
            history = await admin(discord_, "history", kind="fact", id=fact)
            private(history)
            assert "retire" in history.text and "superseded" in history.text and "restore" in history.text
            reverted = await admin(discord_, "revert", kind="fact", id=fact, version=2)
            private(reverted)
            assert "Reverted" in reverted.content and "version 4" in reverted.content
            missing = await admin(discord_, "fact-restore", id="no-such-fact-qq")
            assert "no fact 'no-such-fact-qq'" in missing.content
            linked = await admin(discord_, "fact-retire", id=CHIPS)
            assert "rest on this fact" in linked.content and "Nothing was changed" in linked.content

    run(scenario)
    record = Curator.of(kb).get("fact", fact)
    assert record.retired and record.version == 4  # version 2 was the retired one


def test_faq_edit_phrasing_and_the_unanswered_queue(kb: KnowledgeBase) -> None:
    faq_id = kb.answers.data.faq[0].id
    wording = "How do I bake sourdough bread?"
    kb.ask(wording, platform="discord")

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            form = await admin(discord_, "faq-edit", id=faq_id)
            assert form.type == 9
            saved = await submit(discord_, form, question="What did NVIDIA announce for Europe overall?")
            private(saved)
            assert "version 2" in saved.content
            added = await admin(discord_, "faq-phrasing", id=faq_id, text="europe plans of nvidia overall")
            assert "version 3" in added.content
            removed = await admin(discord_, "faq-phrasing", id=faq_id, text="europe plans of nvidia overall",
                                  remove=True)
            assert "version 4" in removed.content
            queue = await admin(discord_, "unanswered")
            private(queue)
            assert wording in queue.text
            (group,) = [f for f in queue.embeds[0]["fields"] if wording in f["value"]]
            number = int(group["name"].split(" ")[0].lstrip("#"))
            dismissed = await admin(discord_, "unanswered-dismiss", id=number)
            # the shared text (bot.chat.moderation): "Dismissed question #N (1 asked); ..."
            assert f"Dismissed question #{number} (1 asked)" in dismissed.content
            twice = await admin(discord_, "unanswered-dismiss", id=number)
            assert "already dismissed" in twice.content

    run(scenario)
    record = Curator.of(kb).get("faq", faq_id)
    assert isinstance(record.value, FaqEntry)
    assert record.value.question == "What did NVIDIA announce for Europe overall?"


def test_unanswered_attach_adds_the_question_as_a_phrasing(kb: KnowledgeBase) -> None:
    faq_id = kb.answers.data.faq[0].id
    kb.ask("How do I bake sourdough bread?", platform="discord")
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    row = next(iter(kb.store.db.query("select id from unanswered where state = 'open' order by id desc")))

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            attached = await admin(discord_, "unanswered-attach", id=int(row["id"]), faq=faq_id)
            private(attached)
            # the shared text (bot.chat.moderation): "Attached question #N (k asked) to faq `ID` as a phrasing."
            assert f"to faq `{faq_id}` as a phrasing" in attached.content

    run(scenario)
    record = Curator.of(kb).get("faq", faq_id)
    assert isinstance(record.value, FaqEntry)
    assert "How do I bake sourdough bread?" in record.value.phrasings


# -- autocomplete --------------------------------------------------------------------------------------------


def test_autocomplete_offers_at_most_25_valid_ids(kb: KnowledgeBase) -> None:
    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            choices: list[dict[str, Any]] = []
            for sub, data in (("fact-edit", admin_data("fact-edit", focused="id", id="")),
                              ("fact-edit", admin_data("fact-edit", focused="id", id="mis")),
                              ("faq-edit", admin_data("faq-edit", focused="id", id="chips")),
                              ("history", admin_data("history", focused="id", kind="faq", id="m"))):
                sent = await discord_.respond(interaction_payload(AUTOCOMPLETE, data, user_id=OWNER))
                assert sent.type == 8, sub
                choices = sent.payload["data"]["choices"]
                assert 0 < len(choices) <= 25
                assert all(1 <= len(c["name"]) <= 100 and 1 <= len(c["value"]) <= 100 for c in choices)
            kinds = {c["value"] for c in choices}
            assert kinds <= {r.id for r in Curator.of(kb).entries("faq", include_retired=True)}

    run(scenario)
