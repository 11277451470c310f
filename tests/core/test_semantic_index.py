"""The semantic index changed in place: after any run of edits it finds what a fresh build of the same rows finds."""

from __future__ import annotations

import numpy as np

from bot.core.semantic import SemanticIndex
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
