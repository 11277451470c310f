"""Entry point for ``python -m bot``."""

import sys

from bot.cli import main

if __name__ == "__main__":  # not when a benchmark's spawned worker imports this module again as __mp_main__
    sys.exit(main())
