"""The SQLite knowledge base, through sqlite-utils: the only place the core touches SQL.

``Store`` (``connection``) is one open database. Each job has a module of its own:

- ``schema``: the migrations, the schema version and the timestamp format;
- ``registry``: what each kind of entry is (table, key, row and YAML shapes, names, audit snapshot);
- ``entries`` and ``audit``: reading and writing entries, each write logged;
- ``settings``: the lexicon, the gazetteer and the overview, replaced whole;
- ``sync``: bringing the shipped ``data/`` files in when they change;
- ``queues``: feedback votes, the unanswered queue, and purging both;
- ``files``: database files for backup and restore.
"""

from bot.core.store.connection import BUSY_TIMEOUT_MS, DEFAULT_DB, Store, StoreBusy, default_db_path
from bot.core.store.schema import SCHEMA_VERSION, migrations, now

__all__ = [
    "BUSY_TIMEOUT_MS", "DEFAULT_DB", "SCHEMA_VERSION", "Store", "StoreBusy", "default_db_path", "migrations", "now",
]
