"""Commands for slack (filled in by its issue)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this family's commands to the parser."""
