"""Currencies: which one a question asks a sum in, and which ones a text states its sums in.

Europe's investment gap is stated in euros. "What's the gap in dollars?" asks a conversion the sources never
make, so it is no question an entry in euros answers (``bot.core.gives.unmet``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

CURRENCIES: Mapping[str, str] = {
    "usd": r"dollars?|usd|us\$|\$|d[óo]lar(?:es|y|ů|ów|ları|a)?|dollari|долл\w*|долар\w*|δολάρια|דולר|دولار|डॉलर"
           r"|ดอลลาร์|đô la|美元|美金|ドル|달러",
    "eur": r"euros?|eur|€|евро|євро|ευρώ|יורו|يورو|यूरो|ยูโร|欧元|歐元|ユーロ|유로",
    "gbp": r"pounds?(?: sterling)?|sterling|gbp|£|фунт\w*|στερλίνες|英镑|英鎊|ポンド|파운드",
}
"""Each currency by its code: the names a question asks a sum in, in the languages people ask in."""
_ANY_CURRENCY = "|".join(f"(?P<{code}>{names})" for code, names in CURRENCIES.items())
IN_CURRENCY = re.compile(
    r"(?:\b(?:in|en|em|na|w|v|ve|во|в|у|на|σε|in terms of)\s+"
    r"(?:actual |real |us |american |u\.s\. |british |current )?|用|以|按)"
    rf"(?:{_ANY_CURRENCY})(?![a-zA-Z\u00c0-\u024f\u0370-\u06ff])"  # "в евро" asks euros, "в европе" is Europe
    r"|\b(?:how many|cuántos|quantos|quanti) (?P<counted>dollars|euros|pounds|dólares|dollari|libras|sterline)\b"
    r"|\b(?:in|en|em) (?P<symbol>[€$£])", re.IGNORECASE)
"""A sum asked in a currency ("in dollars", "em euros", "в долларах", "用美元"): only an entry stating an amount in
that currency gives it. Europe's gap is in euros, so "what's the gap in dollars?" asks a conversion the sources
never make; whatever an entry's phrasings ask ("how much of NVIDIA's revenue…" asks a share)."""
_POSTPOSED = {"usd": re.compile("ドルで|달러로"), "eur": re.compile("ユーロで|유로로"),
              "gbp": re.compile("ポンドで|파운드로")}
"""Japanese and Korean say "in dollars" after the currency."""
_SYMBOLS = {"$": "usd", "€": "eur", "£": "gbp"}
_STATED_IN = {code: re.compile(rf"(?:{names})", re.IGNORECASE) for code, names in CURRENCIES.items()}


def stated_currencies(text: str) -> frozenset[str]:
    """The codes of the currencies a text names (an entry stating "€500-700 billion" gives euros)."""
    return frozenset(code for code, stated in _STATED_IN.items() if stated.search(text))


def asked_currency(question: str) -> str | None:
    """The code of the currency a question asks a sum in, if it asks one."""
    match = IN_CURRENCY.search(question)
    if match is None:
        return next((code for code, postposed in _POSTPOSED.items() if postposed.search(question)), None)
    if match.group("symbol"):
        return _SYMBOLS[match.group("symbol")]
    if match.group("counted"):  # counted in a plural only: "how many euro devs" counts developers
        return next(code for code, names in _STATED_IN.items() if names.match(match.group("counted")))
    return next(code for code in CURRENCIES if match.group(code))
