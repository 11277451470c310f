"""The core commands: ask, europe, topics, sources, eval, chat and run."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.chat.commands import SourcesReply, TopicsReply, ask
from bot.chat.plain import answer_text, overview_text, render
from bot.cli.context import CommandError, fail, open_kb
from bot.core.evaluation import evaluate, load_items


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the core commands to the parser."""
    p = sub.add_parser("ask", parents=[common], help="answer a question (or '-' to read one per line)")
    p.add_argument("question", help="the question, or '-' to read questions from standard input")
    p.add_argument("--json", action="store_true", help="print one JSON object per question")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("europe", parents=[common], help="the overview of NVIDIA's European announcements")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_europe)
    p = sub.add_parser("topics", parents=[common], help="what the bot knows about")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_topics)
    p = sub.add_parser("sources", parents=[common], help="the source documents")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_sources)
    p = sub.add_parser("eval", parents=[common], help="score a question set (the dev-questions.yaml format)")
    p.add_argument("file", type=Path, help="question set in YAML")
    p.add_argument("--show-fail", action="store_true", help="list the questions answered wrongly")
    p.add_argument("--bands", action="store_true",
                   help="confidence bands per kind of question and per language, not only overall")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("chat", parents=[common], help="the terminal chat (no chat tokens needed)")
    p.set_defaults(func=cmd_chat)
    p = sub.add_parser("run", parents=[common], help="start the bot: Discord or Slack if tokens are set, else chat")
    p.set_defaults(func=cmd_run)


def guarded(func: Any) -> Any:
    """Turn a CommandError into a message on stderr and exit status 2."""

    def wrapper(args: argparse.Namespace) -> int:
        try:
            return int(func(args) or 0)
        except CommandError as exc:
            return fail(str(exc))

    wrapper.__doc__ = func.__doc__
    return wrapper


@guarded
def cmd_ask(args: argparse.Namespace) -> int:
    """Answer questions; with '-', one per input line, flushing each answer (blank lines answered too)."""
    kb = open_kb(args)
    questions = (line.rstrip("\n") for line in sys.stdin) if args.question == "-" else iter([args.question])
    for question in questions:
        answer = ask(kb, question, platform="cli")
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            print(answer_text(answer) + ("\n" if args.question == "-" else ""), flush=True)
    return 0


@guarded
def cmd_europe(args: argparse.Namespace) -> int:
    """Print the overview."""
    overview = open_kb(args).overview()
    if args.json:
        items = [{"headline": i.headline, "source": i.citation.to_json()} for i in overview.items]
        print(json.dumps({"title": overview.title, "intro": overview.intro, "items": items}, ensure_ascii=False))
    else:
        print(overview_text(overview))
    return 0


@guarded
def cmd_topics(args: argparse.Namespace) -> int:
    """Print the topics."""
    topics = open_kb(args).topics()
    if args.json:
        rows = [{"id": t.topic.id, "title": t.topic.title, "description": t.topic.description,
                 "entries": t.entries, "examples": list(t.examples)} for t in topics]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(render(TopicsReply(tuple(topics))))
    return 0


@guarded
def cmd_sources(args: argparse.Namespace) -> int:
    """Print the sources (metadata only; unknown fields stay null)."""
    sources = open_kb(args).sources()
    if args.json:
        rows = [{"id": s.id, "title": s.title, "publisher": s.publisher, "published": s.published, "url": s.url,
                 "language": s.language, "notes": s.notes} for s in sources]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(render(SourcesReply(tuple(sources))))
    return 0


@guarded
def cmd_eval(args: argparse.Namespace) -> int:
    """Score a question set; exit 1 when an answer lacks a source or a quote is not verbatim."""
    if not args.file.exists():
        raise CommandError(f"no such file: {args.file}")
    kb = open_kb(args)
    report = evaluate(load_items(args.file), lambda q: ask(kb, q, platform="eval"), kb.sources(),
                      kb.languages.detect)
    print("\n".join(report.lines(show_failures=args.show_fail, bands=args.bands)))
    return 0 if report.unsourced == 0 and report.bad_quotes == 0 else 1


@guarded
def cmd_chat(args: argparse.Namespace) -> int:
    """Run the terminal chat."""
    from bot.terminal.chat import chat

    return chat(open_kb(args))


@guarded
def cmd_run(args: argparse.Namespace) -> int:
    """Start whichever adapter the configuration asks for: Discord, Slack, or the terminal chat."""
    from bot.config import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise CommandError(f"configuration: {exc}") from None
    # The adapters are imported only for the mode that runs: each pulls in its platform's library.
    if settings.mode == "discord":
        from bot.discord.run import run_discord

        return int(run_discord(open_kb(args), settings))
    if settings.mode == "slack-socket":
        from bot.slack.socket_mode import run_socket_mode

        return int(run_socket_mode(open_kb(args), settings))
    if settings.mode == "slack-http":
        from bot.slack.http import run_http

        return int(run_http(open_kb(args), settings, port=3000))
    return int(cmd_chat(args))
