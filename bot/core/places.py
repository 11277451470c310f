"""Country, region and city names in every language the bot reads, from the Unicode CLDR through ``babel``.

A question about Japan is a question about Japan whether it says "Japan",
"日本", "Япония" or "اليابان". The names come from CLDR (territories, and the
exemplar cities of its time zones) in the locales of ``data/languages.yaml``,
so nothing here is kept by hand. Each name is tied to its CLDR code, which is
how a place the knowledge base covers (France, the UK, Paris) is told from one
it does not (Japan, Lyon's neighbours).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import babel
import wordfreq
from babel import Locale, UnknownLocaleError

from bot.core import word_frequency
from bot.core.fingerprint import of as fingerprint_of
from bot.core.text import fold

LOCALES = ("en", "fr", "de", "it", "es", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "sk", "ro", "hu", "el", "tr",
           "ru", "uk", "bg", "hr", "sr", "sr_Latn", "sl", "ar", "he", "fa", "hi", "bn", "ur", "zh_Hans", "zh_Hant",
           "ja", "ko", "vi", "th", "id", "ms", "fil", "sw", "ca", "hy", "ka", "ta", "lt", "lv", "et", "is", "az", "mk",
           "be", "eu")
"""The CLDR locales of the languages the bot reads."""
MIN_NAME = 2
"""Names shorter than this (CLDR has a few one-letter abbreviations) are left out."""
SKIP_CODES = frozenset({"ZZ", "001", "QO", "XA", "XB", "UN", "EZ"})
"""CLDR codes that are no place a question is about: unknown region, World, outlying Oceania, pseudo locales,
the United Nations, the eurozone."""
SKIP_ZONES = ("Etc/", "SystemV/", "Antarctica/", "Arctic/", "Pacific/", "Atlantic/", "Indian/", "America/Indiana/",
              "America/Kentucky/", "America/North_Dakota/")
"""Time zones whose exemplar "cities" are research stations, islands and counties named like people or words
(Casey, Davis, Wake, Easter, Knox)."""
ENGLISH_WORDS = frozenset({"chad", "jordan", "georgia", "guinea", "jersey", "turkey", "niger", "man", "chile"})
"""English names of countries that are everyday English words or first names; a question saying "turkey" or
"jordan" is not taken to name a country."""
FOREIGN_ASCII_MAX_ZIPF = 3.0
"""A one-word name in Latin letters from another language's CLDR names ("Soul", "Center", "Rom") counts only if
it is rare as an English word: above this Zipf frequency it is an English word in an English question."""


OWN_NAME_MIN = 4
"""Shortest own-language name kept for that language's questions: "Lao" and "Man" are words more than places."""
WORD_ELSEWHERE_ZIPF = 4.0
"""Zipf frequency from which a name is an everyday word of another of the bot's languages ("cada", each, is 6.3 in
Spanish): at 4 a word appears about ten times in a million, which no place name of another country does."""


NATIONAL_LANGUAGES = {
    "el": "GR", "hu": "HU", "pl": "PL", "cs": "CZ", "sk": "SK", "ro": "RO", "nl": "NL", "sv": "SE", "da": "DK",
    "no": "NO", "nb": "NO", "fi": "FI", "tr": "TR", "ru": "RU", "uk": "UA", "bg": "BG", "hr": "HR", "sr": "RS",
    "sl": "SI", "he": "IL", "fa": "IR", "hi": "IN", "bn": "BD", "ur": "PK", "zh": "CN", "ja": "JP", "ko": "KR",
    "vi": "VN", "th": "TH", "id": "ID", "ms": "MY", "fil": "PH", "ka": "GE", "hy": "AM", "lt": "LT", "lv": "LV",
    "et": "EE", "is": "IS", "az": "AZ", "mk": "MK", "be": "BY", "fr": "FR", "de": "DE", "it": "IT", "es": "ES",
    "pt": "PT",
}
"""Languages and the country whose people they name. CLDR lists no words for a people ("Greek", "magyar"), but
its name of a language is most often that people's word too: "Which Greek company…", "Melyik magyar cég…", "Ποια
ελληνική εταιρεία…" (Greek inflects it, which the name finder allows for) ask about Greece and Hungary. English,
Arabic, Catalan, Basque, Swahili and Tamil name no one country's people."""
ENGLISH_PEOPLE_ZIPF = 5.0
"""How common an English word for a people must be in another language to be a word of that language: Greek text
says "greek" (Zipf 4.6) and Dutch text "dutch" (4.3) as English loans, while Tagalog's "hindi" (7.0) means "not"."""
UNSPACED_LOCALES = frozenset({"ja", "zh_Hans", "zh_Hant", "ko", "th"})
"""Locales whose names of languages add a word for "language" ("ギリシャ語", "그리스어"): no word for a people."""


@dataclass(frozen=True)
class Place:
    """A named place: its CLDR code (``FR``, ``150``, ``tz:Europe/Paris``) and what kind of place it is."""

    code: str
    kind: str
    """``country``, ``region`` or ``city``."""
    english: str


_primed: dict[str, tuple[Place, ...]] | None = None
_primed_own: dict[str, dict[str, tuple[Place, ...]]] | None = None


META_KEY = "cldr-places"
"""The database setting the table is kept in, after the fingerprint it was read under."""


def fingerprint() -> str:
    """What a stored table of names depends on: babel's CLDR version, wordfreq's lists, and this module's code."""
    lists = Path(wordfreq.__file__).parent / "data"
    return fingerprint_of(files=[Path(__file__)], folders=[(lists, "small_*")],
                          extra=f"{babel.__version__}\0{','.join(LOCALES)}")[:32]


def dump(mark: str) -> str:
    """The tables as JSON after their fingerprint, to be read back by :func:`prime` (CLDR's locales take seconds)."""
    def rows(table: Mapping[str, tuple[Place, ...]]) -> dict[str, list[list[str]]]:
        return {name: [[p.code, p.kind, p.english] for p in found] for name, found in table.items()}

    body = {"everywhere": rows(cldr_places()),
            "own": {language: rows(table) for language, table in own_language_places().items()}}
    return f"{mark}\n{json.dumps(body, ensure_ascii=False, separators=(',', ':'))}"


def prime(text: str, mark: str) -> bool:
    """Use tables stored by :func:`dump` under this fingerprint; False (and CLDR is read) if they are not."""
    global _primed, _primed_own

    def places(raw: Mapping[str, list[list[str]]]) -> dict[str, tuple[Place, ...]]:
        return {str(name): tuple(Place(str(c), str(k), str(e)) for c, k, e in found) for name, found in raw.items()}

    kept_mark, _, body = text.partition("\n")
    if kept_mark != mark:
        return False
    try:
        raw = json.loads(body)
        everywhere = places(raw["everywhere"])
        own = {str(language): places(table) for language, table in raw["own"].items()}
    except (ValueError, TypeError, AttributeError, KeyError):  # not JSON, or not the tables: read CLDR instead
        return False
    _primed, _primed_own = everywhere, own
    return True


def cldr_places() -> Mapping[str, tuple[Place, ...]]:
    """Every folded name of every territory and exemplar city of the bot's locales, with the places it names."""
    return _primed if _primed is not None else _read_cldr(LOCALES)[0]


def own_language_places() -> Mapping[str, Mapping[str, tuple[Place, ...]]]:
    """Names a language gives places that are words of English too, for questions in that language only.

    "Brasil" is an English word often enough to be no name in an English question, but a Portuguese or Catalan
    question saying "no Brasil" names Brazil; so does a French "Suisse" and a Romanian "Italia". Keyed by the
    language's code, as the language table names the language a question is in.
    """
    return _primed_own if _primed_own is not None else _read_cldr(LOCALES)[1]


@lru_cache(maxsize=1)
def _read_cldr(locales: tuple[str, ...]) -> tuple[Mapping[str, tuple[Place, ...]],
                                                  Mapping[str, Mapping[str, tuple[Place, ...]]]]:
    english = Locale("en")
    places: dict[str, Place] = {}
    for code, name in english.territories.items():
        if code in SKIP_CODES:
            continue
        places[code] = Place(code, "region" if code.isdigit() or code == "EU" else "country", name)
    parsed = [_locale(ident) for ident in locales]
    for locale in parsed:
        for tz in map(str, locale.time_zones if locale else ()):
            if tz.startswith(SKIP_ZONES) or f"tz:{tz}" in places:
                continue
            city = tz.rsplit("/", 1)[-1].replace("_", " ")
            places[f"tz:{tz}"] = Place(f"tz:{tz}", "city", city)
    names: dict[str, dict[str, Place]] = {}

    def add(name: str | None, place: Place) -> None:
        key = fold(name or "")
        if len(key) >= MIN_NAME:
            names.setdefault(key, {})[place.code] = place

    for place in places.values():
        if fold(place.english) not in ENGLISH_WORDS:
            add(place.english, place)
    own = _own_names(parsed)
    scoped: dict[str, dict[str, dict[str, Place]]] = {}
    for locale in parsed:
        if locale is None:
            continue
        language = locale.language
        for code, name in locale.territories.items():
            if code not in places or _word_elsewhere(name, code, own):
                continue
            if _usable(name):
                add(name, places[code])
            elif language != "en" and _own_word(name, language):  # English's own are its ``ENGLISH_WORDS``
                scoped.setdefault(language, {}).setdefault(fold(name), {})[code] = places[code]
        for tz, data in locale.time_zones.items():
            city = data.get("city")
            if f"tz:{tz}" in places and _usable(city) and not _word_elsewhere(city, f"tz:{tz}", own):
                add(city, places[f"tz:{tz}"])
        if str(locale) not in UNSPACED_LOCALES:
            in_english = language == "en"  # English's "Greek" is an everyday word there, and shows up elsewhere
            for spoken, code in NATIONAL_LANGUAGES.items():
                people = locale.languages.get(spoken)
                if code in places and (in_english or _usable(people)) and not _word_elsewhere(
                        people, code, own, besides=language, zipf=ENGLISH_PEOPLE_ZIPF if in_english else None):
                    add(people, places[code])
    everywhere = {key: tuple(found.values()) for key, found in names.items()}
    return everywhere, {language: {key: tuple(found.values()) for key, found in table.items() if key not in everywhere}
                        for language, table in scoped.items()}


def _own_names(parsed: Iterable[Locale | None]) -> dict[str, dict[str, set[str]]]:
    """For each language wordfreq knows, the folded names its own CLDR locale gives each place code."""
    own: dict[str, dict[str, set[str]]] = {}
    for locale in parsed:
        language = word_frequency.code(locale.language) if locale is not None else ""
        if locale is None or language not in word_frequency.LANGUAGES:
            continue
        table = own.setdefault(language, {})
        for code, name in locale.territories.items():
            table.setdefault(code, set()).add(fold(name))
        for tz, data in locale.time_zones.items():
            if data.get("city"):
                table.setdefault(f"tz:{tz}", set()).add(fold(data["city"]))
    return own


def _word_elsewhere(name: str | None, code: str, own: Mapping[str, Mapping[str, set[str]]],
                    besides: str | None = None, zipf: float | None = None) -> bool:
    """Whether a one-word Latin name is an everyday word, and no language using it every day calls the place so.

    Latvian "Čada" (Chad) folds to Spanish "cada" (each): "¿cuántos chips tendrá cada gigafactoría?" names no
    country. "Francia" stays France, though Hungarian "francia" means French: Spanish and Italian call France so.
    ``besides``: the language whose word for a people this is, an everyday word there for that reason ("magyar").
    ``zipf``: how common a word must be elsewhere to be another word there (``WORD_ELSEWHERE_ZIPF`` by default).
    """
    key = fold(name or "")
    if not key.isascii() or not key.isalpha():
        return False
    speaker = word_frequency.code(besides) if besides else None
    using = [language for language in own
             if language != speaker and key in word_frequency.everyday(language, zipf or WORD_ELSEWHERE_ZIPF)]
    return bool(using) and not any(key in own[language].get(code, ()) for language in using)


def _usable(name: str | None) -> bool:
    """Whether another language's name for a place can stand for it in any question."""
    if not name:
        return False
    key = fold(name)
    if not key.isascii() or " " in key or "-" in key:
        return True
    return key not in ENGLISH_WORDS and wordfreq.zipf_frequency(key, "en") < FOREIGN_ASCII_MAX_ZIPF


def _own_word(name: str | None, language: str) -> bool:
    """Whether a name left out as an English word is its own language's more than English's ("Brasil", "Italia").

    Only a name folding leaves whole, of at least ``OWN_NAME_MIN`` letters: Vietnamese "Bỉ" (Belgium) folds to "bi"
    and Czech "Čad" (Chad) to "cad", which say nothing once their marks are gone.
    """
    key = fold(name or "")
    if not name or name.lower() != key or len(key) < OWN_NAME_MIN or not key.isalpha():
        return False
    return word_frequency.zipf(key, language) >= word_frequency.zipf(key, "en")


def _locale(ident: str) -> Locale | None:
    try:
        return Locale.parse(ident)
    except (UnknownLocaleError, ValueError):
        return None


def codes_for(names: Iterable[str]) -> frozenset[str]:
    """The CLDR codes of places called by any of these (English) names: how an alias finds its place."""
    table = cldr_places()
    out: set[str] = set()
    for name in names:
        for place in table.get(fold(name), ()):
            out.add(place.code)
    return frozenset(out)
