import io

from bot.chat.commands import HelpReply, run_command
from bot.chat.plain import render
from bot.core.models import Answer, Overview
from bot.core.service import KnowledgeBase
from bot.terminal.chat import chat


def test_the_nvidia_commands_map_to_the_core(shared_kb: KnowledgeBase) -> None:
    assert isinstance(run_command(shared_kb, "/nvidia europe", platform="t"), Overview)
    assert isinstance(run_command(shared_kb, "/nvidia help", platform="t"), HelpReply)
    assert isinstance(run_command(shared_kb, "/nvidia", platform="t"), HelpReply)
    asked = run_command(shared_kb, "/nvidia ask How many chips will Mistral Compute use?", platform="t")
    plain = run_command(shared_kb, "How many chips will Mistral Compute use?", platform="t")
    assert isinstance(asked, Answer) and isinstance(plain, Answer)
    assert asked.match == plain.match and asked.status == "answered"


def test_fact_needs_a_topic_and_finds_one_by_prefix(shared_kb: KnowledgeBase) -> None:
    assert "Name a topic" in render(run_command(shared_kb, "/nvidia fact", platform="t"))
    topic = shared_kb.topics()[0].topic
    reply = run_command(shared_kb, f"/nvidia fact {topic.id}", platform="t")
    assert isinstance(reply, Answer) and reply.citations


def test_a_terminal_session_answers_each_line_with_sources(kb: KnowledgeBase) -> None:
    stdin = io.StringIO("/nvidia topics\nHow many chips will Mistral Compute use?\n\nrecipe for pancakes\n/quit\n")
    stdout = io.StringIO()
    assert chat(kb, stdin, stdout) == 0
    out = stdout.getvalue()
    assert "What I know about" in out
    assert "18,000" in out and "Source:" in out and "date unknown" in out
    assert "I don't know" in out


def test_whoever_runs_the_terminal_can_moderate_and_it_is_logged(kb: KnowledgeBase) -> None:
    entry = kb.answers.data.faq[0]
    stdin = io.StringIO(f"/nvidia admin faq retire {entry.id} wrong figure\n/nvidia admin history faq {entry.id}\n"
                        "/nvidia admin revert fact x 1e309\n")
    stdout = io.StringIO()
    assert chat(kb, stdin, stdout) == 0
    out = stdout.getvalue()
    assert f"Retired faq `{entry.id}`" in out and "retired" in out
    assert "(terminal)" in out and "reason: wrong figure" in out
    assert "is not a number" in out
    assert kb.answers.faq.get(entry.id) is None
