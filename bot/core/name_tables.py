"""The names a question can hold, read from the aliases, the gazetteer and CLDR's places once per revision.

Aliases map each way of writing a known name onto one entity or term; the gazetteer lists names the sources do
not cover (Globex, Lyon, CFO), so a question about them is told from one about what the sources say; CLDR gives
every place in every script. The analyzer looks names up here; it does not build these tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.models import Alias
from bot.core.names import NameFinder
from bot.core.places import Place
from bot.core.text import cased_words, fold, stem, words
from bot.core.vocabulary import STOPWORDS

ENTITY_KINDS = frozenset({"person", "company", "country", "place", "product"})
"""Alias kinds that name something; a question about one the answer does not cover is a near miss."""
PLACE_KINDS = frozenset({"country", "place"})
"""Alias kinds whose CLDR names in every language are names of the same entity."""


@dataclass(frozen=True)
class AliasPhrase:
    """What one way of writing a known name stands for."""

    tokens: tuple[str, ...]
    """The tokens it is read as: an entity's name as one token ("mistralai"), a term's words as they are."""
    key: str
    """The folded canonical name."""
    entity: bool
    cased: tuple[str, ...] | None = None
    """For an all-capitals name that is also a small word ("IT", "US"): the capitals it must be written in."""


@dataclass(frozen=True)
class NameTables:
    """Every table of names the analyzer reads a question with."""

    aliases: dict[tuple[str, ...], list[AliasPhrase]]
    """Each alias's words -> what it stands for."""
    entity_names: dict[str, str]
    """Folded canonical name -> the name as written."""
    entity_kinds: dict[str, str]
    """Folded canonical name -> its kind (person, company, country, place, product)."""
    terms: frozenset[tuple[str, ...]]
    """The knowledge base's terms ("gigafactory", "investment gap"), as the stems a question's tokens hold."""
    foreign: dict[tuple[str, ...], str]
    """The gazetteer's names the sources do not cover: words -> name."""
    foreign_kind: dict[str, str]
    """Folded gazetteer name -> its kind."""
    finder: NameFinder[tuple[str, str, str]]
    """Names in any script, places by their CLDR names (see :func:`_name_finder`)."""
    own_language: dict[str, NameFinder[tuple[str, str, str]]]
    """For a question in one language, the places named by words that are English too ("Brasil", "Italia")."""
    name_words: frozenset[str]
    """Every word of an entity's aliases."""
    homes: dict[str, str]
    """Folded canonical name of a company -> its home country's folded name, as a question names that country."""

    @classmethod
    def build(cls, aliases: Sequence[Alias], gazetteer: Mapping[str, Sequence[str]],
              places: Mapping[str, tuple[Place, ...]],
              own_places: Mapping[str, Mapping[str, tuple[Place, ...]]] | None = None) -> NameTables:
        """The tables for one revision of the knowledge base."""
        table: dict[tuple[str, ...], list[AliasPhrase]] = {}
        entity_names: dict[str, str] = {}
        entity_kinds: dict[str, str] = {}
        for alias in aliases:
            key = fold(alias.canonical)
            is_entity = alias.kind in ENTITY_KINDS
            canon = ("".join(words(alias.canonical)),) if is_entity else tuple(words(alias.canonical))
            if is_entity:
                entity_names[key] = alias.canonical
                entity_kinds[key] = alias.kind
            for name in (alias.canonical, *alias.aliases):
                toks = tuple(words(name))
                if not toks or _other_script(name):  # "AI工厂" is no "AI": the name finder reads it whole
                    continue
                cased = None
                if len(toks) == 1 and name.isupper() and toks[0] in STOPWORDS:
                    cased = tuple(cased_words(name))
                table.setdefault(toks, []).append(AliasPhrase(canon, key, is_entity, cased))
        terms = frozenset(tuple(stem(w) for w in words(a.canonical)) for a in aliases
                          if a.kind not in ENTITY_KINDS and words(a.canonical))
        foreign: dict[tuple[str, ...], str] = {}
        foreign_kind: dict[str, str] = {}
        for kind, names in gazetteer.items():
            for name in names:
                toks = tuple(words(name))
                if toks and toks not in table:
                    foreign[toks] = name
                    foreign_kind[fold(name)] = kind
        name_words = frozenset(w for toks, phrases in table.items() if any(p.entity for p in phrases) for w in toks)
        known = _known_places(aliases, places)
        own = {language: NameFinder(_place_names(names, known)) for language, names in (own_places or {}).items()}
        finder = _name_finder(aliases, places, known)
        homes = {fold(a.canonical): fold(a.home) for a in aliases if a.home}
        return cls(table, entity_names, entity_kinds, terms, foreign, foreign_kind, finder, own, name_words, homes)


def _name_finder(aliases: Iterable[Alias], places: Mapping[str, tuple[Place, ...]],
                 known: Mapping[str, tuple[str, str, str]]) -> NameFinder[tuple[str, str, str]]:
    """Names in any script: (``kb``, entity key, kind) for what the knowledge base covers, else ``foreign``.

    A place the knowledge base names (France, the UK, Paris) is known by all its CLDR names; every other
    place is foreign. Aliases written in another script than Latin are found here too, and Latin ones with a
    case ending in the languages that put one on names.
    """
    table: dict[str, tuple[str, str, str]] = {}
    declined: dict[str, tuple[str, str, str]] = {}
    for alias in aliases:
        if alias.kind not in ENTITY_KINDS:
            for name in alias.aliases:  # a term in a script words are not split in ("開発者": developers)
                if not name.isascii():
                    table.setdefault(fold(name), ("term", fold(alias.canonical), alias.kind))
            continue
        entry = ("kb", fold(alias.canonical), alias.kind)
        for name in (alias.canonical, *alias.aliases):
            if not name.isascii():
                table.setdefault(fold(name), entry)
            else:  # "Mistrala", "Nvidii": the word table knows only the name as written
                declined.setdefault(fold(name), entry)
    for name, entry in _place_names(places, known).items():
        table.setdefault(name, entry)
    return NameFinder(table, declined)


def _known_places(aliases: Iterable[Alias], places: Mapping[str, tuple[Place, ...]]) -> dict[str, tuple[str, str, str]]:
    """The CLDR codes of the places the knowledge base names, each with its entity."""
    by_code: dict[str, tuple[str, str, str]] = {}
    for alias in aliases:
        if alias.kind in PLACE_KINDS:
            entry = ("kb", fold(alias.canonical), alias.kind)
            for name in (alias.canonical, *alias.aliases):
                for place in places.get(fold(name), ()):
                    by_code.setdefault(place.code, entry)
    return by_code


def _place_names(names: Mapping[str, tuple[Place, ...]],
                 known: Mapping[str, tuple[str, str, str]]) -> dict[str, tuple[str, str, str]]:
    """Each place name as the name finder holds it: the knowledge base's entity, or a foreign place."""
    out: dict[str, tuple[str, str, str]] = {}
    for name, found in names.items():
        place = found[0]
        entry = known.get(place.code) or next((known[p.code] for p in found if p.code in known), None)
        origin, key, kind = entry or ("foreign", place.english, place.kind)
        out[name] = (origin, key, f"{kind}|{place.code}")
    return out


def _other_script(name: str) -> bool:
    """Whether a name has letters of a script other than Latin (its Latin words alone are not the name)."""
    return any(ch.isalpha() and ord(ch) > 0x24F for ch in name)
