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
from dataclasses import replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.core.agent_nouns import verb_of
from bot.core.analysis import Analysis
from bot.core.languages import Languages
from bot.core.languages import shipped as shipped_languages
from bot.core.models import Alias
from bot.core.name_tables import ENTITY_KINDS, PLACE_KINDS, NameTables
from bot.core.names import INFLECTING_LATIN, Found, inside_word
from bot.core.numbers import ENGLISH_WORDS, number_keys
from bot.core.places import Place, cldr_places, own_language_places
from bot.core.question_cues import (
    NOT_CONTENT,
    PLACE_PREPOSITIONS,
    SPEAKER_SPANS,
    SPEAKER_TITLES,
    after_preposition,
    counted_noun,
    multipliers,
    question_type,
)
from bot.core.scripts import letters_in, script_of
from bot.core.shorthand import Shorthand
from bot.core.source_mentions import without_article_ordinals
from bot.core.text import cased_words, fold, is_number, stem, words
from bot.core.vocabulary import FRAME_WORDS, GENERIC_WORDS, STOPWORDS, function_words
from bot.core.word_frequency import zipf

__all__ = [
    "COMMON_ENGLISH", "ENTITY_KINDS", "INFLECTED", "KIND_TO_QTYPE", "LEXICON_LANGUAGES", "MAX_PHRASE", "MAX_TOKENS",
    "PLACE_KINDS", "Analysis", "Analyzer",
]

UNNAMED_SPEAKER = "?"
"""Marks a speaker named only by title and organisation ("?mistral ai" for "Mistral's CEO")."""
LEXICON_LANGUAGES = frozenset({"fr", "de", "it", "es", "pt", "nl", "pl", "sv", "da"})
"""The languages ``data/lexicon.yaml`` translates word by word (the others are read by the embedding alone)."""
WORD_LANGUAGES = LEXICON_LANGUAGES | {"en"}
"""The languages whose phrasings are matched word by word as well as by the embedding."""
WORD_SHARE = 0.6
"""The share of a phrasing's words that must be English, or of one lexicon language, for it to be matched word by
word. Against a statistical language model on the 1,616 shipped phrasings: 9 of the lexicon languages' are left to
the embedding and 54 of the others' taken as words at 0.6, mostly short ones made of names ("Dion Harris kimdir?");
at 0.5, 105 and 3."""
KIND_TO_QTYPE = {"count": "count", "amount": "count", "place": "place", "city": "place", "country": "place",
                 "person": "who", "company": "who", "time": "time"}
"""The answer kinds of ``data/languages.yaml`` that the English question types stand for."""

MAX_PHRASE = 6
MAX_TOKENS = 200
"""Questions are cut to this many words before matching: no real question is longer."""

INFLECTED = 80
"""rapidfuzz ratio from which an unknown foreign word is read as an inflection of a lexicon word."""

COMMON_ENGLISH = 3.0
"""Zipf frequency from which a word counts as real English (and is never "corrected")."""


class Analyzer:
    """Built once per knowledge-base revision from aliases, lexicon, gazetteer and the KB's words."""

    def __init__(
        self,
        aliases: Iterable[Alias],
        lexicon: Mapping[str, Mapping[str, str]],
        gazetteer: Mapping[str, Sequence[str]],
        english_texts: Iterable[str],
        other_texts: Iterable[str] = (),
        *,
        languages: Languages | None = None,
        places: Mapping[str, tuple[Place, ...]] | None = None,
    ) -> None:
        aliases = tuple(aliases)
        self.languages = languages or shipped_languages()
        own = own_language_places() if places is None else {}  # a test's own places are all it has
        tables = NameTables.build(aliases, gazetteer, places if places is not None else cldr_places(), own)
        self._own_names = tables.own_language
        self._aliases = tables.aliases
        self.entity_names = tables.entity_names
        self.entity_kinds = tables.entity_kinds
        self.homes = tables.homes
        """A company's home country (folded), as a question describing the company names it ("Swedish")."""
        self.terms = tables.terms
        """The knowledge base's terms ("gigafactory", "investment gap"), as the stems a question's tokens hold."""
        self._foreign = tables.foreign
        self._foreign_kind = tables.foreign_kind
        self._names = tables.finder
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
        self._lexicon_words = {lang: frozenset(w for k in table for w in words(k)) for lang, table in lexicon.items()}
        for text in other_texts:
            if self.reads_as_words(text):  # a Vietnamese "cấp" must not make an English "cap" a known word
                counts.update(words(text))
        self.kb_words: frozenset[str] = frozenset(counts)
        self._kb_stems = frozenset(stem(w) for w in self.kb_words)
        self._lexicon_singles = {
            lang: [k[0] for k in table if len(k) == 1 and len(k[0]) >= 4] for lang, table in self._lexicon.items()
        }
        lexicon_words = {t for table in self._lexicon.values() for k in table for t in k}
        foreign_words = {t for k in self._foreign for t in k}
        self._known = self.kb_words | lexicon_words | foreign_words | STOPWORDS | FRAME_WORDS | GENERIC_WORDS
        self._known |= frozenset(ENGLISH_WORDS)
        typo_targets = counts | Counter({w: 0 for w in foreign_words | FRAME_WORDS})
        self._typo_vocab = [w for w, _ in typo_targets.most_common() if len(w) >= 4 and w.isalpha()]
        self._name_words = tables.name_words
        english = self.languages.by_code.get("en")
        self._shorthand = Shorthand(english.shorthand if english else {}, self.kb_words)

    # -- the steps -------------------------------------------------------------------------------

    def reads_as_words(self, text: str) -> bool:
        """Whether a phrasing is in English or a lexicon language, so its words can be matched, not only embedded.

        A phrasing in another script, or whose own words show another language ("kaç", "hva"), is for the
        embedding alone; so is one of whose words fewer than ``WORD_SHARE`` are English (the knowledge base's or
        common English) or of one lexicon language (the knowledge base's own names count for every language).
        No statistical model is asked: loading one at every start cost 1.4 s and 130 MB.
        """
        if script_of(text) is not None:
            return False
        shown = self.languages.shown_by_words(text)
        if shown is not None and shown not in WORD_LANGUAGES:
            return False
        found = [w for w in words(text) if not w.isdigit()]
        if not found:
            return True
        names = {w for w in found if w in self.english_words and w not in STOPWORDS}
        english = sum(1 for w in found if self._english_word(w)) / len(found)
        best = max((sum(1 for w in found if w in table or w in names) / len(found)
                    for table in self._lexicon_words.values()), default=0.0)
        return max(english, best) >= WORD_SHARE

    def _english_word(self, word: str) -> bool:
        """A word of the knowledge base's English, or a common English word ("sanctuary" in a moderator's phrasing)."""
        return (word in self.english_words or word in STOPWORDS or word in FRAME_WORDS or word in GENERIC_WORDS
                or zipf(word, "en") >= COMMON_ENGLISH)

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
        return tok in self.english_words or tok in STOPWORDS or tok in FRAME_WORDS or zipf(tok, "en") >= 4.5

    def _translate(self, low: list[str], lang: str, drop_small: bool = True) -> tuple[list[str], int]:
        """The words in English where the lexicon knows them, and how many letters of function words were dropped.

        A phrasing keeps its small words (``drop_small`` off): "Wer macht bei NVIDIA Lepton mit?" without them reads
        as the bare name, which would fit every question naming Lepton.
        """
        dropped = 0
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
                if drop_small and self._small(tok, lang):
                    dropped += len(tok)  # "hat", "nur", "die": read, and saying nothing the sources could match
                elif not self._is_english(tok):
                    for table in others:
                        if (tok,) in table:
                            out.extend(table[(tok,)])
                            break
                    else:
                        out.extend(self._inflected(tok, lang))
                else:
                    out.append(tok)
                i += 1
        return out, dropped

    def _small(self, tok: str, language: str) -> bool:
        """A function word of the language ("hat", "ile") that is no word of the sources ("ai" in Italian is)."""
        return tok in function_words(language) and tok not in self.english_words

    def _inflected(self, tok: str, lang: str) -> tuple[str, ...] | list[str]:
        """An inflected form the lexicon lacks ("construirán" for "construir"), by close spelling."""
        if len(tok) < 5 or tok in self.kb_words:
            return [tok]
        found = process.extractOne(tok, self._lexicon_singles.get(lang, ()), scorer=fuzz.ratio, score_cutoff=INFLECTED)
        return self._lexicon[lang][(str(found[0]),)] if found else [tok]

    def correct(self, tok: str, lang: str = "en", spoken: str = "en") -> str:
        """The knowledge-base word a misspelt token stands for, or the token itself.

        In a language the words cannot read, this also meets cognates ("euroopan": European), but a common word of
        that language is never made a name: Finnish "mitä" (what) is no misspelt Meta.
        """
        if len(tok) < 4 or not tok.isalpha() or tok in self._known:
            return tok
        if lang == "en" and (verb := verb_of(tok, self.kb_words, STOPWORDS)) is not None:
            return verb  # "competitor": the sources say "compete"
        if zipf(tok, "en") >= COMMON_ENGLISH or (lang != "en" and zipf(tok, lang) >= COMMON_ENGLISH):
            return tok
        limit = 1 if len(tok) <= 5 else 2
        found = process.extractOne(
            tok, self._typo_vocab, scorer=DamerauLevenshtein.distance, score_cutoff=limit
        )
        if not found:
            return tok
        if found[0] in self._name_words and spoken not in ("en", lang) and zipf(tok, spoken) >= COMMON_ENGLISH:
            return tok
        return str(found[0])

    def analyze(self, text: str, language: str | None = None, *, guess: bool = True) -> Analysis:
        """Every step, in order; never raises on any input.

        ``language`` skips detection (the sources' English); ``guess=False`` keeps detection to the language
        table (for the knowledge base's own phrasings, read once per build).
        """
        text = text[: MAX_TOKENS * 20]
        spoken = language or self.languages.detect(text, guess=guess)
        if language is None:  # a question's own ways of writing, not the sources' text
            text = without_article_ordinals(text)
            if spoken == "en":
                text = self._shorthand.expand(text)
        asked = self.languages.asked(text, spoken)
        cased = cased_words(text)[:MAX_TOKENS]
        low = [w.lower() for w in cased]
        lang = spoken if spoken in self._lexicon else self.detect_language(low)
        small = 0
        if guess and spoken not in ("en", lang):  # read with another lexicon (or none): its small words match nothing
            keep = [i for i, t in enumerate(low) if not self._small(t, spoken)]
            low, cased = [low[i] for i in keep], [cased[i] for i in keep]
        if lang != "en":
            low, small = self._translate(low, lang, drop_small=guess)
            cased = list(low)
        low = [self.correct(t, lang, spoken) for t in low]
        own = self.languages.number_words(spoken)
        numbers = number_keys(text, own, _false_friends(spoken, frozenset(own)))
        low, cased = _without_number_words(low, cased)
        folded = fold(text)
        found = self._names.find(text, inflected_latin=spoken in INFLECTING_LATIN)
        if spoken in self._own_names:  # "no Brasil" in Portuguese, though "brasil" is an English word too
            found = _merged(found, self._own_names[spoken].find(text))
        named = [replace(f, located=after_preposition(text, f.start)) for f in found
                 if f.value[0] != "foreign" or not inside_word(folded, f)]
        analysis = self._finish(low, cased, lang, named, _covered(text, named), spoken=spoken)
        readable, words_read = self._readable(text, low, named, spoken, small)
        qtype = analysis.qtype or next((KIND_TO_QTYPE[k] for k in sorted(asked.kinds) if k in KIND_TO_QTYPE), None)
        return replace(analysis, numbers=numbers, asked=asked, readable=readable, words_read=words_read, qtype=qtype,
                       language=spoken if spoken not in ("en", lang) else analysis.language,
                       speakers=self._speakers(text, spoken, named, "said" in asked.kinds), text=text)

    def _speakers(self, text: str, spoken: str = "en", named: Sequence[Found[Any]] = (),
                  said: bool = False) -> frozenset[str]:
        """The people a question has speaking: "what did X (himself) say", "according to X".

        In another language, the first person named by a question with a word for "said" (``said``: the language
        table's ``said`` kind, "gesagt", "falou", "言いました"): the speaker comes before the people they spoke
        with ("Qu'a déclaré Keir Starmer lors de l'événement avec Jensen Huang ?" asks what Starmer said).
        """
        found: set[str] = set()
        if spoken != "en" and said:
            first = self._first_person(text, named)
            found |= {first} if first is not None else set()
        for pattern in SPEAKER_SPANS:
            for match in pattern.finditer(text):
                span = self._finish(*_pair(cased_words(match.group(1))), "en")
                people = {e for e in span.entities if self.entity_kinds.get(e) == "person"}
                if not people and span.entities and SPEAKER_TITLES & set(words(match.group(1))):
                    people = {UNNAMED_SPEAKER + name for name in span.entities}  # "Mistral's CEO": named by title
                found |= people
        return frozenset(found)

    def _first_person(self, text: str, named: Sequence[Found[Any]]) -> str | None:
        """The person a text names first: in another script by where the name finder found them, else by words."""
        people = [str(f.value[1]) for f in sorted(named, key=lambda f: f.start) if f.value[2:] == ("person",)]
        if people:
            return people[0]
        toks = words(fold(text))
        for i in range(len(toks)):
            for n in (3, 2, 1):
                for phrase in self._aliases.get(tuple(toks[i:i + n]), ()):
                    if phrase.entity and self.entity_kinds.get(phrase.key) == "person":
                        return phrase.key
        return None

    def _readable(self, text: str, low: Sequence[str], named: Sequence[Any], spoken: str,
                  small: int = 0) -> tuple[float, float]:
        """The shares of letters the analyzer reads: with the names it found in any script, and without those.

        The first weighs the words against the embedding; the second says whether the words were read at all.
        """
        total = letters_in(text)
        if not total:
            return 1.0, 1.0
        english_like = spoken == "en" or spoken in self._lexicon
        known = small + sum(len(t) for t in low if t in self.kb_words or (english_like and (
            t in self._known or zipf(t, "en") >= COMMON_ENGLISH)))
        names = sum(letters_in(f.name) for f in named if not f.name.isascii())
        words_read = min(1.0, known / (total - names)) if total > names else 1.0
        return min(1.0, (known + names) / total), words_read

    def _finish(self, low: list[str], cased: list[str], lang: str, named: Sequence[Any] = (),
                covered: frozenset[str] = frozenset(), *, spoken: str = "en") -> Analysis:
        """The reading of the words: names, what is unknown, the question type.

        ``spoken`` is the question's language; ``lang`` the lexicon's language it was read in, which is English for
        a language without a lexicon (a capitalised Finnish "Euroopan" is no unknown English name).
        """
        entities: set[str] = set()
        foreign: set[str] = set()
        kinds: dict[str, str] = {}
        places: set[str] = set()
        located: set[str] = set()
        terms: list[str] = []
        for found in named:
            origin, key, kind = found.value
            kind, _, code = kind.partition("|")
            if code:
                places.add(code)
            if origin == "term":
                terms += [t for phrase in self._aliases.get(tuple(words(key)), ()) for t in phrase.tokens][:4]
                continue
            if origin == "kb":
                entities.add(key)
                if found.located:
                    located.add(key)
            else:
                foreign.add(fold(key))
                kinds[fold(key)] = kind
                if found.located:
                    located.add(fold(key))
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
                and spoken == "en"
                and i > 0
                and cased[i][:1].isupper()
                and tok.isalpha()
                and len(tok) > 2
                and tok not in self._known
                and fold(tok) not in covered
                and zipf(tok, "en") < 4.5
            ):
                foreign.add(tok)
                if low[i - 1] in PLACE_PREPOSITIONS:
                    kinds.setdefault(tok, "place")
                    located.add(tok)
            out.append(tok)
            i += 1
        out += terms
        qtype = question_type(out)
        counted = counted_noun(out, self.kb_words, english=lang == "en")
        factor = multipliers(out)
        content = [t for i, t in enumerate(out)
                   if t not in NOT_CONTENT and (len(t) > 1 or t.isdigit()) and i not in factor]
        unread = [t for t in content if t not in self.kb_words and not is_number(t)  # "planning" for "planned"
                  and (t in foreign or (stem(t) not in self._kb_stems and fold(t) not in covered))]  # "Ranskassa"
        unknown = {stem(t) for t in unread if t in foreign or zipf(t, "en") >= COMMON_ENGLISH}
        junk = {stem(t) for t in unread} - unknown
        if lang != "en":
            unknown -= junk
        tokens = tuple(stem(t) for t in content)
        numbers = frozenset(t for t in content if is_number(t))
        for name in foreign:
            kinds.setdefault(name, self._foreign_kind.get(name, "name"))
        said = frozenset(stem(t) for t in out if t not in STOPWORDS and t not in FRAME_WORDS and not is_number(t))
        return Analysis(tokens, frozenset(entities), frozenset(foreign), numbers, qtype,
                        frozenset(unknown), lang, frozenset(junk), counted,
                        foreign_kinds=tuple(sorted(kinds.items())), places=frozenset(places), said=said,
                        located=frozenset(located))

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


def _covered(text: str, named: Sequence[Any]) -> frozenset[str]:
    """The words of the names found ("Ranskassa", France in Finnish): a capitalised one is then no unknown name."""
    folded = fold(text)
    return frozenset(w for found in named for w in words(folded[found.start:found.end]))


def _pair(cased: list[str]) -> tuple[list[str], list[str]]:
    return [w.lower() for w in cased], cased


_CLOCK = frozenset({"am", "pm"})


@lru_cache(maxsize=64)
def _false_friends(language: str, own: frozenset[str]) -> frozenset[str]:
    """A language's small words spelt like an English number: Czech and Polish "ten" (that).

    Unless they are its own number words too. "Kdo je ten Dion Harris" had asked about a 10.
    """
    return frozenset(w for w in function_words(language) if w in ENGLISH_WORDS and w not in own)


def _without_number_words(low: list[str], cased: list[str]) -> tuple[list[str], list[str]]:
    """Digits stay as tokens; spelt-out numbers are read by the number parser, so "ten" is no content word.

    A clock's "am"/"pm" after a figure goes too: "by 3pm" names no prime minister.
    """
    keep = [i for i, t in enumerate(low) if not (t in ENGLISH_WORDS and t not in ("k", "m"))
            and not (t in _CLOCK and i and is_number(low[i - 1]))]
    return [low[i] for i in keep], [cased[i] for i in keep]


def _merged(found: list[Found[Any]], more: list[Found[Any]]) -> list[Found[Any]]:
    """The names found, with those of a second finder that overlap none of them, in order."""
    spans = [(f.start, f.end) for f in found]
    extra = [f for f in more if all(f.end <= start or f.start >= end for start, end in spans)]
    return sorted([*found, *extra], key=lambda f: f.start)
