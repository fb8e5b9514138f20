"""sec32 left: `kith serve`'s connections that open and send nothing (or a request head that
never ends) were never closed. The server runs with the options `kith serve` passes to uvicorn
(captured from the command itself), serving a small app that can be slow on purpose."""

from __future__ import annotations

import asyncio
import importlib
import socket
import threading
import time

import pytest
import uvicorn
from click.testing import CliRunner

from pipeline.cli import main

BOUND = 0.5  # seconds: HEAD_SECONDS for these tests (kith's own is 10)


async def _slow_app(scope, receive, send):
    """Answers 200 after ?s seconds (the server must not close a connection that waits
    for the app: only a request head is bounded)."""
    if scope["type"] != "http":
        return
    await asyncio.sleep(float(scope["query_string"].decode().partition("=")[2] or 0))
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


def _serve_options(tmp_path, monkeypatch) -> dict:
    """What `kith serve` passes to uvicorn.run (uvicorn.run replaced: nothing listens)."""
    (tmp_path / "out" / "current").mkdir(parents=True)
    (tmp_path / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n', "utf-8")
    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    res = CliRunner().invoke(main, ["serve", "--config", str(tmp_path / "kith.toml"),
                                    "--port", str(_free_port())])
    assert res.exit_code == 0, res.output
    return {k: v for k, v in seen.items() if k not in ("host", "port")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, monkeypatch):
    try:  # kith's bound, shortened for the test (main has no such module)
        limits = importlib.import_module("pipeline.serve.http_limits")
        monkeypatch.setattr(limits, "HEAD_SECONDS", BOUND)
    except ImportError:
        pass
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(_slow_app, host="127.0.0.1", port=port,
                                        **_serve_options(tmp_path, monkeypatch)))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    thread.join(20)


def _closed_after(sock: socket.socket, wait: float = BOUND + 4) -> float | None:
    """Seconds until the server closed `sock` (None: still open after `wait`)."""
    sock.settimeout(wait)
    start = time.monotonic()
    try:
        data = sock.recv(1024)
    except TimeoutError:
        return None
    assert data == b"", data
    return time.monotonic() - start


def _response(sock: socket.socket) -> bytes:
    """One whole response of _slow_app (its head, then the two-byte body)."""
    data = b""
    while not data.endswith(b"\r\n\r\nok"):
        chunk = sock.recv(1024)
        assert chunk, data
        data += chunk
    return data


def test_a_connection_that_sends_nothing_is_closed_within_the_bound(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        took = _closed_after(sock)
    assert took is not None, "a silent connection was held open"  # main: held
    assert took < BOUND + 2


def test_a_request_head_that_never_ends_is_closed_within_the_bound(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: never ends
        took = _closed_after(sock)
    assert took is not None and took < BOUND + 2


def test_a_slow_answer_and_a_kept_alive_second_request_are_served(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.settimeout(10)
        # the app takes three bounds to answer: the bound is for the head only
        sock.sendall(f"GET /?s={BOUND * 3} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert _response(sock).startswith(b"HTTP/1.1 200")
        time.sleep(BOUND / 3)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert _response(sock).startswith(b"HTTP/1.1 200")
        # then idle: closed within the bound again (uvicorn's own keep-alive is 5 s)
        took = _closed_after(sock)
    assert took is not None and took < BOUND + 2


def test_kiths_own_bound_is_seconds_not_minutes():
    from pipeline.serve.http_limits import HEAD_SECONDS

    assert 1 <= HEAD_SECONDS <= 30
