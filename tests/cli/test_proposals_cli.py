"""A new article from the command line, black-box: ``sources add FILE``, ``proposals``, ``facts supersede``, ``health``.

Every command runs as a real subprocess on a real SQLite file, the first test from a database that does not
exist yet (a fresh clone). The article is the fictional one of ``tests/data/fictional``; the exit statuses are
those of every moderator command: 0 done, 2 refused, 3 conflict, and a refusal changes nothing.
"""

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli.editing import login_name
from tests import fictional
from tests.cli.test_curation_cli import ROOT, ok

CHIPS_QUESTION = "How many chips will Mistral Compute use?"
ARTICLE_OPTIONS = ("--title", fictional.TITLE, "--publisher", fictional.PUBLISHER, "--published", fictional.PUBLISHED,
                   "--id", fictional.SOURCE_ID)


def status(*args: str, db: Path) -> tuple[int, str]:
    """The exit status of a command and what it said on stderr (never a traceback)."""
    proc = subprocess.run([sys.executable, "-m", "bot", "--db", str(db), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stderr


def add_article(db: Path) -> dict[str, Any]:
    """``sources add FILE --json`` as the issue writes it: no ``--by``, so the login running it is the author."""
    added: dict[str, Any] = ok("sources", "add", str(fictional.ARTICLE), *ARTICLE_OPTIONS, "--json", db=db)
    return added


def update_proposal(proposals: list[dict[str, Any]]) -> dict[str, Any]:
    return next(p for p in proposals if "20,000" in p["quote"])


@pytest.mark.slow
def test_from_a_fresh_database_an_article_is_added_reviewed_and_answered_as_of_its_date(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "kb.db"
    db.parent.mkdir()
    added = add_article(db)
    assert added["id"] == fictional.SOURCE_ID and added["published"] == fictional.PUBLISHED
    with sqlite3.connect(db) as conn:
        authors = conn.execute("select actor from audit where entity = 'source' and entity_id = ?",
                               [fictional.SOURCE_ID]).fetchall()
    assert authors == [(login_name(),)], "the audit log names who added it"
    assert added["text"] == fictional.source().text, "the text is stored as extracted"
    assert all(added["text"][p["start"]:p["end"]] == p["quote"] for p in added["proposals"])
    assert status("sources", "add", str(fictional.ARTICLE), *ARTICLE_OPTIONS, "--by", "m", db=db)[0] == 2
    code, said = status("sources", "add", str(fictional.ARTICLE), "--id", "other", "--published", "mid-January",
                        "--by", "m", db=db)
    assert code == 2 and "not a date" in said

    listed = ok("proposals", "list", "--json", db=db)
    assert [p["id"] for p in listed] == [p["id"] for p in added["proposals"]]
    update = update_proposal(listed)
    assert update["update_of"] == fictional.CHIPS and update["faq_id"] == fictional.CHIPS
    assert update["update"]["before"] == ["18,000"] and update["update"]["after"] == ["20,000"]
    number = str(update["id"])

    assert status("proposals", "accept", number, "--expect-version", "7", "--by", "m", db=db)[0] == 3
    assert status("proposals", "accept", "9999", "--by", "m", db=db)[0] == 2
    accepted = ok("proposals", "accept", number, "--by", "m", "--json", db=db)
    assert accepted["superseded"]["id"] == fictional.CHIPS
    assert accepted["superseded"]["superseded_by"] == accepted["fact"]["id"]
    assert fictional.CHIPS in {a["faq_id"] for a in accepted["superseded"]["answers_changed"]}
    assert status("proposals", "accept", number, "--by", "m", db=db)[0] == 2, "a proposal is decided once"
    assert ok("proposals", "show", number, "--json", db=db)["status"] == "accepted"

    answer = ok("ask", CHIPS_QUESTION, "--json", db=db)
    assert answer["status"] == "answered"
    assert f"as of {fictional.PUBLISHED}: " in answer["answer"].lower() and "Earlier reported: " in answer["answer"]
    quotes = [s["quote"] for s in answer["sources"]]
    assert any("20,000" in q for q in quotes) and any("18,000" in q for q in quotes)


@pytest.mark.slow
def test_facts_supersede_lists_the_answers_it_changes_and_ends_the_contradiction_health_flagged(db_path: Path) -> None:
    added = add_article(db_path)
    number = str(update_proposal(added["proposals"])["id"])
    new = ok("proposals", "accept", number, "--no-supersede", "--by", "m", "--json", db=db_path)["fact"]["id"]
    ok("faq", "add", "--id", "mistral-chips-figure", "--question", "What is Mistral Compute's chip count?",
       "--answer", "Mistral Compute will run on {fact:mistral-compute-chips:figure} Grace Blackwell chips.",
       "--fact", fictional.CHIPS, "--by", "m", db=db_path)
    code, said = status("faq", "add", "--id", "bad-placeholder", "--question", "What about the chips?",
                        "--answer", "{fact:no-such-fact}", "--fact", fictional.CHIPS, "--by", "m", db=db_path)
    assert code == 2 and "no-such-fact" in said

    flagged = ok("health", "--json", db=db_path)
    assert flagged["ok"] is True
    assert flagged["contradictions"] == [{"facts": [fictional.CHIPS, new], "counts": "chips",
                                          "figures": [["18,000"], ["20,000"]]}]
    assert "warn contradiction: " in ok("health", db=db_path)

    assert status("facts", "supersede", fictional.CHIPS, new, "--expect-version", "9", "--by", "m", db=db_path)[0] == 3
    assert status("facts", "supersede", new, new, "--by", "m", db=db_path)[0] == 2
    assert status("facts", "supersede", "no-such-fact", new, "--by", "m", db=db_path)[0] == 2
    text = ok("facts", "supersede", fictional.CHIPS, new, "--by", "m", db=db_path)
    assert "answers changed" in text
    assert "faq mistral-chips-figure: now reads 'Mistral Compute will run on 20,000 Grace Blackwell chips.'" in text
    assert status("facts", "supersede", fictional.CHIPS, new, "--by", "m", db=db_path)[0] == 2, "already superseded"

    assert ok("health", "--json", db=db_path)["contradictions"] == []
    history = ok("facts", "show", fictional.CHIPS, "--json", db=db_path)
    assert history["superseded_by"] == new
