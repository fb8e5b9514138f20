"""The per-person markup of each worksheet, one `html` column per row (see html.py for why).

Each function takes the rows rows.py prepared and returns them with an `html` column; the page
templates place a page's slice of that column inside their list container.
"""

from __future__ import annotations

import polars as pl

from pipeline.worksheets.html import (
    cat,
    cell,
    contact,
    data_attrs,
    esc,
    field,
    link_or_text,
    lit,
    nonempty,
    when,
)

# Printed cards end with ruled lines to write on (the CSS shows them only in print).
_WRITE = '<div class="write"><span>Needs</span><span>I can help</span><span>Next step</span></div>'


def person_parts(rows: pl.DataFrame) -> pl.DataFrame:
    """Each person's card, built once however many networks they are in: `card_head` (up to
    the network's reasons) and `card_body` (after them). See `network_cards`."""
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
        lit(">\n<h3>"), esc(pl.col("name")),
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
        field("Needs", "need"),
        field("I can help", "offer"),
        ledger,
        field("Next step", "next_step"),
        field("Referral", "referral"),
        field("Check notes", "note_flag"),
        lit("</dl>\n" + _WRITE + "\n</article>"),
    )
    return rows.select("person_id", "name", card_head=head, card_body=body)


def network_cards(members: pl.DataFrame, parts: pl.DataFrame) -> pl.DataFrame:
    """A card per member, in `members`' order: who, why they are in this network, work,
    where known from, how to reach, last contact and warmth, follow-up, their needs, how I
    can help, the give/ask ledger, next step, referral."""
    return (members.join(parts, on="person_id", how="left", maintain_order="left")
            .select("person_id", "name",
                    html=cat(pl.col("card_head"), esc(pl.col("reasons")), pl.col("card_body"))))


def target_rows(frame: pl.DataFrame) -> pl.DataFrame:
    notes = cat(
        when(nonempty("ledger_flag"),
             cat(lit('<span class="badge">'), esc(pl.col("ledger_flag")), lit("</span> "))),
        when(nonempty("referral"), cat(lit("Referral: "), esc(pl.col("referral")), lit(". "))),
        when(nonempty("need"), cat(lit("Needs: "), esc(pl.col("need")))))
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
        when(nonempty("need"), cat(lit("Needs: "), esc(pl.col("need")), lit(". "))),
        when(nonempty("offer"), cat(lit("I can help: "), esc(pl.col("offer")), lit(". "))),
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


def review_rows(frame: pl.DataFrame) -> pl.DataFrame:
    html = cat(
        lit("<tr"), data_attrs(weight="weight", name="name_l"), lit(">"),
        cell("One", link_or_text("href_l", pl.col("name_l"))),
        cell("Other", link_or_text("href_r", pl.col("name_r"))),
        cell("Weight", esc(pl.col("weight"))),
        cell("Why", esc(pl.col("reason"))),
        cell("Same person", cat(lit("<code>"), esc(pl.col("merge_command")), lit("</code>"))),
        cell("Not the same",
             cat(lit("<code>"), esc(pl.col("keep_apart_command")), lit("</code>"))),
        lit("</tr>"))
    return frame.with_columns(html=html)
