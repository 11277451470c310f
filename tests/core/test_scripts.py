"""A script that names a language on sight is told from Latin, however the letters are mixed."""

from __future__ import annotations

import pytest

from bot.core.scripts import letters_in, mostly_latin, script_of


@pytest.mark.parametrize(("text", "script"), [
    ("英伟达给日本多少芯片？", "zh"),
    ("エヌビディアの工場はどこ？", "ja"),
    ("엔비디아 공장은 어디?", "ko"),
    ("Сколько чипов получит Mistral?", "cyrillic"),
    ("كم عدد الرقائق؟", "ar"),
    ("Where is Mistral Compute?", None),
    ("Où se trouve Mistral Compute ?", None),
])
def test_the_script_of_a_question(text: str, script: str | None) -> None:
    assert script_of(text) == script


def test_kana_among_kanji_is_japanese() -> None:
    assert script_of("日本語の質問です") == "ja"


def test_a_few_foreign_letters_in_a_latin_question_name_no_script() -> None:
    assert script_of("How many Blackwell chips, 芯 included, go to Mistral and to the UK startups?") is None


def test_tamil_is_not_mostly_latin_though_no_script_names_it() -> None:
    assert script_of("எத்தனை சிப்கள்") is None
    assert not mostly_latin("எத்தனை சிப்கள்")
    assert mostly_latin("how many chips")


def test_letters_are_counted_in_any_script_and_nothing_else_is() -> None:
    assert letters_in("AI 工厂!") == 4
