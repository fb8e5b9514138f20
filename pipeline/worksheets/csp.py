"""The Content-Security-Policy of a worksheet page: nothing but its own inline script and style.

The worksheets hold people's names, e-mails and the user's private notes, and those values come
from files other people influence (a contact can name themselves `<script>...`). Escaping is
the first defence; this policy is the second: even an injected script or a `javascript:` link
would not run, and nothing can be loaded from, or sent to, anywhere else.

Only directives that work in a <meta> element are used: frame-ancestors, report-uri and
sandbox are ignored there and Chromium logs an error for them.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from markupsafe import Markup


def source_hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(script: str, style: str) -> str:
    return "; ".join([
        "default-src 'none'",
        f"script-src {source_hash(script)}",
        f"style-src {source_hash(style)}",
        "img-src data:",  # the empty favicon (data:,) that stops a favicon request
        "base-uri 'none'",
        "form-action 'none'",
    ])


@dataclass(frozen=True)
class Inline:
    """The inline script and style, marked safe for the template, with their policy."""

    script: Markup
    style: Markup
    csp: str


def inline(script: str, style: str) -> Inline:
    # A closing tag inside the text would end the element early and change what is hashed.
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("inline script/style must not contain a closing tag")
    return Inline(Markup(script), Markup(style), policy(script, style))
