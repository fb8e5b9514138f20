"""How `kith serve` runs uvicorn: a bound on the time a request's head may take.

uvicorn (0.54) closes a kept-alive connection 5 s after a response, but has no timeout for a
connection that was opened and sends nothing, or sends a request head and never finishes it:
sec32 held 900 such connections for 70 s. Each holds a file descriptor until the server
stops. Here the wait for a request head (from the connection's start, and again after each
response) is bounded: HEAD_SECONDS without a complete head and the connection is closed.
A browser that opened a connection ahead of need opens another when it needs one.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_SECONDS = 10.0


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head is HEAD_SECONDS late."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def _await_head(self) -> None:
        self._stop_waiting()
        self._head_timer = self.loop.call_later(HEAD_SECONDS, self._head_late)

    def _stop_waiting(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def handle_events(self) -> None:
        super().handle_events()
        # h11 leaves IDLE once a whole request head is in: the app has it, the wait is over
        if self.conn.their_state is not h11.IDLE:
            self._stop_waiting()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # the next request on this connection, kept alive (unless one pipelined behind the
        # last is already in, its head complete)
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _head_late(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict:
    """The uvicorn.Config options `kith serve` (and the tests' server) run with."""
    return {"http": BoundedH11Protocol, "log_level": "warning", "access_log": False,
            "server_header": False, "date_header": False}
