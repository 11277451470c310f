"""``export`` and ``import`` on hostile folders, run as the reproductions ran them: a real ``python -m bot``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test runs `python -m bot` as a subprocess

ROOT = Path(__file__).resolve().parents[2]


def bot(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(cwd),
           "BOT_SEMANTIC": "off"}
    return subprocess.run([sys.executable, "-m", "bot", *args, "--db", str(db)], capture_output=True, text=True,
                          cwd=cwd, timeout=120, env=env)


def refused(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for word in words:
        assert word in proc.stderr, proc.stderr


def test_export_through_a_link_or_into_a_full_folder_is_refused(db_path: Path, tmp_path: Path) -> None:
    important = tmp_path / "important.conf"
    important.write_text("secret settings\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "facts.yaml").symlink_to(important)
    refused(bot("export", str(out), db=db_path, cwd=tmp_path), "not empty", "--force")
    assert important.read_text() == "secret settings\n"
    done = bot("export", str(out), "--force", db=db_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert important.read_text() == "secret settings\n" and not (out / "facts.yaml").is_symlink()


def test_export_to_a_file_or_to_proc_is_a_one_line_refusal(db_path: Path, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep\n")
    refused(bot("export", str(afile), db=db_path, cwd=tmp_path), "is a file, not a folder")
    assert afile.read_text() == "keep\n"
    refused(bot("export", "/proc/nope", db=db_path, cwd=tmp_path), "/proc/nope")


def test_import_dry_run_of_a_yaml_bomb_and_a_fifo_ends_at_once(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert bot("export", str(out), db=db_path, cwd=tmp_path).returncode == 0
    bomb = ['- &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"- &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 10)]
    (out / "facts.yaml").write_text("\n".join(bomb) + "\n- id: x\n  topics: [*a9]\n")
    refused(bot("import", str(out), "--dry-run", "--by", "m", db=db_path, cwd=tmp_path), "anchors")
    (out / "facts.yaml").unlink()
    os.mkfifo(out / "facts.yaml")
    refused(bot("import", str(out), "--dry-run", "--by", "m", db=db_path, cwd=tmp_path), "not a regular file")
    (out / "facts.yaml").unlink()
    (out / "facts.yaml").symlink_to("/dev/zero")
    refused(bot("import", str(out), "--dry-run", "--by", "m", db=db_path, cwd=tmp_path), "symbolic link")


def test_import_of_wrong_shapes_names_the_file(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert bot("export", str(out), db=db_path, cwd=tmp_path).returncode == 0
    (out / "overview.yaml").write_text("- a\n- b\n")
    refused(bot("import", str(out), "--dry-run", "--by", "m", db=db_path, cwd=tmp_path), "overview.yaml")
