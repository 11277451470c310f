"""The words of questions in 51 languages: what a question asks for, whether it is yes/no, and in which language.

Read from ``data/languages.yaml``, which is general language knowledge (question
words, number words, greetings), not knowledge about the announcements, so it is
reference data shipped with the code rather than something moderators edit.
Phrases of languages written with spaces match whole words; those of languages
written without them (Chinese, Japanese, Thai) and Korean endings match as
substrings. A phrase counts only in its own language, or in English, which
chat in any language borrows from ("vs", "MW").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.core.scripts import SCRIPT_LANGUAGES, SCRIPTS, script_of
from bot.core.text import WORD_CHARS, fold

DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "languages.yaml"
ENGLISH = "en"
UNSPACED = frozenset({"zh", "ja", "th"})
"""Languages written without spaces between words: their phrases are found as substrings."""
SUBSTRING_PARTICLES = frozenset({"ko", "hu"})
"""Languages whose question particles are word endings (Korean 까요, Hungarian -e)."""
SHORT_LATIN = 4
"""A Latin phrase shorter than this, in a language whose phrases are found inside words (Hungarian "ár", price),
must open a word: inside one it is mostly a piece of another ("várható", expected)."""
SURE_HITS = 2
"""Function words of one language from which its verdict needs no statistical second opinion."""
GUESS_FROM_WORDS = 4
"""Shorter texts ("lepton aws") are keywords: no language to guess, and English is assumed."""
GUESS_ASCII_FROM_WORDS = 5
"""Without a single accented letter, a text needs this many words before it is taken for anything but English."""
CONJUNCTIONS = frozenset({"when", "where", "who", "whom", "whose", "why"})
"""English question words that also join clauses ("when people say…", "the CEO who…"): they ask only when they
open a clause."""
_INTERROGATIVES = frozenset({"what", "which", "how", "is", "are", "does", "do", "did", "can", "will"})
LEAD_WORDS = 3
"""A question word among a clause's first words opens it ("so when will…", "and who said…")."""
KINDS = ("count", "amount", "price", "money", "time", "duration", "place", "city", "country", "company", "person",
         "reason", "how", "definition", "compare", "power", "percent", "size", "stock",
         "period", "putting", "staff", "funding", "said", "besides")

_STATED = re.compile(r"\b(?:it's|it is|they're|they are|there's|there are|that's|is|are|was|were|will|won't|isn't|"
                     r"aren't|has|have|had|does|do|did|can|gets?|got|getting|works|worked|partnered|builds|built"
                     r"|owns|sells|sold|provides|invests|invested|located|based|announced|signed|opened|launched|gave"
                     r"|gives|hosts|hosted|said|says|promised|backed|funded|employs|supports|supported|received"
                     r"|receives|deploys|deployed)\b")
"""A verb: "mistral is a german startup?" and "nvidia works with 70,000 startups?" state something to confirm,
"mistral compute location?" does not. Only verbs no question uses as a noun ("partners", "plans", "uses" are
left out: "nvidia partners in europe?" asks who they are)."""
_CLAUSE_MARKS = ",;:!?.…、，：；"
"""Punctuation a word can carry that does not change the phrase it opens."""
ENGLISH_WH = re.compile(r"\b(?:what|which|who|whom|whose|where|when|why|how)\b", re.IGNORECASE)
"""An English interrogative anywhere in a sentence: it asks something open, not yes or no."""
_TOKEN = re.compile(f"[{WORD_CHARS}'-]+")
WHERE_ASKS_WHICH = frozenset({"ko", "ja"})
"""Languages whose "where" (어디, どこ) also asks which organisation: "통신사는 어디인가요?" asks which telcos."""


OPEN_KINDS = ("count", "amount", "time", "duration", "place", "city", "country", "company", "person", "reason",
              "how", "definition")
"""Kinds of answer an open question asks for: a question asking one is not a yes/no question."""


@dataclass(frozen=True)
class Language:
    """One language's entries of ``data/languages.yaml``, folded for matching."""

    code: str
    name: str
    greetings: tuple[str, ...]
    signoffs: tuple[str, ...]
    fillers: tuple[str, ...]
    yesno_start: tuple[str, ...]
    yesno_end: tuple[str, ...]
    particles: tuple[str, ...]
    asks: Mapping[str, tuple[str, ...]]
    numbers: Mapping[str, str]
    notice: str
    question_words: tuple[str, ...] = ()
    """Words that open a question without saying what it asks for ("what", "which", "welche")."""
    shorthand: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Chat abbreviations and spellings, by the words they stand for ("devs" -> developers; "pls" -> nothing)."""

    @property
    def unspaced(self) -> bool:
        """Whether phrases are found as substrings rather than whole words."""
        return self.code in UNSPACED

    def openers(self) -> set[str]:
        """Words that start a question: interrogatives and yes/no openers."""
        return {p for k in OPEN_KINDS for p in self.asks.get(k, ())} | set(self.yesno_start) | set(self.question_words)


@dataclass(frozen=True)
class Asked:
    """What a question asks for, as its words say."""

    language: str
    kinds: frozenset[str]
    yesno: bool
    phrases: tuple[str, ...] = field(default=(), compare=False)
    """The phrases found (for explaining a decision)."""
    by_kind: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """(kind, phrase) for every phrase found."""

    tag: str = field(default="", compare=False)
    """The tag that made it a yes/no question ("correct", "c'est bien ça"): words that ask, not words asked about."""

    def phrases_of(self, kind: str) -> tuple[str, ...]:
        """The phrases that asked for one kind."""
        return tuple(p for k, p in self.by_kind if k == kind)


class Languages:
    """Every language of the table, with the lookups the reader and the analyzer make."""

    def __init__(self, languages: Iterable[Language]) -> None:
        self.by_code = {lang.code: lang for lang in languages}
        self._signals = self._signal_words()
        self._by_first: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self._word_langs: dict[str, set[str]] = {}
        self._phrases_by_first: dict[str, list[tuple[str, str]]] = {}
        for code, signals in self._signals.items():
            for phrase in signals:
                head = phrase.split()[0]
                if " " in phrase:
                    self._phrases_by_first.setdefault(head, []).append((code, phrase))
                else:
                    self._word_langs.setdefault(phrase, set()).add(code)

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Languages:
        """Read and fold the table."""
        # Every value is text, so no value needs resolving into a number or a boolean ("no", Norwegian, stays
        # "no"): the base loader reads the table in half the time, and libyaml's in a tenth again.
        loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        return cls(_language(str(code), body) for code, body in raw.items() if isinstance(body, dict))

    # -- which language -------------------------------------------------------------------------------

    def detect(self, text: str, *, guess: bool = True) -> str:
        """The language a question is written in: by script first, then by its function words, else English.

        ``guess=False`` never asks the statistical model (the index's own texts, whose language the table tells).
        """
        script = script_of(text)
        if script in SCRIPT_LANGUAGES:
            return script
        words, scores = self._scores(text, script)
        hits = max(scores.values(), default=0)
        tied = sorted(code for code, n in scores.items() if n == hits)  # sorted: a set's order changes per process
        best = tied[0] if tied else ENGLISH
        if len(tied) > 1 and guess:  # Danish or Norwegian by the same words: the statistical model tells them apart
            best = next((code for code in [self._identify(text)] if code in tied), best)
        if best != ENGLISH and scores[ENGLISH] >= hits:
            best, hits = ENGLISH, scores[ENGLISH]
        if guess and script is None and hits < SURE_HITS and _worth_guessing(text, words):
            guessed = self._identify(text)
            if scores[ENGLISH] and not scores[guessed or ENGLISH] and self._english_but_names(text):
                return ENGLISH  # "Is Jensen Huang NVIDIA's CEO?": the model, misled by the names, said Danish
            return guessed or best
        if hits == 0:
            return {"cyrillic": "ru", "ar": "ar"}.get(script or "", ENGLISH)
        return best

    def _english_but_names(self, text: str) -> bool:
        """Whether every word but the capitalised names is one of English's words in the table."""
        tokens = [w.strip("?!.,;:¿¡'\"") for w in text.split()]
        small = [fold(w) for i, w in enumerate(tokens) if w and (i == 0 or not w[:1].isupper())]
        return bool(small) and all(ENGLISH in self._word_langs.get(w, ()) for w in small)

    def shown_by_words(self, text: str) -> str | None:
        """The language a text's own words show, by the table alone; None when no word of any language's is in it.

        Cheap and certain where it answers, for the knowledge base's own phrasings: "europe ai capacity 10x" shows
        none, "Nvidia Avrupa'da kaç girişimle çalışıyor?" shows Turkish, "who said it?" English.
        """
        script = script_of(text)
        if script in SCRIPT_LANGUAGES:
            return script
        _, scores = self._scores(text, script)
        hits = max(scores.values(), default=0)
        if not hits:
            return None
        if scores[ENGLISH] >= hits:
            return ENGLISH
        return min(code for code, n in scores.items() if n == hits)

    def _scores(self, text: str, script: str | None) -> tuple[list[str], Counter[str]]:
        """The text's folded words, and per language how many of its own words and phrases the text holds."""
        folded = fold(text)
        words = [w.strip("?!.,;:¿¡") for w in folded.split()]
        scores: Counter[str] = Counter()
        for word in dict.fromkeys(words):  # each word once: "el … el" is one Swedish word, not two signs of Swedish
            for code in self._word_langs.get(word, ()):
                scores[code] += 1
            for code, phrase in self._phrases_by_first.get(word, ()):
                if _has(folded, phrase):
                    scores[code] += 2
        for code in list(scores):
            if not _script_allows(script, code):
                del scores[code]
        if script == "cyrillic":
            for code, letters, weight in CYRILLIC_LETTERS:
                scores[code] += weight * len(letters.findall(text.lower()))
        if script == "ar":
            scores["fa"] += 2 * len(re.findall(r"[پچژگک]", text))
            scores["ur"] += 2 * len(re.findall(r"[ٹڈڑںے]", text))
        return words, scores

    def _identify(self, text: str) -> str | None:
        """A statistical guess for Latin-script text our own words do not settle (py3langid, loaded on first use)."""
        import py3langid  # type: ignore[import-untyped]  # a 2 MB model, loaded for the few questions needing it

        code = str(py3langid.classify(text)[0])
        return code if code in self.by_code else None

    def _signal_words(self) -> dict[str, frozenset[str]]:
        """Per language, its words that English does not share (a French "est" is no sign of English)."""
        own: dict[str, set[str]] = {}
        for code, lang in self.by_code.items():
            words = set(lang.yesno_start) | {p for phrases in lang.asks.values() for p in phrases}
            words |= set(lang.greetings) | set(lang.fillers) | set(lang.signoffs)
            own[code] = {w for w in words if len(w) > 1}
        english = own.get(ENGLISH, set())
        return {code: frozenset(w for w in words if code == ENGLISH or w not in english)
                for code, words in own.items()}

    # -- what a question asks ------------------------------------------------------------------------

    def asked(self, text: str, language: str | None = None) -> Asked:
        """The kinds of answer a question's words ask for, and whether it is a yes/no question."""
        code = language or self.detect(text)
        folded = fold(text)
        found: list[tuple[str, str]] = []
        words = spaced_words(folded)
        for lang in self._relevant(code):
            here = [(kind, phrase) for kind, phrase in self._candidates(lang, folded, words)
                    if self._found(lang, phrase, folded) and not (
                        lang.code == ENGLISH and phrase in CONJUNCTIONS and not _leads(folded, phrase))]
            found += _longest(here, folded) if lang.code in SUBSTRING_PARTICLES else here
        yesno, tag = self._yesno(folded, code)
        return Asked(code, frozenset(k for k, _ in found), yesno, tuple(p for _, p in found), tuple(found), tag)

    def _asks_which(self, lang: Language, folded: str) -> bool:
        """Whether a question holds one of its language's interrogatives ("what", "何", "무엇")."""
        asking = (*lang.question_words, *(p for k in OPEN_KINDS for p in lang.asks.get(k, ())))
        if lang.unspaced or lang.code in SUBSTRING_PARTICLES:
            return any(_has(folded, p) if _latin_in_other_script(lang, p) else p in folded for p in asking if p)
        return any(_has(folded, p) for p in asking if p)

    def _candidates(self, lang: Language, folded: str, words: set[str]) -> list[tuple[str, str]]:
        """The phrases of one language that could occur in the text: all of them without spaces, else by first word."""
        table = self._by_first.get(lang.code)
        if table is None:
            table = {}
            for kind, phrases in lang.asks.items():
                for phrase in phrases:
                    head = phrase.split()[0] if phrase.split() else phrase
                    anywhere = lang.unspaced or lang.code in SUBSTRING_PARTICLES or not _TOKEN.search(head)
                    table.setdefault("" if anywhere else head, []).append((kind, phrase))  # "%" is no word
            self._by_first[lang.code] = table
        out = list(table.get("", ()))
        for word in words:
            out += table.get(word, ())
        return out

    def _yesno(self, folded: str, code: str) -> tuple[bool, str]:
        """Whether the question asks yes or no, and the tag that ends it when one does ("…, right?")."""
        words = [w.strip(_CLAUSE_MARKS) for w in folded.split()]  # "stimmt es, dass…" opens with "stimmt es"
        for lang in self._relevant(code):
            if words and any(_starts_with(words, p) for p in lang.yesno_start):
                return True, ""
            tail = folded.rstrip(" ?？؟!.")
            tags = [p for p in lang.yesno_end
                    if p and tail.endswith(p) and (lang.unspaced or tail == p or not tail[-len(p) - 1].isalnum())]
            tag = max(tags, key=len) if tags else ""
            if tag and not lang.unspaced and _set_off(tail, tag) and not self._asks_which(lang, _opening(tail)):
                return True, tag  # "Nebius i Nscale to firmy, które działają w Niemczech, tak?": a clause's "które"
            if self._asks_which(lang, folded):
                continue  # "何と言いましたか": the particle ends every question, the interrogative makes it open
            if tags:
                return True, tag
            for particle in lang.particles:
                if lang.unspaced or lang.code in SUBSTRING_PARTICLES:
                    if particle in folded:
                        return True, ""
                elif _has(folded, particle):
                    return True, ""
        stated = _STATED.search(folded) and not ENGLISH_WH.search(folded)
        if code == ENGLISH and folded.rstrip().endswith("?") and stated:
            return True, ""  # "so it's just 5 AI factories?": a statement asked back
        return False, ""

    def _relevant(self, code: str) -> list[Language]:
        out = [self.by_code[code]] if code in self.by_code else []
        if code != ENGLISH and ENGLISH in self.by_code:
            out.append(self.by_code[ENGLISH])
        return out

    def _found(self, lang: Language, phrase: str, folded: str) -> bool:
        if lang.code in SUBSTRING_PARTICLES:
            if phrase.isascii() and len(phrase) < SHORT_LATIN:  # "ára", not the "ar" of "hányszorosára" or "várható"
                return _word_start(phrase).search(folded) is not None
            return phrase in folded  # Korean compounds glue nouns: "건설비용" (construction cost) holds "비용"
        if lang.unspaced:
            return _has(folded, phrase) if _latin_in_other_script(lang, phrase) else phrase in folded
        if _has(folded, phrase):
            return True
        parts = phrase.split()  # "in which German city": a word or two before the phrase's last word
        return len(parts) >= 2 and parts[0] in folded and _gapped(" ".join(parts[:-1]), parts[-1]).search(
            folded) is not None

    # -- other lookups -------------------------------------------------------------------------------

    def number_words(self, code: str) -> Mapping[str, str]:
        """The number words of one language (English ones are always known to the parser)."""
        lang = self.by_code.get(code)
        return lang.numbers if lang else {}

    def notice(self, code: str) -> str:
        """The line telling a non-English asker that answers come in English, in their language ('' for English)."""
        lang = self.by_code.get(code)
        return lang.notice if lang and code != ENGLISH else ""

    def all_phrases(self, attribute: str) -> set[str]:
        """One attribute (``greetings``, ``fillers``…) of every language together."""
        return {p for lang in self.by_code.values() for p in getattr(lang, attribute)}

    def openers(self) -> set[str]:
        """Question openers of every language together."""
        return {p for lang in self.by_code.values() for p in lang.openers()}

    def particles(self) -> set[str]:
        """Question particles of the languages that write them without spaces."""
        return {p for lang in self.by_code.values() if lang.unspaced or lang.code in SUBSTRING_PARTICLES
                for p in (*lang.particles, *lang.yesno_end)}


_primed: Languages | None = None


def shipped() -> Languages:
    """The table shipped in ``data/languages.yaml``, read once per process (or the folded copy a start primed)."""
    return _primed if _primed is not None else _read_shipped()


def prime(table: Languages) -> None:
    """Use this table, folded already, for :func:`shipped`.

    A start reads it from the database: a fifth of a second less than folding the YAML's 19,000 phrases.
    """
    global _primed
    _primed = table


@lru_cache(maxsize=1)
def _read_shipped() -> Languages:
    return Languages.load()


def _language(code: str, body: Mapping[str, Any]) -> Language:
    def folded(items: Any) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for f in (fold(str(i)) for i in items or ()) if f))

    yesno = body.get("yesno") or {}
    asks = body.get("asks") or {}
    numbers = {fold(str(k)): str(v) for k, v in (body.get("numbers") or {}).items()}
    return Language(
        code=code, name=str(body.get("name") or code), greetings=folded(body.get("greetings")),
        signoffs=folded(body.get("signoffs")), fillers=folded(body.get("fillers")),
        yesno_start=folded(yesno.get("start")), yesno_end=folded(yesno.get("end")),
        particles=folded(yesno.get("particles")),
        asks={kind: folded(asks.get(kind)) for kind in KINDS},
        numbers=numbers, notice=str(body.get("notice") or ""), question_words=folded(body.get("question_words")),
        shorthand={fold(str(k)): tuple(fold(str(v)).split()) for k, v in (body.get("shorthand") or {}).items()},
    )


def _leads(folded: str, word: str) -> bool:
    """Whether an English question word opens the question's own clause ("so when…", "…, who said that?").

    Of the clauses an interrogative opens, the last one is the question: in "when people say X, what do they
    mean?" the "when" clause only sets the scene.
    """
    clauses = [c.split()[:LEAD_WORDS] for c in re.split(r"[,;:?!.]", folded) if c.strip()]
    opening = [c for c in clauses if any(w in CONJUNCTIONS or w in _INTERROGATIVES for w in c)]
    return bool(opening) and word in opening[-1]


CYRILLIC_LETTERS = (
    ("uk", re.compile(r"[іїєґ]"), 2),
    ("ru", re.compile(r"[ыэё]|ъ(?=[еёюя])"), 2),  # Russian's rare "ъ" comes before a soft vowel ("объявила")
    ("bg", re.compile(r"ъ(?![еёюя])"), 2),  # Bulgarian's many before consonants and at the end ("къде", "центърът")
    ("sr", re.compile(r"[ћђ]"), 2),
    ("mk", re.compile(r"[ќѓѕ]"), 2),
    ("be", re.compile(r"ў"), 4),  # Belarusian writes Russian's "ы" too: its own letter must outweigh it
)
"""Letters that tell the Cyrillic languages apart where the table's words do not: a Serbian question ("У ком
граду ће бити…") was read as Russian, and its "in which city" was never seen; Bulgarian's "ъ" counted for Russian."""


def _script_allows(script: str | None, code: str) -> bool:
    """Cyrillic and Arabic-script text is one of their languages; Latin-script text is none of them but Serbian."""
    cyrillic, arabic = ("ru", "uk", "bg", "mk", "be", "sr"), ("ar", "fa", "ur")
    if script == "cyrillic":
        return code in cyrillic
    if script == "ar":
        return code in arabic
    return code not in cyrillic[:-1] and code not in arabic


def _worth_guessing(text: str, words: list[str]) -> bool:
    """Long enough to be a sentence in some language rather than keywords, which are read as English."""
    if len(words) < GUESS_FROM_WORDS:
        return False
    return len(words) >= GUESS_ASCII_FROM_WORDS or any(ch.isalpha() and not ch.isascii() for ch in text)


OPENING_WORDS = 3
"""An interrogative among a question's first words opens it ("ok so which telcos are in, right?"); further on, it
opens a clause ("the cloud which runs in Lyon, right?")."""


def _opening(text: str) -> str:
    return " ".join(text.split()[:OPENING_WORDS])


def _set_off(tail: str, tag: str) -> bool:
    """Whether a question's closing tag is set off by a comma ("…, right?"): it then asks back all before it."""
    return tail[: -len(tag)].rstrip().endswith(",")


def _starts_with(words: list[str], phrase: str) -> bool:
    parts = phrase.split()
    return words[: len(parts)] == parts


@lru_cache(maxsize=65536)
def _word_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


@lru_cache(maxsize=16384)
def _gapped(first: str, second: str) -> re.Pattern[str]:
    """"which German company": a phrase with up to two words before its last word."""
    return re.compile(r"(?<!\w)" + re.escape(first) + r"(?:\s+\S+){1,2}\s+" + re.escape(second) + r"(?!\w)")


def spaced_words(folded: str) -> set[str]:
    """The words of a text, whole in every script (``bot.core.text.WORD_CHARS``), with "what's" and "qu'est-ce"."""
    return set(_TOKEN.findall(folded))


@lru_cache(maxsize=4096)
def _word_start(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}")


def _longest(found: list[tuple[str, str]], folded: str) -> list[tuple[str, str]]:
    """The phrases found at word starts, without one that only ever opens a longer one found too.

    Hungarian "ár" (price) opens "árbevétel" (revenue), which asks for money, not a price.
    """
    def starts(phrase: str) -> set[int]:
        return {m.start() for m in _word_start(phrase).finditer(folded)}
    phrases = {p for _, p in found}
    return [(kind, p) for kind, p in found
            if not any(q != p and q.startswith(p) and starts(p) <= starts(q) for q in phrases)]


def _latin_in_other_script(lang: Language, phrase: str) -> bool:
    """A Latin phrase ("kw") of a language written in another script is a whole word, not the "kw" of "Blackwell".

    Hungarian, written in Latin letters, finds its phrases inside words on purpose ("ár" in "árbevétele").
    """
    return phrase.isascii() and lang.code in SCRIPTS


def _has(folded: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``folded`` as whole words."""
    return phrase in folded and _word_pattern(phrase).search(folded) is not None
