"""The moderators' command line, run as real subprocesses against a real SQLite file."""

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import build_parser
from bot.core.curation import Curator
from bot.core.service import KnowledgeBase
from bot.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
CHIPS = "mistral-compute-chips"
ESSONNE = "mistral-compute-essonne"
ZHITONG = "zhitong-nvidia-europe"


def command(*args: str, db: Path) -> list[str]:
    return [sys.executable, "-m", "bot", *args, "--db", str(db)]


def run(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args, db=db), input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120)


def ok(*args: str, db: Path, stdin: str | None = None) -> Any:
    proc = run(*args, db=db, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout) if "--json" in args else proc.stdout


def refused(*args: str, db: Path) -> str:
    proc = run(*args, db=db)
    assert proc.returncode != 0, proc.stdout
    assert proc.stderr and "Traceback" not in proc.stderr
    return proc.stderr


def state(db: Path) -> str:
    """The entries and the moderators' audit rows (shipped data may be re-synced by any process meanwhile)."""
    store = Store.open(db, load=False)
    try:
        tables = [list(store.db.query(f"select * from [{t}] where origin != 'data' order by 1"))
                  for t in ("facts", "faq", "aliases", "sources")]
        tables.append(list(store.db.query("select * from audit where platform != 'data' order by id")))
        tables.append(list(store.db.query(
            "select faq_id, text from faq_phrasings where faq_id in (select id from faq where origin != 'data') "
            "order by faq_id, text"
        )))
        return json.dumps(tables)
    finally:
        store.close()


@pytest.mark.slow
def test_the_ids_are_the_ones_ask_reports(db_path: Path) -> None:
    asked = ok("ask", "How many chips will Mistral Compute use?", "--json", db=db_path)
    match = asked["match"]
    family = "faq" if match["kind"] == "faq" else "facts"
    shown = ok(family, "show", match["id"], "--json", db=db_path)
    assert shown["id"] == match["id"] and shown["version"] == 1 and shown["retired"] is False
    listed = ok("facts", "list", "--json", db=db_path)
    assert len(listed) >= 40 and {"id", "statement", "source", "quote", "version"} <= set(listed[0])


@pytest.mark.slow
def test_a_fact_through_add_edit_history_revert_retire_and_restore(db_path: Path) -> None:
    added = ok("facts", "add", "--statement", "NVIDIA works with 7,000 startups in Europe.", "--source", ZHITONG,
               "--quote", "7,000 startups", "--topic", "developers-ecosystem", "--by", "alice", "--json", db=db_path)
    fact_id = added["id"]
    assert added["version"] == 1 and added["topics"] == ["developers-ecosystem"]
    edited = ok("facts", "edit", fact_id, "--statement", "In Europe, NVIDIA works with 7,000 startups.",
                "--expect-version", "1", "--by", "bob", "--reason", "clearer", "--json", db=db_path)
    assert edited["version"] == 2 and edited["statement"].startswith("In Europe")
    history = ok("facts", "history", fact_id, "--json", db=db_path)
    assert [(v["version"], v["action"], v["actor"], v["platform"]) for v in history] == [
        (1, "create", "alice", "cli"), (2, "update", "bob", "cli")
    ]
    assert history[1]["reason"] == "clearer" and history[0]["entry"]["statement"] == added["statement"]
    reverted = ok("facts", "revert", fact_id, "1", "--by", "alice", "--json", db=db_path)
    assert reverted["version"] == 3 and reverted["statement"] == added["statement"]
    assert ok("facts", "retire", fact_id, "--by", "alice", "--reason", "test", "--json", db=db_path)["retired"]
    assert fact_id not in {f["id"] for f in ok("facts", "list", "--json", db=db_path)}
    restored = ok("facts", "restore", fact_id, "--by", "alice", "--json", db=db_path)
    assert restored["retired"] is False and restored["version"] == 5
    human = ok("facts", "history", fact_id, db=db_path)
    assert "v5" in human and "restore" in human and "by alice (cli)" in human


@pytest.mark.slow
def test_refusals_exit_non_zero_with_the_reason_and_change_nothing(db_path: Path) -> None:
    before = state(db_path)
    message = refused("facts", "edit", CHIPS, "--statement",
                      "Mistral Compute will use 1,800 of NVIDIA's new Grace Blackwell chips.", "--by", "bob",
                      db=db_path)
    assert "1,800" in message and "18,000" in message and "nothing changed" in message
    assert "does not occur verbatim" in refused(
        "facts", "add", "--statement", "Mistral Compute is huge.", "--source", ZHITONG, "--quote",
        "Mistral Compute is the biggest cloud", "--by", "bob", db=db_path)
    assert "mentions" in refused("faq", "edit", CHIPS, "--answer", "Ask <@1234>.", "--by", "bob", db=db_path)
    assert "--by" in refused("facts", "retire", ESSONNE, db=db_path)
    assert "no fact 'nope'" in refused("facts", "show", "nope", db=db_path)
    assert state(db_path) == before


@pytest.mark.slow
def test_the_second_of_two_edits_from_the_same_version_gets_a_conflict(db_path: Path) -> None:
    first = "Mistral Compute will be built at Mistral AI's data centre in Essonne."
    ok("facts", "edit", ESSONNE, "--statement", first, "--expect-version", "1", "--by", "alice", db=db_path)
    message = refused("facts", "edit", ESSONNE, "--statement", "Bob's version.", "--expect-version", "1",
                      "--by", "bob", db=db_path)
    assert "conflict" in message and "version 2" in message and first in message
    assert ok("facts", "show", ESSONNE, "--json", db=db_path)["statement"] == first


@pytest.mark.slow
def test_faq_answers_and_phrasings_are_edited_and_answered_at_once(db_path: Path) -> None:
    phrasing = "tally of gpus for the french cloud thing"
    answer = "Mistral Compute will run on 18,000 of NVIDIA's Grace Blackwell chips."
    edited = ok("faq", "edit", CHIPS, "--answer", answer, "--add-question", phrasing, "--by", "alice", "--json",
                db=db_path)
    assert edited["answer"] == answer and phrasing in edited["phrasings"]
    asked = ok("ask", phrasing, "--json", db=db_path)
    assert asked["status"] == "answered" and asked["match"]["id"] == CHIPS and asked["answer"] == answer
    removed = ok("faq", "edit", CHIPS, "--remove-question", phrasing, "--by", "alice", "--json", db=db_path)
    assert phrasing not in removed["phrasings"] and removed["version"] == 3


@pytest.mark.slow
def test_aliases_list_add_and_remove(db_path: Path) -> None:
    added = ok("aliases", "add", "Grace Hopper", "GH200", "Grace Hopper Superchip", "--kind", "product",
               "--by", "alice", "--json", db=db_path)
    assert added["canonical"] == "Grace Hopper" and added["aliases"] == ["GH200", "Grace Hopper Superchip"]
    assert "Grace Hopper" in {a["canonical"] for a in ok("aliases", "list", "--json", db=db_path)}
    shrunk = ok("aliases", "remove", "Grace Hopper", "GH200", "--by", "alice", "--json", db=db_path)
    assert shrunk["aliases"] == ["Grace Hopper Superchip"]
    retired = ok("aliases", "remove", "Grace Hopper", "--by", "alice", "--json", db=db_path)
    assert retired["retired"] is True


@pytest.mark.slow
def test_a_new_source_is_added_from_a_file_and_can_be_quoted(db_path: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "spain.txt"
    text_file.write_text("NVIDIA said 12 new AI factories will open in Spain.\n", encoding="utf-8")
    added = ok("sources", "add", "--id", "nvidia-spain-note", "--title", "NVIDIA in Spain", "--publisher",
               "Example Wire", "--published", "2025-06", "--language", "en", "--text-file", str(text_file),
               "--by", "alice", "--json", db=db_path)
    assert added["id"] == "nvidia-spain-note" and added["url"] is None and added["text"].startswith("NVIDIA said")
    assert "nvidia-spain-note" in {s["id"] for s in ok("sources", "list", "--json", db=db_path)}
    assert "nvidia-spain-note" in {s["id"] for s in ok("sources", "--json", db=db_path)}
    ok("facts", "add", "--statement", "NVIDIA said 12 new AI factories will open in Spain.", "--source",
       "nvidia-spain-note", "--quote", "12 new AI factories will open in Spain", "--by", "alice", db=db_path)
    assert "not a date" in refused("sources", "add", "--id", "bad-date", "--published", "June", "--text-file",
                                   str(text_file), "--by", "alice", db=db_path)


@pytest.mark.slow
def test_the_unanswered_queue_from_list_to_attach_promote_dismiss_and_purge(db_path: Path) -> None:
    questions = ["tally of gpus for the french cloud thing", "recipe for chocolate pancakes",
                 "chocolate pancakes recipe", "who is the pope", "How many businesses and startups are with NVIDIA?"]
    asked = run("ask", "-", "--json", db=db_path, stdin="\n".join(questions) + "\n")
    assert asked.returncode == 0, asked.stderr
    groups = ok("unanswered", "list", "--json", db=db_path)
    by_question = {w: g for g in groups for w in g["wordings"]}
    assert by_question["recipe for chocolate pancakes"]["count"] == 2 and groups[0]["count"] == 2
    gpu = by_question["tally of gpus for the french cloud thing"]["id"]
    attached = ok("unanswered", "attach", str(gpu), CHIPS, "--by", "alice", "--json", db=db_path)
    assert attached["state"] == "attached" and attached["entry"]["version"] == 2
    assert ok("ask", questions[0], "--json", db=db_path)["match"]["id"] == CHIPS
    if "How many businesses and startups are with NVIDIA?" in by_question:
        qid = by_question["How many businesses and startups are with NVIDIA?"]["id"]
        promoted = ok("unanswered", "promote", str(qid), "--answer",
                      "NVIDIA works with 9,600 businesses and 7,000 startups in Europe.", "--fact", "businesses-9600",
                      "--fact", "startups-7000", "--faq-id", "businesses-and-startups", "--by", "alice", "--json",
                      db=db_path)
        assert promoted["entry"]["id"] == "businesses-and-startups"
    pancakes = by_question["recipe for chocolate pancakes"]["id"]
    assert ok("unanswered", "dismiss", str(pancakes), "--by", "alice", "--json", db=db_path)["questions"] == 2
    left = {w for g in ok("unanswered", "list", "--json", db=db_path) for w in g["wordings"]}
    assert "recipe for chocolate pancakes" not in left and "who is the pope" in left
    assert "already dismissed" in refused("unanswered", "dismiss", str(pancakes), "--by", "alice", db=db_path)
    assert ok("unanswered", "purge", "--days", "30", "--by", "alice", "--json", db=db_path) == {"purged": 0,
                                                                                                 "days": 30}


@pytest.mark.slow
def test_export_then_import_changes_nothing_and_a_bad_import_is_refused(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    ok("export", str(out), db=db_path)
    assert (out / "facts.yaml").exists() and (out / "sources" / f"{ZHITONG}.yaml").exists()
    before = state(db_path)
    result = ok("import", str(out), "--by", "alice", "--json", db=db_path)
    assert result["changes"] == [] and state(db_path) == before
    facts = yaml.safe_load((out / "facts.yaml").read_text(encoding="utf-8"))
    for fact in facts:
        fact["statement"] = fact["statement"].replace("18,000", "1,800")
    (out / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    message = refused("import", str(out), "--by", "alice", db=db_path)
    assert "nothing changed" in message and CHIPS in message
    assert state(db_path) == before


@pytest.mark.slow
def test_a_running_bot_sees_a_cli_edit_without_a_restart(db_path: Path) -> None:
    kb = KnowledgeBase.open(db_path)
    question = "Where will Mistral Compute be developed?"
    old = kb.ask(question)
    assert old.status == "answered" and old.match is not None
    longer = "The service will be developed at Mistral's data center in Essonne, France, and the company plans"
    editor = subprocess.Popen(command("facts", "edit", ESSONNE, "--quote", longer, "--by", "alice", db=db_path),
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answered = 0
    while editor.poll() is None:  # this process keeps answering while the other one edits
        assert kb.ask(question).status == "answered"
        answered += 1
    _, stderr = editor.communicate()
    assert editor.returncode == 0, stderr
    new = kb.ask(question)
    assert any(c.quote == longer for c in new.citations), "the edit must show without reopening the database"
    assert answered > 0
    assert Curator(kb.store).get("fact", ESSONNE).version == 2
    kb.close()


CURATION = ("facts", "faq", "aliases", "sources", "proposals", "unanswered", "export", "import")


def test_every_curation_command_has_help_text() -> None:
    def walk(p: argparse.ArgumentParser, path: str, only: tuple[str, ...] | None = None) -> list[str]:
        missing = []
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {c.dest: c.help for c in action._choices_actions}
                for name, child in action.choices.items():
                    if only is not None and name not in only:
                        continue
                    if not helps.get(name):
                        missing.append(f"{path} {name}")
                    missing += walk(child, f"{path} {name}")
        return missing

    assert walk(build_parser(), "python -m bot", CURATION) == []
    verbs = {"facts": 9, "faq": 8, "aliases": 3, "sources": 3, "unanswered": 5, "proposals": 5}
    parser = build_parser()
    family_parsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for family, count in verbs.items():
        sub = next(a for a in family_parsers[family]._actions if isinstance(a, argparse._SubParsersAction))
        assert len(sub.choices) == count, family


@pytest.mark.parametrize(("option", "value"), [("--by", "eve\nv9  2026-01-01  create   by admin"),
                                               ("--by", "eve\x1b[2J"), ("--reason", "fine\x1b]0;pwned\x07"),
                                               ("--reason", "one\ntwo")])
def test_a_name_or_reason_with_line_breaks_or_escapes_is_refused_before_anything_changes(
        db_path: Path, option: str, value: str) -> None:
    before = state(db_path)
    args = ["--by", "bob", "--reason", "why"]
    args[args.index(option) + 1] = value
    message = refused("facts", "edit", ESSONNE, "--topic", "announcements", *args, db=db_path)
    assert message.startswith(f"error: {option} may not contain line breaks") and message.count("\n") <= 1
    assert state(db_path) == before
