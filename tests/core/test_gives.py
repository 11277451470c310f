"""What a question asks for against what an entry can give."""

import pytest

from bot.core.gives import kinds_given, unmet
from bot.core.languages import shipped


def test_one_word_for_how_many_and_how_much_is_answered_by_any_figure() -> None:
    """כמה, сколько, combien ask "how many" and "how much" at once: a share ("about half") answers them."""
    both = frozenset({"count", "amount"})
    assert unmet(both, "כמה מהמכירות", frozenset({"percent", "company"}), frozenset()) == frozenset()
    assert unmet(both, "כמה מהמכירות", frozenset({"place"}), frozenset()) == frozenset({"amount"})


def test_how_many_alone_needs_a_count() -> None:
    assert unmet(frozenset({"count"}), "how many chips", frozenset({"percent"}), frozenset()) == frozenset({"count"})


def test_how_many_things_someone_puts_into_a_project_is_a_count_not_a_sum() -> None:
    """"Putting into" asks money after "how much", but "how many chips is NVIDIA putting into it?" counts chips."""
    table = shipped()
    chips = frozenset({"count"})
    for question, missing in (("How many chips is NVIDIA putting into it?", frozenset()),
                              ("How much is the EU putting into the gigafactories?", frozenset({"money"})),
                              ("how much is NVIDIA pouring into Europe?", frozenset({"money"})),
                              ("How many dollars is NVIDIA pumping into it?", frozenset({"money"})),
                              ("Quantos dólares a Microsoft gasta?", frozenset({"money"}))):
        assert unmet(table.asked(question).kinds, question, chips, frozenset()) == missing, question


def test_putting_into_is_asked_in_english_words_only() -> None:
    """The English verbs are their own kind: "quantos dólares" asks a count and money, and money it is."""
    assert "putting" in shipped().asked("how much is NVIDIA pouring into Europe?").kinds


def test_a_figure_for_a_reporting_period_is_given_only_by_an_entry_naming_one() -> None:
    """The sources report no quarter: "about half of its sales" is not last quarter's revenue, in any language."""
    table = shipped()
    share = frozenset({"percent", "company"})
    for question in ("What was NVIDIA's revenue last quarter?", "Quanto a Nvidia faturou no último trimestre?",
                     "what was the revenue in Q3?", "Wie hoch war der Umsatz im letzten Quartal?",
                     "What were NVIDIA's sales in Q3 2024?", "FY25 revenue?"):
        asked = table.asked(question).kinds
        assert "period" in unmet(asked, question, share, frozenset({"money"})), question
    reported = kinds_given(["Revenue rose in the third quarter."], {}, frozenset())
    last = "What was the revenue last quarter?"
    assert "period" not in unmet(table.asked(last).kinds, last, reported, frozenset())
    assert "period" not in unmet(frozenset({"money"}), "What share of sales?", share, frozenset())
    for numbered in ("q1: what's the German AI factory for?", "q2 20 factories planned?"):
        assert "period" not in unmet(table.asked(numbered).kinds, numbered, share, frozenset()), numbered


def test_a_figure_for_one_party_alone_or_broken_down_is_not_given() -> None:
    """The sources give "Microsoft and Meta … about half of NVIDIA's sales", never Meta's share alone, and the
    UK's "thousands" of chips, never how they split between Nebius and Nscale."""
    figures = frozenset({"count", "percent", "money", "company"})
    assert unmet(frozenset({"percent"}), "What percentage of sales comes from Meta alone?", figures,
                 frozenset()) == frozenset({"part"})
    assert unmet(frozenset({"money", "amount"}), "How much money is NVIDIA itself investing?", figures,
                 frozenset()) == frozenset({"part"})
    assert unmet(frozenset(), "What's the exact split of chips between Nebius and Nscale?", figures,
                 frozenset()) == frozenset({"part"})


def test_stressing_a_thing_singles_no_one_out() -> None:
    assert unmet(frozenset({"amount"}), "How much does it add besides the hardware itself?",
                 frozenset({"amount"}), frozenset()) == frozenset()
    assert unmet(frozenset({"count"}), "How many chips will they use?", frozenset({"count"}),
                 frozenset()) == frozenset()


def test_a_sum_in_a_currency_needs_money_stated_whatever_the_phrasings_ask() -> None:
    """"How much of NVIDIA's revenue…" makes an entry ask money; "about half" is still no sum in dollars."""
    share = frozenset({"percent", "company", "amount"})
    in_dollars = "how much are Microsoft and Meta spending on NVIDIA hardware in dollars?"
    assert unmet(frozenset({"money", "amount"}), in_dollars, share, frozenset({"money"})) == frozenset({"money"})
    assert unmet(frozenset({"money", "amount"}), in_dollars, share | {"money", "usd"}, frozenset()) == frozenset()
    assert unmet(frozenset({"amount"}), "how much of the sales?", share, frozenset({"money"})) == frozenset()


def test_a_figure_per_year_needs_a_rate_stated() -> None:
    """"How much does the US spend per year?" is not answered by a gap stated once, only by a figure per year."""
    gap = kinds_given(["Europe trails the US by 500 billion euros."], {}, frozenset())
    yearly = kinds_given(["The US spends 100 billion euros a year."], {}, frozenset())
    question = "How much does the US spend per year on AI?"
    assert unmet(frozenset({"money", "amount"}), question, gap, frozenset()) == frozenset({"rate"})
    assert unmet(frozenset({"money", "amount"}), question, yearly, frozenset()) == frozenset()
    assert unmet(frozenset({"time"}), "what happens each year?", gap, frozenset()) == frozenset({"time"})
    assert unmet(frozenset({"money"}), "Wie viel gibt die EU pro Jahr aus?", gap, frozenset()) == frozenset({"rate"})
    assert "rate" not in unmet(frozenset({"amount"}), "how much was it a year ago?", gap, frozenset()), "no rate"


def test_a_link_is_given_only_by_an_entry_that_holds_one() -> None:
    """The sources give no URL: "got a link to the report?" is not answered by the entry about the report."""
    report = kinds_given(["The news report comes from an app."], {}, frozenset())
    linked = kinds_given(["Read it at https://example.invalid/report."], {}, frozenset())
    assert unmet(frozenset(), "got a link to the report?", report, frozenset()) == frozenset({"link"})
    assert unmet(frozenset(), "got a link to the report?", linked, frozenset()) == frozenset()
    assert unmet(frozenset(), "この記事のリンクある？", report, frozenset()) == frozenset({"link"})


def test_why_is_answered_only_by_an_entry_that_explains_or_is_asked_why() -> None:
    """"Why did Orbital pick Lisbon?" is not answered by where its event was; an entry saying what something is
    meant to ensure explains it, and one whose phrasings ask why answers it whatever its words."""
    where = kinds_given(["Orbital held its event in Lisbon."], {}, frozenset())
    purpose = kinds_given(["The plan is vital for keeping data at home and reducing dependency."], {}, frozenset())
    reason = frozenset({"reason"})
    assert unmet(reason, "Why did Orbital pick Lisbon?", where, frozenset()) == reason
    assert unmet(reason, "Why does keeping data at home matter?", purpose, frozenset()) == frozenset()
    assert unmet(reason, "Why did Orbital pick Lisbon?", where, reason) == frozenset()


def test_a_link_between_two_parties_asks_how_they_are_tied() -> None:
    report = kinds_given(["The news report comes from an app."], {}, frozenset())
    assert unmet(frozenset(), "what's the link between Orbital and Quasar?", report, frozenset()) == frozenset()
    assert unmet(frozenset(), "Quasar: what's their link to Orbital?", report, frozenset()) == frozenset()


def test_who_in_a_contest_is_answered_by_a_country_too() -> None:
    """"Who is Europe competing with?" is answered by China; "who installs the hardware in Armenia?" is not answered
    by the countries installing it, which are no installer."""
    countries = kinds_given(["Europe is competing with China."], {"china": "country"}, frozenset())
    assert unmet(frozenset({"person"}), "who is Europe competing with besides the US?", countries,
                 frozenset()) == frozenset()
    assert unmet(frozenset({"person"}), "who installs the hardware in Armenia?", countries,
                 frozenset()) == frozenset({"person"})
    for question in ("who is Europe up against in AI?", "who is Europe taking on?"):
        assert unmet(frozenset({"person"}), question, countries, frozenset()) == frozenset(), question


def test_a_date_is_given_by_a_day_a_month_or_a_year_not_a_span() -> None:
    """"The exact date of the keynote" is not answered by "in the next two years"; "on Monday" gives a day."""
    span = kinds_given(["In the next two years, 20 factories will be built."], {}, frozenset())
    monday = kinds_given(["On Monday, the CEO spoke."], {}, frozenset())
    assert unmet(frozenset({"time"}), "what's the exact date of the keynote?", span, frozenset()) == {"date"}
    assert unmet(frozenset({"time"}), "what day did the CEO speak?", monday, frozenset()) == frozenset()
    assert unmet(frozenset({"time"}), "when will the factories be built?", span, frozenset()) == frozenset()


def test_the_stock_market_is_given_by_no_entry_but_a_ticker_is_a_name() -> None:
    """The sources state no share price, market value, stake or takeover; "what's its stock ticker?" asks a name."""
    every = frozenset({"count", "amount", "money", "percent", "company", "person", "place", "time"})
    assert unmet(frozenset({"stock"}), "did nvidia's stock jump?", every, frozenset()) == frozenset({"stock"})
    assert unmet(frozenset({"stock"}), "what's nvidia's stock ticker?", every, frozenset()) == frozenset()
    assert "stock" not in kinds_given(["The report writes NVIDIA's ticker as NVDA.US."], {}, frozenset())


def test_a_company_s_staff_and_funding_are_given_by_no_entry() -> None:
    """The sources count developers, startups and chips, never a company's employees, funding rounds or value."""
    every = frozenset({"count", "amount", "money", "percent", "company", "person", "place", "time"})
    assert unmet(frozenset({"staff", "count"}), "how many employees?", every, frozenset()) == frozenset({"staff"})
    assert unmet(frozenset({"funding"}), "what's mistral valued at?", every, frozenset()) == frozenset({"funding"})


@pytest.mark.parametrize("question", ["What was NVIDIA's revenue last year?", "geçen yıl yatırım açığı ne kadardı?",
                                      "去年英伟达的收入是多少？", "Wie viel hat Europa letztes Jahr investiert?"])
def test_a_figure_for_a_past_year_is_given_only_by_an_entry_naming_a_period(question: str) -> None:
    """The sources date no figure: "1.5 million developers" is no count of last year's."""
    figures = frozenset({"count", "amount", "money", "percent"})
    assert "period" in unmet(shipped().asked(question).kinds, question, figures, frozenset())


def test_a_sum_asked_in_one_currency_is_not_given_by_an_amount_in_another() -> None:
    """Europe's gap is stated in euros: asked in dollars, it would need a conversion the sources never make. A
    yes/no question names the currency to check it ("is the gap given in dollars?"), and euros answer that."""
    gap = kinds_given(["a gap of €500-700 billion"], {}, frozenset())
    assert {"money", "eur"} <= gap and "usd" not in gap
    asked = frozenset({"money", "amount"})
    assert unmet(asked, "what's the gap in dollars?", gap, frozenset()) == frozenset({"money"})
    assert unmet(asked, "what's the gap in euros?", gap, frozenset()) == frozenset()
    assert unmet(asked, "is the gap given in dollars?", gap, frozenset(), claim=True) == frozenset()
