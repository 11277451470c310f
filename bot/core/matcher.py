"""Question -> ranked candidates -> confidence -> answered / unsure / no_answer.

Each candidate gets a base score from two signals: lexical (how much of the
question it explains, IDF-weighted; how well the question fits one of its
phrasings; rapidfuzz's token-sort ratio) and semantic (the cosine of the
question's multilingual embedding with the entry's questions, answers and
quotes). A question the analyzer reads fully weighs both; one in a script it
cannot read leans on the embedding alone. The base is then discounted for what
the candidate cannot cover, whatever the question's language: names the
sources do not mention, figures the entry does not state, a kind of answer it
cannot give (a price, a time, a company), someone else speaking. An honest
"I don't know" beats a confident near miss.

A yes/no question whose premise conflicts with the best entry (Lyon for
Essonne, 180,000 for 18,000) is not a near miss but a premise to correct: the
conflict is noted instead of discounted, and the answer says so.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from bot.core import tuning as t
from bot.core.analyzer import Analysis
from bot.core.candidates import Candidate, in_passing
from bot.core.comparisons import compares
from bot.core.embedding_thread import Embedding, embed_question
from bot.core.gives import unmet
from bot.core.index import Index
from bot.core.pairing import Pairing
from bot.core.premises import Premises, contradicts, same_kind_number
from bot.core.query import (
    POINTS_BACK,
    Query,
    asked_of,
    asking_words,
    f1,
    is_junk,
    off_topic,
    unknown_words,
    with_context,
)
from bot.core.scored import MatchResult, Scored
from bot.core.semantic import Embedder
from bot.core.source_mentions import article_titles, compares_sources
from bot.core.stated import quotes, scene, unstated
from bot.core.text import stem, words
from bot.core.vector_index import Hit, SemanticIndex, recentred


class Matcher:
    """Scores questions against one index, with the semantic index when there is one."""

    def __init__(self, index: Index, semantic: SemanticIndex | None = None, embedder: Embedder | None = None) -> None:
        self.index = index
        self.semantic = semantic
        self.embedder = embedder

    @property
    def premises(self) -> Premises:
        """The premise rules over the index as it is now (an edit can change which names are ambient)."""
        return Premises(self.index.analyzer.entity_kinds, self.index.ambient)

    @property
    def pairing(self) -> Pairing:
        """The comparison rules over the index as it is now."""
        return Pairing(self.index)

    def match(self, question: str, context: str | None = None, *,
              answered: frozenset[str] = frozenset()) -> MatchResult:
        """Rank candidates for a question and decide whether it is answered.

        ``context`` is what a question points back to ("how many chips does it use?" after a question about
        Mistral Compute): its names count as the question's when the question names nothing itself.
        ``answered`` holds the entries (``kind:id``) that answered that context: a second question about the same
        thing asks something else ("who's joining Lepton, and what does it do?"), so they do not answer it;
        a yes/no one may check what they said ("which telcos? is Telenor one?").
        """
        analysis = self.index.analyzer.analyze(question)
        own_tokens = set(analysis.tokens) - {stem(w) for w in words(article_titles(question))}
        compared = question  # where the sides of a comparison are named
        if context and (not analysis.entities - self.index.ambient or POINTS_BACK.search(question)):
            # "what's their link to NVIDIA?" names no one; "Starmer: what day did Jensen appear with him?" points back
            told = self.index.analyzer.analyze(context)
            analysis = with_context(analysis, told)
            if compares(told):  # "France vs UK: what is NVIDIA doing in each?"
                compared = f"{context}: {question}"
        if not analysis.tokens and not analysis.entities and analysis.readable >= 0.5:
            return MatchResult("no_answer", None, (), analysis)
        if is_junk(analysis, question):  # "asdfghjkl", "aaaa": the embedding would still find something near
            return MatchResult("no_answer", None, (), analysis)
        query = Query.of(analysis, self.index, compares(analysis) or compared != question)
        if not query.comparing and not analysis.yesno:  # the sides of a comparison, a claim's wrong value: no demand
            query = replace(query, terms=tuple(term for term in self.index.rare_terms if set(term) <= own_tokens))
        asked = question if not context else f"{question} ({context})"
        embedder = self.embedder if self.semantic is not None else None
        early = Embedding(embedder, asked) if embedder is not None and self._read_needs_semantic(analysis) else None
        lexical = {i: self._lexical(i, query) for i in self.index.retrieve(analysis)}
        alone = self._words_alone(query, lexical) if embedder is not None and early is None else None
        hits: dict[int, Hit] = {}
        used = False
        if embedder is not None and alone is None:
            vector = early.result() if early is not None else embed_question(embedder, asked)
            if vector is not None and self.semantic is not None:
                used = True
                for hit in self.semantic.search(vector, t.SEMANTIC_CANDIDATES):
                    hits[hit.candidate] = hit
                    if hit.candidate not in lexical:
                        lexical[hit.candidate] = self._lexical(hit.candidate, query)
                for i, hit in self.semantic.cosines(vector, [i for i in lexical if i not in hits]).items():
                    hits[i] = hit
                spoken = analysis.asked.language if analysis.asked else analysis.language
                pool = sorted(hits, key=lambda i: -hits[i].cosine)[:t.CENTRE_POOL]
                hits = recentred(hits, self.semantic.centred_cosines(vector, spoken, pool))
        lead = _lead(hits, self.index) if used and analysis.readable < 1.0 else {}
        ranked = sorted(
            alone if alone is not None else
            (self._score(i, query, parts, hits.get(i), used, lead.get(i)) for i, parts in lexical.items()),
            # rounded: sums over sets add in an order that changes per process, and a tie must break the same way;
            # between entries the words fit equally, the one whose phrasings ask what the question asks
            key=lambda s: (-round(s.confidence, 9), -len(analysis.asks & s.candidate.kinds_asked),
                           -round(s.cosine, 9), s.candidate.kind != "faq", s.candidate.id),
        )
        if context and answered and not analysis.yesno:
            ranked = _not_given(ranked, answered)
        about = question if not context else f"{context}: {question}"
        halves = (self._by_source(query, about, lexical, hits, used, lead) if compares_sources(about)
                  else self._halves(query, compared, lexical, hits, used, lead) if query.comparing else None)
        if halves is not None:  # each side answered on its own: the answer is as sure as its weaker half
            return MatchResult("answered", halves[0], (halves[0], *ranked), analysis, used, halves[1])
        best = ranked[0] if ranked else None
        if best is None or best.confidence < t.SUGGEST_AT:
            return MatchResult("no_answer", best, tuple(ranked), analysis, used)
        partner = None
        if query.comparing:
            pairing = self.pairing  # one, so the sides are read once
            sides = pairing.by_sides(compared, ranked)
            if sides is not None:
                best, partner = sides
                ranked.insert(0, best)
            else:
                partner = pairing.partner(query, ranked, compared)
                if pairing.ranks_a_group(compared, best, partner):
                    best = replace(best, confidence=min(best.confidence, t.GROUP_RANK_CAP))
                    ranked[0] = best
                    partner = None
        if partner is not None:
            best = replace(best, confidence=self.pairing.together(query, best, partner))
            ranked[0] = best
        status = "answered" if best.confidence >= t.ANSWER_AT else "unsure"
        return MatchResult(status, best, tuple(ranked), analysis, used, partner)

    def _halves(self, query: Query, question: str, lexical: dict[int, tuple[float, float, float]],
                hits: dict[int, Hit], used: bool, lead: dict[int, float]) -> tuple[Scored, Scored | None] | None:
        """A comparison's sides, each answered as a question of its own: the best entry and its partner, if any.

        Scored whole, "how does the UK chip deployment compare to France's Mistral deal?" is half explained by
        each side's entry, and neither reaches an answer. Each side must be answered (``SIDE_AT``); otherwise the
        pairing rules below decide.
        """
        pairing = self.pairing
        sides = pairing.sides_of(question)
        if sides is None:
            return None
        halves: list[Scored] = []
        for side, other in ((sides.first, sides.second), (sides.second, sides.first)):
            alone = pairing.one_side(query, question, other)
            scored = [self._score(i, alone, self._lexical(i, alone), hits.get(i), used, lead.get(i))
                      for i in _pool(lexical, hits) if pairing.may_answer_side(question, self.index.candidates[i],
                                                                                side, other)]
            best = max(scored, key=lambda s: (s.confidence, s.cosine), default=None)
            if best is None or best.confidence < t.SIDE_AT:
                return None
            halves.append(best)
        first, second = halves
        paired = pairing.one_answer(question, first, second)
        if paired is None:
            return None
        best, partner = paired
        return replace(best, confidence=min(first.confidence, second.confidence)), partner

    def _by_source(self, query: Query, question: str, lexical: dict[int, tuple[float, float, float]],
                   hits: dict[int, Hit], used: bool, lead: dict[int, float]) -> tuple[Scored, Scored | None] | None:
        """What each article says: from each of the two sources that answer best, its best entry quoting it alone.

        "How is Nebius described in the first article versus the second?" Each must answer as surely as a question
        of its own (``SIDE_AT``); otherwise the question is read as any.
        """
        alone = self.pairing.of_each_source(query, question)
        best: dict[str, Scored] = {}
        for i in _pool(lexical, hits):
            sources = self.index.candidates[i].sources
            if len(sources) != 1:  # an entry quoting both says what each says only where it names them
                continue
            scored = self._score(i, alone, self._lexical(i, alone), hits.get(i), used, lead.get(i))
            (source,) = sources
            if source not in best or (scored.confidence, scored.cosine) > (best[source].confidence,
                                                                            best[source].cosine):
                best[source] = scored
        ranked = sorted(best.values(), key=lambda s: (-s.confidence, -s.cosine))
        if len(ranked) < 2 or ranked[1].confidence < t.SIDE_AT:
            return None
        first, second = ranked[0], ranked[1]
        return replace(first, confidence=min(first.confidence, second.confidence)), second

    # -- the two signals -------------------------------------------------------------------------------

    def _lexical(self, i: int, query: Query) -> tuple[float, float, float]:
        """(base, coverage, fit): the lexical score before any discount."""
        cand = self.index.candidates[i]
        tokens, weights, total = query.tokens, query.weights, query.total
        coverage = sum(w for tok, w in weights.items() if tok in cand.vocab) / total
        norms = self.index.phrasing_norms[i]
        fit = max((f1(tokens, p, weights, total, norm) for p, norm in zip(cand.phrasings, norms, strict=True)),
                  default=0.0)
        closest = process.extractOne(query.text, cand.phrasing_texts, scorer=fuzz.token_sort_ratio)
        fuzzy = (closest[1] if closest is not None else 0.0) / 100
        base = t.COVERAGE_WEIGHT * coverage + t.FIT_WEIGHT * fit + t.FUZZY_WEIGHT * fuzzy
        return base, coverage, fit

    def _words_alone(self, query: Query, lexical: dict[int, tuple[float, float, float]]) -> list[Scored] | None:
        """The fast path: the entries scored on words alone, or None when the embedding is needed.

        A fully read question with a clear lexical winner and nothing amiss is answered with these very scores.
        """
        scored = [self._score(i, query, parts, None, False) for i, parts in lexical.items()]
        ordered = sorted(scored, key=lambda s: -s.confidence)
        if not ordered or ordered[0].confidence < t.FAST_PATH_AT:
            return None
        first = set(ordered[0].candidate.facts)
        rival = next((s.confidence for s in ordered[1:] if not first & set(s.candidate.facts)), 0.0)
        if rival >= ordered[0].confidence - t.FAST_PATH_MARGIN:  # words that fit two stories equally say neither
            return None
        return scored

    def _read_needs_semantic(self, analysis: Analysis) -> bool:
        """Whether the reading alone asks for the embedding, known before any entry is scored.

        Words it could not read, another language, a yes/no question or a comparison: the model starts at once.
        """
        if analysis.readable < 1.0 or analysis.language != "en" or analysis.foreign or analysis.unknown_tokens:
            return True
        return bool(analysis.yesno or analysis.asks & {"compare"})

    # -- scoring one candidate ---------------------------------------------------------------------------

    def _score(self, i: int, query: Query, parts: tuple[float, float, float], hit: Hit | None,
               used: bool, lead: float | None = None) -> Scored:
        cand, q = self.index.candidates[i], query.analysis
        semantic = _rescale(hit, q.readable) if hit is not None else 0.0
        quoting = quotes(query.quoted, cand)
        same_meaning = used and semantic >= 1.0  # the model read every word and finds this entry's meaning
        discount, conflicts = self._discount(cand, q, query.weights, count_unknown=not (quoting or same_meaning),
                                             aside=query.comparing or query.sets_aside)
        premise = {tok for name in conflicts for tok in words(name) if tok in query.weights}
        if premise:  # "is Dion Harris the CFO?": the wrong value is what the entry corrects, not a word it must hold
            parts = self._lexical(i, query.without(premise))
        lexical, coverage, fit = parts
        base = lexical
        if used:
            share = t.SEMANTIC_WEIGHT + (1 - t.SEMANTIC_WEIGHT) * (1 - q.readable)
            blend = (1 - share) * lexical + share * semantic
            base = max(lexical, blend) if q.readable >= t.READ_FULLY else blend
            if lead is not None:
                unread = 1 - q.readable
                base *= 1 - t.MARGIN_WEIGHT * unread * (1 - min(1.0, max(0.0, lead) / t.MARGIN_FULL))
        if quoting:  # the asker cites this entry's words: that says which entry better than any score
            base = max(base, t.QUOTED_BASE)
        # an entry asked "where is X?" answers it, unless only with the asker's place; "who gets more chips, Mistral or
        # the UK?" is answered by the names it gives, since it chooses between them
        named = self._named_in(q, cand, query.sets_aside) if not query.comparing else frozenset()
        excluded = named if query.sets_aside else named & _PLACE_ANSWERS  # or "besides X" and X is all it has
        missing = unmet(asked_of(q, cand), query.raw, cand.gives - named, cand.kinds_asked - excluded,
                        claim=bool(q.yesno))
        kinds = self.index.analyzer.entity_kinds
        setting = scene(cand, kinds, self.index.ambient) if not query.comparing else frozenset()
        missing |= unstated(q, cand, self.index.ambient, missing, setting, kinds)
        discount *= t.UNMET_PENALTY ** len(missing) * off_topic(query, cand)
        confidence = base * discount
        if cand.kind == "fact":
            confidence *= t.FACT_DISCOUNT
        if min(q.readable, q.words_read) < 0.5:
            confidence = min(confidence, t.UNREADABLE_CAP)
        if query.ambient_only:
            confidence = min(confidence, t.AMBIENT_ONLY_CAP)
        confirmed = bool(q.yesno and not conflicts and not missing and not q.foreign and not unknown_words(q)
                         and coverage >= t.CONFIRM_COVERAGE and q.said - asking_words(q) <= cand.vocab
                         and (q.entities or q.numbers or q.places))
        return Scored(cand, max(0.0, min(1.0, confidence)), coverage, fit, lexical, semantic, missing,
                      tuple(conflicts), confirmed, hit.cosine if hit is not None else 0.0)

    def _named_in(self, q: Analysis, cand: Candidate, aside: bool) -> frozenset[str]:
        """Kinds of answer only the question's own names supply.

        "Which company builds Orbital's site" is not answered by Orbital, nor "which companies besides AWS" by
        AWS; a person can be the answer about themselves ("who is Dion Harris?").
        """
        kinds = self.index.analyzer.entity_kinds
        left = {kinds.get(e) for e in cand.entities - q.entities if e not in self.index.ambient}
        out = {"company"} - left
        if aside:
            out |= {"person"} - left
        places = {e for e in cand.entities if e not in self.index.ambient and kinds.get(e) in _PLACE_ENTITIES}
        if places and (places <= q.located or (aside and places <= q.entities)):  # "where in Germany…" is not
            out |= _PLACE_ANSWERS  # answered by "in Germany", nor "which country besides the US" by the US
        regions = {e for e in places if kinds.get(e) == "place"}
        if regions and regions <= q.entities:  # "which town in Essonne…" is not answered by Essonne
            out.add("city")
        return frozenset(out)

    def _discount(self, cand: Candidate, q: Analysis, weights: dict[str, float], *,
                  count_unknown: bool = True, aside: bool = False) -> tuple[float, list[str]]:
        """What the question has that the entry lacks; in a yes/no question a contradiction is a conflict.

        ``count_unknown=False``: words the knowledge base lacks are the chat around a quote of this entry
        ("that 'only thing missing' quote is stuck in my head"), not something asked; or the embedding, which
        reads every word, puts the question at the ceiling of this entry's meaning ("team is debating: what's
        the expected jump in production next year?"), so the words are ones it read as saying nothing new.
        ``aside``: the question sets its countries side by side or aside ("the UK or France?", "besides the US"), so
        one that an entry mentions only on the way is not held against it.
        """
        discount = 1.0
        conflicts: list[str] = []
        foreign_kinds = dict(q.foreign_kinds)
        homes = {home for e in cand.entities if (home := self.index.analyzer.homes.get(e))}
        for name in sorted(q.foreign - cand.names_foreign - homes):  # "the Swedish carmaker" is Volvo, not Sweden
            kind = foreign_kinds.get(name, "name")
            if q.yesno and contradicts(kind, cand) and self.premises.wrong_value(q, name, kind, cand, weights):
                conflicts.append(name)
            else:
                discount *= t.FOREIGN_PENALTY
        kinds = self.index.analyzer.entity_kinds
        own = q.entities - q.borrowed  # a name borrowed from the context is a guess at what "they" are, no demand
        passing = in_passing(cand, own, kinds, self.index.ambient) if not aside else frozenset()
        lacking = ({e for e in own if e not in cand.entities and e not in self.index.ambient} | passing) - homes
        for name in sorted(lacking):  # a name the sources use, but not for this: France for Germany's cloud
            kind = kinds.get(name, "name")
            if q.yesno and contradicts(kind, cand) and self.premises.wrong_value(q, name, kind, cand, weights):
                conflicts.append(name)
            else:
                discount *= t.ENTITY_PENALTY
        absent = q.numbers - cand.numbers
        for number in absent:
            if q.yesno and same_kind_number(number, cand.numbers):
                conflicts.append(number)
            else:
                discount *= t.NUMBER_PENALTY
        if q.qtype and q.qtype not in cand.asks:
            discount *= t.QTYPE_NEAR if q.qtype in cand.answer_types else t.QTYPE_PENALTY
        elif not q.qtype and "definition" in q.asks and cand.asks and "definition" not in cand.kinds_asked:
            discount *= t.QTYPE_NEAR
        unknown = unknown_words(q) - {stem(c) for c in conflicts} - asking_words(q)
        unknown -= {stem(n) for n in q.foreign}  # a foreign name is already counted as one
        if count_unknown:
            discount *= t.UNKNOWN_PENALTY ** len(unknown)
        if q.counted and q.counted not in cand.vocab:
            discount *= t.COUNTED_PENALTY
        return discount, conflicts


_PLACE_ENTITIES = frozenset({"country", "place"})
_PLACE_ANSWERS = frozenset({"place", "city", "country"})
"""Kinds of answer an entry gives only by naming places: none, when the question already names them all."""


def _lead(hits: dict[int, Hit], index: Index) -> dict[int, float]:
    """For each entry, its cosine's lead over the best entry that gives another answer (other facts)."""
    ranked = sorted(hits.values(), key=lambda h: -h.cosine)
    out: dict[int, float] = {}
    for hit in ranked:
        facts = set(index.candidates[hit.candidate].facts)
        rival = next((h.cosine for h in ranked
                      if h.candidate != hit.candidate and not facts & set(index.candidates[h.candidate].facts)), None)
        out[hit.candidate] = hit.cosine - rival if rival is not None else t.MARGIN_FULL
    return out


def _rescale(hit: Hit, readable: float) -> float:
    """A cosine read on the scale where the floor means nothing shared and the ceiling means the same meaning."""
    floor = readable * t.SEMANTIC_FLOOR[hit.role] + (1 - readable) * t.UNREAD_FLOOR
    ceiling = readable * t.SEMANTIC_CEILING[hit.role] + (1 - readable) * t.UNREAD_CEILING
    return max(0.0, min(1.0, (hit.cosine - floor) / (ceiling - floor)))


def _not_given(ranked: list[Scored], answered: frozenset[str]) -> list[Scored]:
    """The candidates that say something the answered entries did not: a bare fact they quoted does not."""
    given = {f for s in ranked if f"{s.candidate.kind}:{s.candidate.id}" in answered for f in s.candidate.facts}
    return [s for s in ranked if f"{s.candidate.kind}:{s.candidate.id}" not in answered
            and not (s.candidate.kind == "fact" and set(s.candidate.facts) <= given)]


def _pool(lexical: dict[int, tuple[float, float, float]], hits: dict[int, Hit]) -> list[int]:
    """The entries worth scoring again for one side of a question.

    The best ``SIDE_SEARCH`` on the whole question's words and those the embedding found, not every entry sharing a
    word (thousands, at 100,000 phrasings).
    """
    best = sorted(lexical, key=lambda i: -lexical[i][0])[:t.SIDE_SEARCH]
    return list(dict.fromkeys([*best, *(i for i in hits if i in lexical)]))
