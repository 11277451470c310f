"""``python -m bot slack ...``: serve HTTP mode, connect in Socket Mode, print the app manifest."""

from __future__ import annotations

import argparse
import re
from typing import Any

from bot.cli.context import CommandError, fail, open_kb
from bot.config import ConfigError, Settings, load_settings

MANIFEST = """\
# Slack app manifest for the NVIDIA Europe bot.
# Create the app at https://api.slack.com/apps > Create New App > From a manifest, and paste this.
display_information:
  name: NVIDIA Europe
  description: Answers questions about NVIDIA's European AI-infrastructure announcements, with sources.
  background_color: "#2c2d30"
features:
  app_home:
    home_tab_enabled: false
    messages_tab_enabled: true
    messages_tab_read_only_enabled: false
  bot_user:
    display_name: NVIDIA Europe
    always_online: true
  slash_commands:
    - command: /nvidia
      description: Ask about NVIDIA's European AI-infrastructure announcements
      usage_hint: "europe | topics | fact <topic> | sources | help | ask <question> | <question>"
      should_escape: false
{command_url}oauth_config:
  scopes:
    bot:
      - commands
      - chat:write
      - app_mentions:read
      - im:history
      - im:read
      - im:write
      - usergroups:read
settings:
  event_subscriptions:
{events_url}    bot_events:
      - app_mention
      - message.im
  interactivity:
    is_enabled: true
{interactivity_url}  org_deploy_enabled: false
{socket_comment}  socket_mode_enabled: {socket}
  token_rotation_enabled: false
"""

SOCKET_COMMENT = """\
  # Socket Mode: no public URL needed (SLACK_BOT_TOKEN + SLACK_APP_TOKEN).
  # For HTTP mode behind a public URL, set this to false and add
  #   url: https://YOUR-HOST/slack/events            (under the /nvidia command)
  #   request_url: https://YOUR-HOST/slack/events    (under event_subscriptions and interactivity)
  # or print that version with: python -m bot slack manifest --request-url https://YOUR-HOST/slack/events
"""

HTTP_COMMENT = "  # HTTP mode: Slack sends every request to the URL above (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET).\n"


def manifest(request_url: str | None = None) -> str:
    """The manifest YAML: Socket Mode by default, HTTP mode with every request URL set when one is given."""
    if request_url is None:
        return MANIFEST.format(command_url="", events_url="", interactivity_url="", socket_comment=SOCKET_COMMENT,
                               socket="true")
    return MANIFEST.format(
        command_url=f"      url: {request_url}\n",
        events_url=f"    request_url: {request_url}\n",
        interactivity_url=f"    request_url: {request_url}\n",
        socket_comment=HTTP_COMMENT,
        socket="false",
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``slack`` commands to the parser."""
    slack = sub.add_parser("slack", parents=[common], help="run the Slack app or print its manifest")
    slack.set_defaults(func=lambda args: (slack.print_help(), 0)[1])
    cmds = slack.add_subparsers(dest="slack_command", metavar="SLACK_COMMAND")
    p = cmds.add_parser("serve", parents=[common],
                        help="HTTP mode: serve POST /slack/events and GET /healthz (needs SLACK_SIGNING_SECRET)")
    p.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000; 0 picks a free one)")
    p.add_argument("--host", default="0.0.0.0", help="address to bind (default 0.0.0.0)")
    p.set_defaults(func=cmd_serve)
    p = cmds.add_parser("socket", parents=[common],
                        help="Socket Mode: connect to Slack over a WebSocket (needs SLACK_APP_TOKEN)")
    p.set_defaults(func=cmd_socket)
    p = cmds.add_parser("manifest", parents=[common], help="print the Slack app manifest (YAML) to paste into Slack")
    p.add_argument("--request-url", metavar="URL",
                   help="print the HTTP-mode manifest with this request URL (https://YOUR-HOST/slack/events)")
    p.set_defaults(func=cmd_manifest)


def _settings(*required: str) -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise CommandError(f"configuration: {exc}") from None
    missing = [name for name in required if not getattr(settings, name.lower())]
    if missing:
        raise CommandError(f"configuration: {' and '.join(missing)} must be set (in the environment or .env)")
    return settings


def cmd_serve(args: argparse.Namespace) -> int:
    """Run HTTP mode in this process (threads); see docs/slack.md for several workers behind gunicorn."""
    from bot.slack.http import run_http  # deferred: slack_bolt loads only when Slack runs, not for every command

    if not 0 <= args.port <= 65535:
        return fail("--port must be between 0 and 65535")
    try:
        settings = _settings("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
        return run_http(open_kb(args), settings, port=args.port, host=args.host)
    except CommandError as exc:
        return fail(str(exc))


def cmd_socket(args: argparse.Namespace) -> int:
    """Run Socket Mode until interrupted."""
    from bot.slack.socket_mode import run_socket_mode  # deferred: slack_bolt loads only when Slack runs

    try:
        settings = _settings("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
        return run_socket_mode(open_kb(args), settings)
    except CommandError as exc:
        return fail(str(exc))


def cmd_manifest(args: argparse.Namespace) -> int:
    """Print the manifest."""
    url = args.request_url
    if url is not None and not re.fullmatch(r"https://[^\s'\"#]+", url):
        return fail("--request-url must be an https:// URL, such as https://YOUR-HOST/slack/events")
    print(manifest(url), end="")
    return 0
