"""The files of a folder a person named, for export and import: never a step outside it, never half-written.

A folder on the command line is not trusted ground. A ``facts.yaml`` there may
be a symbolic link to someone's configuration, ``sources`` a link to another
tree, a file a FIFO that blocks forever or a link to ``/dev/zero`` that never
ends. So both ways work relative to the folder's own file descriptor, with
``O_NOFOLLOW`` on every name inside it:

- :func:`write_all` writes every file to a temporary name beside its target,
  then renames them all into place (a rename replaces a link, never what it
  points to), so each file is either the old one or the whole new one;
- :func:`read_text` reads a regular file inside the folder, up to a size cap.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The largest data file read: the biggest shipped file is under 200 KB, and a source text is capped at 200,000
characters (up to 800 KB in UTF-8), so 2 MB leaves room while a 100 MB file is refused before it is parsed."""

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
"""``O_NONBLOCK``: opening a FIFO for reading would otherwise wait for a writer that never comes."""


class FolderError(ValueError):
    """A folder or a file in it cannot be used; the message names it and says why."""


# -- writing ----------------------------------------------------------------------------------------------


def is_empty(directory: Path) -> bool:
    """True when ``directory`` does not exist yet or holds nothing."""
    try:
        with os.scandir(directory) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        return True
    except NotADirectoryError:
        raise FolderError(f"{directory} is a file, not a folder") from None
    except OSError as exc:
        raise FolderError(f"{directory} cannot be read ({exc.strerror or exc})") from None


def write_all(directory: Path, files: Mapping[str, str]) -> list[Path]:
    """Write ``files`` (a relative path such as ``sources/x.yaml`` -> its text) into ``directory``.

    ``directory`` is created if needed; every name below it must be a real folder or file (a symbolic link is
    refused, or, for a file, replaced by the new file without touching what it pointed to). Nothing is
    renamed into place until every file is written.
    """
    staged: list[tuple[int, str, str]] = []
    opened: dict[str, int] = {}
    try:
        root = _make_and_open(directory)
        opened[""] = root
        for relative, text in files.items():
            folder, name = _split(relative)
            if folder not in opened:
                opened[folder] = _subfolder(root, directory, folder)
            temp = _write_temp(opened[folder], name, text, directory / relative)
            staged.append((opened[folder], temp, name))
        for fd, temp, name in staged:
            os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)  # replaces a link there, never follows it
        for fd in set(opened.values()):
            os.fsync(fd)
        staged.clear()
    except OSError as exc:
        raise FolderError(f"could not write to {directory} ({exc.strerror or exc})") from None
    finally:
        for fd, temp, _ in staged:
            with suppress(OSError):
                os.unlink(temp, dir_fd=fd)
        for fd in set(opened.values()):
            os.close(fd)
    return [directory / relative for relative in files]


def _split(relative: str) -> tuple[str, str]:
    parts = PurePosixPath(relative).parts
    if not parts or any(p in ("", ".", "..") or "/" in p for p in parts) or PurePosixPath(relative).is_absolute():
        raise FolderError(f"{relative!r} is not a plain name inside the folder")
    return "/".join(parts[:-1]), parts[-1]


def _make_and_open(directory: Path) -> int:
    if directory.exists() and not directory.is_dir():
        raise FolderError(f"{directory} is a file, not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise FolderError(f"cannot create or open the folder {directory} ({exc.strerror or exc})") from None


def _subfolder(root: int, directory: Path, folder: str) -> int:
    fd = root
    for part in folder.split("/"):
        with suppress(FileExistsError):
            os.mkdir(part, 0o755, dir_fd=fd)
        fd = _step_into(root, fd, part, f"{directory / folder} is a symbolic link or a file, not a folder; "
                        "nothing is written through it")
    return fd


def _step_into(root: int, fd: int, part: str, refusal: str) -> int:
    """The subfolder ``part`` of ``fd`` (closed unless it is ``root``), never through a link: ``refusal`` if so."""
    try:
        child = os.open(part, _DIR_FLAGS, dir_fd=fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise FolderError(refusal) from None
        raise
    if fd != root:
        os.close(fd)
    return child


def _write_temp(fd: int, name: str, text: str, shown: Path) -> str:
    try:
        current = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        current = None
    if current is not None and stat.S_ISDIR(current.st_mode):
        raise FolderError(f"{shown} is a folder; nothing was written")
    temp = f".{name}.{secrets.token_hex(6)}.tmp"
    out = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=fd)
    try:
        with os.fdopen(out, "w", encoding="utf-8", closefd=False) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(out)
    finally:
        os.close(out)
    return temp


# -- reading ----------------------------------------------------------------------------------------------


@contextmanager
def opened_folder(directory: Path) -> Iterator[int]:
    """The folder itself, opened as it was named (the person chose it); everything below is not followed."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise FolderError(f"{directory} cannot be opened as a folder ({exc.strerror or exc})") from None
    try:
        yield fd
    finally:
        os.close(fd)


def read_text(directory: Path, relative: str, *, limit: int = MAX_FILE_BYTES) -> str | None:
    """The text of ``directory/relative``, or None when there is no such file.

    Refused with :class:`FolderError`: a symbolic link anywhere below ``directory``, anything but a regular
    file (a folder, a FIFO, a device), a file over ``limit`` bytes, and text that is not UTF-8.
    """
    shown = directory / relative
    folder, name = _split(relative)
    with opened_folder(directory) as root:
        fd = root
        try:
            for part in folder.split("/") if folder else ():
                try:
                    fd = _step_into(root, fd, part, f"{directory / folder} is a symbolic link or not a folder; "
                                    "only files inside the folder are read")
                except FileNotFoundError:
                    return None
            return _read_regular(fd, name, shown, limit)
        except OSError as exc:
            raise FolderError(f"{shown} cannot be read ({exc.strerror or exc})") from None
        finally:
            if fd != root:
                os.close(fd)


def list_names(directory: Path, folder: str, suffix: str) -> list[str]:
    """The names ending in ``suffix`` in ``directory/folder`` (not following a link there), sorted."""
    with opened_folder(directory) as root:
        try:
            fd = os.open(folder, _DIR_FLAGS, dir_fd=root)
        except FileNotFoundError:
            return []
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise FolderError(f"{directory / folder} is a symbolic link or not a folder; "
                                  "only files inside the folder are read") from None
            raise FolderError(f"{directory / folder} cannot be read ({exc.strerror or exc})") from None
        try:
            return sorted(n for n in os.listdir(fd) if n.endswith(suffix) and not n.startswith("."))
        finally:
            os.close(fd)


def _read_regular(fd: int, name: str, shown: Path, limit: int) -> str | None:
    try:
        handle = os.open(name, _READ_FLAGS, dir_fd=fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FolderError(f"{shown} is a symbolic link; only regular files inside the folder are read") from None
        if exc.errno == errno.EISDIR:
            raise FolderError(f"{shown} is a folder, not a file") from None
        raise
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise FolderError(f"{shown} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FolderError(f"{shown} is not a regular file (a device, a pipe or a socket)")
        if info.st_size > limit:
            raise FolderError(f"{shown} is {info.st_size:,} bytes; data files are at most {limit:,}")
        os.set_blocking(handle, True)
        data = b""
        while len(data) <= limit:
            chunk = os.read(handle, limit + 1 - len(data))
            if not chunk:
                break
            data += chunk
        if len(data) > limit:
            raise FolderError(f"{shown} grew past {limit:,} bytes while being read")
    finally:
        os.close(handle)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FolderError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
