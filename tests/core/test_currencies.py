"""The currency a question asks a sum in, in any language, and the currencies a text states."""

import pytest

from bot.core.currencies import asked_currency, stated_currencies


@pytest.mark.parametrize(("question", "currency"), [
    ("whats the €500-700bn gap in dollars", "usd"),
    ("how much is the US spending on AI, in actual dollars?", "usd"),
    ("qual é o déficit em relação à china, em euros?", "eur"),
    ("разрыв в долларах?", "usd"),
    ("用美元计算差距是多少", "usd"),
    ("ドルでいくら？", "usd"),
    ("how big is the gap? in euros pls", "eur"),
    ("что делает nvidia в европе?", None),
    ("what will NVIDIA build in Europe?", None),
    ("how many dollars is the gap?", "usd"),
    ("team green is working with how many euro devs?", None),
])
def test_the_currency_a_sum_is_asked_in_is_read_in_any_language(question: str, currency: str | None) -> None:
    assert asked_currency(question) == currency


def test_a_text_states_the_currencies_of_its_sums() -> None:
    assert stated_currencies("a gap of €500-700 billion") == {"eur"}
    assert stated_currencies("$4 billion and £1 billion") == {"usd", "gbp"}
    assert not stated_currencies("18,000 chips")
