"""The two sides of a comparison, and an entry for each when the best entry only lists them."""

from dataclasses import dataclass, replace

from bot.core import tuning
from bot.core.answers import AnswerBuilder
from bot.core.comparisons import Sides, lists_them, names_together, side_entry, split_sides
from bot.core.index import Index
from bot.core.matcher import Matcher
from bot.core.models import Alias, Fact, FaqEntry
from bot.core.pairing import Pairing
from bot.core.query import Query
from bot.core.scored import Scored
from tests.core.tiny_kb import DATA

NAMES = {"dana": "dana reyes", "sam": "sam ortiz", "lee": "lee park", "orbital": "orbital labs"}
KINDS = {"dana reyes": "person", "sam ortiz": "person", "lee park": "person", "orbital labs": "company"}


def names_in(text: str) -> frozenset[str]:
    return frozenset(full for short, full in NAMES.items() if short in text.lower())


@dataclass(frozen=True)
class FakeCandidate:
    entities: frozenset[str]
    gives: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FakeScored:
    candidate: FakeCandidate
    confidence: float
    unmet: frozenset[str] = frozenset()


def test_a_comparison_turns_at_its_surest_word() -> None:
    """"Dana vs Sam and Lee" splits at "vs", not at "and"; one side naming nothing is no comparison."""
    assert split_sides("Dana vs Sam and Lee: who said more?", names_in) == Sides(
        frozenset({"dana reyes"}), frozenset({"sam ortiz", "lee park"}))
    assert split_sides("what did Dana and Sam say?", names_in) == Sides(
        frozenset({"dana reyes"}), frozenset({"sam ortiz"}))
    assert split_sides("Dana vs the rest?", names_in) is None
    assert split_sides("Dana和Sam谁说得更多？", names_in) == Sides(
        frozenset({"dana reyes"}), frozenset({"sam ortiz"})), "Chinese 和 (and) turns a comparison too"


def test_an_entry_naming_both_sides_among_others_of_their_kind_only_lists_them() -> None:
    sides = Sides(frozenset({"dana reyes"}), frozenset({"sam ortiz"}))
    roll = FakeCandidate(frozenset({"dana reyes", "sam ortiz", "lee park"}))
    pair = FakeCandidate(frozenset({"dana reyes", "sam ortiz", "orbital labs"}))
    assert lists_them(roll, sides, KINDS, frozenset())  # type: ignore[arg-type]
    assert not lists_them(pair, sides, KINDS, frozenset()), "a company beside two people lists no people"


def test_each_side_gets_the_best_entry_on_it_alone() -> None:
    """The other side's names cost a side's entry nothing; an entry on both sides, or listing others, is no side."""
    dana = FakeScored(FakeCandidate(frozenset({"dana reyes", "orbital labs"})), 0.33)
    both = FakeScored(FakeCandidate(frozenset({"dana reyes", "sam ortiz"})), 0.9)
    roll = FakeScored(FakeCandidate(frozenset({"dana reyes", "lee park"})), 0.8)
    found = side_entry([both, roll, dana], frozenset({"dana reyes"}), frozenset({"sam ortiz"}), KINDS,
                       frozenset(), 0.55)
    assert found is not None and found[0] is dana and round(found[1], 2) == 0.6


def test_a_side_of_a_ranking_is_an_entry_stating_a_figure() -> None:
    """"Who gets more chips, Dana or Sam?": Dana's rollout plan, however close, cannot say; her figure can."""
    plan = FakeScored(FakeCandidate(frozenset({"dana reyes"})), 0.7)
    count = FakeScored(FakeCandidate(frozenset({"dana reyes"}), frozenset({"count"})), 0.5)
    dana, sam = frozenset({"dana reyes"}), frozenset({"sam ortiz"})
    assert side_entry([plan, count], dana, sam, KINDS, frozenset(), 0.55)[0] is plan  # type: ignore[index]
    found = side_entry([plan, count], dana, sam, KINDS, frozenset(), 0.55, frozenset({"count", "amount"}))
    assert found is not None and found[0] is count


def test_a_comparison_of_two_listed_names_is_answered_with_an_entry_for_each() -> None:
    """The entry naming everyone would have answered "Dana Reyes vs Sam Ortiz" while saying nothing of either."""
    roll = Fact("roll", "Dana Reyes, Sam Ortiz and Lee Park work on Orbital Labs' Lisbon site.", "fiction",
                "Sam Ortiz visited the Lisbon site.", ("orbital",), ("Dana Reyes", "Sam Ortiz", "Lee Park"))
    people = FaqEntry("people", "Who works on the Lisbon site?",
                      "Dana Reyes, Sam Ortiz and Lee Park work on Orbital Labs' Lisbon site.", ("roll",))
    data = replace(DATA, facts=(*DATA.facts, roll), faq=(*DATA.faq, people),
                   aliases=(*DATA.aliases, Alias("Lee Park", "person", ())))
    matcher = Matcher(Index.build(data))
    result = matcher.match("Dana Reyes vs Sam Ortiz: who said what is missing and who visited the site?")
    assert result.best is not None and result.partner is not None
    assert {result.best.candidate.id, result.partner.candidate.id} == {"missing", "visit"}
    answer = AnswerBuilder(data).from_match("q", result)
    assert "power" in (answer.text or "") and "visited" in (answer.text or "")
    lead_in = matcher.match("who said what is missing and who visited the site?", context="Dana Reyes vs Sam Ortiz")
    assert lead_in.partner is not None, "the sides may be named in a lead-in the reader set apart as context"


def test_an_entry_naming_both_sides_as_one_group_cannot_say_which_ranks_higher() -> None:
    """"Dana Reyes and Sam Ortiz lead 300 startups" does not say which of them leads more."""
    duo = Fact("duo", "Dana Reyes and Sam Ortiz lead the 300 startups.", "fiction",
               "Orbital Labs works with 300 startups.", ("orbital",), ("Dana Reyes", "Sam Ortiz"))
    lead = FaqEntry("duo-lead", "How many startups do Dana Reyes and Sam Ortiz lead?",
                    "Dana Reyes and Sam Ortiz lead the 300 startups.", ("duo",))
    data = replace(DATA, facts=(*DATA.facts, duo), faq=(lead,))
    matcher = Matcher(Index.build(data))
    ranked = matcher.match("Dana Reyes vs Sam Ortiz: who leads more startups?")
    assert ranked.status != "answered"
    assert ranked.best is not None and ranked.best.confidence <= tuning.GROUP_RANK_CAP
    late = matcher.match("Which of the two founders is leading more startups, Dana Reyes or Sam Ortiz?")
    assert late.status != "answered", "the comparative six words after 'which' still asks which ranks higher"
    each = matcher.match("Dana Reyes vs Sam Ortiz: how many startups do they lead?")
    assert each.status == "answered", "asked what they do together, the group's entry answers"


def test_names_together_reads_a_group_with_words_between() -> None:
    duo = FakeCandidate(frozenset())
    texts = (("Dana Reyes Group and Sam Ortiz Ltd. will lead them.", "passage"),)
    sides = Sides(frozenset({"dana reyes"}), frozenset({"sam ortiz"}))
    names = {"dana reyes": "Dana Reyes", "sam ortiz": "Sam Ortiz"}
    assert names_together(replace_texts(duo, texts), sides, names)  # type: ignore[arg-type]
    apart = (("Dana Reyes spoke. Later, the startups met Sam Ortiz.", "passage"),)
    assert not names_together(replace_texts(duo, apart), sides, names)  # type: ignore[arg-type]


@dataclass(frozen=True)
class TextCandidate:
    entities: frozenset[str]
    semantic_texts: tuple[tuple[str, str], ...]


def replace_texts(cand: FakeCandidate, texts: tuple[tuple[str, str], ...]) -> TextCandidate:
    return TextCandidate(cand.entities, texts)


def test_a_comparison_s_partner_speaks_to_one_of_its_sides() -> None:
    """"Dana Reyes vs Sam Ortiz: when does the cloud open for each?" against an entry naming both: the opening's entry
    holds the question's other words but names neither side, so it is no partner; without named sides it is one."""
    people = FaqEntry("people", "Who works on the Lisbon site?",
                      "Dana Reyes, Sam Ortiz and Lee Park work on Orbital Labs' Lisbon site.", ("roll",))
    roll = Fact("roll", "Dana Reyes, Sam Ortiz and Lee Park work on Orbital Labs' Lisbon site.", "fiction",
                "Sam Ortiz visited the Lisbon site.", ("orbital",), ("Dana Reyes", "Sam Ortiz", "Lee Park"))
    data = replace(DATA, facts=(*DATA.facts, roll), faq=(*DATA.faq, people),
                   aliases=(*DATA.aliases, Alias("Lee Park", "person", ())))
    index = Index.build(data)
    by_id = {c.id: c for c in index.candidates if c.kind == "faq"}

    def partner(question: str) -> str | None:
        query = Query.of(index.analyzer.analyze(question), index, comparing=True)
        ranked = [Scored(by_id["people"], 0.7, 0.5, 0.5), Scored(by_id["opening-time"], 0.6, 0.5, 0.5)]
        found = Pairing(index).partner(query, ranked, question)
        return found.candidate.id if found is not None else None

    assert partner("Dana Reyes vs Sam Ortiz: when does the cloud open for each?") is None
    assert partner("the Lisbon site's people compared with when the cloud opens?") == "opening-time"
