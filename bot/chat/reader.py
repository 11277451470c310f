"""Reads a chat message the way a person would, and finds the question or questions in it.

A message in Discord or Slack carries more than its question: mentions in
either platform's syntax, greetings and thanks, emoji, markdown, quoted lines,
filler ("quick q", "asking for a friend"), context before the question, and
sometimes two or three questions at once. None of that is something the
knowledge base could answer, so it is taken out before matching, and each
question is handed over on its own. The terminal and the command line read
text pasted from either platform, so the syntax of both is known here rather
than in one adapter. The words of greetings, fillers and question openers in
each language come from ``data/languages.yaml`` through :class:`ChatWords`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import emoji

from bot.chat.markup import strip_markup
from bot.core import languages
from bot.core.text import collapse_space, fold, strip_control

BOT_NAMES = frozenset({"bot", "nvidia bot", "nvidiabot"})
"""How people address the bot by name at the start of a message ("hey bot, …")."""
MAX_PARTS = 3
"""Questions answered from one message: more is a list for `/nvidia topics`, not a chat question."""
OPENER_REACH = 80
"""How far after an emoji to look for a question opening: its first few words are all ``_opens`` reads."""
SHORT_PART = 3
"""A second question of fewer words than this ("and where?") leans on the first and is not split off."""

_CLOSING = "'\")]”’»"
"""Marks that close a remark's last word ("… 'hwang in-hoon' 💀"): an emoji after them ends the remark too."""
_TURN = re.compile(r"(?<![\w'])(?:anyway|anyways|anyhow)\b[,.!:;]*\s+", re.IGNORECASE)
"""Words that leave a remark for the question that follows them."""
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)]|\(\d{1,2}\))\s+")
_LEAD_IN = re.compile(r"^([^?？؟:]{3,80}?)(?::\s+|\s[-–—]\s+)(.+)$")
"""A lead-in ending in a colon or a spaced dash, then the rest of the sentence."""
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}[.)]|\(\d{1,2}\))\s+(?=[^\W\d_])")
"""A list number inside a line ("1) … 2) …"), followed by a word: "2.5 million" and "(2) 3" are not."""
_INLINE_LETTER = re.compile(r"(?:^|(?<=\s))\(?([a-fA-F])\)\s+(?=[^\W\d_])")
"""A list letter inside a line ("a) … b) …"), followed by a word."""
_SENTENCE_END = re.compile(r"[.!?？。！؟]+(?=\s|$)|[？。！]+")
_ABBREVIATIONS = frozenset({"vs", "etc", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "u.s", "u.k", "e.u", "approx"})
"""Words whose full stop ends the word, not the sentence."""
_QUESTION_MARKS = "?？؟"
_CAPS_POINT = re.compile(r"(?:^|\s)[^\W\d_a-z]{1,3}\.$")
"""A short capitalised abbreviation ending a piece ("EE." of "EE. UU."), as a point that ends no sentence."""
_STRETCHED = re.compile(r"(\w)\1{2,}")
"""A letter typed three times or more, as in "hiii" and "thxxx"."""
_CHATTER = re.compile(
    r"(?:(?:did|have|has)\s+(?:you|u|ya|anyone|anybody|any1|y'all|you guys)\s+(?:all\s+)?"
    r"(?:see|seen|read|hear|heard|catch|caught|check|checked|watch|watched)|(?:you|u|ya)\s+(?:saw|see|read|heard)"
    r"|(?:anyone|anybody)\s+(?:see|seen|read|catch|caught))\b", re.IGNORECASE)
"""A question to the people in the channel ("did you see the keynote?"): context for the question to the bot,
unless it asks something itself ("have you seen where it is built?")."""
_FORMAT_ASKED = re.compile(
    r"\b(?:(?:in|as|with|using)\s+)?(?:(?:just|only|max|like)\s+)?"
    r"(?:\d{1,2}|one|two|three|four|five|a few|a couple of|a single|a)\s+(?:short\s+|quick\s+|simple\s+)?"
    r"(?:sentences?|lines?|words|bullet points?|bullets|paragraphs?)\b", re.IGNORECASE)
"""How the asker wants the reply laid out ("in 2 sentences", "3 bullet points"): the reply's form, which
the bot does not change, and no figure the question asks about ("2" is no number the sources must hold)."""
_LEADING_PREPOSITIONS = frozenset({"by", "for", "in", "to", "from", "at", "with", "since", "until", "of", "on"})
"""English prepositions a question can open with ("by how much?", "since when?")."""
_PRONOUNS = frozenset("it its they them their this that these those he his him she her there ones each both".split())
"""English words that point back to something said before ("where is it being built?", "what does each say?")."""
_OTHER_PRONOUNS = frozenset(
    "le la les lui leur ça cela il elle ils elles "  # French
    "es er sie ihn ihm ihr dies dort "  # German
    "lo los las él ella ellos ellas eso esto allí "  # Spanish
    "li esso essa questo quello lì "  # Italian
    "ele ela eles elas isso isto lá "  # Portuguese
    "het hij zij ze dat dit daar "  # Dutch
    "go ją je ich to tam "  # Polish
    "den det de dem där der".split())  # Swedish, Danish
"""The same in the lexicon's languages ("c'est quoi Lepton, et qui le rejoint ?"), for the parts of a message after
its first question only: there an article that is also a pronoun ("le") does little harm, as a question pointing back
borrows its context only when it names nothing itself."""
_JOINERS = ("and also", "and", "also", "plus", "&", "+", "or", "vs", "vs.", "versus")
"""Words that join a second question to a first when a question word follows them: a comparison of two whole
questions ("where's Mistral building vs where's the German cloud going?") is answered as both questions."""
_ANDS = frozenset({"et", "und", "y", "e", "en", "i", "och", "og", "ja", "és", "ve", "và", "dan", "oraz", "и", "і", "та",
                   "а", "και"})
""""And" in the other languages of the table: where one sentence asks a second question ("c'est quoi Lepton, et qui
le rejoint ?") when a question word follows it."""
_PUNCT_EDGE = re.compile(r"^[\s,;:.!\-–—~…]+|[\s,;:\-–—~…]+$")


@dataclass(frozen=True)
class ChatWords:
    """The words of chat that are not the question: greetings, sign-offs, fillers, and what opens a question."""

    greetings: frozenset[str] = frozenset()
    signoffs: frozenset[str] = frozenset()
    fillers: frozenset[str] = frozenset()
    openers: frozenset[str] = frozenset()
    """Words that start a question in some language (interrogatives and yes/no openers), folded."""
    particles: frozenset[str] = frozenset()
    """Question particles written without spaces around them (吗, か, 까요): a sentence holding one asks."""

    @classmethod
    def of(cls, greetings: Iterable[str], signoffs: Iterable[str], fillers: Iterable[str],
           openers: Iterable[str], particles: Iterable[str] = ()) -> ChatWords:
        """Fold every phrase the way messages are folded."""
        def folded(items: Iterable[str]) -> frozenset[str]:
            return frozenset(f for f in (fold(i) for i in items) if f)
        return cls(folded(greetings), folded(signoffs), folded(fillers), folded(openers),
                   frozenset(p for p in particles if p))

    def noise(self) -> frozenset[str]:
        """Every phrase that can be dropped from the edge of a sentence."""
        return self.greetings | self.signoffs | self.fillers


@dataclass(frozen=True)
class Question:
    """One question of a message, and what it points back to ("how many chips does it use?" → the one before)."""

    text: str
    context: str | None = None


@dataclass(frozen=True)
class Reading:
    """What a message asks: its questions, each to be answered on its own (the first is the main one)."""

    message: str
    questions: tuple[Question, ...]

    @property
    def question(self) -> str:
        """The main question ('' when the message asks nothing)."""
        return self.questions[0].text if self.questions else ""


@lru_cache(maxsize=1)
def chat_words() -> ChatWords:
    """The chat words of every language of ``data/languages.yaml``, with the names people call a bot."""
    table = languages.shipped()
    return ChatWords.of(table.all_phrases("greetings") | BOT_NAMES, table.all_phrases("signoffs"),
                        table.all_phrases("fillers"), table.openers(), table.particles())


def read(message: str, words: ChatWords | None = None) -> Reading:
    """Find the questions in a chat message."""
    words = words or chat_words()
    lines = [strip_control(line) for line in strip_markup(_turns(_emoji_breaks(message, words), words)).split("\n")]
    quoted = [line.lstrip("> ").strip() for line in lines if line.lstrip().startswith(">")]
    own = [line.strip() for line in lines if not line.lstrip().startswith(">")]
    if not any(own):  # "> quote who said this?" on one line: the asker's words follow the quote on its line
        own, quoted = quoted, []
    own = [_BULLET.sub("", item).strip() for line in own for item in _items(line)]
    sentences = [s for line in own if line for s in _sentences(line)]
    kept = [c for c in (_clean(s, words) for s in sentences) if c]
    leads: dict[str, str] = {}
    for i, sentence in enumerate(kept):
        question, lead = _lead_in(sentence, words)
        if lead is not None:
            kept[i], leads[question] = question, lead
    asked = [s for s in kept if _asks(s, words)]
    if len(asked) > 1:  # "u saw the nvidia paris stuff? how many devs…": the first asks the people, not the bot
        asked = [s for s in asked if not (_CHATTER.match(s) and not languages.ENGLISH_WH.search(s))] or asked
    if not asked:
        asked = [" ".join(kept)] if kept else []
    parts = [_without_but(_without_joiner(p), words) for s in asked for p in _split(s, words)]
    context = [s for s in kept if s not in asked] + quoted
    questions = [Question(q.text, leads.get(q.text, q.context)) for q in _with_context(parts, context, words)]
    return Reading(collapse_space(strip_control(message)), tuple(questions[:MAX_PARTS]))


def _emoji_breaks(message: str, words: ChatWords) -> str:
    """Emoji between a remark and a question, read as the full stop they stand for.

    "lmao europe always behind 🙃 what does the commentary say…" is a remark, then a question; "how many 🤖 chips"
    is one question, since no question opens after its emoji. One pass over the message, whatever its emoji.
    """
    runs: list[list[int]] = []  # [start, end] of emoji runs, white space between them included
    for found in emoji.emoji_list(message):
        start, end = found["match_start"], found["match_end"]
        if runs and not message[runs[-1][1]:start].strip():
            runs[-1][1] = end
        else:
            runs.append([start, end])
    pieces: list[str] = []
    done = 0
    for start, end in runs:
        before = start
        while before > done and message[before - 1].isspace():
            before -= 1
        if before > done and (message[before - 1].isalnum() or message[before - 1] in _CLOSING) and _opens(
                _TURN.sub("", message[end:end + OPENER_REACH], count=1), words):
            pieces += [message[done:before], ". "]
            done = end
    return "".join(pieces) + message[done:]


def _turns(message: str, words: ChatWords) -> str:
    """A word turning from a remark to the question, read as the full stop it stands for, and left out.

    "… 'hwang in-hoon' lol anyway where was the event held": the remark is context, the word is not asked about.
    """
    def turn(match: re.Match[str]) -> str:
        if not _opens(message[match.end():match.end() + OPENER_REACH], words):
            return match.group(0)
        return ". " if any(ch.isalnum() for ch in message[:match.start()].rsplit("\n", 1)[-1]) else ""
    return _TURN.sub(turn, message)


def _items(line: str) -> list[str]:
    """A line numbering its questions inline ("1) how many devs 2) how many startups", "a) … b) …"), one item each."""
    marks = list(_INLINE_NUMBER.finditer(line))
    if len(marks) < 2:
        marks = _lettered(line)
    if len(marks) < 2:
        return [line]
    cuts = [m.start() for m in marks] + [len(line)]
    head = line[: cuts[0]].strip()
    items = [_as_question(line[m.end():end].strip()) for m, end in zip(marks, cuts[1:], strict=True)]
    return [x for x in (head, *items) if x and x != "?"]


def _lettered(line: str) -> list[re.Match[str]]:
    """Marks "a) … b) … c)" in that order from "a", the "a)" opening the line or following a colon or a sentence.

    A lone "a)", a "b)" out of turn, and "is plan a) or plan b) better?" are words and brackets.
    """
    marks = list(_INLINE_LETTER.finditer(line))
    if not marks or line[: marks[0].start()].rstrip()[-1:] not in ("", ":", "?", "!", "."):
        return []
    kept: list[re.Match[str]] = []
    for mark in marks:
        if mark.group(1).lower() == "abcdef"[len(kept)]:
            kept.append(mark)
    return kept if len(kept) >= 2 else []


def _lead_in(sentence: str, words: ChatWords) -> tuple[str, str | None]:
    """A question after a lead-in ("team is debating: what's …?", "AI factories — how many and where?").

    The lead-in is what the question is about or why it is asked, not something asked: the question is matched
    alone, with the lead-in as its context (its names count when the question names none).
    """
    match = _LEAD_IN.match(sentence)
    if not match:
        return sentence, None
    lead, question = match.group(1).strip(), match.group(2).strip()
    if _asks(lead, words) or not _opens(question, words) or len(question.split()) < SHORT_PART:
        return sentence, None  # "the deal is for what kind of customers - consumers or businesses?" is one question
    return question, lead


def _without_joiner(part: str) -> str:
    """A later question without the "and" or "also" that tied it to the one before."""
    words = part.split()
    while len(words) > 1 and fold(words[0]).strip(",") in _JOINERS:
        words = words[1:]
    return " ".join(words)


def _without_but(part: str, words: ChatWords) -> str:
    """A question without the "but" left of the filler before it ("dumb q but why is GDPR in an nvidia article")."""
    head, _, rest = part.partition(" ")
    return rest if fold(head).strip(",") == "but" and rest and _opens(rest, words) else part


def _sentences(line: str) -> list[str]:
    """A line cut after each sentence's closing punctuation (the mark stays with its sentence)."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        before = line[start:match.start()].split()
        word = before[-1].lower() if before else ""
        if match.group(0) == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        out.append(line[start:match.end()].strip())
        start = match.end()
    out.append(line[start:].strip())
    merged: list[str] = []
    for part in (s for s in out if s):
        if merged and len(part.split()) == 1 and part[-1:] in _QUESTION_MARKS and _CAPS_POINT.search(merged[-1]):
            merged[-1] += " " + part  # "¿… entre Europa y EE. UU.?": an abbreviation's point, not a sentence
        else:
            merged.append(part)
    return merged


def _clean(sentence: str, words: ChatWords) -> str:
    """A sentence without the greetings, sign-offs and fillers at its edges or between its clauses."""
    noise = words.noise()
    text = collapse_space(_PUNCT_EDGE.sub("", _FORMAT_ASKED.sub(" ", sentence)))
    changed = True
    while changed and text:
        changed = False
        for chunk in (_first_chunk(text), _last_chunk(text)):
            core = fold(_PUNCT_EDGE.sub("", chunk))
            if chunk and (not core or _is_noise(core, noise) or _all_noise(core, noise)):
                text = _PUNCT_EDGE.sub("", text.replace(chunk, " ", 1) if chunk == _first_chunk(text)
                                       else text[: len(text) - len(chunk)])
                changed = True
                break
        if not changed:
            stripped = _strip_edge_phrases(text, noise)
            changed = stripped != text
            text = stripped
    text = collapse_space(text)
    return "" if not any(ch.isalnum() for ch in text) else text


def _first_chunk(text: str) -> str:
    """The text up to the first clause break (", " or " - "), or nothing if there is none."""
    match = re.match(r"^(.{1,60}?)(?:,\s|\s[-–—:]\s|:\s)", text)
    return match.group(0) if match else ""


def _last_chunk(text: str) -> str:
    """The text after the last clause break, or nothing if there is none."""
    match = re.search(r"(?:,\s|\s[-–—]\s|[?!.]\s)([^,?!.]{1,40})$", text)
    return match.group(0) if match else ""


def _is_noise(phrase: str, noise: frozenset[str]) -> bool:
    """A greeting, sign-off or filler, stretched or not ("hiii", "thxxx", "heyyy all")."""
    return phrase in noise or _STRETCHED.sub(r"\1", phrase) in noise


def _all_noise(core: str, noise: frozenset[str]) -> bool:
    """Whether a chunk is nothing but noise phrases ("hey bot", "quick q pls")."""
    rest = _strip_edge_phrases(core, noise)
    return not rest.strip()


def _strip_edge_phrases(text: str, noise: frozenset[str]) -> str:
    """Drop noise phrases at the start and end of the text, longest first, repeatedly."""
    folded_words = text.split()
    if not folded_words:
        return text
    keys = [fold(w) for w in folded_words]
    start, end = 0, len(keys)
    moved = True
    while moved and start < end:
        moved = False
        for size in range(min(5, end - start), 0, -1):
            head = " ".join(keys[start:start + size]).strip(",.!:;-")
            if _is_noise(head, noise):
                start, moved = start + size, True
                break
            tail = " ".join(keys[end - size:end]).strip(",.!?:;-")
            if _is_noise(tail, noise) and not _ends_question(folded_words[end - 1]):
                end, moved = end - size, True
                break
    kept = folded_words[start:end]
    if end < len(folded_words) and _ends_question(folded_words[-1]) and kept and not _ends_question(kept[-1]):
        kept[-1] += "?"
    return _PUNCT_EDGE.sub("", " ".join(kept)) if (start or end < len(folded_words)) else text


def _ends_question(word: str) -> bool:
    return word[-1:] in _QUESTION_MARKS


def _asks(sentence: str, words: ChatWords) -> bool:
    """A question mark, a question opener in first place, or a question particle."""
    if any(mark in sentence for mark in _QUESTION_MARKS) or _opens(sentence, words):
        return True
    return any(p in sentence for p in words.particles)


def _opens(sentence: str, words: ChatWords) -> bool:
    """Whether a sentence starts with a question opener of some language ("what", "how many", "combien").

    An English preposition may come first ("by how much", "in which city"), and a word tying it to the question
    before ("…? and which telcos are in", "also who's joining?").
    """
    # Spanish opens a question with "¿"; "where?" alone is a question word all the same
    first = [w.rstrip("?？؟!,.;:") for w in fold(sentence).lstrip("¿¡").split()[:5]]
    while len(first) > 1 and first[0].strip(",") in _JOINERS:  # "…? also which privacy law do they mention"
        first = first[1:]
    if first and first[0] in _LEADING_PREPOSITIONS:
        first = first[1:]
    return bool(first) and (first[0] in words.openers or " ".join(first[:2]) in words.openers)


def _split(sentence: str, words: ChatWords, *, after: bool = False) -> list[str]:
    """One sentence asking two things ("where is it built and how many chips does it use?"), as two questions.

    ``after``: the sentence follows a question of the same message, so a question word set off by a comma asks
    more of that one ("what chips does it use, how many, and where is it built?").
    """
    tokens = sentence.split()
    keys = [fold(t).strip(",;¿¡") for t in tokens]
    for i in range(1, len(tokens) - SHORT_PART):
        joined = keys[i] in _JOINERS or keys[i] in _ANDS or tokens[i - 1].endswith((",", ";"))
        if not joined:
            continue
        j = i + 1 if keys[i] in _JOINERS or keys[i] in _ANDS else i
        if j < len(keys) and keys[j] in _JOINERS:
            j += 1
        # "who said this and at what event?": the second question may open on a preposition
        opener = j + 1 if j + 1 < len(keys) and keys[j] in _LEADING_PREPOSITIONS else j
        whole = _whole(keys[:i], words) or (after and tokens[i - 1].endswith(",") and keys[0] in words.openers)
        if opener < len(keys) and keys[opener] in words.openers and whole and len(tokens) - j >= SHORT_PART:
            first = " ".join(tokens[:i]).rstrip(",;")
            if not _asks(first, words):
                return [sentence]  # "According to the CEO, how many …": one question with its lead-in
            rest = " ".join(tokens[j:])
            return [_as_question(first), *_split(rest, words, after=True)]
    return [sentence]


def _whole(keys: Sequence[str], words: ChatWords) -> bool:
    """Whether the words before a joiner make a question of their own.

    Three words do, and so do a question word and a name ("what's lepton and who's joining it?"); "how many and
    which…" does not.
    """
    if len(keys) >= SHORT_PART:
        return True
    return len(keys) == 2 and keys[0] in words.openers and keys[1] not in words.openers and keys[1] not in _HOW_WORDS


_HOW_WORDS = frozenset({"many", "much", "long", "often", "far", "soon", "big", "else"})
"""Words that finish a question word rather than name a topic ("how many", "what else")."""


def _not_english(part: str) -> bool:
    """Whether a part is not English, by the language table's words.

    Polish "to" and "go" are pronouns; English "to" and "go up" are not: "c) how much will capacity go up?" asks
    afresh, not about the question before it.
    """
    return languages.shipped().detect(part, guess=False) != languages.ENGLISH


def _as_question(text: str) -> str:
    return text if text[-1:] in _QUESTION_MARKS else text + "?"


def _with_context(parts: Sequence[str], context: Sequence[str], words: ChatWords) -> list[Question]:
    """A question that only points back ("who said this?") is read together with what it points to."""
    out: list[Question] = []
    for i, part in enumerate(parts):
        keys = [fold(w).strip("?,.!") for w in part.split()]
        before = parts[i - 1] if i else (context[-1] if context else None)
        if i and out[i - 1].context and len(parts[i - 1].split()) <= SHORT_PART:
            before = out[i - 1].context  # "…, how many, and where is it built?": "it" is what "how many" asked of
        follows = (i > 0 or bool(context)) and len(keys) <= SHORT_PART and _opens(part, words)  # "…? by how much?"
        pointing = set(keys) & _PRONOUNS or (i > 0 and set(keys) & _OTHER_PRONOUNS and _not_english(part))
        out.append(Question(part, before if (pointing or follows) and before else None))
    return out
