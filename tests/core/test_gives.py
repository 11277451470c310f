"""What a question asks for against what an entry can give."""

from bot.core.gives import unmet


def test_one_word_for_how_many_and_how_much_is_answered_by_any_figure() -> None:
    """כמה, сколько, combien ask "how many" and "how much" at once: a share ("about half") answers them."""
    both = frozenset({"count", "amount"})
    assert unmet(both, "כמה מהמכירות", frozenset({"percent", "company"}), frozenset()) == frozenset()
    assert unmet(both, "כמה מהמכירות", frozenset({"place"}), frozenset()) == frozenset({"amount"})


def test_how_many_alone_needs_a_count() -> None:
    assert unmet(frozenset({"count"}), "how many chips", frozenset({"percent"}), frozenset()) == frozenset({"count"})
