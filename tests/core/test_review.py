"""Adding an article proposes its facts; accepting one goes through the same rules as any edit."""

import json

import pytest

from bot.core import review
from bot.core.curation import Actor, CurationError, Curator, NotFoundError
from bot.core.models import Fact, Source
from bot.core.proposer import Proposer
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.core.validation import ValidationError
from tests import fictional

ALICE = Actor("alice", "cli")
BOB = Actor("bob", "slack")


def moved(store: Store) -> str:
    """What a refusal must leave as it was."""
    tables = [list(store.db.query(f"select * from [{t}] order by 1")) for t in ("sources", "facts", "faq", "proposals")]
    return json.dumps([tables, store.db.table("audit").count, store.revision()])


@pytest.fixture
def added(kb: KnowledgeBase) -> review.SourceAdded:
    return fictional.add(kb, ALICE)


def test_every_claim_bearing_sentence_is_proposed_with_its_verbatim_quote(added: review.SourceAdded,
                                                                         kb: KnowledgeBase) -> None:
    source = kb.store.entries.get("source", fictional.SOURCE_ID)
    assert source is not None and added.change.record.version == 1
    text = fictional.source().text
    assert [p.quote for p in added.proposals] == [text[p.start:p.end] for p in added.proposals]
    assert all(p.status == "open" and p.version == 1 and p.created_by == "alice" for p in added.proposals)
    quotes = " ".join(p.quote for p in added.proposals)
    assert "20,000" in quotes and "Lisbon" in quotes and "Is any of this real?" not in quotes and "\nNo." not in quotes
    assert kb.store.proposals.all(source_id=fictional.SOURCE_ID) == list(added.proposals)


def test_a_near_repeat_of_a_live_fact_is_proposed_as_its_update_with_both_figures(added: review.SourceAdded,
                                                                                  kb: KnowledgeBase) -> None:
    update = next(p for p in added.proposals if "20,000" in p.quote)
    assert update.update_of == fictional.CHIPS and update.numbers == ("20,000",)
    assert update.faq_id == "mistral-compute-chips" and update.faq_action == "update"
    figures = review.figures(Curator.of(kb), update)
    assert figures is not None and figures["before"] == ["18,000"] and figures["after"] == ["20,000"]
    lisbon = next(p for p in added.proposals if "Lisbon will house" in p.quote)
    assert lisbon.update_of is None, "another factory is another claim, however alike the words"


def test_accepting_an_update_adds_the_fact_and_supersedes_the_old_one(added: review.SourceAdded,
                                                                      kb: KnowledgeBase) -> None:
    number = fictional.proposal_for(added, "20,000")
    accepted = review.accept(Curator.of(kb), BOB, number, statement="Mistral Compute will use 20,000 chips.")
    new = accepted.fact.record
    assert new.version == 1 and isinstance(new.value, Fact) and new.value.source_id == fictional.SOURCE_ID
    assert accepted.superseded is not None and accepted.superseded.record.id == fictional.CHIPS
    old = kb.store.entries.get("fact", fictional.CHIPS)
    assert old is not None and isinstance(old.value, Fact) and old.value.superseded_by == new.id
    assert accepted.proposal.status == "accepted" and accepted.proposal.fact_id == new.id
    assert accepted.proposal.decided_by == "bob" and accepted.proposal.version == 2
    logged = [(v.action, v.actor) for v in kb.store.audit.history("fact", fictional.CHIPS)]
    assert logged[-1] == ("supersede", "bob")
    actions = [r["action"] for r in kb.store.db.query(
        "select action from audit where entity = 'proposal' and entity_id = ? order by id", [str(number)])]
    assert actions == ["propose", "accept"]


def test_an_accepted_or_rejected_proposal_cannot_be_decided_again(added: review.SourceAdded,
                                                                  kb: KnowledgeBase) -> None:
    curator = Curator.of(kb)
    first, second = added.proposals[0].id, added.proposals[1].id
    review.reject(curator, ALICE, first, reason="headline, not a claim")
    before = moved(kb.store)
    with pytest.raises(CurationError, match="already rejected"):
        review.accept(curator, BOB, first)
    review.accept(curator, ALICE, second, supersede=False)
    with pytest.raises(CurationError, match="already accepted"):
        review.reject(curator, BOB, second)
    assert moved(kb.store) != before  # the second acceptance went through
    with pytest.raises(NotFoundError):
        review.accept(curator, ALICE, 99_999)


def test_a_moderator_who_started_from_an_older_version_gets_a_conflict(added: review.SourceAdded,
                                                                       kb: KnowledgeBase) -> None:
    curator = Curator.of(kb)
    number = fictional.proposal_for(added, "Lisbon will house")
    review.edit(curator, ALICE, number, statement="A fictional Lisbon factory will house 4,000 chips.",
                expect_version=1)
    before = moved(kb.store)
    with pytest.raises(review.ProposalConflictError, match="version 2"):
        review.accept(curator, BOB, number, expect_version=1)
    assert moved(kb.store) == before


def test_an_edit_is_checked_like_a_fact_and_a_refusal_changes_nothing(added: review.SourceAdded,
                                                                      kb: KnowledgeBase) -> None:
    curator = Curator.of(kb)
    number = fictional.proposal_for(added, "Lisbon will house")
    before = moved(kb.store)
    with pytest.raises(ValidationError) as refused:
        review.edit(curator, ALICE, number, statement="The Lisbon factory will house 5,000 chips.",
                    quote="words that are not in the article", as_of="last spring")
    said = str(refused.value)
    assert "5000" in said and "verbatim" in said and "not a date" in said
    assert moved(kb.store) == before


def test_a_refused_acceptance_changes_nothing_at_all(added: review.SourceAdded, kb: KnowledgeBase) -> None:
    number = fictional.proposal_for(added, "20,000")
    before = moved(kb.store)
    with pytest.raises(ValidationError, match="which its quote does not"):
        review.accept(Curator.of(kb), ALICE, number, statement="Mistral Compute will use 25,000 chips.")
    assert moved(kb.store) == before


def test_a_source_refused_for_its_metadata_leaves_no_source_and_no_proposal(kb: KnowledgeBase) -> None:
    before = moved(kb.store)
    bad = Source("fictional-bad", "Fictional", "Wire <@123>", "January", "ftp://example.invalid", "en",
                 fictional.source().text)
    with pytest.raises(ValidationError) as refused:
        review.add_source(Curator.of(kb), ALICE, bad, Proposer(kb.store.knowledge()))
    said = str(refused.value)
    assert "not a date" in said and "http(s)" in said and "mentions" in said
    assert moved(kb.store) == before


def test_an_accepted_fact_joins_the_faq_entry_the_matcher_found(kb: KnowledgeBase) -> None:
    text = "Fictional note: Nvidia is working with 9,600 businesses in Europe, the invented report says."
    source = Source("fictional-note", "Fictional note (tests only)", None, None, None, "en", text)
    added = review.add_source(Curator.of(kb), ALICE, source, Proposer(kb.store.knowledge(), kb.matcher.match))
    (proposal,) = added.proposals
    assert proposal.faq_id is not None
    if proposal.faq_action == "join":
        accepted = review.accept(Curator.of(kb), ALICE, proposal.id, supersede=False)
        assert accepted.joined is not None and accepted.fact.record.id in accepted.joined.record.value.facts  # type: ignore[union-attr]
