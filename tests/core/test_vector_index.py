"""The semantic index changed in place: after any run of edits it finds what a fresh build of the same rows finds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.core.semantic import Role, Vectors
from bot.core.vector_index import CENTRE_MIN_ROWS, Hit, SemanticIndex, recentred
from tests.core.tiny_kb import FakeEmbedder

TEXTS = [f"text number {n} about chips and factories" for n in range(40)]


def fresh(rows: list[tuple[int, str]]) -> SemanticIndex:
    return SemanticIndex.build([(c, t, "query") for c, t in rows], FakeEmbedder(), None)


def test_edits_append_and_drop_rows_and_search_agrees_with_a_fresh_build() -> None:
    model = FakeEmbedder()
    live = [(n, TEXTS[n]) for n in range(5)]
    index = fresh(live)
    for n in range(5, 40):  # many appends: the index outgrows its first arrays several times
        index.add([(n, TEXTS[n], "query")], model, None)
        live.append((n, TEXTS[n]))
        if n % 3 == 0:  # and an edit drops the candidate's old rows
            index.drop([n - 4])
            live = [(c, t) for c, t in live if c != n - 4]
    rebuilt = fresh(live)
    for probe in (TEXTS[0], TEXTS[17], TEXTS[39], "something else entirely"):
        query = model.embed([probe], "query")[0]
        assert [(h.candidate, round(h.cosine, 5)) for h in index.search(query, 5)] == \
            [(h.candidate, round(h.cosine, 5)) for h in rebuilt.search(query, 5)]
    assert len(index.vectors) == 40 and int(np.count_nonzero(index.alive)) == len(live)


def test_a_dropped_candidate_is_never_found_again() -> None:
    index = fresh([(0, TEXTS[0]), (1, TEXTS[1])])
    index.drop([0])
    query = FakeEmbedder().embed([TEXTS[0]], "query")[0]
    assert [h.candidate for h in index.search(query, 5)] == [1]
    assert 0 not in index.cosines(query, [0, 1])


def spread(n: int, dim: int = 64, seed: int = 3) -> Vectors:
    """Unit vectors that all lean one way, as e5's do (every cosine between them is high)."""
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, dim)).astype(np.float32) + 2.0
    out: Vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    return out


def big(vectors: Vectors, *, shortlist: int = 200) -> SemanticIndex:
    """An index over the row limit, so every search goes through the bit-code shortlist."""
    return SemanticIndex(list(range(len(vectors))), ["query"] * len(vectors), vectors, exact_rows=0,
                         shortlist=shortlist)


def test_a_big_index_finds_a_stored_text_first_through_its_shortlist() -> None:
    vectors = spread(3000)
    index = big(vectors)
    for row in (0, 1234, 2999):
        hits = index.search(vectors[row], 5)
        assert hits[0].candidate == row and abs(hits[0].cosine - 1.0) < 1e-5


def test_a_big_index_reads_only_its_shortlist_but_at_least_that_many_rows() -> None:
    vectors = spread(3000)
    rows = big(vectors, shortlist=200)._shortlist(vectors[7])
    assert 200 <= len(rows) < 3000 and 7 in rows


def test_a_big_index_agrees_with_a_full_scan_on_a_question_near_one_text() -> None:
    vectors = spread(3000)
    rng = np.random.default_rng(9)
    near = vectors[42] + 0.05 * rng.standard_normal(vectors.shape[1], dtype=np.float32)
    near = near / np.linalg.norm(near)
    full = SemanticIndex(list(range(3000)), ["query"] * 3000, vectors)
    assert big(vectors).search(near, 1) == full.search(near, 1)


def test_rows_added_to_a_big_index_are_found_and_dropped_ones_are_not() -> None:
    vectors = spread(3001)
    index = big(vectors[:3000])
    index.add([(5000, "new text", "query")], StoredModel(vectors[3000]), None)
    assert index.search(vectors[3000], 1)[0].candidate == 5000
    index.drop([5000, 10])
    assert 5000 not in {h.candidate for h in index.search(vectors[3000], 5)}
    assert 10 not in {h.candidate for h in index.search(vectors[10], 5)}
    assert index.cosines(vectors[10], [10, 11]).keys() == {11}


class StoredModel:
    """An embedder that gives one fixed vector, so a test knows what the index appends."""

    version = "stored-1"

    def __init__(self, vector: Vectors) -> None:
        self.vector = vector
        self.dim = len(vector)

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        return np.vstack([self.vector] * len(texts))


def test_an_index_built_empty_grows_into_a_big_one_that_finds_its_rows() -> None:
    vectors = spread(400)
    index = SemanticIndex([], [], np.zeros((0, vectors.shape[1]), dtype=np.float32), exact_rows=0, shortlist=40)
    for row in range(len(vectors)):
        index.add([(row, f"text {row}", "query")], StoredModel(vectors[row]), None)
    assert all(index.search(vectors[row], 1)[0].candidate == row for row in (0, 199, 399))


def unit(*parts: tuple[int, float], dim: int = 6) -> Vectors:
    vector = np.zeros(dim, dtype=np.float32)
    for axis, weight in parts:
        vector[axis] = weight
    out: Vectors = vector / np.linalg.norm(vector)
    return out


def test_centring_on_each_language_finds_what_a_question_asks_rather_than_its_language() -> None:
    """Axis 0 is language A, 1 language B; 2, 3 and 4 are what texts ask. Plainly, a question in A about axis 3
    is nearest A's texts about 2; with each language's mean taken away, B's texts about 3 come first."""
    half = CENTRE_MIN_ROWS // 2
    rows = ([(0, unit((0, 0.9), (2, 0.3)), "a")] * half + [(2, unit((0, 0.9), (4, 0.3)), "a")] * half
            + [(1, unit((1, 0.9), (3, 0.3)), "b")] * half + [(3, unit((1, 0.9), (4, 0.3)), "b")] * half)
    index = SemanticIndex([c for c, _, _ in rows], ["query"] * len(rows), np.stack([v for _, v, _ in rows]),
                          groups=[g for _, _, g in rows])
    question = unit((0, 0.9), (3, 0.3))
    plain = index.cosines(question, [0, 1])
    assert plain[0].cosine > plain[1].cosine
    centred = index.centred_cosines(question, "a", [0, 1, 2, 3])
    assert max(centred, key=centred.__getitem__) == 1
    assert SemanticIndex([0], ["query"], question[None, :]).centred_cosines(question, "a", [0]) == {}


def test_recentring_lowers_what_centring_puts_far_below_and_raises_nothing() -> None:
    """The entry centring puts first keeps its plain cosine; one it puts far below drops below it."""
    hits = {0: Hit(0, 0.95, "query"), 1: Hit(1, 0.93, "query"), 2: Hit(2, 0.90, "query")}
    out = recentred(hits, {0: 0.2, 1: 0.8, 2: 0.5})
    assert out[1].cosine == hits[1].cosine and out[0].cosine < out[1].cosine
    assert all(out[i].cosine <= hits[i].cosine for i in hits)
    assert recentred(hits, {0: 0.5}) == hits


def test_a_hit_outside_the_centred_pool_stays_below_it() -> None:
    hits = {0: Hit(0, 0.95, "query"), 1: Hit(1, 0.93, "query"), 2: Hit(2, 0.92, "query")}
    out = recentred(hits, {0: 0.2, 1: 0.8})
    assert out[2].cosine <= min(out[0].cosine, out[1].cosine)
