"""Each mechanism of the matcher, pinned on a tiny fictional knowledge base (tests/core/tiny_kb.py)."""

import threading
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from bot.core import tuning
from bot.core.answers import AnswerBuilder
from bot.core.comparisons import compares
from bot.core.index import Index
from bot.core.loader import KnowledgeData
from bot.core.matcher import Matcher
from bot.core.models import Alias, Fact, FaqEntry, Source
from bot.core.semantic import Role, Vectors
from tests.core.tiny_kb import DATA, FakeEmbedder, Tiny, fact


@pytest.fixture(scope="module")
def tiny() -> Tiny:
    return Tiny()


def test_a_clear_question_is_answered_with_its_quote(tiny: Tiny) -> None:
    answer = tiny.ask("How many chips will Orbital Labs use?")
    assert answer.status == "answered" and "5,000" in (answer.text or "")
    assert answer.citations[0].quote.startswith("Orbital Labs will use 5,000")


@pytest.mark.parametrize(
    ("question", "says"),
    [("What is the price of the Quasar chips Orbital Labs uses?", "what it costs"),
     ("When will Orbital Labs use its 5,000 chips?", "when"),
     ("Which company builds the Orbital Labs data centre?", "which company")],
)
def test_a_kind_of_answer_the_entry_cannot_give_is_not_given(tiny: Tiny, question: str, says: str) -> None:
    answer = tiny.ask(question)
    assert answer.status != "answered"
    assert f"don't say {says}" in (answer.text or "") and answer.suggestions


def test_a_time_the_sources_state_is_given(tiny: Tiny) -> None:
    answer = tiny.ask("When does the Quasar cloud open?")
    assert answer.status == "answered" and "next year" in (answer.text or "")


@pytest.mark.parametrize("question", ["How many chips will Orbital Labs use in Japan?",
                                      "How many chips will Globex use?"])
def test_a_name_the_sources_do_not_cover_is_a_near_miss(tiny: Tiny, question: str) -> None:
    assert tiny.ask(question).status != "answered"


def test_a_wrong_premise_is_corrected_with_the_quote(tiny: Tiny) -> None:
    place = tiny.ask("Is the Orbital Labs data centre in Madrid?")
    assert place.status == "answered" and (place.text or "").startswith("No") and "Lisbon" in (place.text or "")
    figure = tiny.ask("Will Orbital Labs use 50,000 chips?")
    assert figure.status == "answered" and (figure.text or "").startswith("No") and "5,000" in (figure.text or "")


def test_a_premise_the_quotes_state_is_confirmed(tiny: Tiny) -> None:
    answer = tiny.ask("Will Orbital Labs use 5,000 chips?")
    assert answer.status == "answered" and (answer.text or "").startswith("Yes")


def test_yes_only_for_what_the_quotes_state(tiny: Tiny) -> None:
    assert (tiny.ask("Does Orbital Labs work with startups?").text or "").startswith("Yes")
    assert not (tiny.ask("Does Orbital Labs make the Quasar chips?").text or "").startswith("Yes")


def test_what_someone_said_needs_them_speaking(tiny: Tiny) -> None:
    assert tiny.ask("What did Dana Reyes say was missing?").status == "answered"
    assert tiny.ask("What did Sam Ortiz say was missing?").status != "answered"


def test_a_comparison_gives_both_sides_and_which_is_more(tiny: Tiny) -> None:
    answer = tiny.ask("How do Orbital Labs' chips compare with its startups?")
    assert answer.status == "answered"
    assert "5,000" in (answer.text or "") and "300" in (answer.text or "") and "5,000 is more than 300" in (
        answer.text or "")
    assert len(answer.citations) == 2


def test_a_yes_no_comparison_is_settled_by_two_entries_figures() -> None:
    answer = Tiny().ask("Does Orbital Labs use more chips than it has startups?")
    assert answer.status == "answered" and "5,000 is more than 300" in (answer.text or "")


def test_a_yes_no_comparison_whose_other_side_gives_no_figure_is_never_confident(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"Hundreds" against 5,000 settles nothing: both facts are shown, and no confidence a yes or a no would have."""
    vague = "Orbital Labs works with hundreds of startups."
    source = replace(DATA.sources[0], text=DATA.sources[0].text.replace("Orbital Labs works with 300 startups.", vague))
    facts = tuple(replace(f, statement=vague, quote=vague) if f.id == "startups" else f for f in DATA.facts)
    faq = tuple(replace(e, answer=vague) if e.id == "startups-count" else e for e in DATA.faq)
    tiny = Tiny(data=replace(DATA, sources=(source,), facts=facts, faq=faq))
    monkeypatch.setattr(tuning, "UNSETTLED_CAP", 0.6)  # below what the tiny base scores, so the cap shows
    settled = Tiny().ask("Does Orbital Labs use more chips than it has startups?")
    answer = tiny.ask("Does Orbital Labs use more chips than it has startups?")
    assert answer.status == "answered" and "5,000" in (answer.text or "") and "hundreds" in (answer.text or "")
    assert answer.confidence <= 0.6 < settled.confidence


def test_a_yes_no_comparison_one_entry_states_both_figures_of_is_answered_with_it() -> None:
    """"Does Orbital Labs use more chips than it has startups?" is settled by one quote giving both figures: no
    "my sources don't give figures that settle that comparison"."""
    both = FaqEntry("chips-and-startups", "How many chips and startups does Orbital Labs have?",
                    "Orbital Labs will use 5,000 Quasar chips and works with 300 startups.", ("chips", "startups"))
    tiny = Tiny(data=replace(DATA, faq=(both,)))
    answer = tiny.ask("Does Orbital Labs use more chips than startups?")
    assert answer.status == "answered" and "5,000" in (answer.text or "") and "300" in (answer.text or "")


def test_the_embedding_reads_what_the_words_cannot_but_never_with_full_confidence() -> None:
    embedder = FakeEmbedder({"オービタルのチップは何個？": "How many chips will Orbital Labs use?"})
    answer = Tiny(embedder).ask("オービタルのチップは何個？")
    assert answer.status == "answered" and "5,000" in (answer.text or "")
    assert answer.confidence <= tuning.UNREADABLE_CAP


def test_a_clear_english_question_takes_the_fast_path_without_the_embedding() -> None:
    embedder = FakeEmbedder()
    tiny = Tiny(embedder)
    calls = embedder.calls
    assert tiny.ask("How many startups does Orbital Labs work with?").status == "answered"
    assert embedder.calls == calls


class ThreadNoting(FakeEmbedder):
    """The fake embedding, noting which thread each question was embedded on."""

    def __init__(self, same: dict[str, str] | None = None) -> None:
        super().__init__(same)
        self.threads: list[str] = []

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        self.threads.append(threading.current_thread().name)
        return super().embed(texts, role)


def test_a_question_the_reading_sends_to_the_embedding_is_embedded_while_its_words_are_scored() -> None:
    """Another language needs the embedding whatever the words score, so the model starts before they are."""
    embedder = ThreadNoting({"オービタルのチップは何個？": "How many chips will Orbital Labs use?"})
    tiny = Tiny(embedder)
    embedder.threads.clear()
    answer = tiny.ask("オービタルのチップは何個？")
    assert answer.status == "answered" and "5,000" in (answer.text or "")
    assert embedder.threads and embedder.threads[0] == "question-embedding"


def test_a_question_the_words_leave_unsure_is_embedded_only_once_they_are_scored() -> None:
    """An English question the reading finds nothing amiss in may take the fast path: no model started early."""
    embedder = ThreadNoting()
    tiny = Tiny(embedder)
    embedder.threads.clear()
    tiny.ask("Tell me about Orbital Labs")
    assert embedder.threads == [threading.current_thread().name]


class Failing(FakeEmbedder):
    """An embedding model that breaks once the knowledge base is embedded."""

    broken = False

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        if self.broken:
            raise RuntimeError("the engine failed")
        return super().embed(texts, role)


def test_a_failed_embedding_started_early_still_answers_on_words_alone() -> None:
    embedder = Failing()
    tiny = Tiny(embedder)
    embedder.broken = True
    question = "Orbital Labs: how many chips, por favor?"
    answer, words_alone = tiny.ask(question), Tiny().ask(question)
    assert (answer.status, answer.text) == (words_alone.status, words_alone.text)


def test_words_that_fit_entries_on_two_facts_alike_are_ordered_by_the_embedding() -> None:
    """No fast path without a clear winner: a tie between two stories is not broken by the entries' ids."""
    clear = FakeEmbedder()
    tiny = Tiny(clear)
    calls = clear.calls
    tiny.ask("Orbital Labs chips")
    assert clear.calls == calls, "one entry fits best: the words alone answer"
    chips = replace(DATA.faq[0], phrasings=("Orbital Labs chips",))
    startups = replace(DATA.faq[4], phrasings=("Orbital Labs chips",))
    tied = FakeEmbedder()
    tiny = Tiny(tied, replace(DATA, faq=(chips, *DATA.faq[1:4], startups)))
    calls = tied.calls
    tiny.ask("Orbital Labs chips")
    assert tied.calls > calls


def test_a_question_naming_only_the_background_subject_is_never_confident(monkeypatch: pytest.MonkeyPatch) -> None:
    """Orbital Labs, named by most entries, is their background: "why Orbital Labs?" fits many of them fully."""
    monkeypatch.setattr(tuning, "AMBIENT_MIN_ENTRIES", 1)  # the tiny base is too small to have a background
    monkeypatch.setattr(tuning, "AMBIENT_ONLY_CAP", 0.6)
    tiny = Tiny()
    assert "orbital labs" in tiny.index.ambient
    vague = tiny.matcher.match("Why Orbital Labs?")
    assert vague.best is not None and vague.best.confidence <= 0.6
    assert (tiny.matcher.match("How many chips will Orbital Labs use?").best or vague.best).confidence > 0.6


def test_a_place_the_question_already_names_does_not_answer_where_in_it(tiny: Tiny) -> None:
    assert tiny.ask("Where is the Orbital Labs data centre?").status == "answered"
    inside = tiny.ask("Where in Lisbon is the Orbital Labs data centre?")
    assert inside.status != "answered", "the entry says Lisbon and nothing finer"
    named = tiny.ask("Where is the Orbital Labs data centre? Lisbon, I think")
    assert named.status == "answered", "a place named without narrowing the question is only a guess to confirm"


@pytest.mark.parametrize(("question", "comparing"), [
    ("Which is bigger, the Quasar cloud or the Lisbon site?", True),
    ("How many chips does Orbital Labs use compared to Globex?", True),
    ("Does Orbital Labs work with smaller startups?", False),
    ("Any news about larger data centres?", False),
    ("Does Orbital Labs use more chips than Globex?", True),
    ("Will Orbital Labs use more than 4,000 chips?", False),
    ("Orbital Labs utilise-t-il plus de 4 000 puces ?", False),
    ("How do Orbital Labs' chips stack up against Globex?", True),
    ("How many chips relative to its startups?", True),
])
def test_a_comparative_word_alone_does_not_make_a_comparison(tiny: Tiny, question: str, comparing: bool) -> None:
    """Nor does a threshold ("more than 4,000 chips"), which one figure settles."""
    assert compares(tiny.index.analyzer.analyze(question)) is comparing


def test_a_yes_no_threshold_is_settled_by_the_figure(tiny: Tiny) -> None:
    answer = tiny.ask("Will Orbital Labs use more than 4,000 chips?")
    assert answer.status == "answered" and "5,000" in (answer.text or "")


def test_how_many_counts_the_plural_it_names(tiny: Tiny) -> None:
    assert tiny.ask("How many startups does Orbital Labs work with?").status == "answered"
    assert tiny.ask("How many people work at Orbital Labs?").status != "answered", "it counts people, not work"


def test_besides_the_names_an_entry_gives_it_has_nothing_to_add(tiny: Tiny) -> None:
    assert tiny.ask("Which company besides Orbital Labs will use Quasar chips?").status != "answered"


def test_a_question_pointing_back_is_read_with_the_words_of_what_it_points_to(tiny: Tiny) -> None:
    """"Who said that?" after a quote asks who said the quote: its words count, and it names no one itself."""
    alone = tiny.matcher.match("who said that?")
    pointing = tiny.matcher.match("who said that?", context="The only thing missing is power.")
    assert alone.status != "answered"
    assert pointing.status == "answered" and pointing.best is not None
    assert pointing.best.candidate.id == "missing"


def test_a_phrasing_in_a_language_the_words_cannot_read_is_for_the_embedding_alone() -> None:
    """A Turkish phrasing anchors Turkish questions through the embedding; its words are not matched or learnt."""
    turkish = "Orbital Labs kaç tane Quasar çipi kullanacak?"
    french = "Combien de puces Quasar pour Orbital Labs ?"
    chips = replace(DATA.faq[0], phrasings=(turkish, french))
    french = {"combien": "how many", "de": "", "puces": "chips", "pour": "for"}
    index = Index.build(replace(DATA, faq=(chips, *DATA.faq[1:]), lexicon={"fr": french}))
    cand = next(c for c in index.candidates if c.id == chips.id)
    assert (turkish, tuning.PHRASING_ROLE) in cand.semantic_texts
    assert len(cand.phrasings) == 2, "the question and the French phrasing, which the lexicon reads"
    assert "kullanacak" not in index.analyzer.kb_words


def test_a_question_quoting_an_entry_is_about_that_entry_whatever_the_chat_around_it(tiny: Tiny) -> None:
    quoted = tiny.matcher.match("the 'only thing missing' line is stuck in my head lol, who said that again?")
    assert quoted.status == "answered" and quoted.best is not None and quoted.best.candidate.id == "missing"
    bare = tiny.matcher.match("the only thing missing line is stuck in my head lol, who said that again?")
    assert bare.best is not None and bare.best.confidence < quoted.best.confidence, "the quotation marks are the cue"


def test_a_quoted_term_of_two_words_is_a_term_not_a_passage(tiny: Tiny) -> None:
    from bot.core.stated import quoted_spans

    assert quoted_spans("what does 'Quasar cloud' mean?") == ()
    assert quoted_spans("who said \u201cthe only thing missing is power\u201d?") == ("the only thing missing is power",)


def test_a_place_the_sources_name_elsewhere_is_a_premise_to_correct() -> None:
    """Porto is a name the knowledge base knows, just not for the data centre: the premise is corrected."""
    porto = Fact("porto", "Sam Ortiz lives in Porto.", "fiction", "Sam Ortiz visited the Lisbon site.", ("orbital",),
                 ("Sam Ortiz", "Porto"))
    data = replace(DATA, facts=(*DATA.facts, porto),
                   aliases=(*DATA.aliases, Alias("Porto", "place", ())))
    matcher = Matcher(Index.build(data))
    answer = AnswerBuilder(data).from_match("q", matcher.match("Is the Orbital Labs data centre in Porto?"))
    assert answer.status == "answered" and (answer.text or "").startswith("No") and "Lisbon" in (answer.text or "")


def _two_countries() -> Matcher:
    """An entry about Portugal whose answer lists Spain among the markets on the way, and one about Spain."""
    listed = "Orbital Labs lists Portugal and Spain among its key markets."
    markets = fact("markets", listed, listed, ["Orbital Labs", "Portugal", "Spain"])
    opening = "Orbital Labs is opening a Quasar lab in Spain."
    lab = fact("lab", opening, opening, ["Orbital Labs", "Quasar", "Spain"])
    portugal = FaqEntry("portugal-plans", "What is Orbital Labs doing in Portugal?",
                        "Orbital Labs will use 5,000 Quasar chips in Portugal, one of its key markets with Spain.",
                        ("chips", "markets"), phrasings=("orbital labs plans for portugal",))
    spain = FaqEntry("spain-lab", "What is Orbital Labs opening in Spain?", opening, ("lab",))
    data = replace(DATA, facts=(*DATA.facts, markets, lab), faq=(portugal, spain),
                   aliases=(*DATA.aliases, Alias("Portugal", "country", ()), Alias("Spain", "country", ())))
    return Matcher(Index.build(data))


def test_a_country_an_entry_about_another_names_only_on_the_way_is_not_what_it_answers() -> None:
    """"What is Orbital Labs doing in Spain?" fits the Portugal entry's question word for word, and its answer names
    Spain among the markets; the entry about Spain answers it, and the Portugal one would not have on its own."""
    result = _two_countries().match("What is Orbital Labs doing in Spain?")
    assert result.best is not None and result.best.candidate.id == "spain-lab"
    portugal = next(s for s in result.ranked if s.candidate.id == "portugal-plans")
    assert portugal.confidence < tuning.ANSWER_AT


def test_a_country_named_on_the_way_is_still_a_premise_to_correct() -> None:
    """"Orbital Labs' 5,000 chips are going to Spain, right?": the Portugal entry corrects it rather than missing it."""
    result = _two_countries().match("Orbital Labs' 5,000 chips are going to Spain, right?")
    portugal = next(s for s in result.ranked if s.candidate.id == "portugal-plans")
    assert portugal.conflicts == ("spain",)
    assert result.status == "answered"


def test_a_figure_of_an_entry_set_in_one_country_is_that_country_s() -> None:
    """"How many chips will the Portuguese company use?" is answered by "Orbital Labs will use 5,000 Quasar chips"
    in an entry all about Portugal, though that sentence does not say Portugal."""
    chips = FaqEntry("chips-count", "How many chips will Orbital Labs use?",
                     "Orbital Labs will use 5,000 Quasar chips. Its data centre is in Portugal.", ("chips",))
    data = replace(DATA, faq=(chips,), aliases=(*DATA.aliases, Alias("Portugal", "country", ("Portuguese",))))
    result = Matcher(Index.build(data)).match("How many chips will the Portuguese company use?")
    assert result.best is not None and result.best.candidate.id == "chips-count"
    assert "count" not in result.best.unmet


def test_when_is_answered_only_by_a_time_said_of_what_is_asked() -> None:
    """An entry saying two things, one with a time: the time answers "when" only for the claim it belongs to."""
    both = FaqEntry("both", "What is Orbital Labs building?",
                    "Orbital Labs will use 5,000 Quasar chips. The Quasar cloud opens next year.", ("chips", "opening"))
    data = replace(DATA, faq=(both,))
    matcher = Matcher(Index.build(data))
    assert matcher.match("When will Orbital Labs use 5,000 chips?").status != "answered"
    opening = matcher.match("When does the Quasar cloud open?")
    assert opening.best is not None and "time" not in opening.best.unmet


def test_telling_phrasings_apart_needs_no_statistical_model() -> None:
    """Which phrasings are matched by words is settled by the tables alone: no model loads at start (the shipped
    knowledge base, since the tiny one has no phrasings in other languages)."""
    import subprocess
    import sys

    code = ("import sys; from bot.core.loader import DEFAULT_DATA_DIR, load_data; from bot.core.index import Index; "
            "Index.build(load_data(DEFAULT_DATA_DIR)); print('py3langid' in sys.modules)")  # phrasings in 26 languages
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_other_side_of_a_comparison_need_not_name_the_first() -> None:
    """"Orbital Labs' chips against a gigasite's": the gigasite entry is the other side though it names no Orbital."""
    giga = fact("giga", "A gigasite holds 20,000 chips.", "Sam Ortiz visited the Lisbon site.", ["Sam Ortiz"])
    sites = FaqEntry("gigasite", "How many chips does a gigasite hold?", "A gigasite holds 20,000 chips.", ("giga",))
    data = replace(DATA, facts=(*DATA.facts, giga), faq=(*DATA.faq, sites))
    result = Matcher(Index.build(data)).match("How do the Orbital Labs chips compare to a gigasite?")
    assert result.best is not None and result.best.candidate.id == "chips-count"
    assert result.partner is not None and result.partner.candidate.id == "gigasite"


def _with_globex_chips() -> KnowledgeData:
    """The tiny base with a second company's chips in an entry of their own (fictional, like the rest)."""
    said = "Globex will use 800 Quasar chips."
    source = replace(DATA.sources[0], text=f"{DATA.sources[0].text} {said}")
    globex = fact("globex-chips", said, said, ["Globex", "Quasar"])
    entry = FaqEntry("globex-chips", "How many chips will Globex use?", said, ("globex-chips",))
    return replace(DATA, sources=(source,), facts=(*DATA.facts, globex), faq=(*DATA.faq, entry),
                   aliases=(*DATA.aliases, Alias("Globex", "company", ())), gazetteer={})


def test_each_side_of_a_comparison_is_answered_as_a_question_of_its_own() -> None:
    """"How many chips will Globex use compared to Orbital Labs?": each side's entry explains half of the whole
    question, too little for an answer, but all of its own side's."""
    tiny = Tiny(data=_with_globex_chips())
    question = "How many chips will Globex use compared to Orbital Labs?"
    result = tiny.matcher.match(question)
    assert result.status == "answered" and result.best is not None and result.partner is not None
    assert {result.best.candidate.id, result.partner.candidate.id} == {"chips-count", "globex-chips"}
    answer = tiny.ask(question)
    assert "5,000" in (answer.text or "") and "800" in (answer.text or "")


def test_a_side_no_entry_answers_alone_leaves_the_comparison_unanswered() -> None:
    """"How does Globex's data centre compare to Orbital Labs'?": no entry says where Globex's is, so the Lisbon
    entry is not half an answer."""
    result = Tiny(data=_with_globex_chips()).matcher.match(
        "Where is the Globex data centre compared to the Orbital Labs data centre?")
    assert result.status != "answered"


def _with_a_second_article() -> KnowledgeData:
    """The tiny base with a second fictional article, describing Orbital Labs in its own words."""
    said = "FICTIONAL SECOND TEST ARTICLE. Orbital Labs is a regional cloud provider serving Lisbon."
    second = Source("fiction-2", "A second fictional article", None, None, None, "en", said)
    described = Fact("described", "Orbital Labs is a regional cloud provider.", "fiction-2",
                     "Orbital Labs is a regional cloud provider serving Lisbon.", ("orbital",), ("Orbital Labs",))
    entry = FaqEntry("described", "What kind of company is Orbital Labs?",
                     "Orbital Labs is a regional cloud provider.", ("described",))
    return replace(DATA, sources=(*DATA.sources, second), facts=(*DATA.facts, described), faq=(*DATA.faq, entry))


def test_what_each_article_says_is_answered_from_each_article() -> None:
    """"How is Orbital Labs described in the first article versus the second?": an entry from each source, though
    the question's words about the articles ("described", "first", "second") are in neither."""
    result = Tiny(data=_with_a_second_article()).matcher.match(
        "How is Orbital Labs described in the first article versus the second?")
    assert result.status == "answered" and result.best is not None and result.partner is not None
    assert result.best.candidate.sources | result.partner.candidate.sources == {"fiction", "fiction-2"}
    assert "described" in {result.best.candidate.id, result.partner.candidate.id}


def test_what_each_article_says_of_a_thing_one_of_them_lacks_is_not_answered_from_both() -> None:
    """"What do the two articles say about Sam Ortiz?": only the first names him; the second's entry on Orbital
    Labs is no answer for it."""
    result = Tiny(data=_with_a_second_article()).matcher.match("What do the two articles say about Sam Ortiz?")
    assert result.partner is None


def test_a_curated_yes_to_the_opposite_ranking_becomes_a_no() -> None:
    """An entry written for "is Orbital Labs behind Globex?" opens "Yes."; asked "is it ahead?", the reply is "No"."""
    behind = FaqEntry("behind", "Is Orbital Labs behind Globex?", "Yes. Orbital Labs lags behind Globex.", ("chips",),
                      ("orbital labs ahead of or behind globex",))
    data = replace(DATA, faq=(*DATA.faq, behind), aliases=(*DATA.aliases, Alias("Globex", "company", ())),
                   gazetteer={})
    tiny = Tiny(data=data)
    assert (tiny.ask("Is Orbital Labs behind Globex?").text or "").startswith("Yes")
    turned = tiny.ask("Is Orbital Labs ahead of Globex?")
    assert turned.status == "answered" and (turned.text or "").startswith("No") and "Yes." not in (turned.text or "")


def test_exactly_how_many_wants_a_figure_stated_of_what_is_asked() -> None:
    """"Exactly how many?" is answered by a figure, and only by one its clause states of the names asked about."""
    both = FaqEntry("both", "Who uses Quasar chips?",
                    "Orbital Labs will use 5,000 Quasar chips, and Sam Ortiz will use thousands of them.", ("chips",))
    matcher = Matcher(Index.build(replace(DATA, faq=(both,))))
    assert matcher.match("Exactly how many Quasar chips will Sam Ortiz use?").status != "answered"
    orbital = matcher.match("Exactly how many Quasar chips will Orbital Labs use?")
    assert orbital.best is not None and "count" not in orbital.best.unmet


def test_an_english_phrasing_with_words_the_sources_never_use_is_still_matched_by_words() -> None:
    """A moderator's "which announcement did the quokka sanctuary make" is English, new words and all."""
    phrasing = "which announcement did the quokka sanctuary make"
    chips = replace(DATA.faq[0], phrasings=(phrasing,))
    index = Index.build(replace(DATA, faq=(chips, *DATA.faq[1:])))
    cand = next(c for c in index.candidates if c.id == chips.id)
    assert len(cand.phrasings) == 2 and "quokka" in index.analyzer.kb_words


def test_words_the_embedding_reads_as_the_same_meaning_are_not_held_against_the_question() -> None:
    """Chat words the knowledge base lacks lower a question's score, unless the embedding, which reads them,
    finds the entry's meaning at its ceiling; a question they do change stays refused."""
    question = "lowkey the team keeps debating how many startups Orbital Labs works with"
    same = FakeEmbedder({question: "How many startups does Orbital Labs work with?"})
    assert Tiny(same).ask(question).status == "answered"
    assert Tiny(FakeEmbedder()).ask(question).status != "answered"


def test_the_tag_of_a_yes_no_question_asks_and_is_not_an_unknown_word(tiny: Tiny) -> None:
    """"…, is that correct?" and "…, am I right?" ask for a yes or no; "correct" and "right" say nothing the
    knowledge base lacks."""
    assert tiny.ask("Orbital Labs uses 5,000 Quasar chips in Lisbon, is that correct?").status == "answered"
    assert (tiny.ask("Orbital Labs works with 300 startups, am i right?").text or "").startswith("Yes")


@pytest.mark.parametrize(("framed", "plain"), [
    ("wait, how many startups does Orbital Labs work with?", "how many startups does Orbital Labs work with?"),
    ("how many startups does the paragraph about Orbital Labs cite?", "how many startups does Orbital Labs have?"),
    ("Orbital Labs works with 300 startups, correct?", "Orbital Labs works with 300 startups?"),
    ("do the articles agree on how many startups Orbital Labs works with?",
     "do the articles say how many startups Orbital Labs works with?"),
    ("how many startups hasn't Orbital Labs considered?", "how many startups has Orbital Labs?"),
])
def test_words_about_the_article_or_the_chat_are_not_unknown_words(tiny: Tiny, framed: str, plain: str) -> None:
    """"Wait, …", "which … does the commentary cite", "in the paragraph about …" and a bare "…, correct?" frame a
    question; they ask nothing the knowledge base lacks, so they cost it nothing."""
    answer = tiny.ask(framed)
    assert answer.status == "answered" and answer.confidence == pytest.approx(tiny.ask(plain).confidence)


def test_chat_shorthand_is_read_as_the_words_it_stands_for(tiny: Tiny) -> None:
    assert tiny.ask("hw many startups does Orbital Labs work with nxt yr?").status == "answered"


def test_where_in_korean_also_asks_which_company() -> None:
    """"오비탈랩스와 협력하는 회사는 어디인가요?" (which companies work with Orbital Labs?) asks with "where";
    an entry that names companies answers it."""
    companies = replace(DATA.faq[4], id="partners", question="Which companies work with Orbital Labs?",
                        answer="Orbital Labs works with Globex.")
    data = replace(DATA, faq=(*DATA.faq, companies), aliases=(*DATA.aliases, Alias("Globex", "company", ())),
                   gazetteer={})
    question = "오비탈랩스와 협력하는 회사는 어디인가요?"
    embedder = FakeEmbedder({question: "Which companies work with Orbital Labs?"})
    result = Tiny(embedder, data).matcher.match(question)
    assert result.best is not None and result.best.candidate.id == "partners" and not result.best.unmet


class _Near:
    """An embedder placing chosen texts at chosen cosines from the question (others far away)."""

    version = "near-1"
    dim = 3

    def __init__(self, question: str, near: dict[str, float]) -> None:
        self.question, self.near = question, near

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        rows = []
        for text in texts:
            if text == self.question:
                rows.append([1.0, 0.0, 0.0])
            elif text in self.near:
                c = self.near[text]
                rows.append([c, (1 - c * c) ** 0.5, 0.0])
            else:
                rows.append([0.0, 0.0, 1.0])
        return np.asarray(rows, dtype=np.float32)


def test_entries_tied_at_the_cap_are_ordered_by_the_embedding() -> None:
    """A question in a script the words cannot read scores close entries on the same facts at the cap; the one
    the model puts nearest comes first, not the first by name."""
    question = "オービタルのデータセンター"
    embedder = _Near(question, {"Where is the Orbital Labs data centre?": 0.99,
                                "How many chips will Orbital Labs use?": 0.97})
    result = Tiny(embedder).matcher.match(question)
    top = result.ranked[:2]
    assert top[0].confidence == top[1].confidence, "both at the cap: the test needs a tie"
    assert [s.candidate.id for s in top] == ["location", "chips-count"]


def test_names_in_another_script_do_not_make_the_question_read() -> None:
    """"オービタルラボのクエーサー chips はいくつ使うの？" is mostly names the knowledge base knows, but what it asks of
    them only the embedding read: it stays under the cap of unread questions."""
    question = "オービタルラボのクエーサー chips はいくつ使うの？"
    aliases = tuple(replace(a, aliases=(*a.aliases, "オービタルラボ")) if a.canonical == "Orbital Labs" else
                    replace(a, aliases=(*a.aliases, "クエーサー")) if a.canonical == "Quasar" else a
                    for a in DATA.aliases)
    data = replace(DATA, aliases=aliases)
    embedder = FakeEmbedder({question: "How many chips will Orbital Labs use?"})
    result = Tiny(embedder, data).matcher.match(question)
    assert result.analysis.readable >= 0.5, "the names make up most of the letters"
    assert result.best is not None and result.best.candidate.id == "chips-count"
    assert 0 < result.best.confidence <= tuning.UNREADABLE_CAP


def test_the_definite_thing_put_in_the_wrong_place_is_corrected_but_not_an_indefinite_one(tiny: Tiny) -> None:
    """"Is the data centre in Madrid?" asks about the one the sources place in Lisbon, though it names no owner;
    "is there a data centre in Madrid?" asks whether one exists, which the sources do not say."""
    definite = tiny.ask("Is the data centre in Madrid?")
    assert definite.status == "answered" and (definite.text or "").startswith("No") and "Lisbon" in (
        definite.text or "")
    assert tiny.ask("Is there a data centre in Madrid?").status != "answered"


def test_a_brands_model_is_given_only_when_the_entry_names_one() -> None:
    """"Upcoming Globex models" names no Globex model, so "which Globex models?" is refused; "Orbital Labs OL-7
    models" names one of Orbital Labs'."""
    models = FaqEntry("models", "Which models use Quasar chips?",
                      "Orbital Labs OL-7 models and upcoming Globex models use Quasar chips.", ("chips",))
    data = replace(DATA, faq=(*DATA.faq, models), aliases=(*DATA.aliases, Alias("Globex", "company", ())),
                   gazetteer={})
    tiny = Tiny(data=data)
    named = tiny.ask("Which Orbital Labs models use Quasar chips?")
    assert named.status == "answered" and "OL-7" in (named.text or "")
    assert tiny.ask("Which Globex models use Quasar chips?").status != "answered"


def test_models_asked_for_by_name_need_an_entry_naming_one() -> None:
    """"Which models does Orbital Labs build?" asks for names; "AI models in local languages" gives none, though
    it answers "what does Orbital Labs build?"."""
    built = FaqEntry("built", "What does Orbital Labs build?", "Orbital Labs builds AI models in local languages.",
                     ("startups",))
    data = replace(DATA, faq=(*DATA.faq, built))
    tiny = Tiny(data=data)
    assert tiny.ask("What does Orbital Labs build?").status == "answered"
    assert tiny.ask("Which models does Orbital Labs build?").status != "answered"


def test_a_brands_model_asked_in_another_language_needs_one_named_too() -> None:
    """"グローベックスのどのモデル" (which Globex model) is refused like "which Globex models"."""
    models = FaqEntry("models", "Which models use Quasar chips?",
                      "Orbital Labs OL-7 models and upcoming Globex models use Quasar chips.", ("chips",))
    aliases = (*DATA.aliases, Alias("Globex", "company", ("グローベックス",)))
    data = replace(DATA, faq=(*DATA.faq, models), aliases=aliases, gazetteer={})
    question = "グローベックスのどのモデルがクエーサーチップを使いますか？"
    embedder = FakeEmbedder({question: "Which models use Quasar chips?"})
    result = Tiny(embedder, data).matcher.match(question)
    assert result.best is not None and result.best.candidate.id == "models"
    assert "model" in result.best.unmet and result.status != "answered"


def test_a_product_the_models_use_is_no_brand_whose_model_is_asked() -> None:
    """"どのモデルがクエーサーチップを使いますか" (which models use Quasar chips) names Quasar, a chip the models
    use, not a maker of models: the entry naming Orbital Labs' OL-7 answers it."""
    models = FaqEntry("models", "Which models use Quasar chips?",
                      "Orbital Labs OL-7 models and upcoming Globex models use Quasar chips.", ("chips",))
    aliases = tuple(Alias("Quasar", "product", ("クエーサー",)) if a.canonical == "Quasar" else a
                    for a in DATA.aliases)
    data = replace(DATA, faq=(*DATA.faq, models), aliases=aliases, gazetteer={})
    question = "どのモデルがクエーサーチップを使いますか？"
    embedder = FakeEmbedder({question: "Which models use Quasar chips?"})
    result = Tiny(embedder, data).matcher.match(question)
    assert result.best is not None and result.best.candidate.id == "models"
    assert "quasar" in result.analysis.entities and "model" not in result.best.unmet


def test_two_wrong_places_for_the_definite_thing_are_both_the_premise(tiny: Tiny) -> None:
    """"Is the data centre in Madrid or Berlin?": each place is corrected, neither counts against the other."""
    best = tiny.matcher.match("Is the data centre in Madrid or Berlin?").best
    assert best is not None and best.candidate.id == "location" and set(best.conflicts) == {"madrid", "berlin"}


@pytest.mark.parametrize("junk", ["aaaa", "asdfghjkl qwe", "lorem ipsum dolor sit amet"])
def test_keyboard_mashing_gets_no_answer_even_when_the_embedding_finds_something_near(junk: str) -> None:
    """An embedding puts any string near some entry; "aaaa" is not a question in a script the words cannot read."""
    embedder = FakeEmbedder({junk: "How many startups does Orbital Labs work with?"})
    assert Tiny(embedder).ask(junk).status == "no_answer"


def test_a_second_question_pointing_back_is_not_answered_by_what_answered_the_first(tiny: Tiny) -> None:
    """"How many chips…? where is it?": the entry (or the bare fact) that said how many does not say where."""
    context = "How many chips will Orbital Labs use?"
    alone = tiny.matcher.match("where is it?", context)
    assert alone.best is not None and alone.best.candidate.id == "chips-count"  # the borrowed words pull it there
    after = tiny.matcher.match("where is it?", context, answered=frozenset({"faq:chips-count"}))
    assert after.best is not None and after.best.candidate.id == "location"


def test_a_yes_no_question_pointing_back_may_check_what_was_answered(tiny: Tiny) -> None:
    context = "How many chips will Orbital Labs use?"
    check = tiny.matcher.match("are they Quasar chips?", context, answered=frozenset({"faq:chips-count"}))
    assert check.best is not None and check.best.candidate.id in ("chips-count", "chips")


def test_the_entrys_own_figure_with_another_company_is_a_premise_to_correct(tiny: Tiny) -> None:
    """"Do Apple and Google make up about half of the sales?": the figure is the sources', its owner is not."""
    corrected = tiny.ask("Does Globex work with 300 startups?")
    assert corrected.status == "answered" and (corrected.text or "").startswith("No")
    assert "Orbital Labs works with 300 startups" in (corrected.text or "")
    unsettled = tiny.ask("Does Globex work with startups?")  # no figure: about a company the sources never name
    assert unsettled.status != "answered"


def test_how_many_wants_an_amount_stated_of_what_it_names() -> None:
    """An entry naming the place asked about, with another's amount, does not say how many that place gets."""
    both = FaqEntry("both", "Who uses Quasar chips?",
                    "Orbital Labs will use thousands of Quasar chips, and Sam Ortiz visited the Lisbon site.",
                    ("chips",))
    matcher = Matcher(Index.build(replace(DATA, faq=(both,))))
    ortiz = matcher.match("How many chips will Sam Ortiz use?")
    assert ortiz.status != "answered"
    assert all("count" in s.unmet for s in ortiz.ranked if s.candidate.id == "both")
    orbital = matcher.match("How many chips will Orbital Labs use?")
    assert orbital.best is not None and "count" not in orbital.best.unmet


def test_a_name_only_pointed_back_to_need_not_be_what_the_amount_is_of(tiny: Tiny) -> None:
    result = tiny.matcher.match("how many startups are they working with?", context="I read about Sam Ortiz")
    assert result.best is not None and result.best.candidate.id == "startups-count"
    assert "count" not in result.best.unmet
    alone = tiny.matcher.match("how many startups are they working with?")
    assert alone.best is not None
    # nor is an entry lacking the borrowed name penalised for it (ENTITY_PENALTY would cut it to under half)
    assert result.best.confidence > 0.6 * alone.best.confidence


def test_a_share_is_answered_only_by_one_stated_of_all_the_question_names() -> None:
    """"What percentage of NVIDIA's sales come from Europe?" is not "Microsoft and Meta … about half of its sales"."""
    share = FaqEntry("share", "Who buys the Quasar chips?", "Sam Ortiz buys about half of the Quasar chips.",
                     ("startups",))
    matcher = Matcher(Index.build(replace(DATA, faq=(share,))))
    ortiz = matcher.match("What percentage of the Quasar chips does Sam Ortiz buy?")
    assert ortiz.best is not None and ortiz.best.candidate.id == "share" and "percent" not in ortiz.best.unmet
    lisbon = matcher.match("What percentage of the Quasar chips go to Lisbon?")
    assert all("percent" in s.unmet for s in lisbon.ranked if s.candidate.id == "share")


@pytest.mark.parametrize("question", ["Was hat Sam Ortiz gesagt, was fehlt?", "Qu'a dit Sam Ortiz sur ce qui manque ?"])
def test_what_someone_said_needs_them_speaking_in_any_language(tiny: Tiny, question: str) -> None:
    """Only Dana Reyes is quoted saying what is missing; "what did Sam Ortiz say" is not answered with her words."""
    assert tiny.index.analyzer.analyze(question).speakers == {"sam ortiz"}
    result = tiny.matcher.match(question)
    assert all(s.candidate.id != "missing" or s.confidence < tuning.ANSWER_AT for s in result.ranked)


def test_a_speaker_named_only_by_title_is_not_answered_with_someone_else_s_quote(tiny: Tiny) -> None:
    """"What did Orbital Labs' CEO say?": the sources name no CEO, and Dana Reyes (head of research) is not one."""
    question = "What did Orbital Labs' CEO say is missing?"
    assert tiny.index.analyzer.analyze(question).speakers == {"?orbital labs"}
    assert all(s.candidate.id != "missing" or s.confidence < tuning.ANSWER_AT
               for s in tiny.matcher.match(question).ranked)
    named = tiny.matcher.match("What did Dana Reyes say is missing?")
    assert named.status == "answered" and named.best is not None and named.best.candidate.id == "missing"


@pytest.mark.parametrize(("question", "speaker"), [
    ("you know what the Lisbon government said about what is missing?", "?lisbon"),
    ("what has Sam Ortiz said is missing?", "sam ortiz"),
    ("What Sam Ortiz told reporters is missing?", "sam ortiz"),
])
def test_what_someone_said_is_read_in_every_english_word_order(tiny: Tiny, question: str, speaker: str) -> None:
    """"What X said", "what has X said", "what X told": the speaker is X, and Dana Reyes's quote is not theirs."""
    assert tiny.index.analyzer.analyze(question).speakers == {speaker}
    assert all(s.candidate.id != "missing" or s.confidence < tuning.ANSWER_AT
               for s in tiny.matcher.match(question).ranked)


def test_the_bot_s_own_company_s_people_named_by_title_are_the_ones_its_sources_quote() -> None:
    """When every entry is about Orbital Labs, "Orbital Labs' head of research" is someone the sources name."""
    index = Index.build(DATA)
    index.ambient = frozenset({"orbital labs"})
    result = Matcher(index).match("What did Orbital Labs' head of research say is missing?")
    assert result.status == "answered" and result.best is not None and result.best.candidate.id == "missing"


def test_a_pronoun_points_back_to_the_lead_in_even_when_the_question_names_someone(tiny: Tiny) -> None:
    """"Sam Ortiz: which site did Orbital Labs show him?" is about Sam Ortiz too; without "him" it is not."""
    pointing = tiny.matcher.match("which site did Orbital Labs show him?", "Sam Ortiz")
    assert {"sam ortiz", "orbital labs"} <= pointing.analysis.entities
    alone = tiny.matcher.match("which site does Orbital Labs use?", "Sam Ortiz")
    assert "sam ortiz" not in alone.analysis.entities


def test_an_entry_about_what_the_question_rules_out_does_not_answer_it() -> None:
    """"How many chips does a regular, non-hub site hold?" is not answered by the Quasar hubs' count."""
    hubs = FaqEntry("hub-chips", "How many chips does a Quasar hub hold?", "Each Quasar hub holds 9,000 chips.",
                    ("chips",))
    matcher = Matcher(Index.build(replace(DATA, faq=(hubs,))))
    plain = matcher.match("How many chips does a Quasar hub hold?")
    assert plain.status == "answered"
    ruled = matcher.match("How many chips does a non-hub Quasar hold?")
    assert all(s.candidate.id != "hub-chips" or s.confidence < tuning.ANSWER_AT for s in ruled.ranked)


def test_an_entry_without_a_rare_term_the_question_asks_about_is_about_something_else() -> None:
    """"How many chips will the megahub use?" is not answered by the data centre's 5,000 chips; a term that only
    names the article asked about is no topic."""
    data = replace(DATA, aliases=(*DATA.aliases, Alias("megahub", "term", ("megahubs",))))
    matcher = Matcher(Index.build(data))
    assert matcher.match("how many chips will the Orbital Labs data centre use?").status == "answered"
    megahub = matcher.match("how many chips will the Orbital Labs megahub use?")
    assert megahub.status != "answered"
    titled = matcher.match("in the megahub article, how many chips will the Orbital Labs data centre use?")
    assert titled.status == "answered", "a term naming the article is no topic"


def test_exactly_how_many_wants_a_figure_of_the_thing_counted() -> None:
    """"Exactly how many gigafactories?" is not answered by "more than 20 AI factories … several gigafactories"."""
    hubs = FaqEntry("hubs", "What will Orbital Labs build?",
                    "Orbital Labs will build more than 20 Quasar sites and several will be Quasar hubs.", ("chips",))
    matcher = Matcher(Index.build(replace(DATA, faq=(hubs,))))
    assert all("count" in s.unmet for s in matcher.match("Exactly how many Quasar hubs?").ranked
               if s.candidate.id == "hubs")
    sites = matcher.match("Exactly how many Quasar sites?")
    assert sites.best is not None and sites.best.candidate.id == "hubs" and "count" not in sites.best.unmet


def test_another_form_of_a_word_the_sources_use_is_not_unknown(tiny: Tiny) -> None:
    """"Opening" where the sources say "opens": the same word, not something the question asks that no entry holds."""
    analysis = tiny.index.analyzer.analyze("When is the Quasar cloud opening?")
    assert "open" not in analysis.unknown_tokens
    assert "salari" in tiny.index.analyzer.analyze("What is the Quasar salary?").unknown_tokens


def test_the_latin_letters_of_a_name_in_another_script_are_not_the_name() -> None:
    """"AI工厂" (AI factory) must not make every "AI" an AI factory: "power网" is not every "power"."""
    grid = Alias("power grid", "term", ("power网",))
    analyzer = Index.build(replace(DATA, aliases=(*DATA.aliases, grid))).analyzer
    assert "grid" not in analyzer.analyze("What is missing, power?").tokens


def test_pointing_at_an_article_costs_a_question_nothing(tiny: Tiny) -> None:
    """"Per the 2nd article" picks a source: read as the figure 2 and the word "nd", it had halved the confidence."""
    plain = tiny.matcher.match("How many startups does Orbital Labs work with?")
    pointed = tiny.matcher.match("How many startups does Orbital Labs work with, per the 1st article?")
    assert pointed.best is not None and plain.best is not None
    assert pointed.best.candidate.id == plain.best.candidate.id
    assert pointed.best.confidence == pytest.approx(plain.best.confidence)
    assert pointed.status == "answered"


def test_a_town_in_the_region_the_asker_names_is_not_that_region(tiny: Tiny) -> None:
    """The entry's only place is Lisbon: "in which city of Lisbon" is not answered by "in Lisbon", whether or not
    the name follows a place preposition ("in Lisbon" does, and was already refused)."""
    assert tiny.ask("In which city of Lisbon is the Orbital Labs data centre?").status != "answered"
    assert tiny.ask("Where is the Orbital Labs data centre?").status == "answered"


def test_another_product_than_the_entrys_own_is_a_premise_to_correct() -> None:
    """"Does Orbital Labs use Nebula chips?" is answered "No … Quasar chips"; "also" asks about more, which the
    sources do not rule out, so it stays a near miss."""
    data = replace(DATA, gazetteer={**DATA.gazetteer, "product": ("Nebula",)})
    matcher = Matcher(Index.build(data))
    builder = AnswerBuilder(data)
    corrected = builder.from_match("q", matcher.match("Does Orbital Labs use Nebula chips?"))
    assert corrected.status == "answered" and (corrected.text or "").startswith("No")
    assert "Quasar" in (corrected.text or "")
    assert matcher.match("Will Orbital Labs also use Nebula chips?").status != "answered"
    assert matcher.match("Does Globex use Nebula chips?").status != "answered"


def test_a_wrong_figure_in_a_versus_question_is_corrected(tiny: Tiny) -> None:
    """"Orbital Labs vs Quasar" names what the figure is of; the wrong figure is a premise, not a comparison."""
    answer = tiny.ask("Orbital Labs vs Quasar: will it use 50,000 chips?")
    assert answer.status == "answered" and (answer.text or "").startswith("No") and "5,000" in (answer.text or "")
    assert tiny.ask("Does Orbital Labs use more chips than Globex?").status != "answered"


def test_a_speaker_said_as_he_also_said_is_the_person_the_entry_names() -> None:
    """"He also said that…": the entry's own Dana Reyes speaks, so "…according to Dana Reyes?" is answered."""
    also = Fact("also", "Dana Reyes said Orbital Labs works with 300 startups.", "fiction",
                "Orbital Labs works with 300 startups.", ("orbital",), ("Dana Reyes", "Orbital Labs"))
    entry = FaqEntry("reyes-startups", "How many startups does Orbital Labs work with, per Dana Reyes?",
                     "Yes. Dana Reyes said Orbital Labs works with 300 startups.", ("also",))
    article = DATA.sources[0].text + " He also said: Orbital Labs works with 300 startups."
    data = replace(DATA, sources=(replace(DATA.sources[0], text=article),),
                   facts=(*DATA.facts, replace(also, quote="He also said: Orbital Labs works with 300 startups.")),
                   faq=(entry,))
    matcher = Matcher(Index.build(data))
    result = matcher.match("How many startups does Orbital Labs work with, according to Dana Reyes?")
    assert result.best is not None and "dana reyes" in result.best.candidate.speakers
    assert result.status == "answered"
    answer = AnswerBuilder(data).from_match("q", result)
    assert (answer.text or "").startswith("Dana Reyes said"), "an entry's own 'Yes.' answers no open question"


def test_a_title_the_sources_give_no_one_is_a_premise_to_correct() -> None:
    """"Is Dana Reyes Orbital's CFO?" is answered "No … head of research", the title the entry gives her."""
    who = FaqEntry("who-is-reyes", "Who is Dana Reyes?", "Dana Reyes is head of research at Orbital Labs.",
                   ("missing",))
    data = replace(DATA, faq=(*DATA.faq, who), gazetteer={**DATA.gazetteer, "role": ("CFO",)})
    matcher = Matcher(Index.build(data))
    answer = AnswerBuilder(data).from_match("q", matcher.match("Is Dana Reyes the CFO of Orbital Labs?"))
    assert answer.status == "answered" and (answer.text or "").startswith("No")
    assert "head of research" in (answer.text or "") or "head of research" in answer.citations[0].quote
    assert matcher.match("Is Sam Ortiz the CFO of Orbital Labs?").status != "answered", "no title of his is given"


def test_exactly_how_many_in_any_language_is_not_answered_by_several() -> None:
    sites = Fact("sites", "Orbital Labs will open several sites.", "fiction", "Sam Ortiz visited the Lisbon site.",
                 ("orbital",), ("Orbital Labs",))
    entry = FaqEntry("sites-count", "How many sites will Orbital Labs open?", "Orbital Labs will open several sites.",
                     ("sites",))
    data = replace(DATA, facts=(*DATA.facts, sites), faq=(*DATA.faq, entry))
    matcher = Matcher(Index.build(data))
    assert matcher.match("How many sites will Orbital Labs open?").status == "answered"
    assert matcher.match("How many sites will Orbital Labs open, exactly?").status != "answered"
    assert matcher.match("¿Cuántos sitios exactamente abrirá Orbital Labs?").status != "answered"


def test_between_entries_the_words_fit_alike_the_one_asking_what_the_question_asks_wins() -> None:
    """"What even is Quasar?" fits a bare "Quasar?" word for word as well as "What is Quasar?": the entry whose
    phrasings ask for a definition answers it, whatever the order of the entries' ids."""
    bare = FaqEntry("a-quasar", "Quasar?", "Orbital Labs' data centre is in Lisbon.", ("chips",))
    what = FaqEntry("quasar", "What is Quasar?", "Quasar is the cloud Orbital Labs opens next year.", ("opening",),
                    phrasings=("What is the Quasar cloud?",))
    result = Matcher(Index.build(replace(DATA, faq=(bare, what)))).match("what even is Quasar")
    assert result.best is not None and result.best.candidate.id == "quasar"
    other = next(s for s in result.ranked if s.candidate.id == "a-quasar")
    assert other.confidence == result.best.confidence, "the words alone fit both; only what they ask tells them apart"


def test_what_something_is_is_asked_less_of_an_entry_whose_phrasings_ask_where_or_who() -> None:
    """"What is Quasar?" is not "Where is Quasar?", though the words fit both alike ("c'est quoi le service Lepton"
    had been answered at 0.95 by "Qui rejoint le service Lepton ?", the nearest phrasing in the asker's language)."""
    where = FaqEntry("a-quasar-site", "Where is Quasar?", "Orbital Labs' data centre is in Lisbon.", ("chips",),
                     phrasings=("Where will Quasar be?",))
    what = FaqEntry("quasar", "What is Quasar?", "Quasar is the cloud Orbital Labs opens next year.", ("opening",),
                    phrasings=("What is the Quasar cloud?",))
    result = Matcher(Index.build(replace(DATA, faq=(where, what)))).match("what even is Quasar")
    assert result.best is not None and result.best.candidate.id == "quasar"
    site = next(s for s in result.ranked if s.candidate.id == "a-quasar-site")
    assert site.confidence == pytest.approx(result.best.confidence * tuning.QTYPE_NEAR)


def test_two_wrong_owners_of_the_entrys_own_figure_are_one_premise_to_correct() -> None:
    """"Google and Amazon make up about half of NVIDIA's sales, yes?": one name the sources never use and one they
    use elsewhere are corrected together; each had counted the other's words against the entry holding the rest."""
    visit = fact("initech-visit", "Initech visited the Lisbon site.", "Sam Ortiz visited the Lisbon site.", ["Initech"])
    data = replace(DATA, facts=(*DATA.facts, visit), aliases=(*DATA.aliases, Alias("Initech", "company", ())))
    tiny = Tiny(data=data)
    corrected = tiny.ask("Globex and Initech work with 300 startups, yes?")
    assert corrected.status == "answered" and (corrected.text or "").startswith("No")
    assert "Orbital Labs works with 300 startups" in (corrected.text or "")


def test_a_phrasing_naming_money_without_asking_a_sum_does_not_let_its_entry_answer_how_much() -> None:
    """"Câți bani a investit guvernul german…?" (how much money did Germany put in) had been answered at 0.60 by an
    entry whose French phrasing says "bénéfices" (benefits, a word for profits): only a phrasing asking how much
    lets an entry answer a sum it does not state."""
    startups = FaqEntry("startups-count", "How many startups does Orbital Labs work with?",
                        "Orbital Labs works with 300 startups.", ("startups",),
                        phrasings=("Orbital Labs startups and their sales", "the revenue side of Orbital's startups"))
    result = Matcher(Index.build(replace(DATA, faq=(startups,)))).match(
        "How much money did Orbital Labs invest in its startups?")
    entry = next(s for s in result.ranked if s.candidate.id == "startups-count")
    assert "money" in entry.unmet and result.status != "answered"


def test_a_country_set_aside_is_not_the_answer_to_which_other_country() -> None:
    """"امریکہ کے علاوہ … کس ملک سے مقابلہ ہے؟" (besides America, which country does Europe compete with): the entry
    whose only country is the one set aside cannot answer it, though the Urdu word for competing also compares."""
    built = "Orbital Labs builds its Quasar chips in Portugal."
    chips = fact("built", built, "Orbital Labs works with 300 startups.",
                 ["Orbital Labs", "Portugal"])
    where = FaqEntry("portugal-chips", "Which country does Orbital Labs build chips in?", built, ("built",))
    data = replace(DATA, facts=(*DATA.facts, chips), faq=(where,),
                   aliases=(*DATA.aliases, Alias("Portugal", "country", ())))
    matcher = Matcher(Index.build(data))
    for question in ("Besides Portugal, which country does Orbital Labs build chips in?",
                     "Portugal کے علاوہ Orbital Labs کس ملک میں چپس بناتی ہے؟ مقابلہ"):
        entry = next(s for s in matcher.match(question).ranked if s.candidate.id == "portugal-chips")
        assert entry.unmet & {"country", "place"}, question
