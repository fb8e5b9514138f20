"""Per-person markup, built column-wise: one `html` column per worksheet row.

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


def bdi(text: pl.Expr) -> pl.Expr:
    """<bdi>text</bdi>: a name, organisation or note set apart from the line it is in. An
    Arabic or Hebrew name followed by digits or punctuation ("ليلى حداد 35") otherwise takes
    them into its right-to-left run, and the line reads in the wrong order."""
    return cat(lit("<bdi>"), esc(text), lit("</bdi>"))


def link_or_text(href_col: str, text: pl.Expr) -> pl.Expr:
    """<a href=...><bdi>text</bdi></a> when the row has an href, else <bdi>text</bdi>."""
    return (pl.when(nonempty(href_col))
            .then(cat(lit('<a href="'), esc(pl.col(href_col)), lit('">'), bdi(text), lit("</a>")))
            .otherwise(bdi(text)))


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


# Printed cards end with ruled lines to write on (the CSS shows them only in print).
_WRITE = '<div class="write"><span>Needs</span><span>I can help</span><span>Next step</span></div>'


def person_parts(rows: pl.DataFrame) -> pl.DataFrame:
    """Each person's card, built once however many networks they are in: `card_head` (up to
    the network's reasons) and `card_body` (after them). See `network_cards`."""
    return rows.select("person_id", "name", **_part_exprs())


def person_parts_reads() -> list[str]:
    """The columns of the rows person_parts reads (in the rows' column order it does not
    matter: a caller selects them before picking the people shown)."""
    names = {"person_id", "name"}
    for expr in _part_exprs().values():
        names.update(expr.meta.root_names())
    return sorted(names)


def _part_exprs() -> dict[str, pl.Expr]:
    ledger = when(nonempty("ledger"), cat(
        lit("<dt>Give / ask</dt><dd>"), esc(pl.col("ledger")),
        when(nonempty("ledger_flag"),
             cat(lit(' <span class="badge">'), esc(pl.col("ledger_flag")), lit("</span>"))),
        lit("</dd>\n")))
    has_contact = ((pl.col("mail").list.len() > 0) | (pl.col("tel").list.len() > 0)
                   | nonempty("li") | nonempty("unlinked"))
    head = cat(
        lit('<article class="card" id="'), esc(pl.col("person_id")), lit('"'),
        data_attrs(name="sort_key", warmth="warmth", due="due", last="last", balance="balance",
                   tags="tags"),
        lit(">\n<h3>"), bdi(pl.col("name")),
        when(pl.col("dnc"), lit(' <span class="badge warn">do not contact</span>')),
        lit('</h3>\n<p class="why">'))
    body = cat(
        lit("</p>\n<dl>\n"),
        field("Work", "org_title"),
        field("Known from", "known_from"),
        when(has_contact, cat(lit("<dt>Contact</dt><dd>"), contact(), lit("</dd>\n"))),
        field("Last contact", "last_text"),
        field("Warmth", "warmth_text"),
        field("Follow up", "due_text"),
        field("Keep in touch", "tier_text"),
        field("Needs", "need"),
        field("I can help", "offer"),
        ledger,
        field("Next step", "next_step"),
        field("Referral", "referral"),
        field("Check notes", "note_flag"),
        lit("</dl>\n" + _WRITE + "\n</article>"),
    )
    return {"card_head": head, "card_body": body}


def network_cards(members: pl.DataFrame, parts: pl.DataFrame) -> pl.DataFrame:
    """A card per member, in `members`' order: who, why they are in this network, work,
    where known from, how to reach, last contact and warmth, follow-up, their needs, how I
    can help, the give/ask ledger, next step, referral."""
    return (members.join(parts, on="person_id", how="left", maintain_order="left")
            .select("person_id", "name",
                    html=cat(pl.col("card_head"), esc(pl.col("reasons")), pl.col("card_body"))))


def target_rows_html(frame: pl.DataFrame) -> pl.DataFrame:
    notes = cat(
        when(nonempty("ledger_flag"),
             cat(lit('<span class="badge">'), esc(pl.col("ledger_flag")), lit("</span> "))),
        when(nonempty("referral"), cat(lit("Referral: "), bdi(pl.col("referral")), lit(". "))),
        when(nonempty("need"), cat(lit("Needs: "), bdi(pl.col("need")))))
    html = cat(
        lit("<tr"), data_attrs(name="sort_key", warmth="warmth", rank="rank", tags="tags"),
        lit(">"),
        cell("#", esc(pl.col("rank"))),
        cell("Name", link_or_text("href", pl.col("name"))),
        cell("Relation", esc(pl.col("relation"))),
        cell("Work", esc(pl.col("work"))),
        cell("Warmth", esc(pl.col("warmth"))),
        cell("Why", esc(pl.col("reason"))),
        cell("Contact", contact()),
        cell("Notes", notes),
        lit("</tr>"))
    return frame.with_columns(html=html)


def reconnect_rows(frame: pl.DataFrame) -> pl.DataFrame:
    notes = cat(
        when(nonempty("need"), cat(lit("Needs: "), bdi(pl.col("need")), lit(". "))),
        when(nonempty("offer"), cat(lit("I can help: "), bdi(pl.col("offer")), lit(". "))),
        when(nonempty("ledger_flag"),
             cat(lit('<span class="badge">'), esc(pl.col("ledger_flag")), lit("</span>"))))
    html = cat(
        lit("<tr"), data_attrs(name="sort_key", warmth="warmth", last="last", tags="tags"),
        lit(">"),
        cell("Name", link_or_text("href", pl.col("name"))),
        cell("Work", esc(pl.col("org_title"))),
        cell("Last contact", esc(pl.col("last_text"))),
        cell("Warmth", esc(pl.col("warmth_text"))),
        cell("Known from", esc(pl.col("known_from"))),
        cell("Contact", contact()),
        cell("Notes", notes),
        lit("</tr>"))
    return frame.with_columns(html=html)


def _evidence(frame: pl.DataFrame) -> list[pl.Expr]:
    """"; agreed: given, family; conflicted: org": what `kith review` and serve's Review page
    show beside a pair; "weight in the review band" alone gives nothing to decide by (user34).
    A review table from before these columns shows the reason alone."""
    parts = []
    for col in ("agreed", "conflicted"):
        if col in frame.columns:
            parts.append(pl.when(nonempty(col)).then(cat(lit(f"; {col}: "), esc(pl.col(col))))
                         .otherwise(lit("")))
    return parts


def _side(frame: pl.DataFrame, s: str) -> pl.Expr:
    """A pair's side: the name (a link to the card), then its work and where it is from."""
    name = link_or_text(f"href_{s}", pl.col(f"name_{s}"))
    parts = [c for c in (f"org_title_{s}", f"known_from_{s}") if c in frame.columns]
    if not parts:
        return name
    text = pl.concat_str([pl.when(nonempty(c)).then(pl.col(c)) for c in parts],
                         separator=" · ", ignore_nulls=True)
    return cat(name, pl.when(text.fill_null("") != "").then(
        cat(lit('<br><span class="muted">'), esc(text), lit("</span>"))).otherwise(lit("")))


def review_rows_html(frame: pl.DataFrame) -> pl.DataFrame:
    html = cat(
        lit("<tr"), data_attrs(rank="rank", weight="weight", name="name_l"), lit(">"),
        cell("One", _side(frame, "l")),
        cell("Other", _side(frame, "r")),
        cell("Weight", esc(pl.col("weight"))),
        cell("Why", cat(esc(pl.col("reason")), *_evidence(frame))),
        cell("Same person", cat(lit("<code>"), esc(pl.col("merge_command")), lit("</code>"))),
        cell("Not the same",
             cat(lit("<code>"), esc(pl.col("keep_apart_command")), lit("</code>"))),
        lit("</tr>"))
    return frame.with_columns(html=html)
