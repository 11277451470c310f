"""The verb an English agent noun is made of: "builders" build, a "competitor" competes, "investors" invest.

A paraphrase names the doer where the sources name the doing; read as the verb, the word is one the sources use,
not one no entry holds.
"""

from __future__ import annotations

from collections.abc import Container

AGENT_SUFFIXES = (("itor", "e"), ("ator", "ate"), ("ier", "y"), ("er", ""), ("er", "e"), ("or", ""), ("or", "e"))
"""Endings of English agent nouns and what the verb ends in instead (the longest first)."""
MIN_STEM = 3
"""Letters left once the ending is off: "user" is no "us"."""


def verb_of(noun: str, known: Container[str], stopwords: Container[str]) -> str | None:
    """The ``known`` verb ``noun`` (singular or plural) is the doer of, or None.

    A stopword is no verb to read it as: an "owner" does not "own" in the sense the sources could match.
    """
    word = noun[:-1] if noun.endswith("s") else noun
    for suffix, ending in AGENT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            base = word[: len(word) - len(suffix)] + ending
            for form in (base, base[:-1] if len(base) > MIN_STEM and base[-1] == base[-2] else ""):  # "shipper"
                if form and form in known and form not in stopwords:
                    return form
    return None
