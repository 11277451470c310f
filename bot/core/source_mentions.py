"""A question's mention of which source it means: "per the 2nd article", "article 1", "第二篇文章", "drugi artykuł".

People who read the two articles point at one of them. The ordinal says which
article, not a figure the answer must hold: read as the number 2 it made every
entry look wrong about a "2", and "2nd" left an unknown "nd". The ordinal is
taken out of the question; the word for the article stays, and is a frame word
that weighs nothing.
"""

from __future__ import annotations

import re

_NOUNS = (
    r"articles?|artcle|piece|story|report|commentary|op-?ed|editorial|write-?up|post|text|source"
    r"|artikel\w*|artikkel\w*|artícul\w*|articol\w*|artig\w*|artyku\w*|článk\w*|článek|člank\w*|članak|cikk\w*"
    r"|makale\w*|makala|стат\w*|άρθρ\w*|ה?מאמר\w*|ال?مقال\w*|लेख\w*|bài báo|bài viết|บทความ"
    r"|கட்டுரை\w*|প্রবন্ধ\w*|নিবন্ধ\w*|文章|記事|기사|报道|報道"
)
"""Words for the article itself in the languages people ask in."""
_ORDINALS = (
    r"first|second|1st|2nd|other|erste\w*|zweite\w*|premi[eè]re?|deuxième|second[eoa]?|primer[oa]?|segund[oa]"
    r"|prim[oa]|primeir[oa]|pierwsz\w*|drug\w*|перв\w*|втор\w*|перш\w*|друг\w*|första|andra|første|anden|andre"
    r"|eerste|tweede|ensimmäi\w*|toise\w*|toinen|első|második|první|druh\w*|prvn\w*|birinci|ikinci|πρώτ\w*"
    r"|δεύτερ\w*|ה?ראשון|ה?שני|ال?أول|ال?ثاني|पहल\w*|दूसर\w*|thứ nhất|thứ hai|pertama|kedua|primul|al doilea"
    r"|prvi|drugi|ya kwanza|ya pili|ที่หนึ่ง|ที่สอง|[12]"
)
"""First and second (and "other"), in the same languages, and the bare digits."""
_SECOND = re.compile(r"^(?:the\s+)?(?:second|2nd|2|zweite\w*|deuxième|second[eoa]|segund[oa]|drug\w*|втор\w*|друг\w*"
                     r"|andra|anden|andre|tweede|toise\w*|toinen|második|druh\w*|ikinci|δεύτερ\w*|ה?שני|ال?ثاني"
                     r"|दूसर\w*|thứ hai|kedua|al doilea|drugi|ya pili|ที่สอง)$", re.IGNORECASE)
SECOND_SOURCE = "commentary"
"""What "the second article" is: the sources are numbered as their files are, the Zhitong news report first and
the commentary on Europe's investment gap second, and the commentary's entries hold that word."""

_BEFORE = re.compile(rf"(?<!\w)((?:the\s+)?(?:{_ORDINALS}))\s+(?=(?:{_NOUNS})(?!\w))", re.IGNORECASE)
"""An ordinal before the noun: "the 2nd article", "drugi artykuł", "andra artikeln"."""
_AFTER = re.compile(rf"(?<!\w)((?:{_NOUNS}))\s*(?:#|no\.?\s*|nr\.?\s*|number\s+)?((?:{_ORDINALS}))(?!\w)",
                    re.IGNORECASE)
"""An ordinal or number after it: "article 2", "artikel kedua", "المقال الثاني", "bài báo thứ hai"."""
_EAST_ASIAN = re.compile(
    r"(第\s*[一二12]\s*篇?|[一二12]\s*本目の?|[一二12]\s*つ目の?|(?:첫|두)\s*번째)(?=\s*(?:文章|記事|기사|报道|報道))")
"""The same in Chinese, Japanese and Korean, which count articles with their own words ("第二篇", "2本目の")."""
_EAST_ASIAN_SECOND = re.compile(r"二|2|두")


def without_article_ordinals(text: str) -> str:
    """The question without the ordinal that picks one of the sources; "the second" becomes the commentary."""
    if not _EAST_ASIAN.search(text) and not re.search(_NOUNS, text, re.IGNORECASE):
        return text
    text = _BEFORE.sub(lambda m: _named(m.group(1)), text)
    text = _AFTER.sub(lambda m: f"{m.group(1)} {_named(m.group(2))}".rstrip(), text)
    return _EAST_ASIAN.sub(lambda m: f"{SECOND_SOURCE} " if _EAST_ASIAN_SECOND.search(m.group(1)) else "", text)


def _named(ordinal: str) -> str:
    return f"{SECOND_SOURCE} " if _SECOND.match(ordinal.strip()) else ""


_TITLED = re.compile(rf"((?:[^\W\d_]+\s+){{1,3}})(?:{_NOUNS})(?!\w)", re.IGNORECASE)
"""Up to three words before the word for an article: "the sovereign AI piece" names the piece by its subject."""


def article_titles(text: str) -> str:
    """The words a question names an article by ("in the sovereign AI article"): a choice of source, not a topic."""
    return " ".join(m.group(1) for m in _TITLED.finditer(text))


_BOTH = re.compile(
    r"\b(?:(?:two|both|each|either)\s+(?:of\s+the\s+)?(?:articles?|sources?|reports?|pieces?|stories|texts?)"
    r"|which\s+(?:article|source|report|piece|one)\b.*\bwhich\s+(?:one|article|source|report|piece)"
    r"|beiden?\s+(?:artikel|texte|quellen)|les\s+deux\s+(?:articles|textes|sources)|chaque\s+article"
    r"|(?:ambos|los\s+dos)\s+(?:artículos|articulos|textos)|(?:entrambi|i\s+due)\s+(?:gli\s+)?articoli"
    r"|(?:ambos\s+os|os\s+dois)\s+(?:artigos|textos)|(?:obu|dwóch|oba)\s+artyku\w*|beide\s+artikelen"
    r"|(?:обе|двух|две|обеих)\s+стат\w*)\b"
    r"|两篇|兩篇|两个报道|二つの記事|2つの記事|両方の記事|두\s*기사|두\s*개의\s*기사",
    re.IGNORECASE)
"""Words that ask about both articles: "the two articles", "each source", "which article … which one",
"les deux articles", "两篇文章"."""
_FIRST = re.compile(rf"(?<!\w)(?:first|1st|one|1)\s+(?:{_NOUNS})(?!\w)|(?<!\w)(?:{_NOUNS})\s*(?:#|no\.?\s*)?(?:1|one)"
                    r"(?!\w)", re.IGNORECASE)
_SECOND_NAMED = re.compile(rf"(?<!\w)(?:second|2nd|two|2|other)\b|(?<!\w)(?:{_NOUNS})\s*(?:#|no\.?\s*)?(?:2|two)"
                           r"(?!\w)", re.IGNORECASE)
"""The first article and, anywhere in the same question, the second: "Nebius in the first article versus the
second", "article 1 vs article 2"."""
_KINDS_OF_SOURCE = re.compile(r"\b(?:news|finance|financial|zhitong)\s+(?:report|story|piece|article)\b.*"
                              r"\b(?:commentary|op-?ed|editorial|opinion\s+piece)\b|\b(?:commentary|op-?ed|editorial"
                              r"|opinion\s+piece)\b.*\b(?:news|finance|financial|zhitong)\s+(?:report|story|piece"
                              r"|article)\b", re.IGNORECASE)
"""The sources by what they are, both in one question: "the finance report vs the commentary"."""


def compares_sources(text: str) -> bool:
    """Whether a question asks what each article says, not what the sources say.

    "How do the two articles describe Mistral's chips?", "Nebius in the first article versus the second", "the
    finance report vs the commentary".
    """
    return bool(_BOTH.search(text) or _KINDS_OF_SOURCE.search(text)
                or (_FIRST.search(text) and _SECOND_NAMED.search(text)))


_SOURCE_WORD = re.compile(rf"(?:{_NOUNS}|{_ORDINALS}|{SECOND_SOURCE}|news|finance|financial|zhitong)", re.IGNORECASE)
"""A word that points at an article: its noun, its ordinal, or what kind of article it is."""


def names_a_source(word: str) -> bool:
    """Whether a word only points at an article ("article", "second", "commentary", "news"): no entry need hold it."""
    return _SOURCE_WORD.fullmatch(word) is not None
