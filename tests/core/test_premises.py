"""Which values in a yes/no question are wrong premises to correct (the matcher's use is pinned in test_tuning)."""

from bot.core.premises import same_kind_number


def test_a_figure_contradicts_only_a_figure_of_its_kind() -> None:
    """"Will it use 50,000 chips?" against 5,000 is a wrong count; "10x" against a count is another kind."""
    assert same_kind_number("50000", frozenset({"5000"}))
    assert not same_kind_number("10x", frozenset({"5000"}))
    assert same_kind_number("2x", frozenset({"3x", "5000"}))


def test_a_year_contradicts_only_a_year() -> None:
    """"Will the gap close by 2030?" is not contradicted by a gap of 500 billion: the sources give no year."""
    assert not same_kind_number("2030", frozenset({"500000000000"}))
    assert same_kind_number("2030", frozenset({"2026", "5000"}))
