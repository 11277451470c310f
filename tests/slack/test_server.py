"""The built-in HTTP server holds no thread for a slow client, cuts slow clients off, and still answers the rest.

Real sockets on 127.0.0.1 (port 0). The timeouts are shortened for the test;
every wait is on a socket read with a timeout, never a sleep.
"""

from __future__ import annotations

import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator

import pytest

from bot.slack import server
from tests.slack.checks import check_message
from tests.slack.harness import WAIT, SlackHarness

SLOW_CLIENTS = 300
PARTIAL_BODY = (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 1000\r\n\r\ntoken=")


@pytest.fixture
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "READ_TIMEOUT_S", 2.0)
    monkeypatch.setattr(server, "IDLE_TIMEOUT_S", 2.0)


@pytest.fixture
def connect(start_app: Callable[..., SlackHarness]) -> Iterator[tuple[SlackHarness, Callable[[], socket.socket]]]:
    slack = start_app()
    host, port = urllib.parse.urlsplit(slack.url).netloc.split(":")
    opened: list[socket.socket] = []

    def open_one() -> socket.socket:
        conn = socket.create_connection((host, int(port)), timeout=WAIT)
        opened.append(conn)
        return conn

    yield slack, open_one
    for conn in opened:
        conn.close()


def read_all(conn: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    while chunk := conn.recv(4096):
        data += chunk
    return data


@pytest.mark.usefixtures("short_timeouts")
def test_slow_clients_hold_no_threads_and_others_are_still_answered(
        connect: tuple[SlackHarness, Callable[[], socket.socket]]) -> None:
    slack, open_one = connect
    slack.command("help")  # the server's own threads are up before counting
    threads_before = threading.active_count()
    slow = []
    for _ in range(SLOW_CLIENTS):  # each sends its headers and the start of a body, then nothing
        conn = open_one()
        conn.sendall(PARTIAL_BODY)
        slow.append(conn)
    _, reply = slack.command("europe")  # accepted after every slow client, answered while they hang
    check_message(reply)
    assert threading.active_count() - threads_before < 40, "threads grew with the slow clients"
    for conn in slow:  # each is told it was too slow, and the connection is closed
        assert read_all(conn).split(b" ", 2)[1] == b"408"


@pytest.mark.usefixtures("short_timeouts")
@pytest.mark.parametrize("sends", [b"", b"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slow: "],
                         ids=["nothing", "half a header"])
def test_a_client_that_never_finishes_its_request_is_disconnected(
        connect: tuple[SlackHarness, Callable[[], socket.socket]], sends: bytes) -> None:
    _, open_one = connect
    conn = open_one()
    conn.sendall(sends)
    assert read_all(conn) == b"", "closed without a response"


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(
        connect: tuple[SlackHarness, Callable[[], socket.socket]]) -> None:
    _, open_one = connect
    conn = open_one()
    conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
    assert read_all(conn).split(b" ", 2)[1] == b"413"


def test_shutdown_before_serving_returns_and_serving_then_stops_at_once() -> None:
    def app(environ: object, start_response: Callable[..., object]) -> list[bytes]:
        start_response("200 OK", [])
        return [b""]

    idle = server.HttpServer(app, "127.0.0.1", 0, max_body=1024)
    idle.shutdown()
    idle.serve_forever()  # returns at once: shutdown came first
    idle.server_close()
