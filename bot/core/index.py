"""The in-memory search index: every live FAQ entry and fact, read once, with an inverted index.

Built from the knowledge base's values (never from SQL directly); questions then only touch this structure.
A moderator's edit changes a few entries: :meth:`Index.add` and :meth:`Index.drop` apply it in place, so an
edit costs milliseconds however large the knowledge base. Dropped entries keep their position (positions
are how the semantic index and the matcher name candidates) but leave every posting list.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from bot.core import tuning as t
from bot.core.analysis import Analysis
from bot.core.analyzer import Analyzer
from bot.core.candidates import Candidate, build_candidates, make_analyzer, with_gives
from bot.core.loader import KnowledgeData

FOREIGN_JUNK = 0.3
"""Weight of an untranslated word in a non-English question: likely a verb the lexicon lacks."""

RETRIEVE = 40
"""How many candidates the inverted index hands to full scoring."""


class Index:
    """Candidates, their postings and IDF weights, and the analyzer that made them."""

    def __init__(self, analyzer: Analyzer, candidates: Sequence[Candidate]) -> None:
        self.analyzer = analyzer
        self.candidates: list[Candidate] = []
        self.alive: list[bool] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.idf: dict[str, float] = {}
        self._vocabs: list[frozenset[str]] = []
        """Each candidate's vocabulary, one lookup away (through the candidates it is several cache misses)."""
        self.phrasing_norms: list[tuple[float, ...]] = []
        """Per candidate and phrasing, the IDF mass the matcher's precision divides by."""
        entity_df: dict[str, int] = defaultdict(int)
        for cand in candidates:
            for ent in cand.entities:
                entity_df[ent] += 1
        n = max(len(candidates), 1)
        self.ambient = frozenset(e for e, df in entity_df.items()
                                 if df > t.AMBIENT_SHARE * n and n >= t.AMBIENT_MIN_ENTRIES)
        self.ambient_tokens = frozenset(tok for name in self.ambient for tok in analyzer.analyze(name).tokens)
        """The tokens the background subject's names read as ("nvidia", "europ")."""
        self.add(candidates)
        self.rare_terms = frozenset(term for term in analyzer.terms if self._holding(term) <= t.RARE_TERM_SHARE * n)
        """Terms few entries use ("gigafactory", "digital twins"): an entry without one is about something else."""

    @classmethod
    def build(cls, data: KnowledgeData) -> Index:
        """Read every live FAQ entry and fact."""
        analyzer = make_analyzer(data)
        return cls(analyzer, build_candidates(analyzer, data))

    @property
    def live(self) -> int:
        """How many candidates are live."""
        return sum(self.alive)

    def add(self, candidates: Iterable[Candidate]) -> list[int]:
        """Append candidates; return their positions. IDF is brought up to date for the words they hold."""
        added: list[int] = []
        touched: set[str] = set()
        for cand in candidates:
            cand = with_gives(cand, self.analyzer.entity_kinds, self.ambient)
            position = len(self.candidates)
            self.candidates.append(cand)
            self.alive.append(True)
            self._vocabs.append(cand.vocab)
            for tok in cand.vocab:
                self.postings[tok].append(position)
            touched |= cand.vocab
            added.append(position)
        self._reweigh(touched)
        for position in added:
            self.phrasing_norms.append(self._norms(self.candidates[position]))
        return added

    def _holding(self, term: tuple[str, ...]) -> int:
        """How many candidates hold every word of a term (from the postings: one pass over 100,000 costs a second)."""
        held = [set(self.postings.get(tok, ())) for tok in term]
        return len(set.intersection(*held)) if held else 0

    def drop(self, positions: Iterable[int]) -> None:
        """Take candidates out of every posting list (their positions stay, marked dead)."""
        touched: set[str] = set()
        for position in positions:
            if not self.alive[position]:
                continue
            self.alive[position] = False
            for tok in self._vocabs[position]:
                posting = self.postings.get(tok)
                if posting is not None:
                    posting.remove(position)
                    if not posting:
                        del self.postings[tok]
            touched |= self._vocabs[position]
        self._reweigh(touched)

    def _reweigh(self, tokens: Iterable[str]) -> None:
        """IDF for the given words, against the live count now; other words keep theirs until a rebuild."""
        n = max(self.live, 1)
        for tok in tokens:
            ids = self.postings.get(tok)
            if ids:
                self.idf[tok] = math.log(1 + n / len(ids))
            else:
                self.idf.pop(tok, None)
        self.max_idf = math.log(1 + n / 0.5)

    def _norms(self, cand: Candidate) -> tuple[float, ...]:
        idf, max_idf = self.idf, self.max_idf
        return tuple(sum(idf.get(tok, max_idf) for tok in set(p)) for p in cand.phrasings)

    def weight(self, token: str, analysis: Analysis) -> float:
        """IDF of a query token; a word the knowledge base lacks weighs the most (it is what we can't answer)."""
        if token in self.idf:
            return self.idf[token]
        if analysis.language != "en" and token in analysis.junk:
            return FOREIGN_JUNK * self.max_idf
        return self.max_idf

    def retrieve(self, analysis: Analysis, limit: int = RETRIEVE) -> list[int]:
        """Candidates sharing the question's most telling words, best first.

        A candidate's score is the IDF sum of the telling words it holds; the ``limit`` best win, ties going
        to the lower index. Rather than add up every posting (tens of thousands for a common word in a large
        knowledge base), candidates are grouped by which words they hold, words taken rarest first; once
        ``limit`` candidates are sure to beat anything not yet seen, common words only split the groups left,
        and groups that can no longer make the cut are dropped (max-score pruning). The result, scores and
        tie order included, is the same as adding up everything.
        """
        tokens = set(analysis.tokens)
        known = [t for t in tokens if t in self.postings]
        n = self.live
        telling = [t for t in known if len(self.postings[t]) <= n * 0.5] or known
        if not telling or limit <= 0:
            return []
        order = sorted(telling, key=lambda t: (len(self.postings[t]), t))
        rest = [0.0] * (len(order) + 1)
        for j in range(len(order) - 1, -1, -1):
            rest[j] = rest[j + 1] + self.idf[order[j]]
        slack = 1e-9 * (rest[0] + 1.0)
        """Room for float rounding: partial sums are added in another order than the final scores."""
        groups: list[tuple[frozenset[str], float, set[int]]] = []
        seen: set[int] = set()
        admitting = True
        for j, tok in enumerate(order):
            cut = _kth_best(groups, limit)
            if cut - slack > rest[j]:
                admitting = False
                groups = [g for g in groups if g[1] + rest[j] >= cut - slack]
            posting = self.postings[tok]
            w = self.idf[tok]
            if admitting:
                hit = set(posting)
                fresh = hit - seen
                seen |= hit
            else:
                alive = sum(len(g[2]) for g in groups)
                if 4 * alive < len(posting):  # a vocabulary test costs about four posting lookups
                    vocabs = self._vocabs
                    hit = {i for g in groups for i in g[2] if tok in vocabs[i]}
                else:
                    hit = set().union(*(g[2] for g in groups)).intersection(posting)
                fresh = set()
            split: list[tuple[frozenset[str], float, set[int]]] = []
            for key, partial, docs in groups:
                both = docs & hit
                if both:
                    docs -= both
                    split.append((key | {tok}, partial + w, both))
                if docs:
                    split.append((key, partial, docs))
            if fresh:
                split.append((frozenset((tok,)), w, fresh))
            groups = split
        scored = sorted(((self._score_of(key, telling), docs) for key, _, docs in groups), key=lambda g: -g[0])
        out: list[int] = []
        k = 0
        while k < len(scored) and len(out) < limit:
            score, tied = scored[k][0], list(scored[k][1])
            k += 1
            while k < len(scored) and scored[k][0] == score:
                tied += scored[k][1]
                k += 1
            need = limit - len(out)
            out += heapq.nsmallest(need, tied) if len(tied) > need else sorted(tied)
        return out

    def _score_of(self, held: frozenset[str], telling: Sequence[str]) -> float:
        """The retrieval score, added up in the order the telling words came in (as every candidate's is)."""
        score = 0.0
        for tok in telling:
            if tok in held:
                score += self.idf[tok]
        return score


def _kth_best(groups: Sequence[tuple[frozenset[str], float, set[int]]], k: int) -> float:
    """The k-th best partial score among the grouped candidates (minus infinity when fewer)."""
    count = 0
    for _, partial, docs in sorted(groups, key=lambda g: -g[1]):
        count += len(docs)
        if count >= k:
            return partial
    return -math.inf


