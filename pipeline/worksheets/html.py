"""HTML built column-wise: escaping and element helpers as polars expressions.

Why not a jinja loop: jinja's autoescape costs about 1.3 µs per printed value (markupsafe
builds a Markup object each time) and a person card prints ~25 values, so 500,000 people took
two minutes. Built as polars string expressions the same markup takes about a second. Pages
(layout, plan, pager) stay jinja templates with autoescaping; only the repeated per-person
fragments are made here, and they reach the templates as Markup through `fragments()` only.

The rule that keeps this safe: every value goes through `esc()`, which replaces exactly what
markupsafe.escape replaces (& < > " '), and every attribute value is double-quoted. The tests
check `esc()` against markupsafe on hostile and random text.
"""

from __future__ import annotations

import polars as pl
from markupsafe import Markup

_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))


def esc(expr: pl.Expr) -> pl.Expr:
    """Text -> HTML text (same output as markupsafe.escape); null -> "".

    One left-to-right pass (Aho-Corasick), so the & of an entity it wrote is never escaped
    again, whatever the order of the patterns."""
    return (expr.cast(pl.String).fill_null("")
            .str.replace_many([c for c, _ in _ENTITIES], [e for _, e in _ENTITIES]))


def lit(markup: str) -> pl.Expr:
    """Constant markup written in this package (never data)."""
    return pl.lit(markup, dtype=pl.String)


def cat(*parts: pl.Expr) -> pl.Expr:
    return pl.concat_str(list(parts), separator="")


def nonempty(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.String).fill_null("") != ""


def when(cond: pl.Expr, markup: pl.Expr) -> pl.Expr:
    return pl.when(cond).then(markup).otherwise(lit(""))


def field(label: str, col: str) -> pl.Expr:
    """<dt>label</dt><dd>value</dd>, or nothing when the value is empty."""
    return when(nonempty(col), cat(lit(f"<dt>{label}</dt><dd>"), esc(pl.col(col)),
                                   lit("</dd>\n")))


def cell(label: str, content: pl.Expr) -> pl.Expr:
    """A table cell that labels itself on a phone (CSS shows data-label before it)."""
    return cat(lit(f'<td data-label="{label}">'), content, lit("</td>"))


def link_or_text(href_col: str, text: pl.Expr) -> pl.Expr:
    """<a href=...>text</a> when the row has an href, else the text."""
    return (pl.when(nonempty(href_col))
            .then(cat(lit('<a href="'), esc(pl.col(href_col)), lit('">'), esc(text), lit("</a>")))
            .otherwise(esc(text)))


def links(list_col: str, scheme: str) -> pl.Expr:
    """One link per list element (addresses already checked by a strict pattern in rows.py;
    escaped anyway)."""
    el = esc(pl.element())
    return (pl.col(list_col)
            .list.eval(pl.concat_str([lit(f'<a href="{scheme}'), el, lit('">'), el,
                                      lit("</a>")], separator=""))
            .list.join(" ").fill_null(""))


def contact() -> pl.Expr:
    """mailto:/tel:/LinkedIn links, then (as text) what could not safely be a link."""
    linkedin = when(nonempty("li"), cat(lit(' <a rel="noreferrer" href="'), esc(pl.col("li")),
                                        lit('">LinkedIn</a>')))
    other = when(nonempty("unlinked"), cat(lit(' <span class="muted">'),
                                           esc(pl.col("unlinked")), lit("</span>")))
    return cat(links("mail", "mailto:"), lit(" "), links("tel", "tel:"), linkedin, other)


def data_attrs(**cols: str) -> pl.Expr:
    """ data-key="value" ... for the script's sorting and filtering."""
    parts: list[pl.Expr] = []
    for key, col in cols.items():
        parts += [lit(f' data-{key}="'), esc(pl.col(col)), lit('"')]
    return cat(*parts)


def fragments(values: pl.Series | list[str]) -> Markup:
    """The trust boundary: fragments built by this module's expressions, joined for a page."""
    return Markup("\n".join(values.to_list() if isinstance(values, pl.Series) else values))
