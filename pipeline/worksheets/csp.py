"""The one stylesheet and script every worksheet page inlines, and the Content-Security-Policy
that allows exactly them, by hash, and nothing else.

They are inlined (no CDN, no file beside the page) so a page works offline, from file://, from
a USB stick or attached to a mail. The pages work without the script: it only adds search,
filters and sorting, and shows its controls itself (they are `hidden` in the HTML). There are
no inline event handlers and no style attributes anywhere: a hash policy would block them.

The worksheets hold people's names, e-mails and the user's private notes, and those values come
from files other people influence (a contact can name themselves `<script>...`). Escaping is
the first defence; this policy is the second: even an injected script or a `javascript:` link
would not run, and nothing can be loaded from, or sent to, anywhere else. Only directives that
work in a <meta> element are used: frame-ancestors, report-uri and sandbox are ignored there
and Chromium logs an error for them.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from markupsafe import Markup

CSS = """
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#595959;--line:#d0d0d0;
--accent:#0b5cad;--warn:#a4262c;--chip:#e8eef5}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;--muted:#ababab;
--line:#3d3d3d;--accent:#7cb9ff;--warn:#d9534f;--chip:#26323e}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:75rem;padding:.75rem;font:16px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header nav a[aria-current]{font-weight:600;text-decoration:none}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:0}
.muted,.why,dt{color:var(--muted)}
.tools{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.75rem 0;
padding:.5rem;border:1px solid var(--line);border-radius:.4rem}
.tools input[type=search]{font:inherit;padding:.3rem .5rem;min-width:12rem}
.tools select{font:inherit}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(21rem,100%),1fr));
gap:.75rem}
.card{border:1px solid var(--line);border-radius:.5rem;padding:.6rem .75rem}
.why{margin:.2rem 0 .4rem;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .6rem;margin:0;font-size:.92rem}
dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;font-size:.75rem;font-weight:400;padding:0 .45rem;
border-radius:1rem;background:var(--chip);margin-left:.3rem;vertical-align:middle}
.badge.warn{background:var(--warn);color:#fff}
.write{display:none}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.3rem .45rem;border-bottom:1px solid var(--line)}
code{font-size:.85rem;overflow-wrap:anywhere}
.pager{margin:1rem 0}
.plan li{margin:.35rem 0}
.counts td:last-child,.counts th:last-child{text-align:right}
@media (max-width:40rem){body{padding:.5rem}table.rows thead{display:none}
table.rows tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
table.rows td{display:block;border:0;padding:.1rem 0}
table.rows td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}}
@media print{:root{color-scheme:light}
body{max-width:none;padding:0;font-size:10pt;color:#000;background:#fff}
header nav,.tools,.pager,.noprint{display:none!important}
a{color:#000;text-decoration:none}
a[href^="https:"]::after{content:" " attr(href);font-size:8pt}
.cards{display:block}
.card{border:1px solid #888;margin:0 0 .35cm;break-inside:avoid}
tr{break-inside:avoid}
.write{display:block;margin-top:.2cm}
.write span{display:block;height:.75cm;border-bottom:1px solid #888;font-size:8pt;color:#555}}
""".strip()

JS = """
(function () {
  "use strict";
  var tools = document.getElementById("tools");
  if (!tools) { return; }
  var q = document.getElementById("q");
  var sort = document.getElementById("sort");
  var count = document.getElementById("count");
  var boxes = Array.prototype.slice.call(tools.querySelectorAll("input[data-tag]"));
  var lists = Array.prototype.slice.call(document.querySelectorAll("[data-list]"));
  function fold(s) {
    return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  var items = [];
  lists.forEach(function (list) {
    Array.prototype.forEach.call(list.children, function (el) {
      items.push({el: el, text: fold(el.textContent),
                  tags: " " + (el.getAttribute("data-tags") || "") + " "});
    });
  });
  function filter() {
    var words = fold(q.value).split(/\\s+/).filter(Boolean);
    var want = boxes.filter(function (b) { return b.checked; })
      .map(function (b) { return " " + b.getAttribute("data-tag") + " "; });
    var shown = 0;
    items.forEach(function (it) {
      var ok = words.every(function (w) { return it.text.indexOf(w) >= 0; }) &&
        want.every(function (t) { return it.tags.indexOf(t) >= 0; });
      it.el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + items.length + " shown";
  }
  function order() {
    var spec = sort.value.split(":");
    var key = "data-" + spec[0], desc = spec[1] === "desc", num = spec[2] === "num";
    lists.forEach(function (list) {
      var kids = Array.prototype.slice.call(list.children);
      kids.sort(function (a, b) {
        var x = a.getAttribute(key) || "", y = b.getAttribute(key) || "";
        if (x === "" || y === "") { return (x === "" ? 1 : 0) - (y === "" ? 1 : 0); }
        var c = num ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : (x > y ? 1 : 0));
        return desc ? -c : c;
      });
      kids.forEach(function (k) { list.appendChild(k); });
    });
  }
  q.addEventListener("input", filter);
  boxes.forEach(function (b) { b.addEventListener("change", filter); });
  if (sort) { sort.addEventListener("change", order); }
  tools.hidden = false;
  filter();
}());
""".strip()


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
