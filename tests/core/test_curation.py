"""Moderators' changes through the core: validated, versioned, logged, visible at once, never destructive."""

import json
from pathlib import Path

import pytest

from bot.core.curation import Actor, ConflictError, CurationError, Curator, NotFoundError
from bot.core.models import Source
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.core.validation import ValidationError
from tests.conftest import copy_data

ALICE = Actor("alice", "cli")
BOB = Actor("bob", "discord")
CHIPS = "mistral-compute-chips"
CHIPS_QUESTION = "How many chips will Mistral Compute use?"
ESSONNE = "mistral-compute-essonne"
ESSONNE_QUESTION = "Where will Mistral Compute be developed?"
ZHITONG = "zhitong-nvidia-europe"


@pytest.fixture
def curator(kb: KnowledgeBase) -> Curator:
    return Curator.of(kb)


def snapshot(store: Store) -> tuple[int, int, str]:
    """What must not move when a change is refused."""
    rows = json.dumps(list(store.db.query("select * from facts order by id")))
    rows += json.dumps(list(store.db.query("select * from faq order by id")))
    rows += json.dumps(list(store.db.query("select * from faq_phrasings order by id")))
    return store.revision(), store.db.table("audit").count, rows


def audit(store: Store, entity: str, entry_id: str) -> list[dict[str, object]]:
    return list(store.db.query("select * from audit where entity = ? and entity_id = ? order by version",
                               [entity, entry_id]))


# -- adding and editing -------------------------------------------------------------------------------------


def test_adding_a_fact_stores_it_as_version_one_and_logs_who_did_it(curator: Curator, kb: KnowledgeBase) -> None:
    revision = kb.store.revision()
    change = curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups in Europe.", source_id=ZHITONG,
                              quote="7,000 startups", reason="test")
    assert change.action == "create" and change.record.version == 1 and not change.record.retired
    row = kb.store.db.table("facts").get(change.record.id)
    assert row["origin"] == "moderator" and row["version"] == 1
    [logged] = audit(kb.store, "fact", change.record.id)
    assert (logged["actor"], logged["platform"], logged["action"], logged["reason"]) == ("alice", "cli", "create",
                                                                                          "test")
    assert logged["before"] is None and json.loads(str(logged["after"]))["statement"].startswith("NVIDIA works")
    assert kb.store.revision() == revision + 1


def test_an_edit_bumps_the_version_keeps_before_and_after_and_shows_in_answers_at_once(
    curator: Curator, kb: KnowledgeBase
) -> None:
    assert kb.ask(ESSONNE_QUESTION).status == "answered"
    longer = "The service will be developed at Mistral's data center in Essonne, France, and the company plans"
    change = curator.edit_fact(BOB, ESSONNE, quote=longer, expect_version=1)
    assert change.record.version == 2 and change.previous is not None and change.previous.version == 1
    logged = audit(kb.store, "fact", ESSONNE)[-1]
    assert logged["platform"] == "discord" and logged["version"] == 2
    assert json.loads(str(logged["before"]))["quote"] != longer and json.loads(str(logged["after"]))["quote"] == longer
    answer = kb.ask(ESSONNE_QUESTION)
    assert any(c.quote == longer for c in answer.citations), "the same process must see its own edit"


def test_a_typed_1800_for_18000_is_refused_showing_the_mismatch(curator: Curator, kb: KnowledgeBase) -> None:
    before = snapshot(kb.store)
    with pytest.raises(ValidationError) as refused:
        curator.edit_fact(ALICE, CHIPS, statement="Mistral Compute will use 1,800 of NVIDIA's Grace Blackwell chips.")
    message = str(refused.value)
    assert "1,800" in message and "18,000" in message and CHIPS in message
    assert snapshot(kb.store) == before


def test_an_faq_answer_with_a_number_its_facts_do_not_state_is_refused(curator: Curator, kb: KnowledgeBase) -> None:
    before = snapshot(kb.store)
    with pytest.raises(ValidationError, match="19,000"):
        curator.edit_faq(ALICE, CHIPS, answer="Mistral Compute will run on 19,000 Grace Blackwell chips.")
    assert snapshot(kb.store) == before


def test_a_quote_that_is_not_in_the_source_is_refused(curator: Curator, kb: KnowledgeBase) -> None:
    before = snapshot(kb.store)
    with pytest.raises(ValidationError, match="does not occur verbatim"):
        curator.add_fact(ALICE, statement="Mistral Compute is huge.", source_id=ZHITONG,
                         quote="Mistral Compute is the largest cloud in the world")
    assert snapshot(kb.store) == before


@pytest.mark.parametrize("answer", ["Ask <@1234> about it.", "See https://example.com", "@everyone look"])
def test_a_mention_or_link_in_an_answer_is_refused(curator: Curator, kb: KnowledgeBase, answer: str) -> None:
    before = snapshot(kb.store)
    with pytest.raises(ValidationError, match="mentions"):
        curator.edit_faq(ALICE, CHIPS, answer=answer)
    assert snapshot(kb.store) == before


def test_unknown_ids_required_fields_and_lengths_get_clear_errors(curator: Curator) -> None:
    with pytest.raises(ValidationError, match="unknown source 'no-such-source'"):
        curator.add_fact(ALICE, statement="Something.", source_id="no-such-source", quote="anything")
    with pytest.raises(ValidationError, match="unknown fact 'no-such-fact'"):
        curator.edit_faq(ALICE, CHIPS, facts=["no-such-fact"])
    with pytest.raises(ValidationError, match="unknown topic 'no-such-topic'"):
        curator.edit_fact(ALICE, CHIPS, topics=["no-such-topic"])
    with pytest.raises(ValidationError, match="statement is required"):
        curator.edit_fact(ALICE, CHIPS, statement="  ")
    with pytest.raises(ValidationError, match="at most"):
        curator.edit_faq(ALICE, CHIPS, question="why " * 200)
    with pytest.raises(ValidationError, match="ids are lowercase"):
        curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups.", source_id=ZHITONG,
                         quote="7,000 startups", fact_id="Bad Id")
    with pytest.raises(NotFoundError, match="no fact 'nope'"):
        curator.edit_fact(ALICE, "nope", statement="x")


def test_ids_are_never_reused_and_an_edit_that_changes_nothing_is_refused(curator: Curator) -> None:
    with pytest.raises(CurationError, match="never reused"):
        curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups.", source_id=ZHITONG,
                         quote="7,000 startups", fact_id=CHIPS)
    current = curator.get("fact", CHIPS).value
    with pytest.raises(CurationError, match="nothing to change"):
        curator.edit_fact(ALICE, CHIPS, statement=current.statement)  # type: ignore[union-attr]


def test_new_ids_come_from_the_first_words_and_stay_unique(curator: Curator) -> None:
    first = curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups in Europe.", source_id=ZHITONG,
                             quote="7,000 startups").record.id
    second = curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups in Europe!", source_id=ZHITONG,
                              quote="and 7,000 startups").record.id
    assert first == "nvidia-works-7000-startups-europe" and second == first + "-2"


def test_the_moderator_must_be_named_and_may_not_pose_as_shipped_data(curator: Curator, kb: KnowledgeBase) -> None:
    before = snapshot(kb.store)
    with pytest.raises(CurationError, match="required"):
        curator.edit_fact(Actor(" "), CHIPS, statement="Mistral Compute uses 18,000 Grace Blackwell chips.")
    with pytest.raises(CurationError, match="reserved"):
        curator.edit_fact(Actor("x", "data"), CHIPS, statement="Mistral Compute uses 18,000 Grace Blackwell chips.")
    assert snapshot(kb.store) == before


# -- conflicts --------------------------------------------------------------------------------------------------


def test_two_edits_from_the_same_version_the_second_gets_a_conflict_and_nothing_is_overwritten(
    db_path: Path,
) -> None:
    first, second = Curator(Store.open(db_path)), Curator(Store.open(db_path))
    seen = second.get("fact", ESSONNE).version
    assert first.get("fact", ESSONNE).version == seen == 1
    alice_text = "Mistral Compute will be built at Mistral AI's data centre in Essonne."
    first.edit_fact(ALICE, ESSONNE, statement=alice_text, expect_version=seen)
    with pytest.raises(ConflictError) as conflict:
        second.edit_fact(BOB, ESSONNE, statement="Bob's wording of the Essonne fact.", expect_version=seen)
    assert conflict.value.current.version == 2 and conflict.value.expected == 1
    message = str(conflict.value)
    assert "version 2" in message and "alice" in message and alice_text in message
    stored = first.get("fact", ESSONNE)
    assert stored.value.statement == alice_text and stored.version == 2  # type: ignore[union-attr]
    assert len(audit(first.store, "fact", ESSONNE)) == 2
    first.store.close()
    second.store.close()


# -- retire, restore, history, revert ------------------------------------------------------------------------------


def test_a_retired_faq_entry_is_no_longer_answered_and_is_again_once_restored(
    curator: Curator, kb: KnowledgeBase
) -> None:
    assert kb.ask(CHIPS_QUESTION).match is not None and kb.ask(CHIPS_QUESTION).match.id == CHIPS  # type: ignore[union-attr]
    curator.retire(ALICE, "faq", CHIPS, reason="outdated")
    retired = kb.ask(CHIPS_QUESTION)
    assert retired.match is None or retired.match.id != CHIPS
    assert kb.store.db.table("faq").get(CHIPS)["retired"] == 1, "retired, not deleted"
    with pytest.raises(CurationError, match="already retired"):
        curator.retire(ALICE, "faq", CHIPS)
    curator.restore(ALICE, "faq", CHIPS)
    restored = kb.ask(CHIPS_QUESTION)
    assert restored.match is not None and restored.match.id == CHIPS
    assert [v.action for v in curator.history("faq", CHIPS)][-2:] == ["retire", "restore"]


def test_a_fact_that_live_answers_rest_on_cannot_be_retired(curator: Curator, kb: KnowledgeBase) -> None:
    before = snapshot(kb.store)
    with pytest.raises(ValidationError, match="rest on this fact"):
        curator.retire(ALICE, "fact", CHIPS)
    assert snapshot(kb.store) == before
    loose = curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups.", source_id=ZHITONG,
                             quote="7,000 startups").record.id
    assert curator.retire(ALICE, "fact", loose).record.retired
    with pytest.raises(ValidationError, match="retired"):
        curator.edit_faq(ALICE, "startups-count", facts=["startups-7000", loose])


def test_history_lists_every_version_and_revert_is_a_new_logged_version(curator: Curator, kb: KnowledgeBase) -> None:
    original = curator.get("fact", ESSONNE).value.statement  # type: ignore[union-attr]
    curator.edit_fact(ALICE, ESSONNE, statement="First moderator wording about Essonne.")
    curator.edit_fact(BOB, ESSONNE, statement="Second moderator wording about Essonne.")
    history = curator.history("fact", ESSONNE)
    assert [(v.version, v.action, v.actor) for v in history] == [
        (1, "create", "data/"), (2, "update", "alice"), (3, "update", "bob")
    ]
    assert history[0].record is not None and history[0].record.value.statement == original  # type: ignore[union-attr]
    change = curator.revert(ALICE, "fact", ESSONNE, 1)
    assert change.action == "revert" and change.record.version == 4
    assert change.record.value.statement == original  # type: ignore[union-attr]
    latest = curator.history("fact", ESSONNE)[-1]
    assert (latest.version, latest.action, latest.reason) == (4, "revert", "revert to version 1")
    with pytest.raises(CurationError, match="no recorded version 9"):
        curator.revert(ALICE, "fact", ESSONNE, 9)
    assert "First moderator" not in (kb.ask(ESSONNE_QUESTION).text or "")


def test_a_revert_is_validated_again(curator: Curator) -> None:
    extra = curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups.", source_id=ZHITONG,
                             quote="7,000 startups").record.id
    curator.edit_faq(ALICE, "startups-count", facts=["startups-7000", extra])
    curator.edit_faq(ALICE, "startups-count", facts=["startups-7000"])
    curator.retire(ALICE, "fact", extra)
    with pytest.raises(ValidationError, match=f"fact '{extra}' is retired"):
        curator.revert(ALICE, "faq", "startups-count", 2)
    assert curator.get("faq", "startups-count").version == 3


def test_faq_phrasings_are_added_and_removed_and_belong_to_one_entry(curator: Curator, kb: KnowledgeBase) -> None:
    asked = "tally of gpus for the french cloud thing"
    assert kb.ask(asked).status != "answered"
    change = curator.edit_faq(ALICE, CHIPS, add_phrasings=[asked])
    assert asked in change.record.value.phrasings  # type: ignore[union-attr]
    answer = kb.ask(asked)
    assert answer.status == "answered" and answer.match is not None and answer.match.id == CHIPS
    with pytest.raises(ValidationError, match="already one of its phrasings"):
        curator.edit_faq(ALICE, CHIPS, add_phrasings=[asked.upper()])
    with pytest.raises(ValidationError, match="already a phrasing of faq 'mistral-compute-chips'"):
        curator.edit_faq(ALICE, "what-is-mistral-compute", add_phrasings=[asked])
    with pytest.raises(ValidationError, match="has no phrasing"):
        curator.edit_faq(ALICE, CHIPS, remove_phrasings=["never said this"])
    removed = curator.edit_faq(ALICE, CHIPS, remove_phrasings=[asked])
    assert asked not in removed.record.value.phrasings  # type: ignore[union-attr]
    assert kb.store.db.execute("select count(*) from faq_phrasings where text = ?", [asked]).fetchone()[0] == 0


def test_an_faq_revert_brings_back_its_phrasings(curator: Curator) -> None:
    before = curator.get("faq", CHIPS).value.phrasings  # type: ignore[union-attr]
    curator.edit_faq(ALICE, CHIPS, add_phrasings=["gpu tally for the french cloud"])
    curator.edit_faq(ALICE, CHIPS, remove_phrasings=[before[0]])
    reverted = curator.revert(ALICE, "faq", CHIPS, 2).record.value.phrasings  # type: ignore[union-attr]
    assert reverted == (*before, "gpu tally for the french cloud")


def test_adding_an_faq_entry_makes_it_answerable(curator: Curator, kb: KnowledgeBase) -> None:
    change = curator.add_faq(
        ALICE, question="How many startups and businesses does NVIDIA work with?",
        answer="NVIDIA works with 9,600 businesses and 7,000 startups in Europe.",
        facts=["businesses-9600", "startups-7000"], phrasings=["nvidia startup and business partners tally"],
    )
    assert change.record.id == "startups-businesses-nvidia-work"  # "how" and "many" are stopwords
    answer = kb.ask("nvidia startup and business partners tally")
    assert answer.match is not None and answer.match.id == change.record.id


# -- aliases and sources ------------------------------------------------------------------------------------------


def test_aliases_are_added_removed_and_retired_never_deleted(curator: Curator, kb: KnowledgeBase) -> None:
    created = curator.add_alias(ALICE, "Grace Hopper", ["GH200", "Grace Hopper Superchip"], kind="product")
    assert created.action == "create" and created.record.value.aliases == ("GH200", "Grace Hopper Superchip")  # type: ignore[union-attr]
    grown = curator.add_alias(ALICE, "Grace Hopper", ["GH-200"])
    assert grown.record.version == 2 and "GH-200" in grown.record.value.aliases  # type: ignore[union-attr]
    with pytest.raises(CurationError, match="already has"):
        curator.add_alias(ALICE, "Grace Hopper", ["gh200"])
    with pytest.raises(CurationError, match="has no name 'Hopper'"):
        curator.remove_alias(ALICE, "Grace Hopper", ["Hopper"])
    shrunk = curator.remove_alias(ALICE, "Grace Hopper", ["GH-200"])
    assert shrunk.record.value.aliases == ("GH200", "Grace Hopper Superchip")  # type: ignore[union-attr]
    gone = curator.remove_alias(ALICE, "Grace Hopper")
    assert gone.action == "retire" and kb.store.db.table("aliases").get("Grace Hopper")["retired"] == 1
    assert "Grace Hopper" not in {a.canonical for a in kb.store.knowledge().aliases}
    with pytest.raises(CurationError, match="not one of"):
        curator.add_alias(ALICE, "Thing", ["Stuff"], kind="planet")
    with pytest.raises(ValidationError, match="mentions"):
        curator.add_alias(ALICE, "Jensen Huang", ["<@42>"])


def test_a_name_added_to_a_company_keeps_its_home(curator: Curator, kb: KnowledgeBase) -> None:
    """The shipped Volvo entry has Sweden as its home; a moderator's new name must not drop it."""
    grown = curator.add_alias(ALICE, "Volvo", ["Volvo Personvagnar"])
    assert grown.record.value.home == "Sweden"  # type: ignore[union-attr]
    assert next(a for a in kb.store.knowledge().aliases if a.canonical == "Volvo").home == "Sweden"


def test_a_new_source_can_be_added_and_quoted(curator: Curator, kb: KnowledgeBase) -> None:
    text = "NVIDIA said on Tuesday that 12 new AI factories will open in Spain.\nThe plan was welcomed.\n"
    source = Source("nvidia-spain-note", "NVIDIA in Spain", "Example Wire", "2025-06", None, "en", text)
    assert curator.add_source(ALICE, source).record.version == 1
    fact = curator.add_fact(ALICE, statement="NVIDIA said 12 new AI factories will open in Spain.",
                            source_id="nvidia-spain-note", quote="12 new AI factories will open in Spain")
    assert fact.record.value.source_id == "nvidia-spain-note"  # type: ignore[union-attr]
    assert any(s.id == "nvidia-spain-note" for s in kb.sources())
    with pytest.raises(ValidationError, match="not a date"):
        curator.add_source(ALICE, Source("bad-date", "T", None, "June 2025", None, "en", "Some text."))
    with pytest.raises(ValidationError, match="text is required"):
        curator.add_source(ALICE, Source("empty-text", "T", None, None, None, "en", "   "))


def test_a_source_text_edit_that_would_break_a_quote_is_refused(curator: Curator, kb: KnowledgeBase) -> None:
    old = curator.get("source", ZHITONG).value.text  # type: ignore[union-attr]
    before = snapshot(kb.store)
    with pytest.raises(ValidationError) as refused:
        curator.edit_source(ALICE, ZHITONG, text=old.replace("18,000", "20,000"))
    assert "break the verbatim quotes" in str(refused.value) and CHIPS in str(refused.value)
    assert snapshot(kb.store) == before
    fixed = curator.edit_source(ALICE, ZHITONG, text=old + "Correction: none.\n", publisher="Zhitong Finance App")
    assert fixed.record.version == 2 and fixed.record.value.publisher == "Zhitong Finance App"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="quote this source"):
        curator.retire(ALICE, "source", ZHITONG)


def test_moderator_edits_survive_a_shipped_data_update(tmp_path: Path, db_path: Path) -> None:
    store = Store.open(db_path)
    Curator(store).edit_fact(ALICE, ESSONNE, statement="Moderator wording about Essonne, France.")
    store.close()
    data_dir = copy_data(tmp_path)
    facts = data_dir / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("data centre in Essonne", "data center in Essonne"),
                     encoding="utf-8")
    reopened = Store.open(db_path, data_dir=data_dir)
    row = reopened.db.table("facts").get(ESSONNE)
    assert row["statement"] == "Moderator wording about Essonne, France." and row["origin"] == "moderator"
    assert all(r["platform"] != "data" for r in audit(reopened, "fact", ESSONNE)[1:])
    reopened.close()


def test_completions_offer_ids_for_autocomplete(curator: Curator) -> None:
    choices = curator.completions("faq", "mistral-compute")
    assert choices and all(i.startswith("mistral-compute") for i, _ in choices[:3])
    assert all(len(label) <= 100 for _, label in curator.completions("fact", ""))
    assert curator.completions("fact", "")[:1] and len(curator.completions("fact", "", limit=5)) == 5
