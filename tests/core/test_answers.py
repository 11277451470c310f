from bot.core.models import Answer, Voter
from bot.core.service import KnowledgeBase, clean_question
from bot.core.text import fold_quote
from tests.votes import vote_on


def _quotes_verbatim(kb: KnowledgeBase, answer: Answer) -> bool:
    texts = {s.id: fold_quote(s.text) for s in kb.sources()}
    return all(fold_quote(c.quote) in texts[c.source_id] for c in answer.citations)


def test_every_answer_carries_verbatim_quotes_and_source_metadata(shared_kb: KnowledgeBase) -> None:
    answer = shared_kb.ask("How many chips will Mistral Compute use?")
    assert answer.status == "answered" and answer.citations
    assert _quotes_verbatim(shared_kb, answer)
    cite = answer.citations[0]
    assert cite.title and cite.source_id
    assert cite.url is None and cite.published is None


def test_answers_name_people_correctly_while_quotes_stay_verbatim(shared_kb: KnowledgeBase) -> None:
    answer = shared_kb.ask("Who announced the European plans?")
    assert "Jensen Huang" in (answer.text or "")
    assert any("Hwang In-hoon" in c.quote for c in answer.citations)


def test_the_json_contract(shared_kb: KnowledgeBase) -> None:
    data = shared_kb.ask("What is Mistral Compute?").to_json()
    # Today's fields, plus two that old readers can ignore: notes shown above an answer, and the answers to
    # the other questions of a message.
    assert set(data) == {"question", "status", "answer", "confidence", "sources", "match", "suggestions",
                         "notes", "parts"}
    assert data["parts"] == [] and data["notes"] == []
    assert data["match"]["kind"] in ("faq", "fact")
    assert set(data["sources"][0]) == {"source_id", "title", "publisher", "published", "url", "quote"}


def test_the_overview_has_sourced_headlines(shared_kb: KnowledgeBase) -> None:
    overview = shared_kb.overview()
    assert len(overview.items) >= 5
    assert any("18,000" in item.headline for item in overview.items)
    assert all(item.citation.quote for item in overview.items)


def test_topics_list_what_the_bot_knows(shared_kb: KnowledgeBase) -> None:
    topics = shared_kb.topics()
    assert len(topics) >= 8
    assert all(t.entries > 0 for t in topics)


def test_a_topic_answer_gathers_its_facts(shared_kb: KnowledgeBase) -> None:
    topic = shared_kb.topics()[0].topic
    answer = shared_kb.topic_answer(topic.id)
    assert answer is not None and answer.citations


def test_long_questions_are_cut_with_a_note() -> None:
    text, notes = clean_question("why " * 1000)
    assert len(text) <= 501 and notes


def test_unanswered_questions_are_queued_without_user_identity(kb: KnowledgeBase) -> None:
    kb.ask("What is the price of a GeForce card in Japan?", platform="discord")
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    rows = list(kb.store.db.query("select * from unanswered"))
    assert rows and rows[-1]["platform"] == "discord"
    assert "user" not in " ".join(rows[-1].keys())


def test_feedback_is_one_vote_per_user_per_answer(kb: KnowledgeBase) -> None:
    answer = kb.ask("What is Mistral Compute?")
    assert kb.record_feedback(*vote_on(answer), Voter("slack", "U1"), helpful=True) is True
    assert kb.record_feedback(*vote_on(answer), Voter("slack", "U1"), helpful=False) is False
    assert kb.record_feedback(*vote_on(answer), Voter("slack", "U2"), helpful=True) is True
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    rows = list(kb.store.db.query("select voter, helpful from feedback"))
    assert len(rows) == 2
    assert all("U1" not in r["voter"] and "U2" not in r["voter"] for r in rows)


def test_the_json_of_a_message_of_two_questions_holds_the_whole_reply(shared_kb: KnowledgeBase) -> None:
    """A reader of only today's fields gets both answers and all their quotes; ``parts`` has the second apart."""
    from bot.chat.commands import ask

    data = ask(shared_kb, "where is mistral compute being built? and how many chips will it use?",
               platform="cli").to_json()
    assert "Essonne" in data["answer"] and "18,000" in data["answer"]
    quotes = " ".join(s["quote"] for s in data["sources"])
    assert "Essonne" in quotes and "18,000" in quotes
    assert len(data["parts"]) == 1 and "18,000" in data["parts"][0]["answer"]
    assert "Essonne" not in data["parts"][0]["answer"]
