"""Retrying Slack's Web API when it says "slow down" (HTTP 429), within what a waiting user will bear.

slack_sdk's ``RateLimitErrorRetryHandler`` sleeps for whatever ``Retry-After``
says and tries again. An answer posted a minute late is still worth posting;
one posted after Slack asked for an hour's pause is not, and the sleep holds
one of the answering threads all that time. So a pause longer than
``MAX_RETRY_AFTER_S`` is not waited for: the call fails, and the listener
logs it as any other failure.
"""

from __future__ import annotations

from slack_sdk.http_retry import ConnectionErrorRetryHandler, RetryHandler
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

MAX_RETRY_AFTER_S = 30
"""The longest pause worth waiting for: Slack's per-method limits reset within a minute, users give up sooner."""
RATE_LIMIT_RETRIES = 2
"""Tries after the first: a burst that hit the limit once usually clears on the next."""


class BoundedRateLimitRetry(RateLimitErrorRetryHandler):
    """Retries a 429 after its ``Retry-After`` pause, unless the pause is longer than ``MAX_RETRY_AFTER_S``."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if response is None or response.status_code != 429:
            return False
        pause = next((values[0] for name, values in response.headers.items() if name.lower() == "retry-after"), "1")
        try:
            return 0 <= int(pause) <= MAX_RETRY_AFTER_S
        except (TypeError, ValueError):  # a malformed header: the built-in handler would fail on it
            return False


def web_api_retries() -> list[RetryHandler]:
    """slack_sdk's default (one retry on a dropped connection) and bounded retries of rate-limited calls."""
    return [ConnectionErrorRetryHandler(), BoundedRateLimitRetry(max_retry_count=RATE_LIMIT_RETRIES)]
