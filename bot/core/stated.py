"""What an entry states of what a question asks: not only the kind of answer, but said of the thing asked.

An entry can hold a time and still not say when the asked thing happens ("production will triple next year"
beside "capacity will grow 10 times"), or a figure that is someone else's ("Mistral Compute will use 18,000
chips, and Nebius and Nscale will use thousands"). And a question that quotes an entry's own words names the
entry better than any score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from bot.core import tuning as t
from bot.core.analysis import Analysis
from bot.core.candidates import Candidate
from bot.core.text import fold

WHEN = frozenset({"time", "duration", "year"})
"""Kinds of answer that say when."""
_EXACTLY = re.compile(
    r"\b(?:exact(?:ly)?|precise(?:ly)?|specific(?:ally)?|how many each|each (?:get|getting|receive)|exactamente"
    r"|exactement|genau|esattamente|exatamente|dokładnie|precies|exakt|přesně|pontosan|tarkalleen|точно|tam olarak"
    r"|chính xác|persis)\b", re.IGNORECASE)
"""Words asking for a figure, not an amount: "exactly how many chips?" wants a number, not "thousands"; in any of
the table's languages' common forms ("exactamente", "genau", "esattamente", "dokładnie")."""
_BRAND_MODEL = re.compile(r"\b(?:which|what)(?:'s| is| are)?\s+(?:the\s+)?([\w-]+)\s+models?\b", re.IGNORECASE)
"""A question for a brand's model by name: "which Volvo models get Drive?", "what's the Mercedes model?"."""
_MODEL_WORD = re.compile(r"車種|モデル|车型|車型|型号|型號|모델|차종|\bmodel|\bmodèle|\bmodelo|\bmodell|\bmodele"
                         r"|\bмодел|\bμοντέλ|\bmodeli", re.IGNORECASE)
"""A word for a model in the languages of the table ("車種", "modelo", "модель"), for "which Volvo model?"."""
_MODELS_NAMED = re.compile(r"\bwhich\s+(?:[\w-]+\s+){0,2}(?:models|llms)\b|\bmodel names\b|\bnames of the models\b",
                           re.IGNORECASE)
"""A question for models by name, of no brand: "which LLMs is NVIDIA helping build?", "model names pls"."""
_DESIGNATION = re.compile(r"\b(?!(?:AI|LLMS?|GPUS?|EU|US|UK)\b)[A-Z0-9][A-Z0-9-]+\s+(?i:models?|llms?)\b")
"""A model named as model names are written, in capitals or figures ("CLA models"), not "AI models"."""
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))[\"'\u201c\u2018\u00ab\u201e]([^\"\u201c\u201d\u00ab\u00bb\u201e]{3,200}?)"
                     r"[\"'\u201d\u2019\u00bb](?=$|[\s,.;:!?)\]])")


def unstated(q: Analysis, cand: Candidate, ambient: frozenset[str], missing: frozenset[str],
              scene: frozenset[str] = frozenset(), entity_kinds: Mapping[str, str] | None = None) -> frozenset[str]:
    """Kinds the entry holds but does not state of what the question names (added to ``missing``, its unmet kinds).

    ``scene``: the country the whole entry is set in (:func:`scene`), which its figures need not name.
    ``entity_kinds``: what each name is; only a company makes models ("Drive" is a platform the cars get).
    """
    out: set[str] = set()
    names = (q.entities & cand.entities) - ambient
    if q.asks & WHEN and not missing & WHEN and not _said_when(q, cand, names):
        out.add("time")
    counted = names - scene  # "the French startup's chips": all the entry says is in France
    if q.asks & {"count", "amount"} and _says(_EXACTLY, q.text) and (
            not any(counted <= e for e in cand.figured) or (q.counted and not _counts(_passages(cand), q.counted))):
        out.add("count")  # "exactly how many?" is not answered by "thousands", nor by another's figure
    elif q.asks & {"count", "amount"} and counted - q.borrowed and not any(counted & e for e in cand.amounted):
        out.add("count")  # "how many GPUs will Italy get?" is not answered by the UK's "thousands"
    own = q.entities - q.borrowed
    if "percent" in q.asks and own and not any(own <= e for e in cand.amounted):
        out.add("percent")  # a share is of all it names: "NVIDIA's sales from Europe" is not Microsoft's and Meta's
    makers = frozenset(e for e in q.entities - ambient if (entity_kinds or {}).get(e, "company") == "company")
    brands = _brands_asked(q.text, q.language, q.yesno, makers)
    if brands and not any(_names_model(cand, brand) for brand in brands):
        out.add("model")  # "upcoming Volvo and Jaguar models" names no Volvo model
    elif not brands and _says(_MODELS_NAMED, q.text) and not any(
            _DESIGNATION.search(text) for text, role in cand.semantic_texts if role == "passage"):
        out.add("model")  # "AI models in local languages" names none
    return frozenset(out)


def scene(cand: Candidate, entity_kinds: Mapping[str, str], ambient: frozenset[str]) -> frozenset[str]:
    """The one country an entry is set in, when it names only one: each of its figures is a figure of that country's.

    "How many processors will power the French model maker's cloud?" is answered by "Mistral Compute will use
    18,000 chips", though that sentence does not say France; "how many will Italy get?" is still not answered by an
    entry naming the UK's thousands and Italy's new hardware. A comparison still wants each figure said of its
    side, so the matcher gives none there.
    """
    countries = frozenset(e for e in cand.entities - ambient if entity_kinds.get(e) == "country")
    return countries if len(countries) == 1 else frozenset()


def _passages(cand: Candidate) -> tuple[str, ...]:
    return tuple(text for text, role in cand.semantic_texts if role == "passage")


@lru_cache(maxsize=4096)
def _counts(texts: tuple[str, ...], counted: str) -> bool:
    """Whether a figure in the texts counts the noun.

    "18,000 of NVIDIA's new Grace Blackwell chips" counts chips; "more than 20 planned AI factories will be
    gigafactories" does not count gigafactories.
    """
    pattern = re.compile(rf"\d[\d,.]*\+?\s+(?:(?!(?:will|be|is|are|was|were|has|have|had)\b)[\w'’-]+\s+){{0,5}}"
                         rf"{re.escape(counted)}", re.IGNORECASE)
    return any(pattern.search(text) for text in texts)


@lru_cache(maxsize=1024)
def _says(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a question's text has the pattern, worked out once per question rather than once per entry."""
    return pattern.search(text) is not None


@lru_cache(maxsize=1024)
def _brands_asked(text: str, language: str, yesno: bool, names: frozenset[str]) -> tuple[str, ...]:
    """The brands whose model a question asks for by name, as their names' first words (``names``: its own).

    In English, the name before "models" ("which Volvo models"); in other languages, every name of an open
    question with a word for a model ("ボルボのどの車種", which Volvo car type).
    """
    firsts = {e.split()[0].split("-")[0]: e for e in names}
    if language == "en":
        match = _BRAND_MODEL.search(text)
        word = fold(match.group(1)) if match else ""
        return (word,) if word in firsts else ()
    return tuple(sorted(firsts)) if _MODEL_WORD.search(text) and not yesno else ()


def _names_model(cand: Candidate, brand: str) -> bool:
    """Whether the entry names a model of the brand.

    A model is a designation between the brand and "models", in capitals or figures as model names are written:
    "Mercedes-Benz CLA models" names one, "upcoming Volvo and Jaguar models" none.
    """
    pattern = re.compile(
        rf"(?i:\b{re.escape(brand)})[\w-]*(?:\s+[A-Z][\w-]*)??\s+([A-Z0-9][A-Z0-9-]+)\s+(?i:models?)\b")
    return any(pattern.search(text) for text, role in cand.semantic_texts if role == "passage")


def _said_when(q: Analysis, cand: Candidate, names: frozenset[str]) -> bool:
    """Whether one of the entry's clauses gives a time together with the question's names and figures it holds."""
    if not cand.timed:
        return True  # no clause says when: whether it can answer is the kinds' check
    figures = q.numbers & cand.numbers
    return any(names <= entities and figures <= numbers for entities, numbers in cand.timed)


def quoted_spans(text: str) -> tuple[str, ...]:
    """What a question quotes: spans of at least ``QUOTED_MIN_WORDS`` words between quotation marks, folded."""
    spans = (fold(m.group(1)).strip(" .,;:!?") for m in _QUOTED.finditer(text))
    return tuple(s for s in spans if len(s.split()) >= t.QUOTED_MIN_WORDS)


def quotes(spans: tuple[str, ...], cand: Candidate) -> bool:
    """Whether the question quotes this entry's own answer or quotes word for word."""
    if not spans:
        return False
    passages = [fold(text) for text, role in cand.semantic_texts if role == "passage"]
    return any(span in passage for span in spans for passage in passages)
