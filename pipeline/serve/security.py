"""What keeps `kith serve` the user's own, modelled on Jupyter's local server.

- Bound to 127.0.0.1 unless --host is given (the CLI warns then).
- A random token per launch, printed in the URL. The first request that carries it gets a
  cookie (HttpOnly, SameSite=Strict) and is redirected to the same page without the token, so
  the token leaves neither the address bar nor a Referer. Every request needs the cookie.
- Host must be one of the server's own names: a web page cannot reach the server through a
  DNS name that it rebinds to 127.0.0.1 (DNS rebinding); Origin, when a browser sends one,
  must be the server's own. Bound to every interface (--host 0.0.0.0 or ::), any IP address
  is taken as a Host too, so a browser on the LAN can use this computer's address: a
  rebinding page's requests carry its own DNS name, never an address, and the token still
  guards every request.
- Every form carries a CSRF token (derived from the launch secret); a POST without it is 403.
- A form that adds something each time it is sent (Gave/Asked/..., Done, Snooze) carries a
  one-time value signed with the launch secret (`Guard.once`): a double click without
  JavaScript, or the same form sent again from the browser's history, is answered without a
  second write (`Guard.claim`).
- A request body is at most MAX_BODY bytes, declared up front (Content-Length, which every
  browser sends with a form): the forms carry a few notes, and Starlette would otherwise
  spool a multipart file part of any size to a temporary file before the route saw it.
- Every page has the worksheets' Content-Security-Policy as a header (no CDN, the inline
  script and style by hash, nothing else), plus frame-ancestors 'none', which only works as a
  header, and form-action 'self' (the forms post back here, nowhere else).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.datastructures import URL
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline import crash
from pipeline.errors import is_internal
from pipeline.worksheets import csp

log = logging.getLogger("kith")

LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
EVERY_INTERFACE = ("0.0.0.0", "::", "[::]")
FORBIDDEN_TOKEN = ("kith serve: open the address kith serve printed (it carries this "
                   "launch's token); this browser has no valid token for it.")
FORBIDDEN_HOST = "kith serve: this host name is not allowed (DNS rebinding protection)."
FORBIDDEN_ORIGIN = "kith serve: requests from other sites are refused."
FORBIDDEN_CSRF = ("This page is out of date: it was opened before kith serve was restarted "
                  "(or it has no valid CSRF token). Reload the page and send the form again; "
                  "nothing was saved.")
# A form sent with the cookie of an earlier launch: the browser has not opened this launch's
# address yet (kith serve was restarted since the page was shown).
RESTARTED = ("kith serve: this page is out of date (kith serve was restarted since it was "
             "opened); nothing was saved. Open the address kith serve printed, then reload "
             "the page and send the form again.")
MAX_BODY = 1 << 20  # 1 MiB: a notes form is a few KB; serve keeps a typed text to 2,000 chars
TOO_LARGE = "kith serve: the request is larger than 1 MiB; nothing was saved."
MAX_CLAIMED = 100_000  # one-time values remembered (~10 MB): a day of clicking is far less
SERVER_ERROR = ("kith serve: an internal error (a bug); nothing more was saved than the page "
                "said. The server's log names a crash report.")
NO_LENGTH = "kith serve: a request body must declare its length (Content-Length)."


@dataclass
class Guard:
    """The launch's secrets and the names the server answers to."""

    port: int
    extra_host: str | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    _claimed: dict[str, None] = field(default_factory=dict, repr=False)  # in claim order

    def __post_init__(self) -> None:
        extra = url_host(self.extra_host) if self.extra_host else None
        names = list(LOCAL_NAMES) + ([extra] if extra and extra not in LOCAL_NAMES else [])
        self.hosts = {f"{n}:{self.port}" for n in names}
        if self.port == 80:
            self.hosts |= set(names)
        self.origins = {f"http://{h}" for h in self.hosts}
        self.cookie = f"kith-token-{self.port}"
        self.any_address = extra in EVERY_INTERFACE
        self.csrf = hmac.new(self.token.encode(), b"csrf", hashlib.sha256).hexdigest()

    def url(self, host: str = "127.0.0.1", path: str = "/") -> str:
        return f"http://{url_host(host)}:{self.port}{path}?{urlencode({'token': self.token})}"

    def accepted(self) -> str:
        """The Host names a browser may use, as a sentence's list."""
        return ", ".join(sorted(self.hosts, key=lambda h: (h.count(":") > 1, h)))

    def host_ok(self, host: str) -> bool:
        return host in self.hosts or (self.any_address and _address_host(host, self.port))

    def origin_ok(self, origin: str, host: str) -> bool:
        """A browser's Origin: one of the server's names, or (bound to every interface) the
        very address the request came to."""
        return origin in self.origins or (
            self.any_address and origin == f"http://{host}" and self.host_ok(host))

    def csrf_ok(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(str(value), self.csrf)

    def once(self) -> str:
        """A new one-time value for a form (random, signed so a made-up one is refused)."""
        nonce = secrets.token_urlsafe(12)
        return f"{nonce}.{self._sign(nonce)}"

    def claim(self, value: str, scope: str) -> bool | None:
        """True the first time `value` is sent to `scope` (a form's path), False after that,
        None when it is not one this launch issued."""
        nonce, _, sig = value.partition(".")
        if not (nonce and hmac.compare_digest(sig, self._sign(nonce))):
            return None
        key = f"{scope} {nonce}"
        if key in self._claimed:
            return False
        self._claimed[key] = None
        if len(self._claimed) > MAX_CLAIMED:  # a long session: the oldest are forgotten
            self._claimed.pop(next(iter(self._claimed)))
        return True

    def unclaim(self, value: str, scope: str) -> None:
        """The write failed: the same form may be sent again."""
        self._claimed.pop(f"{scope} {value.partition('.')[0]}", None)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self.token.encode(), b"once " + nonce.encode(),
                        hashlib.sha256).hexdigest()[:20]


def internal_error(exc: BaseException, doing: str) -> str:
    """A bug in serve, as one log line: the traceback goes to a crash report, masked (an
    exception's message can quote a value from the data); the log never has it."""
    report = crash.write_report(exc, ["serve", doing])
    where = (f"its traceback is in {report} (e-mail addresses and phone numbers masked)"
             if report else "no crash report could be written")
    # the path is the browser's (/person/<anything>): masked like the report
    return crash.mask(f"an internal error ({type(exc).__name__}) {doing}; {where}. "
                      "The server is still up.")


def url_host(host: str) -> str:
    """A host as it stands in an address and in the Host header a browser sends: an IPv6
    address in brackets, a name in lower case (browsers lower-case it)."""
    host = host.strip().lower()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _address_host(host: str, port: int) -> bool:
    """Whether a Host header is an IP address (never a DNS name) with the server's port."""
    name, sep, given = host.rpartition(":")
    if not sep or given != str(port):
        return False
    bracketed = name.startswith("[") and name.endswith("]")
    try:
        address = ipaddress.ip_address(name[1:-1] if bracketed else name)
    except ValueError:
        return False
    return bracketed == (address.version == 6)  # as a URL writes it: [v6], v4 bare


def policy(script: str, style: str) -> str:
    """The worksheets' policy, as a header: with frame-ancestors, and forms posting here."""
    meta = csp.policy(script, style).replace("form-action 'none'", "form-action 'self'")
    return f"{meta}; frame-ancestors 'none'"


class GuardMiddleware:
    """Host, Origin and token checks before any route; security headers on every answer."""

    def __init__(self, app: ASGIApp, guard: Guard, content_policy: str):
        self.app, self.guard, self.policy = app, guard, content_policy
        self.headers = [
            (b"content-security-policy", content_policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),  # no-referrer would make Origin "null"
            (b"cache-control", b"no-store"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.headers
            await send(message)

        refused = self.check(Request(scope))
        if refused is not None:
            await refused(scope, receive, send_with_headers)
            return
        started = False

        async def send_tracked(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, send_tracked)
        except ClientDisconnect:
            return  # the browser left in the middle of sending a form: nothing to answer
        except BaseException as exc:
            if not is_internal(exc):  # a cancelled task or an interrupt goes on up
                raise
            # Not re-raised: uvicorn would print the traceback, and a message can carry an
            # e-mail address or a phone number from the data. The CLI's masked crash report.
            # A library's panic too (polars raises it past `except Exception`).
            log.error("serve: %s", internal_error(exc, f"answering {scope.get('method')} "
                                                       f"{scope.get('path')}"))
            if not started:
                await PlainTextResponse(SERVER_ERROR, status_code=500)(
                    scope, receive, send_with_headers)

    def check(self, request: Request) -> Response | None:
        g = self.guard
        host = request.headers.get("host", "")
        if not g.host_ok(host):
            return PlainTextResponse(FORBIDDEN_HOST, status_code=403)
        origin = request.headers.get("origin")
        if origin is not None and not g.origin_ok(origin, host):
            return PlainTextResponse(FORBIDDEN_ORIGIN, status_code=403)
        given = request.query_params.get("token")
        if given is not None:
            if not hmac.compare_digest(given, g.token):
                return PlainTextResponse(FORBIDDEN_TOKEN, status_code=403)
            # Drop the token from the address; the cookie carries it from now on.
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            # One leading slash: "//evil.example/" would be a Location on another site.
            path = "/" + request.url.path.lstrip("/")
            target = URL(path=path, query=urlencode(query))
            answer = RedirectResponse(str(target), status_code=303)
            answer.set_cookie(g.cookie, g.token, httponly=True, samesite="strict",
                              path="/")
            return answer
        cookie = request.cookies.get(g.cookie, "")
        if not (cookie and hmac.compare_digest(cookie, g.token)):
            stale = cookie and request.method == "POST"
            return PlainTextResponse(RESTARTED if stale else FORBIDDEN_TOKEN, status_code=403)
        return _body_refused(request)


def _body_refused(request: Request) -> Response | None:
    length = request.headers.get("content-length")
    if length is None:
        if "transfer-encoding" in request.headers:  # a chunked body of unknown size
            return PlainTextResponse(NO_LENGTH, status_code=411)
        return None
    if not length.isdigit() or int(length) > MAX_BODY:
        return PlainTextResponse(TOO_LARGE, status_code=413)
    return None
