"""stop_on_sigterm: SIGTERM stops a blocking loop the way the loop's own stop function would."""

from __future__ import annotations

import os
import signal
import socketserver
import threading

from bot.shutdown import stop_on_sigterm


class Quiet(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        pass


def test_sigterm_shuts_a_serving_loop_down_and_puts_the_old_handler_back() -> None:
    previous = signal.getsignal(signal.SIGTERM)
    server = socketserver.TCPServer(("127.0.0.1", 0), Quiet)
    served = threading.Event()

    def send_sigterm_once_serving() -> None:
        served.wait(timeout=30)
        os.kill(os.getpid(), signal.SIGTERM)

    sender = threading.Thread(target=send_sigterm_once_serving)
    with stop_on_sigterm(server.shutdown) as requested:
        sender.start()
        server.service_actions = served.set  # type: ignore[method-assign]  # called once the loop runs
        server.serve_forever(poll_interval=0.05)  # returns only when shutdown() is called
    sender.join(timeout=30)
    server.server_close()
    assert requested.is_set()
    assert signal.getsignal(signal.SIGTERM) == previous


def test_a_second_sigterm_does_not_call_stop_again() -> None:
    calls: list[int] = []
    done = threading.Event()

    def stop() -> None:
        calls.append(1)
        done.set()

    with stop_on_sigterm(stop) as requested:
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)
        assert done.wait(timeout=30)
    assert requested.is_set() and calls == [1]


def test_outside_the_main_thread_it_installs_nothing() -> None:
    seen: list[bool] = []

    def in_thread() -> None:
        with stop_on_sigterm(lambda: None) as requested:
            seen.append(requested.is_set())

    before = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join(timeout=30)
    assert seen == [False] and signal.getsignal(signal.SIGTERM) == before
