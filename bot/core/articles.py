"""An article file as the text a source stores: plain text as it is, Markdown without its markup, HTML's article.

The text is kept exactly as extracted (line endings made Unix ones, blank
space around the whole trimmed): facts quote it verbatim, so nothing is
reworded, summarised or translated here. HTML goes through ``trafilatura``,
which keeps the article and drops menus, footers and comments; it is
imported only when an HTML file is read. Markdown keeps its words and drops
its syntax (``**``, ``#``, link targets, images, raw HTML) so a link or a
mention cannot reach an answer through a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

Format = Literal["text", "markdown", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html")
MAX_FILE_BYTES = 5_000_000
"""A larger file is no article (a source's text is at most 200,000 characters)."""
_SUFFIXES: dict[str, Format] = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown",
                                ".markdown": "markdown", ".txt": "text", ".text": "text"}
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<!--)", re.IGNORECASE)


class ArticleError(ValueError):
    """The file cannot give an article's text; the message says why, for the moderator."""


@dataclass(frozen=True)
class Article:
    """The text of an article and the format it was read as."""

    text: str
    format: Format


def format_of(name: str) -> Format | None:
    """The format a file's name tells (``.html``, ``.md``, ``.txt``), or None to tell by its content."""
    return _SUFFIXES.get(Path(name).suffix.lower())


def read_file(path: Path, fmt: Format | None = None) -> Article:
    """The article in a file; the format is told by ``fmt``, else by the name's ending, else by the content."""
    if path.is_dir():
        raise ArticleError(f"{path} is a folder, not a file: name the article's file")
    if not path.is_file():
        raise ArticleError(f"no such file: {path}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ArticleError(f"{path} is {size:,} bytes; an article file is at most {MAX_FILE_BYTES:,}")
    return read_bytes(path.read_bytes(), fmt or format_of(path.name), name=str(path))


def read_bytes(raw: bytes, fmt: Format | None = None, *, name: str = "the text") -> Article:
    """The article in a file's bytes (an upload, standard input); the format is sniffed when not given."""
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleError(f"{name} is {len(raw):,} bytes; an article file is at most {MAX_FILE_BYTES:,}")
    if fmt == "html" or (fmt is None and _HTML_START.match(raw[:512].decode("utf-8", "ignore"))):
        return Article(_checked(html_text(raw), name), "html")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return read_text(text, fmt or "text", name=name)


def read_text(text: str, fmt: Format = "text", *, name: str = "the text") -> Article:
    """The article in pasted text, in the given format."""
    if fmt == "html":
        return Article(_checked(html_text(text.encode("utf-8")), name), "html")
    body = markdown_text(text) if fmt == "markdown" else _tidy(text)
    return Article(_checked(body, name), fmt)


def html_text(raw: bytes) -> str:
    """The article's text out of a web page (``trafilatura``: main text only, no comments or tables)."""
    import trafilatura  # imported only here: it loads lxml and date parsers no other command needs

    found = trafilatura.extract(raw, include_comments=False, include_tables=False, include_images=False,
                                include_links=False, with_metadata=False, output_format="txt")
    return _tidy(found or "")


def markdown_text(text: str) -> str:
    """Markdown's words without its syntax: one line per heading, paragraph, list item or code line."""
    lines: list[str] = []
    for token in MarkdownIt("commonmark").parse(_tidy(text)):
        if token.type == "inline":
            line = _inline(token.children or [])
            if line.strip():
                lines.append(line.strip())
        elif token.type in ("fence", "code_block"):
            lines += [line for line in token.content.splitlines() if line.strip()]
    return "\n".join(lines)


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise ArticleError(f"no article text found in {name}")
    return text
