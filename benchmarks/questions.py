"""The fixed question set every size is timed on: the development questions plus paraphrases, typos and misses.

It is made from the real knowledge base only, so every synthetic size answers exactly the same questions. The
development questions are read from ``tests/data/``, which only a source checkout has (the reason the
benchmark lives outside the ``bot`` package).
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from bot.core.loader import KnowledgeData

DEV_QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev-questions.yaml"

_MISSES = (
    "How many chips is Nvidia sending to {country}?",
    "What did {company} announce in {city}?",
    "How many AI factories are being built in {country}?",
    "Is {person} involved in the data centre in {city}?",
    "Which telcos in {country} work with Nvidia?",
    "What is the weather like in {city} today?",
    "Recommend a good restaurant in {city}",
    "How do I reset my password?",
    "What is the stock price of {company}?",
    "Who won the football match yesterday?",
)


def question_set(real: KnowledgeData, dev_file: Path | None = DEV_QUESTIONS, *, seed: int = 0) -> list[str]:
    """The fixed questions every size is timed on: the development set plus paraphrases, typos and misses.

    Made from the real knowledge base only, so every size answers exactly the same questions.
    """
    rng = random.Random(seed)
    questions: list[str] = []
    if dev_file is not None and dev_file.exists():
        questions += [str(item["q"]) for item in yaml.safe_load(dev_file.read_text(encoding="utf-8")) or []]
    phrasings = sorted({p for e in real.faq for p in (e.question, *e.phrasings)})
    if not phrasings:
        return questions or ["What did NVIDIA announce?"]
    for _ in range(40):
        questions.append(_paraphrase(rng, rng.choice(phrasings)))
    for _ in range(40):
        questions.append(_typos(rng, rng.choice(phrasings)))
    names = {kind: list(real.gazetteer.get(kind, ())) or ["Atlantis"] for kind in ("country", "company", "city",
                                                                                   "person")}
    for _ in range(40):
        template = rng.choice(_MISSES)
        questions.append(template.format(**{k: rng.choice(v) for k, v in names.items()}))
    return questions


def _paraphrase(rng: random.Random, text: str) -> str:
    words = text.rstrip("?!. ").split()
    how = rng.randrange(4)
    if how == 0:
        words = [w for w in words if len(w) > 3]
    elif how == 1 and len(words) > 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif how == 2:
        words = [rng.choice(("hey, ", "quick question: ", "so ", "bot, ")), *words]
    else:
        words = [w.lower() for w in words] + [rng.choice(("please", "exactly", "again"))]
    return " ".join(words).replace(" ,", ",") + rng.choice(("?", "", " ?"))


def _typos(rng: random.Random, text: str) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    for i in rng.sample(long, min(len(long), rng.randint(1, 2))):
        w = words[i]
        j = rng.randrange(1, len(w) - 1)
        how = rng.randrange(3)
        if how == 0:
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif how == 1:
            words[i] = w[:j] + w[j + 1:]
        else:
            words[i] = w[:j] + w[j] + w[j:]
    return " ".join(words)

