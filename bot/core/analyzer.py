"""Turns a question (in English or another European language) into what the matcher compares.

The steps are fixed and each is data-driven: fold the text, pick the
question's language from the lexicon, translate its words to English, mend
typos against the knowledge base's own words, fold number words, map aliases
to one name (and note which known entities and which unknown names the
question mentions), drop function words, stem. The knowledge base's text goes
through the same steps, so both sides meet in one vocabulary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import wordfreq
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.core.models import Alias
from bot.core.text import cased_words, fold, is_number, stem, words
from bot.core.vocabulary import FRAME_WORDS, GENERIC_WORDS, NUMBER_WORDS, QUESTION_TYPES, STOPWORDS

ENTITY_KINDS = frozenset({"person", "company", "country", "place", "product"})
"""Alias kinds that name something; a question about one the answer does not cover is a near miss."""

MAX_PHRASE = 6
MAX_TOKENS = 200
"""Questions are cut to this many words before matching: no real question is longer."""

INFLECTED = 80
"""rapidfuzz ratio from which an unknown foreign word is read as an inflection of a lexicon word."""

COMMON_ENGLISH = 3.0
"""Zipf frequency from which a word counts as real English (and is never "corrected")."""


@lru_cache(maxsize=32768)
def _zipf(word: str, lang: str) -> float:
    return float(wordfreq.zipf_frequency(word, lang, wordlist="small"))


@dataclass(frozen=True)
class Analysis:
    """What the matcher needs to know about one text."""

    tokens: tuple[str, ...]
    """Stemmed content tokens, in order, duplicates kept."""
    entities: frozenset[str]
    """Known entities (alias canonical keys) the text names."""
    foreign: frozenset[str]
    """Names the knowledge base does not cover (gazetteer hits, unknown capitalised names)."""
    numbers: frozenset[str]
    qtype: str | None
    unknown: frozenset[str]
    """Stemmed content tokens that are real words but not in the knowledge base."""
    language: str
    junk: frozenset[str] = frozenset()
    """Content tokens that are neither knowledge-base words nor known English: junk or untranslated words."""
    counted: str | None = None
    """What a "how many ..." question counts (the head noun after it, stemmed), if it says."""

    @property
    def unknown_tokens(self) -> frozenset[str]:
        """Content tokens not in the knowledge base at all (real words, names or junk)."""
        return self.unknown | self.junk

    @property
    def content(self) -> frozenset[str]:
        """The distinct content tokens."""
        return frozenset(self.tokens)


@dataclass(frozen=True)
class _Phrase:
    tokens: tuple[str, ...]
    key: str
    entity: bool
    cased: tuple[str, ...] | None = None


class Analyzer:
    """Built once per knowledge-base revision from aliases, lexicon, gazetteer and the KB's words."""

    def __init__(
        self,
        aliases: Iterable[Alias],
        lexicon: Mapping[str, Mapping[str, str]],
        gazetteer: Mapping[str, Sequence[str]],
        english_texts: Iterable[str],
        other_texts: Iterable[str] = (),
    ) -> None:
        self._aliases: dict[tuple[str, ...], list[_Phrase]] = {}
        self.entity_names: dict[str, str] = {}
        self.entity_kinds: dict[str, str] = {}
        for alias in aliases:
            key = fold(alias.canonical)
            is_entity = alias.kind in ENTITY_KINDS
            canon = ("".join(words(alias.canonical)),) if is_entity else tuple(words(alias.canonical))
            if is_entity:
                self.entity_names[key] = alias.canonical
                self.entity_kinds[key] = alias.kind
            for name in (alias.canonical, *alias.aliases):
                toks = tuple(words(name))
                if not toks:
                    continue
                cased = None
                if len(toks) == 1 and name.isupper() and toks[0] in STOPWORDS:
                    cased = tuple(cased_words(name))
                self._aliases.setdefault(toks, []).append(_Phrase(canon, key, is_entity, cased))
        self._foreign: dict[tuple[str, ...], str] = {}
        for names in gazetteer.values():
            for name in names:
                toks = tuple(words(name))
                if toks and toks not in self._aliases:
                    self._foreign[toks] = name
        self._lexicon: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
            lang: {tuple(words(k)): tuple(words(v)) for k, v in table.items() if words(k)}
            for lang, table in lexicon.items()
        }
        counts: Counter[str] = Counter()
        for text in english_texts:
            counts.update(words(text))
        for toks, phrases in self._aliases.items():
            counts.update(toks)
            for phrase in phrases:
                counts.update(phrase.tokens)
        self.english_words: frozenset[str] = frozenset(counts)
        for text in other_texts:
            counts.update(words(text))
        self.kb_words: frozenset[str] = frozenset(counts)
        self._lexicon_singles = {
            lang: [k[0] for k in table if len(k) == 1 and len(k[0]) >= 4] for lang, table in self._lexicon.items()
        }
        lexicon_words = {t for table in self._lexicon.values() for k in table for t in k}
        foreign_words = {t for k in self._foreign for t in k}
        self._known = self.kb_words | lexicon_words | foreign_words | STOPWORDS | FRAME_WORDS | GENERIC_WORDS
        self._known |= frozenset(NUMBER_WORDS)
        typo_targets = counts | Counter({w: 0 for w in foreign_words | FRAME_WORDS})
        self._typo_vocab = [w for w, _ in typo_targets.most_common() if len(w) >= 4 and w.isalpha()]

    # -- the steps -------------------------------------------------------------------------------

    def detect_language(self, low: Sequence[str]) -> str:
        """The lexicon language most of the question's words belong to, or "en".

        A language wins only when its words are at least as many as the English
        function words, so an English question naming "Deutsche Telekom" stays
        English while "Quantos chips a Mistral vai receber?" is Portuguese.
        """
        scores: Counter[str] = Counter()
        for lang, table in self._lexicon.items():
            for tok in low:
                if (tok,) in table and not self._is_english(tok):
                    scores[lang] += 1
        if not scores:
            return "en"
        lang, hits = scores.most_common(1)[0]
        table = self._lexicon[lang]
        english = sum(1 for tok in low if tok in STOPWORDS and (tok,) not in table)
        return lang if hits >= english else "en"

    def _is_english(self, tok: str) -> bool:
        return tok in self.english_words or tok in STOPWORDS or tok in FRAME_WORDS or _zipf(tok, "en") >= 4.5

    def _translate(self, low: list[str], lang: str) -> list[str]:
        primary = self._lexicon.get(lang, {})
        others = [t for code, t in self._lexicon.items() if code != lang]
        out: list[str] = []
        i = 0
        while i < len(low):
            for size in range(min(MAX_PHRASE, len(low) - i), 0, -1):
                key = tuple(low[i : i + size])
                if key in primary:
                    out.extend(primary[key])
                    i += size
                    break
            else:
                tok = low[i]
                if not self._is_english(tok):
                    for table in others:
                        if (tok,) in table:
                            out.extend(table[(tok,)])
                            break
                    else:
                        out.extend(self._inflected(tok, lang))
                else:
                    out.append(tok)
                i += 1
        return out

    def _inflected(self, tok: str, lang: str) -> tuple[str, ...] | list[str]:
        """An inflected form the lexicon lacks ("construirán" for "construir"), by close spelling."""
        if len(tok) < 5 or tok in self.kb_words:
            return [tok]
        found = process.extractOne(tok, self._lexicon_singles.get(lang, ()), scorer=fuzz.ratio, score_cutoff=INFLECTED)
        return self._lexicon[lang][(str(found[0]),)] if found else [tok]

    def correct(self, tok: str, lang: str = "en") -> str:
        """The knowledge-base word a misspelt token stands for, or the token itself."""
        if len(tok) < 4 or not tok.isalpha() or tok in self._known:
            return tok
        if _zipf(tok, "en") >= COMMON_ENGLISH or (lang != "en" and _zipf(tok, lang) >= COMMON_ENGLISH):
            return tok
        limit = 1 if len(tok) <= 5 else 2
        found = process.extractOne(
            tok, self._typo_vocab, scorer=DamerauLevenshtein.distance, score_cutoff=limit
        )
        return str(found[0]) if found else tok

    def analyze(self, text: str) -> Analysis:
        """Every step, in order; never raises on any input."""
        cased = cased_words(text)[:MAX_TOKENS]
        low = [w.lower() for w in cased]
        lang = self.detect_language(low)
        if lang != "en":
            low = self._translate(low, lang)
            cased = list(low)
        low = [self.correct(t, lang) for t in low]
        expanded: list[str] = []
        expanded_cased: list[str] = []
        for c, t in zip(cased, low, strict=True):
            repl = NUMBER_WORDS.get(t)
            parts = repl.split() if repl else [t]
            expanded.extend(parts)
            expanded_cased.extend(parts if repl else [c])
        return self._finish(expanded, expanded_cased, lang)

    def _finish(self, low: list[str], cased: list[str], lang: str) -> Analysis:
        entities: set[str] = set()
        foreign: set[str] = set()
        out: list[str] = []
        i = 0
        while i < len(low):
            step = self._phrase_at(low, cased, i, entities, foreign, out)
            if step:
                i += step
                continue
            tok = low[i]
            if (
                lang == "en"
                and i > 0
                and cased[i][:1].isupper()
                and tok.isalpha()
                and len(tok) > 2
                and tok not in self._known
                and _zipf(tok, "en") < 4.5
            ):
                foreign.add(tok)
            out.append(tok)
            i += 1
        qtype = _question_type(out)
        counted = _counted(out, self.kb_words)
        content = [t for t in out if t not in _NOT_CONTENT and (len(t) > 1 or t.isdigit())]
        unknown = {
            stem(t)
            for t in content
            if t not in self.kb_words and not is_number(t) and (t in foreign or _zipf(t, "en") >= COMMON_ENGLISH)
        }
        junk = {stem(t) for t in content if t not in self.kb_words and not is_number(t)} - unknown
        if lang != "en":
            unknown -= junk
        tokens = tuple(stem(t) for t in content)
        numbers = frozenset(t for t in content if is_number(t))
        return Analysis(tokens, frozenset(entities), frozenset(foreign), numbers, qtype,
                        frozenset(unknown), lang, frozenset(junk), counted)

    def _phrase_at(
        self, low: list[str], cased: list[str], i: int, entities: set[str], foreign: set[str], out: list[str]
    ) -> int:
        for size in range(min(MAX_PHRASE, len(low) - i), 0, -1):
            key = tuple(low[i : i + size])
            for phrase in self._aliases.get(key, ()):
                if phrase.cased is not None and tuple(cased[i : i + size]) != phrase.cased:
                    continue
                if phrase.entity:
                    entities.add(phrase.key)
                out.extend(phrase.tokens)
                return size
            if key in self._foreign:
                foreign.add(fold(self._foreign[key]))
                out.extend(key)
                return size
        return 0

    def entity_keys(self, names: Iterable[str]) -> frozenset[str]:
        """Canonical keys for entity names as a fact lists them (aliases resolved)."""
        keys: set[str] = set()
        for name in names:
            toks = tuple(words(name))
            phrases = self._aliases.get(toks)
            keys.add(phrases[0].key if phrases else fold(name))
        return frozenset(keys)


_NOT_CONTENT = STOPWORDS | FRAME_WORDS | GENERIC_WORDS | {"€", "$", "%"}


def _counted(toks: Sequence[str], known: frozenset[str]) -> str | None:
    """The head noun of "how many AI factories" (factories): the last known content word right after it."""
    for i in range(len(toks) - 2):
        if tuple(toks[i : i + 2]) in (("how", "many"), ("number", "of")):
            head = None
            for tok in toks[i + 2 : i + 5]:
                if tok in _NOT_CONTENT or is_number(tok) or tok not in known:
                    break
                head = tok
            return stem(head) if head else None
    return None


def _question_type(toks: Sequence[str]) -> str | None:
    """The first question-type pattern in the text; "which German city" counts as "which city"."""
    if toks[:1] == ["when"]:
        return "time"
    for i, tok in enumerate(toks):
        for pattern, qtype in _PATTERNS_BY_FIRST.get(tok, ()):
            if tuple(toks[i : i + len(pattern)]) == pattern:
                return qtype
            if len(pattern) == 2 and pattern[0] in ("which", "what") and tuple(toks[i : i + 3 : 2]) == pattern:
                return qtype
    return None


_PATTERNS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _pattern, _qtype in QUESTION_TYPES.items():
    _PATTERNS_BY_FIRST.setdefault(_pattern[0], []).append((_pattern, _qtype))
