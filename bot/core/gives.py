"""What an entry can answer: the kinds of answer its own text and quotes hold.

A question asks for a kind of answer (a price, a time, a place, a company, a
number); an entry can give only the kinds its text holds. "When will Mistral
Compute launch?" finds the Mistral Compute entries, but none of them says a
time, so none of them answers it. The kinds are the ones of
``data/languages.yaml`` (``count``, ``time``, ``company``…), read from the
English text of the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from bot.core.currencies import asked_currency, stated_currencies
from bot.core.numbers import find_numbers

_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
TIME = re.compile(
    rf"\b(?:on (?:{_WEEKDAYS})|(?:{_WEEKDAYS})|in (?:{_MONTHS})|(?:{_MONTHS}) \d|(?:next|last|this) "
    r"(?:year|month|week|quarter|decade)|in the (?:next|coming|past|last) (?:\w+ )?(?:years?|months?|weeks?|days?)"
    r"|(?:before|after|during) (?:the|a|an|its|his|her) (?:\w+ ){0,2}"
    r"(?:conference|briefing|event|meeting|summit|keynote|announcement|speech)"
    r"|already|today|tomorrow|yesterday|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
"""Phrases that say when something happens: a day, a month, a year, "next year", "before the press conference"."""
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
DATE = re.compile(rf"\b(?:{_WEEKDAYS}|{_MONTHS}|(?:19|20)\d\d|today|tomorrow|yesterday)\b", re.IGNORECASE)
"""A day, a month or a year: what a date is given by ("in the next two years" gives a time, not a date)."""
DURATION = re.compile(r"\b(?:in|within|for|over) the (?:next|coming|past|last) (?:\w+ )?(?:years?|months?|weeks?)\b"
                      r"|\b\d+ (?:years?|months?|weeks?|days?)\b", re.IGNORECASE)
MONEY = re.compile(r"[€$£¥]\s?\d|\b\d[\d,.]*\s?(?:euros?|dollars?|pounds?|usd|eur)\b|\b(?:euros?|dollars?)\b",
                   re.IGNORECASE)
PRICE = re.compile(r"\b(?:price[sd]?|pricing|costs?|fees?|per (?:hour|month|gpu))\b", re.IGNORECASE)
PERCENT = re.compile(r"%|\bper ?cent\b|\b(?:half|a third|a quarter|majority|share)\b", re.IGNORECASE)
POWER = re.compile(r"\b\d[\d,.]*\s?(?:mw|gw|kw|megawatts?|gigawatts?)\b", re.IGNORECASE)
AMOUNT = re.compile(r"\b(?:thousands|hundreds|millions|billions|dozens|several|many|more than|double|triple|times"
                    r"|tenfold|\d+-fold)\b", re.IGNORECASE)
PER_PERIOD = re.compile(r"\b(?:per|a|each|every) (?:year|month|quarter|week|day)\b(?!\s+ago)"
                        r"|\b(?:annual(?:ly)?|yearly|monthly|quarterly|per annum|par an|par mois|pro jahr|pro monat"
                        r"|jährlich|por año|al año|anualmente"
                        r"|all'anno|annualmente|per jaar|jaarlijks|rocznie|per år|om året|årligen|årlig|ročně|évente"
                        r"|vuodessa|ετησίως|в год|ежегодно|на рік|щорічно|her yıl|yıllık|hằng năm|mỗi năm|per tahun"
                        r"|setiap tahun|सालाना|प्रति वर्ष|سنويا|سنوياً)\b|每年|每月|매년|연간|ต่อปี", re.IGNORECASE)
"""A figure per period of time ("per year", "annually", "pro Jahr", "每年"): a rate, which a total does not give."""
REPORTING_PERIOD = re.compile(
    r"\b(?:(?:last|this|next|previous|latest|most recent|past|first|second|third|fourth) quarter|quarterly"
    r"|(?:in|for|during) q[1-4]|fiscal (?:year|quarter)|financial year|fy ?\d{2,4}|earnings|last year|a year ago)\b",
    re.IGNORECASE)
"""An entry naming a company's reporting period ("in the third quarter", "fiscal year") or a past year gives a figure
for one. A question asks for one in its own words (the ``period`` kind of ``data/languages.yaml``: "last quarter",
"último trimestre", "geçen yıl", "去年"). The sources report none and date nothing: "about half of its sales" is no
quarter's revenue, "1.5 million developers" no count of last year's."""
NAMED_QUARTER = re.compile(r"\bq[1-4] (?:of |fy ?)?\d{4}\b|\bq[1-4] ?'\d{2}\b|\bfy ?'?\d{2}(?:\d{2})?\b"
                           r"|\bq[1-4] (?:results|earnings|revenue|sales|numbers)\b", re.IGNORECASE)
"""A quarter or fiscal year written as a code ("Q3 2024", "FY25", "q1 '25", "Q2 revenue"), which no table of phrases
can list. A bare "q1:" numbers a chat message's questions, and "q2 20 factories?" is no quarter."""
REASON = re.compile(r"\b(?:because|since|so that|in order to|aims? to|to help|to make|to ensure|requires?|driven by"
                    r"|reflects?|due to|thanks to|as a result|hindered|hinder|needs?|demands?|ensur(?:e|es|ing)"
                    r"|reduc(?:e|es|ing)|vital|essential|crucial|key to)\b", re.IGNORECASE)
"""What an entry says that explains something: only such an entry, or one whose phrasings ask why, answers "why"
("Why did NVIDIA pick Paris?" is not answered by where the event was)."""

ROLE = re.compile(r"\b(?:CEO|chief \w+ officer|head of|prime minister|minister|president|founder|director"
                  r"|chairman|spokes(?:person|man))\b", re.IGNORECASE)
"""A job title: an entry stating one says what someone is ("head of data centres", "Prime Minister")."""

TICKER = re.compile(r"\b(?:ticker|stock symbol)\b|股票代码|股票代碼|ティッカー|티커|тикер", re.IGNORECASE)
"""A stock's ticker is a name the report gives ("NVDA.US"), not a figure of the stock market: "what's NVIDIA's stock
ticker?" asks no share price. The sources state no share price, market value, stake or takeover, so no entry gives
what "did NVIDIA's stock jump?" asks."""

PLACE_KINDS = {"country": ("country", "place"), "place": ("place", "city")}
"""What naming a place of each alias kind lets an entry answer."""


def kinds_given(texts: Iterable[str], entity_kinds: Mapping[str, str], ambient: frozenset[str]) -> frozenset[str]:
    """The answer kinds an entry's answer and quotes hold (``entity_kinds``: entity key -> alias kind).

    Ambient entities (NVIDIA, Europe: the subject of nearly everything) answer no "which company" or "where":
    every entry names them, so naming them says nothing about the question.
    """
    text = " ".join(texts)
    kinds: set[str] = set()
    numbers = [n for n in find_numbers(text) if not YEAR.fullmatch(n.text)]
    if numbers or AMOUNT.search(text):
        kinds |= {"count", "amount", "size"}
    if any(n.kind == "multiplier" for n in numbers):
        kinds.add("amount")
    checks = ((TIME, "time"), (YEAR, "year"), (DURATION, "duration"), (MONEY, "money"), (PRICE, "price"),
              (PERCENT, "percent"), (POWER, "power"), (REASON, "reason"), (PER_PERIOD, "rate"), (LINK, "link"),
              (ROLE, "role"), (DATE, "date"), (REPORTING_PERIOD, "period"))
    kinds |= {kind for pattern, kind in checks if pattern.search(text)}
    if "duration" in kinds:
        kinds.add("time")
    if "money" in kinds:
        kinds |= stated_currencies(text)
    for key, kind in entity_kinds.items():
        if key in ambient:
            continue
        if kind == "person":
            kinds.add("person")
        elif kind == "company":
            kinds.add("company")
        elif kind in PLACE_KINDS:
            kinds.update(PLACE_KINDS[kind])
    return frozenset(kinds)


NEVER_GIVEN = ("stock", "staff", "funding")
"""Kinds of answer the sources hold nothing of (a company's shares, its staff, its funding or value): no entry's text
gives them, so only an entry whose own phrasings ask one answers it."""
SLOTS: Mapping[str, frozenset[str]] = {
    "price": frozenset({"price"}),
    "money": frozenset({"money"}),
    "power": frozenset({"power"}),
    "percent": frozenset({"percent"}),
    "year": frozenset({"year"}),
    "date": frozenset({"date"}),
    "time": frozenset({"time", "year"}),
    "duration": frozenset({"duration", "time"}),
    "city": frozenset({"city"}),
    "place": frozenset({"place", "country", "city"}),
    "country": frozenset({"country", "place"}),
    "company": frozenset({"company"}),
    "person": frozenset({"person", "company"}),
    "rival": frozenset({"person", "company", "country"}),
    "count": frozenset({"count", "amount"}),
    "amount": frozenset({"amount", "count", "money", "percent"}),
    "part": frozenset({"part"}),
    "rate": frozenset({"rate"}),
    "link": frozenset({"link"}),
    "reason": frozenset({"reason"}),
    **{kind: frozenset({kind}) for kind in NEVER_GIVEN},
}
"""For each kind a question asks for, the kinds of answer that give it. Kinds absent here (how, why, what is,
compare) are answered by whatever the entry says."""

YEAR_QUESTION = re.compile(r"\b(?:what|which|in what|in which) year\b|哪一?年|何年|몇 년|как(?:ой|ом) год|"
                           r"в каком году|hangi yıl|quelle année|en quelle année|welche[ms]? jahr|qué año|que ano|"
                           r"quale anno|welk jaar|w którym roku|vilket år|hvilket år|ano em que", re.IGNORECASE)
"""A question for a year, which "next year" does not answer."""
DATE_QUESTION = re.compile(r"\b(?:what|which|exact|precise|specific) (?:date|day)\b|\bon what day\b|\bwhen exactly\b",
                           re.IGNORECASE)
"""A question for a date ("the exact date of the keynote"), which "in the next two years" does not answer."""

SINGLED_OUT = re.compile(r"\b(?:itself|alone|on (?:its|their) own|by itself|individually|separately)\b",
                         re.IGNORECASE)
"""A figure asked of one party alone ("Meta alone", "NVIDIA itself"): the sources state their figures of groups
("Microsoft and Meta … about half") or of others (Europe's gap), never one party's share."""
BROKEN_DOWN = re.compile(r"\b(?:split|breakdown|broken down)\b", re.IGNORECASE)
"""A figure asked broken down ("the split of chips between Nebius and Nscale"), which the sources never give."""
RIVALRY = re.compile(
    r"\b(?:compet\w*|rival\w*|rac(?:e|es|ing)|ahead|catch(?:ing)? up|up against|(?:go|goes|going) up against"
    r"|take on|taking on|versus whom|concurren\w*|konkurr?en\w*|конкур\w*"
    r"|соперни\w*|змага\w*|rekabet\w*|cạnh tranh|bersaing|saing)\b|竞争|競爭|競争|경쟁",
    re.IGNORECASE)
"""A contest ("who is Europe competing with?", "who's ahead?"): its "who" is answered by a country as well."""
LINK_ASKED = re.compile(
    r"\b(?:urls?|hyperlinks?|web ?sites?|web ?pages?|web address|homepage"
    r"|(?<!their )(?<!its )(?<!his )(?<!her )links?|lien|enlace|collegamento|länk\w*"
    r"|lenke\w*|linkki\w*|odkaz\w*|bağlantı\w*|linki|tautan|pautan|liên kết|đường dẫn|ссылк\w*|посилання"
    r"|σύνδεσμο\w*|webseite|webadres\w*|adresse web|adreça web|sitio web|página web|sito web)\b"
    r"(?!\s+(?:between|with|entre|zwischen|tra|tussen|mellan)\b)"
    r"|链接|鏈接|連結|网址|網址|リンク|링크|رابط|קישור|لینک|लिंक",
    re.IGNORECASE)
"""A link or web address asked for ("got a link to the Zhitong article?", "URL?"): the sources give none, so only
an entry holding one could answer. "The link between NVIDIA and Mistral" and "their link to NVIDIA" ask how they are
tied, not for a URL."""
LINK = re.compile(r"https?://|\bwww\.", re.IGNORECASE)
_SINGLING_NOUN = re.compile(r"\b(?:the|a|an|this|that)\s+\w+\s+itself\b", re.IGNORECASE)
""""The hardware itself" stresses a thing, it singles no one out."""


def unmet(asked: frozenset[str], question: str, gives: frozenset[str], asks: frozenset[str], *,
          claim: bool = False) -> frozenset[str]:
    """The kinds a question asks for that an entry cannot give (an entry whose own phrasings ask it can).

    A yes/no question (``claim``) names a currency to check, not one to convert into: "is the gap given in US
    dollars?" is answered by the euros an entry states.
    """
    wanted, in_currency, per_period = _wanted(asked, question)
    missing = {k for k in wanted if k in SLOTS and k not in asks and not (SLOTS[k] & gives)}
    if in_currency and not ("money" in gives and (in_currency in gives or claim)):
        missing.add("money")  # "the gap in dollars?" is not answered by €500-700 billion
    if "period" in wanted and "period" not in gives:
        missing.add("period")  # "what was NVIDIA's revenue last quarter?" is not "about half of its sales"
    if per_period and "rate" not in gives:
        missing.add("rate")  # "how much does the US spend per year?" is not answered by a gap of €500-700 billion
    return frozenset(missing)


@lru_cache(maxsize=1024)
def _wanted(asked: frozenset[str], question: str) -> tuple[frozenset[str], str | None, bool]:
    """What the question's words want, read once per question rather than once per candidate entry.

    Also whether it asks a sum in a currency, and a figure per period of time.
    """
    wanted = set(asked)
    if YEAR_QUESTION.search(question):
        wanted.discard("time")
        wanted.add("year")
    elif DATE_QUESTION.search(question):
        wanted.discard("time")
        wanted.add("date")
    figure = wanted & {"count", "amount", "money", "percent"}
    if BROKEN_DOWN.search(question) or (figure and SINGLED_OUT.search(question)
                                        and not _SINGLING_NOUN.search(question)):
        wanted.add("part")
    if LINK_ASKED.search(question):
        wanted.add("link")
    if "person" in wanted and RIVALRY.search(question):
        wanted = (wanted - {"person"}) | {"rival"}
    if "putting" in wanted:  # putting something into a project: money, but "how many chips is NVIDIA putting
        wanted.discard("putting")  # into it?" counts the chips
        if not ("count" in wanted and "amount" not in wanted):
            wanted.add("money")
    if "count" in wanted and "amount" in wanted:
        wanted.discard("count")  # сколько, combien, 多少, כמה: one word for both; any figure answers it
    if "price" in wanted:
        wanted -= {"count", "amount", "money"}
    if "money" in wanted:
        wanted -= {"count", "amount"}  # "how much is the investment": a sum of money
    if "stock" in wanted and TICKER.search(question):
        wanted.discard("stock")  # "what's NVIDIA's stock ticker?" asks its name
    if NAMED_QUARTER.search(question):
        wanted.add("period")
    per_period = bool(PER_PERIOD.search(question)) and bool(wanted & {"count", "amount", "money", "price", "power"})
    return frozenset(wanted), asked_currency(question), per_period
