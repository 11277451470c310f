"""Fingerprints of what a kept copy depends on: files, and the installed libraries whose data shaped it.

A copy kept in the database (readings, the folded language table, CLDR's place names) is read back only under
the fingerprint it was made under, so a changed file or a new library release makes it afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path


def of(*, files: Iterable[Path] = (), packages: Iterable[str] = (), folders: Iterable[tuple[Path, str]] = (),
       extra: str = "") -> str:
    """A digest of files' bytes, packages' releases, the names and sizes of folders' matching files, and text."""
    digest = hashlib.sha256(extra.encode("utf-8", "surrogatepass"))
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    for package in packages:
        digest.update(f"{package}={package_mark(package)}".encode())
    for folder, pattern in folders:
        digest.update(folder_mark(folder, pattern).encode())
    return digest.hexdigest()


def package_mark(package: str) -> str:
    """The names and sizes of a package's own files, which a new release changes.

    Reading them takes a millisecond, where ``importlib.metadata`` takes ten per package at every start.
    """
    spec = find_spec(package)
    if spec is None or not spec.origin:
        return "absent"
    return folder_mark(Path(spec.origin).parent, "*")


def folder_mark(folder: Path, pattern: str) -> str:
    """The names and sizes of a folder's files matching a glob pattern."""
    return ",".join(f"{entry.name}:{entry.stat().st_size}" for entry in sorted(folder.glob(pattern))
                    if entry.is_file())
