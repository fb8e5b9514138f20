"""`kith serve`: the local web app over the output folder (see pipeline/serve/)."""

from __future__ import annotations

import errno
import logging
import socket

import click

from pipeline.cli_base import common, main, read_config
from pipeline.errors import Failed, UsageProblem

LOOPBACK = "127.0.0.1"


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        try:
            s.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def _lan_example(port: int) -> str:
    """This computer's address on its network, as another computer's browser would use it
    (the address a route to the Internet would leave from; no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address = s.getsockname()[0]
    except OSError:
        address = ""
    if not address or address.startswith("127."):
        return f"http://<its address>:{port}/"
    return f"http://{address}:{port}/"


@main.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="Port to listen on.")
@click.option("--host", default=None,
              help="Address to listen on, and the name your browser uses for it (default "
                   "127.0.0.1: this computer only).")
@common
def serve_cmd(port, host, out, config_path):
    """Open the worksheets as a local web app: review duplicates, write notes, log what you
    gave, asked, received and talked about, and act on follow-ups."""
    import uvicorn  # these here: starlette and the app are ~0.1 s that `kith --help` skips

    from pipeline.serve.app import create_app
    from pipeline.serve.http_limits import server_options
    from pipeline.serve.security import LOCAL_NAMES, Guard

    cfg, out = read_config(config_path, out)
    bind = host or LOOPBACK
    guard = Guard(port, extra_host=host if host and host != LOOPBACK else None)
    everywhere = host in ("0.0.0.0", "::")
    if host and host not in LOCAL_NAMES and host != "::1":
        click.echo(f"kith: WARNING: listening on {host}: anyone who can reach this address "
                   "and has the token sees your contacts and notes.", err=True)
        click.echo(f"kith: only these host names are accepted (DNS rebinding protection): "
                   f"{guard.accepted()}" + (
                       ", and any IP address (a browser on another computer uses this "
                       f"computer's: {_lan_example(port)}); a DNS name other than "
                       "these is refused." if everywhere else "."), err=True)
    if not (out / "current").exists():
        raise Failed(f"no outputs in {out}; run `kith run` first.")
    try:
        free = _port_free(bind, port)
    except OSError as exc:
        raise UsageProblem(f"cannot listen on {bind}: {exc.strerror}.") from exc
    if not free:
        raise Failed(f"port {port} is in use; choose another with --port.")
    app = create_app(cfg, out, guard)
    shown = host if host and not everywhere else LOOPBACK
    where = (f"\n(on this computer; from another, {_lan_example(port)} with the same "
             "?token=...)" if everywhere else "")
    click.echo(f"kith serve: {out}\nOpen this address in your browser (it carries this "
               f"launch's token; keep it to yourself):\n\n    {guard.url(shown)}{where}\n\n"
               "Press Ctrl+C to stop.")
    # No access log: the first request's address carries the token.
    logging.getLogger("uvicorn.access").disabled = True
    uvicorn.run(app, host=bind.strip("[]"), port=port, **server_options())
