"""A tiny knowledge base built in code, from a FICTIONAL article, so the matcher's mechanisms are pinned apart
from data/ (editing the shipped facts must not move these tests). Orbital Labs, Quasar, Dana Reyes and Sam
Ortiz do not exist."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from bot.core.answers import AnswerBuilder
from bot.core.index import Index
from bot.core.loader import KnowledgeData
from bot.core.matcher import Matcher
from bot.core.models import Alias, Answer, Fact, FaqEntry, Source, Topic
from bot.core.semantic import Embedder, Role, Vectors
from bot.core.vector_index import SemanticIndex

ARTICLE = (
    "FICTIONAL TEST ARTICLE, NOT A REAL REPORT. Orbital Labs will use 5,000 Quasar chips in its Lisbon data centre. "
    "The company said the Quasar cloud opens next year. Dana Reyes, head of research at Orbital Labs, said: "
    "\u201cThe only thing missing is power.\u201d Orbital Labs works with 300 startups. "
    "Sam Ortiz visited the Lisbon site."
)


def fact(fid: str, statement: str, quote: str, entities: Sequence[str] = ()) -> Fact:
    return Fact(fid, statement, "fiction", quote, ("orbital",), tuple(entities))


DATA = KnowledgeData(
    sources=(Source("fiction", "A fictional article", None, None, None, "en", ARTICLE),),
    topics=(Topic("orbital", "Orbital Labs", "A fictional company."),),
    facts=(
        fact("chips", "Orbital Labs will use 5,000 Quasar chips.",
             "Orbital Labs will use 5,000 Quasar chips in its Lisbon data centre.", ["Orbital Labs", "Quasar"]),
        fact("opening", "The Quasar cloud opens next year.", "The company said the Quasar cloud opens next year.",
             ["Quasar"]),
        fact("missing", "Dana Reyes said the only thing missing is power.",
             "Dana Reyes, head of research at Orbital Labs, said: \u201cThe only thing missing is power.\u201d",
             ["Dana Reyes", "Orbital Labs"]),
        fact("startups", "Orbital Labs works with 300 startups.", "Orbital Labs works with 300 startups.",
             ["Orbital Labs"]),
        fact("visit", "Sam Ortiz visited the Lisbon site.", "Sam Ortiz visited the Lisbon site.", ["Sam Ortiz"]),
    ),
    faq=(
        FaqEntry("chips-count", "How many chips will Orbital Labs use?", "Orbital Labs will use 5,000 Quasar chips.",
                 ("chips",)),
        FaqEntry("location", "Where is the Orbital Labs data centre?",
                 "Orbital Labs' data centre is in Lisbon.", ("chips",)),
        FaqEntry("opening-time", "When does the Quasar cloud open?", "The Quasar cloud opens next year.", ("opening",)),
        FaqEntry("missing", "What is missing, according to Dana Reyes?",
                 "Dana Reyes said the only thing missing is power.", ("missing",)),
        FaqEntry("startups-count", "How many startups does Orbital Labs work with?",
                 "Orbital Labs works with 300 startups.", ("startups",)),
    ),
    aliases=(
        Alias("Orbital Labs", "company", ("Orbital",)),
        Alias("Quasar", "product", ()),
        Alias("Dana Reyes", "person", ("Reyes",)),
        Alias("Sam Ortiz", "person", ("Ortiz",)),
        Alias("Lisbon", "place", ("Lisboa",)),
    ),
    gazetteer={"company": ("Globex",)},
)


class FakeEmbedder:
    """Unit vectors from a hash of the text, except texts told to mean the same as another (a "translation")."""

    version = "fake-1"
    dim = 32

    def __init__(self, same: Mapping[str, str] | None = None) -> None:
        self.same = dict(same or {})
        self.calls = 0

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        self.calls += 1
        rows = []
        for text in texts:
            seed = int(hashlib.sha256(self.same.get(text, text).encode()).hexdigest()[:8], 16)
            vector = np.random.default_rng(seed).normal(size=self.dim).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
        return np.vstack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)


class Tiny:
    """The tiny knowledge base's matcher and answers, with or without the fake embedding."""

    def __init__(self, embedder: Embedder | None = None, data: KnowledgeData = DATA) -> None:
        self.index = Index.build(data)
        semantic = None
        if embedder is not None:
            rows = [(i, t, r) for i, c in enumerate(self.index.candidates) for t, r in c.semantic_texts]
            semantic = SemanticIndex.build(rows, embedder, None)
        self.matcher = Matcher(self.index, semantic, embedder)
        self.answers = AnswerBuilder(data)

    def ask(self, question: str) -> Answer:
        return self.answers.from_match(question, self.matcher.match(question))
