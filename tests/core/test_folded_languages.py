"""The language table is folded once and kept in the database; a start reads it back, never a stale copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import folded_languages, languages
from bot.core.languages import Languages
from bot.core.service import KnowledgeBase
from tests.core.kept_settings import kept_after_a_start


def test_the_kept_table_reads_back_equal_to_the_one_folded_from_the_yaml() -> None:
    table = Languages.load()
    kept = folded_languages.restore(folded_languages.dump(table, "mark"), "mark")
    assert kept is not None and kept.by_code == table.by_code
    assert kept.detect("Quantos chips a Mistral vai receber?") == table.detect("Quantos chips a Mistral vai receber?")


def test_a_copy_kept_under_another_fingerprint_is_not_used() -> None:
    text = folded_languages.dump(Languages.load(), "old")
    assert folded_languages.restore(text, "new") is None


@pytest.mark.parametrize("damaged", ["mark\n", "mark\n{not json", "mark\n[{\"code\": \"en\"}]", "mark\n[1, 2]"])
def test_a_damaged_copy_is_folded_again_rather_than_used(damaged: str) -> None:
    assert folded_languages.restore(damaged, "mark") is None


def test_the_fingerprint_follows_the_yaml(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("en: {name: English}\n", encoding="utf-8")
    two.write_text("en: {name: Anglais}\n", encoding="utf-8")
    assert folded_languages.fingerprint(one) != folded_languages.fingerprint(two)


def test_a_start_keeps_the_folded_table_and_the_next_start_reads_it(db_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(languages, "_primed", None)
    stored = kept_after_a_start(db_path, folded_languages.META_KEY)
    assert stored is not None and stored.startswith(folded_languages.fingerprint() + "\n")
    monkeypatch.setattr(languages, "_read_shipped", _never_folded)
    kb = KnowledgeBase.open(db_path, semantic="off")
    assert kb.ask("Quantos chips a Mistral vai receber?").match is not None
    kb.close()


def _never_folded() -> Languages:
    raise AssertionError("the table was folded from the YAML although the database kept it")
