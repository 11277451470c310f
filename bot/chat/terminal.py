"""The no-token chat: the same ``/nvidia`` commands as in Discord or Slack, in a terminal.

Like Hubot's shell adapter: it lets anyone try the bot, and lets us test the
whole path from question to rendered reply without a chat service.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.chat.commands import run_command
from bot.chat.render_text import render
from bot.core.service import KnowledgeBase

BANNER = (
    "NVIDIA Europe bot, terminal chat (no chat tokens set). Type a question, or /nvidia help. "
    "Ctrl-D or /quit to leave."
)


def chat(kb: KnowledgeBase, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read lines until end of input; answer each one."""
    interactive = stdin.isatty()
    print(BANNER, file=stdout, flush=True)
    while True:
        if interactive:
            print("you> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip() in ("/quit", "/exit", "quit", "exit"):
            return 0
        if not line.strip():
            continue
        try:
            text = render(run_command(kb, line, platform="terminal"))
        except Exception:  # a bad line must not end the chat
            text = "Sorry, something went wrong answering that. Please try again."
        print(f"bot> {text}\n", file=stdout, flush=True)
