"""Fixed word lists of English questions: what carries no meaning for matching, and question types.

Kept apart from the data files because they describe English, not the
announcements: a moderator never needs to edit them.
"""

from __future__ import annotations

from functools import lru_cache

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again all also am an and any are aren as at be been before being below between both
    but by can could couldn did didn do does doesn doing don down during each either else ever every few for
    from further had has have having he her here hers herself him himself his how i if in into is isn it its
    itself just let lets me more most my myself no nor not now of off on once only or other our ours out over
    own per please same shall she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up upon us very via was wasn we were weren what whats
    when where which while who whom whose why will with within won would you your yours yourself yo hey hi
    hello thanks thank pls plz ok okay yeah yes really actually exactly anything something thing things
    kind sort bit lot lots much many r u ur y ya thx ty abt bc cuz rn tbh imo idk wat wut pls plz
    re ve ll tf wtf tho though hasn hadn haven wouldn shouldn ones
    """.split()
)
"""English function words, dropped before matching; "re", "ve" and "ll" are what is left of "they're", "we've" and
"it'll" once the apostrophe splits them; "tf" and "tho" are chat's ("who tf is…", "big tho")."""

FRAME_WORDS: frozenset[str] = frozenset(
    """
    tell say said says saying mention mentioned mentions talk talking talked discuss discussed discussing
    explain explained describe described know known knows think info information detail details question
    questions ask asked asking answer according article articles report reported reports source sources
    mean means meant regarding concerning deal story news anyone someone somebody guys folks bot
    give given get gets getting got going go goes went want wanted like happen happening
    happened latest new news update updates recent recently currently current today involved involve
    involves include includes included exactly precisely basically cite cites cited citing quoted paragraph
    paragraphs section sections passage passages sentence sentences audience summarize wait correct
    comment comments commented remark remarks remarked statement statements claim claims claimed
    opinion op-ed oped editorial editorials column columnist writeup write-up coverage
    """.split()
)
"""Words that frame a question ("tell me about ...") without saying what it is about; a comment, remark or claim is
something said ("when did Dion Harris make his comments about infrastructure?"), and an opinion piece, op-ed or
column is one of the articles, as "article" and "report" are."""

GENERIC_WORDS: frozenset[str] = frozenset(
    """
    come comes coming came make makes making made take takes taking took see sees seeing saw look looks looking
    seem seems put puts keep keeps kept let try tries trying tried start starts bring brings bringing brought
    become becomes became show shows showed find finds found leave left call called calls move moving
    turn turns begin set sets getting doing done happen stuff thing things way ways part parts type types case
    send sends sending sent handing handed
    cases point points idea example examples couple lot lots bunch whole main overall exact specific particular
    various different same certain able possible likely real true sure big bigger biggest large larger largest
    small smaller huge good better best bad great already still around inside outside quite pretty even ever
    maybe perhaps probably roughly approximately almost soon later yet again anyway besides apart else instead
    together overall generally specifically particularly especially currently right exactly basically actual
    wondering wonder curious anybody everybody everyone everything someone something somewhere anywhere
    going gonna wanna kinda sorta gotta guess suppose supposed heard hear hearing read reading
    channel channels server thread chat joined join missed skimmed skim piece link post slide slides deck
    meeting newsletter summary tldr reminder consider considered considering agree agrees agreed
    """.split()
)
"""Common English words that rarely say what a question is about ("what's coming", "how big is it"), and the words
of the asker's own situation in a chat ("just joined the channel", "for a slide", "the nvidia piece")."""

NUMBER_WORDS: dict[str, str] = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twenty": "20",
    "hundred": "100",
    "thousand": "1000",
    "tenfold": "10 times",
}
"""Spelt-out numbers folded to digits, so "ten times" meets the source's "10 times"."""

QUESTION_TYPES: dict[tuple[str, ...], str] = {
    ("how", "many"): "count",
    ("how", "much"): "count",
    ("number", "of"): "count",
    ("how", "big"): "count",
    ("how", "large"): "count",
    ("where",): "place",
    ("which", "city"): "place",
    ("what", "city"): "place",
    ("which", "town"): "place",
    ("which", "region"): "place",
    ("what", "location"): "place",
    ("who",): "who",
    ("whom",): "who",
    ("when", "will"): "time",
    ("when", "is"): "time",
    ("when", "was"): "time",
    ("when", "did"): "time",
    ("when", "does"): "time",
    ("when", "do"): "time",
    ("when", "are"): "time",
    ("what", "year"): "time",
    ("what", "date"): "time",
    ("which", "date"): "time",
    ("what", "day"): "time",
}
"""Word sequences that say what kind of answer a question wants."""


@lru_cache(maxsize=64)
def function_words(language: str) -> frozenset[str]:
    """Another language's function words ("hat", "nur", "die"), from the stopwords-iso lists.

    Empty for a language the lists lack. The lists are generous (German's holds "acht", eight): numbers are read
    from the text before this, and a word the sources use is kept by the caller.
    """
    import stopwordsiso  # its 220 kB of lists are read only when a question is not in English

    if language == "en" or not stopwordsiso.has_lang(language):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(language))
