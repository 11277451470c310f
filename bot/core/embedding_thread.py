"""A question's embedding started on a thread of its own, so its words are scored while the model reads it.

The model is C code called through ctypes, which lets go of the interpreter while it runs: the lexical scoring
(2–4 ms at 100,000 phrasings) then costs no time on a second core. The matcher starts one only when the reading
alone already says the embedding will be asked for, so no embedding is made that is not used.
"""

from __future__ import annotations

import logging
import threading

from bot.core.semantic import Embedder, Vectors

log = logging.getLogger(__name__)


class Embedding:
    """One question's vector on its way: ``result`` waits for it (``None`` when the model failed)."""

    def __init__(self, embedder: Embedder, text: str) -> None:
        self._embedder, self._text = embedder, text
        self._vector: Vectors | None = None
        self._thread = threading.Thread(target=self._run, name="question-embedding", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._vector = embed_question(self._embedder, self._text)

    def result(self) -> Vectors | None:
        """The vector, once the model has it."""
        self._thread.join()
        return self._vector


def embed_question(embedder: Embedder, text: str) -> Vectors | None:
    """The question's vector, or ``None``: no embedding is a weaker answer, not a failed one."""
    try:
        vector: Vectors = embedder.embed([text], "query")[0]
        return vector
    except Exception:
        log.exception("embedding a question failed; answering on words alone")
        return None
