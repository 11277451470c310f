"""The CLDR place names are read once and kept in the database under a fingerprint; a stale copy is never used."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import places
from tests.core.kept_settings import kept_after_a_start


def test_a_kept_table_is_used_only_under_its_own_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_primed", None)
    monkeypatch.setattr(places, "_primed_own", None)
    text = places.dump("mark")
    assert not places.prime(text, "another mark")
    assert places.prime(text, "mark")
    assert places.cldr_places()["japan"][0].code == "JP"
    assert places.own_language_places()["pt"]["brasil"][0].code == "BR"


def test_names_english_has_as_words_are_kept_for_their_own_language_only() -> None:
    """Portuguese "Brasil" names Brazil in a Portuguese question; English's own country-words ("Jordan", "Chad")
    name nothing, and a name that loses its marks when folded (Vietnamese "Bỉ", Belgium) says nothing either."""
    own = places.own_language_places()
    assert "brasil" in own["pt"] and "brasil" not in places.cldr_places()
    assert "en" not in own
    assert not any("bi" in table for table in own.values())


@pytest.mark.parametrize("damaged", ["mark\n", "mark\n{not json", "mark\n[1, 2]", 'mark\n{"everywhere": {}}'])
def test_a_damaged_copy_is_read_from_cldr_again(damaged: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_primed", None)
    assert not places.prime(damaged, "mark")


def test_a_start_keeps_the_names_under_the_code_s_fingerprint(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_primed", None)
    stored = kept_after_a_start(db_path, places.META_KEY)
    assert stored is not None and stored.startswith(places.fingerprint() + "\n")


def test_a_people_is_named_by_the_word_for_its_language() -> None:
    """CLDR lists no words for a people, but a language's name is that people's word most often: "Greek",
    Hungarian "magyar" (an everyday word of Hungarian for that very reason), Greek "ελληνικά", German "polnisch"."""
    table = places.cldr_places()
    assert {p.code for p in table["greek"]} == {"GR"}
    assert {p.code for p in table["magyar"]} == {"HU"}
    assert {p.code for p in table["ελληνικα"]} == {"GR"}
    assert {p.code for p in table["polnisch"]} == {"PL"}
    assert "english" not in table  # the English-speaking peoples are several
    assert "hindi" not in table  # Tagalog's "not", in "bakit daw hindi ito umasenso"


def test_the_word_for_a_language_written_with_a_word_for_language_names_no_people() -> None:
    """Japanese "ギリシャ語" is the Greek language, not a Greek company's adjective."""
    assert "ギリシャ語" not in places.cldr_places()
