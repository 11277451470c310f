"""What a POST to ``/slack/events`` must pass before Bolt sees it: a fresh signature, a first delivery, a body.

Bolt checks signatures too, but a timestamp it cannot read or a body that is
not the JSON object it expects made it fail with a 500 and a traceback: noise
in the logs and a map of where the code breaks. So the checks come first,
here, in the order that gives nothing away: a request that is not signed with
our secret within the last five minutes gets 401 before its body is read; a
signed request already seen (a replay within those five minutes, in any worker)
is acknowledged and not run again; a signed body that is not a Slack request
gets 400.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

from bot.core.once import Once

SIGNATURE_MAX_AGE_S = 300
"""Slack's rule: a request signed more than five minutes ago (or ahead) is refused."""
REPLAY_MEMORY_S = 2 * SIGNATURE_MAX_AGE_S
"""A signature is accepted from five minutes before its timestamp to five after, so it is remembered that long."""
TIMESTAMP = re.compile(r"[0-9]{1,12}")
"""Whole seconds since 1970, as Slack sends them; anything else (``nan``, ``1e3``, 400 digits) is not signed."""
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
"""Slack's signature format; checked first because comparing non-ASCII text raises rather than says no."""


@dataclass(frozen=True)
class Refusal:
    """The answer to a request Bolt never sees."""

    status: str
    error: str | None
    """The JSON body's ``error``; None for an empty body (the acknowledgement of a replay)."""


UNSIGNED = Refusal("401 Unauthorized", "invalid request signature")
REPLAYED = Refusal("200 OK", None)
NOT_SLACK = Refusal("400 Bad Request", "not a Slack request")
NOT_UTF8 = Refusal("400 Bad Request", "body is not UTF-8")


class RequestGuard:
    """Checks signature, freshness, first delivery and body shape, in that order."""

    def __init__(self, signing_secret: str, replays: Once, clock: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode()
        self._verifier = SignatureVerifier(signing_secret)
        self._replays = replays
        self._clock = clock

    def check(self, headers: Mapping[str, str], body: str) -> Refusal | None:
        """None when Bolt may handle the request, else the refusal to send instead.

        ``headers`` are the request's, lower-case names (``x-slack-signature``, ``content-type``, ...).
        """
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not (TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(signature)):
            return UNSIGNED
        if abs(self._clock() - int(timestamp)) > SIGNATURE_MAX_AGE_S:
            return UNSIGNED
        if not self._verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
            return UNSIGNED
        if not self._replays.first_time(f"{timestamp}:{signature}"):
            return REPLAYED
        return None if is_slack_body(body, headers.get("content-type")) else NOT_SLACK


    def check_bytes(self, headers: Mapping[str, str], body: bytes) -> Refusal | None:
        """:meth:`check` for the raw body: one that is not UTF-8 gets 401 unless signed, then 400, never a read."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return NOT_UTF8 if self._signed(headers, body) else UNSIGNED
        return self.check(headers, text)

    def _signed(self, headers: Mapping[str, str], body: bytes) -> bool:
        """Whether ``body``'s bytes carry a fresh signature made with our secret (Slack signs bytes, not text)."""
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not (TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(signature)):
            return False
        if abs(self._clock() - int(timestamp)) > SIGNATURE_MAX_AGE_S:
            return False
        expected = hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest("v0=" + expected, signature)


def is_slack_body(body: str, content_type: str | None) -> bool:
    """Whether Bolt can read ``body``: a JSON object, or a form whose ``payload`` (if any) is a JSON object.

    The same reading as Bolt's own (``slack_bolt.request.internals.parse_body``), which assumes an object.
    """
    if not body:
        return True
    media_type = (content_type or "").split(";")[0]
    try:
        if media_type == "application/json" or body.startswith("{"):
            return isinstance(json.loads(body), dict)
        if "payload" in body:
            payload = dict(parse_qsl(body, keep_blank_values=True)).get("payload")
            return payload is None or isinstance(json.loads(payload), dict)
    except ValueError:  # malformed JSON (JSONDecodeError is a ValueError)
        return False
    return True
