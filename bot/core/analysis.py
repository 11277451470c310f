"""What the matcher knows about one analysed text: the Analysis value and what it derives from its fields.

The analyzer makes these and the matcher, the index and the readings consume them; the value lives apart
from the analyzer's pipeline so a consumer can name it without the machinery that builds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.languages import Asked

__all__ = ["Analysis"]


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
    asked: Asked | None = None
    """What the question's words ask for (a price, a time, a place…) and whether it is a yes/no question."""
    readable: float = 1.0
    """The share of the question's letters the analyzer could read: low for a script it has no words for."""
    words_read: float = 1.0
    """The same share without the names found in other scripts: "ما هي خدمة Lepton من إنفيديا؟" names two things
    it knows, but what it asks of them is read by the embedding alone."""
    foreign_kinds: tuple[tuple[str, str], ...] = ()
    """The kind of each foreign name (``country``, ``city``, ``company``…), for deciding what a question is about."""
    places: frozenset[str] = frozenset()
    """CLDR codes of the places the question names, known to the knowledge base or not."""
    speakers: frozenset[str] = frozenset()
    """People the question has speaking ("what did Starmer say"): the entry must quote them speaking."""
    located: frozenset[str] = frozenset()
    """Places the question puts something in ("in Lyon", "in Germany"), known or foreign: what a premise about a
    location names, and the place a "where in …" question already narrows its answer to."""
    text: str = ""
    """The question as analysed."""
    said: frozenset[str] = frozenset()
    """Every word it says but function words, stemmed, generic verbs included ("make", "take"): what a "yes" must
    find in an entry."""
    borrowed: frozenset[str] = frozenset()
    """Entities taken from what the question points back to ("how many are they saying?" after "I skimmed the GTC
    Paris stuff"): they say what it is about, not what a figure must be stated of."""

    @property
    def asks(self) -> frozenset[str]:
        """The answer kinds the question asks for."""
        return self.asked.kinds if self.asked else frozenset()

    @property
    def yesno(self) -> bool:
        """Whether it is a yes/no question."""
        return bool(self.asked and self.asked.yesno)

    @property
    def unknown_tokens(self) -> frozenset[str]:
        """Content tokens not in the knowledge base at all (real words, names or junk)."""
        return self.unknown | self.junk

    @property
    def content(self) -> frozenset[str]:
        """The distinct content tokens."""
        return frozenset(self.tokens)
