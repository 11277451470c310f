"""The built index, pickled beside the database, so that a restart with unchanged knowledge skips the rebuild.

Building analyses every phrasing, answer and quote; loading the pickle only recreates the objects. The key is a
hash of the knowledge itself (what ``Store.knowledge`` returned, which the service reads anyway) and of the
source code and libraries that shape the index, so a moderator's edit from any process, a data update, an
analyzer tuned by a developer or a new wordfreq all miss the cache and rebuild it. The file is replaced
atomically, so bot processes sharing a database never read half a file.

Pickle runs code when it loads: the file is only ever read from beside the user's own database, where whoever
can write it can already rewrite the database.

``BOT_INDEX_CACHE=off`` turns the cache off (the benchmark uses it to compare a start with a rebuild).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from bot.core.index import Index
from bot.core.loader import KnowledgeData

log = logging.getLogger(__name__)

SUFFIX = ".index.pickle"
MAGIC = b"nvidia-europe-bot index 1\n"
_CODE = ("index.py", "analyzer.py", "vocabulary.py", "text.py", "models.py", "languages.py", "names.py", "places.py",
         "numbers.py", "gives.py")
"""Core modules whose code decides what the built index holds."""
_LIBRARIES = ("wordfreq", "snowballstemmer", "rapidfuzz", "babel")
"""Libraries whose version changes what analysis yields (word frequencies, stems, typo distances)."""


def enabled() -> bool:
    """Whether the cache is used (``BOT_INDEX_CACHE`` is not off)."""
    return os.environ.get("BOT_INDEX_CACHE", "on").strip().lower() not in ("0", "off", "false", "no")


def cache_path(db_path: Path) -> Path:
    """Where the cache of one database lives: beside it, named after it."""
    return db_path.with_name(db_path.name + SUFFIX)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code and library versions the index depends on."""
    digest = hashlib.sha256(sys.version.encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update(name.encode() + (here / name).read_bytes())
    for lib in _LIBRARIES:  # an upgrade rewrites the package: its files' size and time stand for its version
        module = importlib.import_module(lib)
        stat = os.stat(module.__file__) if module.__file__ else None
        digest.update(f"{lib}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}".encode())
    return digest.hexdigest()


def cache_key(data: KnowledgeData) -> str:
    """The key of one knowledge base: its content (its repr is deterministic: tuples, strs, ordered dicts)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(repr(data).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def stored_key(path: Path) -> str | None:
    """The key the cache file at ``path`` was written for (None when there is no readable cache)."""
    try:
        with open(path, "rb") as file:
            if file.readline() != MAGIC:
                return None
            return file.readline().strip().decode("ascii") or None
    except (OSError, UnicodeDecodeError):
        return None


def load(path: Path, key: str) -> Index | None:
    """The cached index if the file exists and was built for ``key``; None otherwise (never raises)."""
    try:
        with open(path, "rb") as file:
            if file.readline() != MAGIC or file.readline().strip().decode("ascii") != key:
                return None
            index = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign file is a cache miss, not an outage
        log.warning("ignoring an unreadable index cache", extra={"path": str(path)}, exc_info=True)
        return None
    return index if isinstance(index, Index) else None


def save(path: Path, key: str, index: Index) -> bool:
    """Write the cache atomically; return False (and log) when the folder is not writable."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(MAGIC + key.encode("ascii") + b"\n")
                pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        log.warning("could not write the index cache", extra={"path": str(path)}, exc_info=True)
        return False
    return True


def load_or_build(data: KnowledgeData, db_path: Path | None) -> Index:
    """The index of ``data``: from the cache beside ``db_path`` when current, else built (and cached)."""
    if db_path is None or not enabled():
        return Index.build(data)
    path = cache_path(db_path)
    key = cache_key(data)
    index = load(path, key)
    if index is None:
        index = Index.build(data)
        save(path, key, index)
    return index
