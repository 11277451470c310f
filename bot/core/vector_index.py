"""The vector index: every candidate's embedded texts, searched by cosine similarity and changed in place by edits.

Vectors come from :mod:`bot.core.semantic` (the model, and the store that keeps them by text). Up to
``EXACT_SEARCH_ROWS`` a search reads every vector; a bigger index narrows its rows by bit codes first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bot.core.semantic import Embedder, Role, Vectors, VectorStore, vectors_for


@dataclass(frozen=True)
class Hit:
    """How close a question came to one candidate: its best text's cosine, and which role it had."""

    candidate: int
    cosine: float
    role: Role


SPARE_MIN = 256
SPARE_SHARE = 0.05
"""Spare rows made at build: an edit adds a handful of rows (an FAQ entry's phrasings), so 5% (7,500 rows, 11 MB at
100,000 phrasings) covers hundreds of edits before the first copy, which at that size took 1.8 s on a busy machine."""
GROWTH = 1.25
"""How much room an index makes when an edit outgrows it: edits then append in place (no copy of 100,000 rows
each time, which cost 0.6 s); a quarter more memory at most, about 40 MB at 100,000 phrasings."""


EXACT_SEARCH_ROWS = 20_000
"""Up to this many rows every search reads every vector (1 ms at 20,000 rows). The shipped knowledge base has
about 2,200, so its answers never depend on the shortlist below."""
SHORTLIST_ROWS = 4_096
"""Rows a big index reads in full, chosen by their bit codes. At 116,000 rows (100,000 phrasings) reading every
vector took 3.3 ms of a question's 7.6 outside the model; the codes and this shortlist take about 1.5 ms. Tried
on the shipped texts among 113,000 look-alike rows (each a blend of two shipped texts, far closer to them than
real entries would be) with 900 validation questions: the best row changed for 1 question (6 with 2,048 rows),
and a full scan is kept below ``EXACT_SEARCH_ROWS``, so the shipped knowledge base is never approximated."""


CENTRE_MIN_ROWS = 20
"""Texts a language needs for a mean of its own to be taken away (the shipped phrasings have 40-53 per language
beside English's hundreds); a language with fewer is centred on the mean of all question texts."""
PASSAGES = "passage"
"""The group of the quotes and source sentences, embedded as passages: centred on their own mean."""


class SemanticIndex:
    """The embedded texts of every candidate, searched by cosine similarity (a dot product of unit vectors).

    A big index first narrows the rows by bit codes (the sign of each dimension once the index's mean vector is
    taken away, so the bits split e5's vectors, which all lean one way) and reads only the shortlist in full.
    """

    def __init__(self, owners: Sequence[int], roles: Sequence[Role], vectors: Vectors, *,
                 exact_rows: int = EXACT_SEARCH_ROWS, shortlist: int = SHORTLIST_ROWS,
                 groups: Sequence[str] | None = None) -> None:
        """``groups``: each row's language (``PASSAGES`` for passages), for :meth:`centred_cosines`."""
        self.roles = list(roles)
        self._rows = len(self.roles)
        """Rows in use; the arrays below have spare rows after them, so an edit appends without copying."""
        self.exact_rows, self.shortlist = exact_rows, shortlist
        self._owners = np.asarray(owners, dtype=np.int64)
        self._passage = np.asarray([r == "passage" for r in roles], dtype=bool)
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._alive = np.ones(self._rows, dtype=bool)
        self._center: Vectors | None = None
        """The mean vector the bit codes are taken around; made when the index first outgrows a full scan."""
        self._coded = 0
        """Rows there were when the center was taken: an index that doubles since takes it afresh."""
        self._codes = np.zeros((0, 0), dtype=np.uint64)
        self._rows_of: dict[int, list[int]] = {}
        for row, owner in enumerate(self._owners.tolist()):
            self._rows_of.setdefault(owner, []).append(row)
        self._reserve(self._rows + max(SPARE_MIN, int(self._rows * SPARE_SHARE)))
        if self._rows > exact_rows:  # coded now, not on the first question
            self._code_rows()
        self._means: dict[str, Vectors] = {}
        """Each language's mean vector (and under "" that of every question text), taken at build."""
        self._mean_rows = np.zeros((0, self._vectors.shape[1]), dtype=np.float32)
        self._mean_of: dict[str, int] = {}
        """The row of ``_mean_rows`` each group is centred on (the last row: the mean of every question text)."""
        self._group_ids = np.zeros(0, dtype=np.int32)
        """Each row's row of ``_mean_rows``."""
        if groups is not None:
            self._means = _group_means(self.vectors, groups)
            named = [g for g in self._means if g]
            self._mean_of = {g: n for n, g in enumerate(named)}
            self._mean_rows = np.stack([self._means[g] for g in named] + [self._means.get("", np.zeros_like(
                self._vectors[0]))]).astype(np.float32) if len(self._vectors) else self._mean_rows
            self._group_ids = self._ids_of(groups)

    @property
    def owners(self) -> Any:
        """The candidate each row belongs to."""
        return self._owners[:self._rows]

    @property
    def passage(self) -> Any:
        """Whether each row was embedded as a passage (a quote, a source sentence) rather than a question."""
        return self._passage[:self._rows]

    @property
    def vectors(self) -> Vectors:
        """One unit vector per row (a view: rows are contiguous, so searching it costs no copy)."""
        return self._vectors[:self._rows]

    @property
    def alive(self) -> Any:
        """False for rows of candidates that changed or left."""
        return self._alive[:self._rows]

    @classmethod
    def build(cls, texts: Iterable[tuple[int, str, Role]], model: Embedder,
              store: VectorStore | None, language: Callable[[str], str] | None = None) -> SemanticIndex:
        """Embed (or read back) every candidate's texts; ``language`` tells the language of a question text."""
        rows = list(texts)
        vectors = vectors_for([(t, r) for _, t, r in rows], model, store)
        groups = [group_of(t, r, language) for _, t, r in rows] if language is not None else None
        return cls([c for c, _, _ in rows], [r for _, _, r in rows], vectors, groups=groups)

    def add(self, texts: Sequence[tuple[int, str, Role]], model: Embedder, store: VectorStore | None,
            language: Callable[[str], str] | None = None) -> None:
        """Append the texts of new or changed candidates (their old rows are dropped with ``drop``)."""
        if not texts:
            return
        if self._means and language is not None:  # the means stay those of the build: a few rows move none
            self._group_ids = np.concatenate([self._group_ids, self._ids_of([group_of(t, r, language)
                                                                             for _, t, r in texts])])
        vectors = vectors_for([(t, r) for _, t, r in texts], model, store)
        start, end = self._rows, self._rows + len(texts)
        if end > len(self._owners):
            self._reserve(max(end, int(len(self._owners) * GROWTH) + 1))
        self._owners[start:end] = [c for c, _, _ in texts]
        self._passage[start:end] = [r == "passage" for _, _, r in texts]
        self._vectors[start:end] = vectors
        if self._center is not None:
            self._codes[:, start:end] = bit_codes(vectors, self._center)
        self._alive[start:end] = True
        for row, (owner, _, _) in enumerate(texts, start):
            self._rows_of.setdefault(owner, []).append(row)
        self.roles += [r for _, _, r in texts]
        self._rows = end

    def _reserve(self, rows: int) -> None:
        """Room for ``rows`` rows: one copy now, then appends fill the spare rows in place."""
        def grown(array: Any) -> Any:
            out = np.zeros((rows, *array.shape[1:]), dtype=array.dtype)
            out[:self._rows] = array[:self._rows]
            return out

        self._owners, self._passage = grown(self._owners), grown(self._passage)
        self._vectors, self._alive = grown(self._vectors), grown(self._alive)
        if self._center is not None:
            codes = np.zeros((self._codes.shape[0], rows), dtype=np.uint64)
            codes[:, :self._rows] = self._codes[:, :self._rows]
            self._codes = codes

    def drop(self, candidates: Iterable[int]) -> None:
        """Forget the rows of candidates that changed or left."""
        for owner in candidates:
            rows = self._rows_of.pop(owner, [])
            self._alive[rows] = False

    def search(self, query: Vectors, limit: int) -> list[Hit]:
        """The ``limit`` candidates whose best text is closest to the question, best first."""
        if not len(self.owners):
            return []
        rows = self._shortlist(query) if self._rows > self.exact_rows else None
        scores = (self.vectors if rows is None else self._vectors[rows]) @ query
        alive = self.alive if rows is None else self._alive[rows]
        scores[~alive] = -1.0
        take = min(len(scores), limit * 4)
        top = np.argpartition(-scores, take - 1)[:take]
        best: dict[int, Hit] = {}
        for at in top[np.argsort(-scores[top])]:
            if not alive[at]:  # a small index has dropped rows among its top ones
                continue
            row = at if rows is None else rows[at]
            owner = int(self._owners[row])
            if owner not in best:
                best[owner] = Hit(owner, float(scores[at]), "passage" if self._passage[row] else "query")
            if len(best) >= limit:
                break
        return list(best.values())

    def cosines(self, query: Vectors, candidates: Iterable[int]) -> dict[int, Hit]:
        """The best cosine of each given candidate (for candidates the lexical path found)."""
        rows = np.asarray([row for c in candidates for row in self._rows_of.get(c, ())], dtype=np.int64)
        out: dict[int, Hit] = {}
        if not len(rows):
            return out
        scores = self.vectors[rows] @ query
        for row, score in zip(rows, scores, strict=True):
            owner = int(self.owners[row])
            if owner not in out or score > out[owner].cosine:
                out[owner] = Hit(owner, float(score), "passage" if self.passage[row] else "query")
        return out

    def centred_cosines(self, query: Vectors, language: str, candidates: Iterable[int]) -> dict[int, float]:
        """Each candidate's best cosine once every text, and the question, has its language's mean taken away.

        e5 puts two questions in one language close whatever they ask ("エヌビディアは欧州で…しましたか"), and
        a question near every phrasing in its language; less the mean, what is left is what each asks. Over the
        validation sets' in-scope questions the best phrasing so found was the right entry's for 556 of 606 not
        in English (510 by the plain cosine) and 1,042 of 1,261 in English (1,039). Empty without languages.
        """
        if not self._means or len(self._group_ids) < self._rows:
            return {}
        owners = [c for c in candidates if self._rows_of.get(c)]
        if not owners:
            return {}
        counts = [len(self._rows_of[c]) for c in owners]
        rows = np.fromiter((row for c in owners for row in self._rows_of[c]), dtype=np.int64, count=sum(counts))
        texts = self._vectors[rows] - self._mean_rows[self._group_ids[rows]]
        asked = query - self._mean_rows[self._mean_of.get(language, len(self._mean_rows) - 1)]
        scores = (texts @ asked) / np.maximum(np.linalg.norm(texts, axis=1), 1e-9)
        scores /= max(float(np.linalg.norm(asked)), 1e-9)
        starts = np.cumsum([0, *counts[:-1]])
        return dict(zip(owners, np.maximum.reduceat(scores, starts).tolist(), strict=True))

    def _ids_of(self, groups: Sequence[str]) -> Any:
        """The row of ``_mean_rows`` for each group (a language with too few texts: the mean of all of them)."""
        fallback = len(self._mean_rows) - 1
        return np.asarray([self._mean_of.get(g, fallback) for g in groups], dtype=np.int32)

    def _shortlist(self, query: Vectors) -> Any:
        """The rows whose bit codes differ least from the question's: at least ``shortlist`` of them, ties kept."""
        if self._center is None or self._rows > 2 * self._coded:
            self._code_rows()
        assert self._center is not None
        code = bit_codes(query[None, :], self._center)[:, 0]
        distance = np.zeros(self._rows, dtype=np.uint16)
        for word, bits in zip(code, self._codes[:, :self._rows], strict=True):
            distance += np.bitwise_count(bits ^ word)
        counts = np.cumsum(np.bincount(distance))
        cut = int(np.searchsorted(counts, min(self.shortlist, self._rows)))
        return np.flatnonzero(distance <= cut)


    def _code_rows(self) -> None:
        """Take the center of the live rows and code every row around it (once, then again at each doubling)."""
        live = self.vectors[self.alive]
        self._center = live.mean(axis=0) if len(live) else np.zeros(self.vectors.shape[1], dtype=np.float32)
        codes = bit_codes(self.vectors, self._center)
        self._codes = np.zeros((codes.shape[0], len(self._owners)), dtype=np.uint64)
        self._codes[:, :self._rows] = codes
        self._coded = self._rows


def bit_codes(vectors: Vectors, center: Vectors) -> Any:
    """One bit per dimension (above the center or not), packed into 64-bit words.

    Shaped (words, rows), word-major, so comparing one word of every row reads contiguous memory.
    """
    if vectors.ndim != 2 or not vectors.shape[1]:
        return np.zeros((0, len(vectors)), dtype=np.uint64)
    bits = np.packbits(vectors > center, axis=1)
    padded = np.zeros((len(vectors), -(-bits.shape[1] // 8) * 8), dtype=np.uint8)
    padded[:, :bits.shape[1]] = bits
    return np.ascontiguousarray(padded.view(np.uint64).T)


def group_of(text: str, role: Role, language: Callable[[str], str]) -> str:
    """A text's group for centring: its language, or ``PASSAGES``."""
    return PASSAGES if role == "passage" else language(text)


def _group_means(vectors: Vectors, groups: Sequence[str]) -> dict[str, Vectors]:
    """The mean vector of each group with ``CENTRE_MIN_ROWS`` rows, and under "" that of every question text."""
    rows: dict[str, list[int]] = {}
    for row, group in enumerate(groups):
        rows.setdefault(group, []).append(row)
    means = {group: vectors[at].mean(axis=0) for group, at in rows.items() if len(at) >= CENTRE_MIN_ROWS}
    questions = [row for row, group in enumerate(groups) if group != PASSAGES]
    if questions:
        means[""] = vectors[questions].mean(axis=0)
    return means


def recentred(hits: Mapping[int, Hit], centred: Mapping[int, float]) -> dict[int, Hit]:
    """The hits with each cosine lowered where the centred cosines put its entry below the best one.

    The centred cosines order the entries but live on another scale; on the plain one the entry they put first
    keeps its cosine, and each other drops by its distance below it (rescaled by the spread of both), never rising:
    a cosine raised would have answered traps the plain one left unsure (9 more on the validation sets). A hit
    without a centred cosine (outside the pool worked out) stays below the lowest of those with one.
    """
    shared = [i for i in hits if i in centred]
    if len(shared) < 2:
        return dict(hits)
    plain = np.array([hits[i].cosine for i in shared])
    mine = np.array([centred[i] for i in shared])
    spread = float(plain.std() / mine.std()) if mine.std() > 0 else 1.0
    top_plain, top_mine = float(plain.max()), float(mine.max())
    out = dict(hits)
    for i in shared:
        out[i] = replace(hits[i], cosine=min(hits[i].cosine, top_plain - (top_mine - centred[i]) * spread))
    floor = min(out[i].cosine for i in shared)
    for i in hits:
        if i not in centred:
            out[i] = replace(hits[i], cosine=min(hits[i].cosine, floor))
    return out
