"""LinkedIn messages.csv of every era -> interactions of kind "message".

2018 `Messages.csv` says who sent each message (Direction). From 2021 on, the file only
names the sender, so the owner has to be found (see `owner_url`). 2023+ files list the
recipients' profile URLs (comma-joined, reliable); `TO` holds display names joined by commas,
which cannot be split because names contain commas ("Jane Doe, MBA").

LinkedIn's AI-coach conversations (coach_messages.csv, guide_messages.csv, ...) share the
header but hold no people: they are a known non-contact kind.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.formats.base import CsvKind, Parsed
from pipeline.formats.csvexpr import (
    NULL,
    Columns,
    S,
    cells_of,
    linkedin_url_only,
    one_list,
    plain_text,
    rejects_for,
    split_list,
)
from pipeline.textio import CsvTable

DRAFT_REASON = "unsent LinkedIn draft message"
SYSTEM_REASON = "LinkedIn system message with no counterpart"

_COACH_FILES = ("coach_messages", "role_play_messages", "guide_messages")


def _is_messages(cells: frozenset[str]) -> bool:
    cells = cells_of(cells)
    legacy = {"from", "to", "date", "subject", "content", "direction"} <= cells
    modern = {"conversation id", "from", "sender profile url", "to", "date", "content"} <= cells
    return legacy or modern


def is_messages(cells: frozenset[str], base: str) -> bool:
    return _is_messages(cells) and not is_coach_messages(cells, base)


def is_coach_messages(cells: frozenset[str], base: str) -> bool:
    return _is_messages(cells) and any(name in base for name in _COACH_FILES)


def _base_frame(table: CsvTable) -> pl.DataFrame:
    c = Columns(table)
    subject = c.get("subject")
    draft = c.get("is message draft").str.to_lowercase().is_in(["yes", "true"])
    return table.frame.select(
        "source_row",
        # Without a conversation id (2018) every row stands alone.
        pl.coalesce(c.get("conversation id"), pl.col("source_row").cast(S)).alias("conv"),
        c.get("from").alias("sender"),
        linkedin_url_only(c.get("sender profile url")).alias("sender_url"),
        c.get("to").alias("to"),
        split_list(c.get("recipient profile urls"), ",").alias("rcpt"),
        c.get("date").alias("occurred_raw"),
        c.get("conversation id").alias("conversation_id"),
        pl.coalesce(subject, plain_text(c.get("content"))).str.slice(0, 200).alias("detail"),
        draft.fill_null(False).alias("draft"),
        c.get("direction").str.to_uppercase().alias("dir"),
        c.get("folder").str.to_uppercase().alias("folder"),
    )


def sender_names(f: pl.DataFrame) -> pl.DataFrame:
    """url -> the display name it sends under most often (for recipients without a name)."""
    return (
        f.filter(pl.col("sender_url").is_not_null() & pl.col("sender").is_not_null())
        .group_by("sender_url", "sender")
        .agg(pl.len().alias("n"))
        .sort(["n", "sender"], descending=[True, False])
        .unique("sender_url", keep="first", maintain_order=True)
        .select(pl.col("sender_url").alias("url"), pl.col("sender").alias("name"))
    )


def owner_url(f: pl.DataFrame, names: pl.DataFrame) -> str | None:
    """The account owner's profile URL, or None when the file cannot tell.

    Every conversation in the export is one of the owner's, so the owner is the profile that
    takes part in the most conversations: as sender, as a listed recipient, or under its
    display name in TO/FROM (2021-2023 files list no recipient URLs, but incoming messages
    name the owner in TO). Ties are broken by being the recipient of sender-less (system,
    sponsored, draft) messages, which LinkedIn addresses to the owner, then by the number of
    conversations the profile wrote in. A file whose best candidates still tie, typically a
    single one-to-one conversation, is ambiguous: None, and its directions are "unknown".
    """
    by_name = names.rename({"url": "name_url"})
    participation = pl.concat(
        [
            f.select("conv", pl.col("sender_url").alias("url")),
            f.select("conv", pl.col("rcpt").alias("url")).explode("url"),
            f.join(by_name, left_on="to", right_on="name").select("conv", pl.col("name_url").alias("url")),
            f.join(by_name, left_on="sender", right_on="name").select(
                "conv", pl.col("name_url").alias("url")
            ),
        ]
    ).drop_nulls().unique()
    if participation.height == 0:
        return None
    convs = participation.group_by("url").agg(pl.len().alias("convs"))
    system = (
        f.filter(pl.col("sender").is_null() & pl.col("sender_url").is_null())
        .select(pl.col("rcpt").alias("url"))
        .explode("url")
        .drop_nulls()
        .group_by("url")
        .agg(pl.len().alias("system"))
    )
    wrote = (
        f.filter(pl.col("sender_url").is_not_null())
        .group_by(pl.col("sender_url").alias("url"))
        .agg(pl.col("conv").n_unique().alias("wrote"))
    )
    ranked = (
        convs.join(system, on="url", how="left")
        .join(wrote, on="url", how="left")
        .fill_null(0)
        .sort(["convs", "system", "wrote", "url"], descending=[True, True, True, False])
    )
    top = ranked.row(0, named=True)
    if ranked.height > 1:
        second = ranked.row(1, named=True)
        key = ("convs", "system", "wrote")
        if all(top[k] == second[k] for k in key):
            return None
    return top["url"]


def _interaction(frame: pl.DataFrame, direction: pl.Expr, name: pl.Expr, url: pl.Expr) -> pl.DataFrame:
    return frame.select(
        "source_row",
        direction.alias("direction"),
        "occurred_raw",
        name.alias("counterpart_name"),
        url.alias("counterpart_url"),
        "conversation_id",
        "detail",
    )


def _modern(f: pl.DataFrame) -> list[pl.DataFrame]:
    """Counterparts for 2021+ files: one frame per case, concatenated by the caller."""
    names = sender_names(f)
    owner = owner_url(f, names)
    if owner is None:
        # Ambiguous owner: every participant is listed, direction "unknown"; the owner's own
        # row can be dropped later by matching the Profile, nothing is guessed here.
        parts = f.with_columns(
            pl.concat_list([one_list(pl.col("sender_url")), pl.col("rcpt")])
            .list.unique(maintain_order=True)
            .alias("cp")
        )
        with_urls = parts.filter(pl.col("cp").list.len() > 0).explode("cp")
        with_urls = with_urls.join(names, left_on="cp", right_on="url", how="left")
        name = (
            pl.when(pl.col("cp") == pl.col("sender_url"))
            .then(pl.col("sender"))
            .when(pl.col("rcpt").list.len() == 1)
            .then(pl.col("to"))
            .otherwise(pl.col("name"))
        )
        no_urls = parts.filter(pl.col("cp").list.len() == 0)
        return [
            _interaction(with_urls, pl.lit("unknown"), name, pl.col("cp")),
            _interaction(no_urls, pl.lit("unknown"), pl.col("sender"), NULL),
        ]
    owner_name = names.filter(pl.col("url") == owner).get_column("name")
    owner_name = owner_name[0] if owner_name.len() else None
    outgoing = (pl.col("sender_url") == owner) | (
        pl.col("sender_url").is_null() & (pl.col("sender") == pl.lit(owner_name, dtype=S))
    )
    f = f.with_columns(
        outgoing.fill_null(False).alias("out"),
        pl.col("rcpt").list.eval(pl.element().filter(pl.element() != owner)).alias("others"),
    )
    incoming = f.filter(~pl.col("out"))
    out = f.filter(pl.col("out"))
    listed = out.filter(pl.col("others").list.len() > 0).explode("others")
    listed = listed.join(names, left_on="others", right_on="url", how="left")
    # TO is a single name only when there is a single recipient; otherwise use the name the
    # recipient sends under elsewhere in the file.
    listed_name = pl.when(pl.col("rcpt").list.len() == 1).then(pl.col("to")).otherwise(pl.col("name"))
    # No recipient URLs (2021-2023 files): the other people who wrote in the conversation are
    # its participants; if nobody answered, TO is all we have.
    unlisted = out.filter(pl.col("others").list.len() == 0)
    writers = (
        f.filter(pl.col("sender_url").is_not_null() & (pl.col("sender_url") != owner))
        .select("conv", pl.col("sender_url").alias("w_url"), pl.col("sender").alias("w_name"))
        .unique(["conv", "w_url"], keep="first", maintain_order=True)
    )
    answered = unlisted.join(writers, on="conv", how="inner")
    silent = unlisted.join(writers, on="conv", how="anti")
    return [
        _interaction(incoming, pl.lit("incoming"), pl.col("sender"), pl.col("sender_url")),
        _interaction(listed, pl.lit("outgoing"), listed_name, pl.col("others")),
        _interaction(answered, pl.lit("outgoing"), pl.col("w_name"), pl.col("w_url")),
        _interaction(silent, pl.lit("outgoing"), pl.col("to"), NULL),
    ]


def _legacy(f: pl.DataFrame) -> list[pl.DataFrame]:
    """2018: Direction says who wrote; names only, and TO may hold several names."""
    direction = (
        pl.when(pl.col("dir") == "INCOMING")
        .then(pl.lit("incoming"))
        .when((pl.col("dir") == "OUTGOING") | (pl.col("folder") == "SENT"))
        .then(pl.lit("outgoing"))
        .otherwise(pl.lit("unknown"))
    )
    f = f.with_columns(direction.alias("d"))
    name = pl.when(pl.col("d") == "outgoing").then(pl.col("to")).otherwise(pl.col("sender"))
    return [_interaction(f, pl.col("d"), name, NULL)]


def parse_messages(table: CsvTable, _basename: str) -> Parsed:
    f = _base_frame(table)
    modern = Columns(table).has("sender profile url", "conversation id")
    drafts = f.filter(pl.col("draft")).select("source_row", pl.lit(DRAFT_REASON).alias("reason"))
    # Drafts still count as evidence of who owns the mailbox; they just are not interactions.
    parts = _modern(f) if modern else _legacy(f)
    inter = pl.concat(parts).join(drafts, on="source_row", how="anti")
    inter = inter.filter(
        pl.col("counterpart_name").is_not_null() | pl.col("counterpart_url").is_not_null()
    ).sort("source_row", maintain_order=True)
    accounted = pl.concat([inter.select("source_row"), drafts.select("source_row")])
    system = f.join(accounted, on="source_row", how="anti").select(
        "source_row", pl.lit(SYSTEM_REASON).alias("reason")
    )
    inter = inter.with_columns(
        pl.lit("linkedin").alias("source"),
        pl.lit("linkedin_messages").alias("source_format"),
        pl.lit("message").alias("kind"),
    )
    bad = pl.concat([drafts, system]).sort("source_row")
    return Parsed(
        rows_total=table.rows_total,
        interactions=schema.conform(inter, schema.INTERACTIONS_RAW),
        rejects=rejects_for(table, bad),
    )


KINDS: list[CsvKind] = [
    CsvKind("linkedin_messages", "linkedin", is_messages, parse_messages, 40),
    # Conversations with LinkedIn's AI coach / guide: same header, no people.
    CsvKind("linkedin_coach_messages", "linkedin", is_coach_messages, None, 41),
]
