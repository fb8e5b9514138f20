"""Vectorised vCard reader for the common card: polars over the whole text instead of Python
over every line (the Python reader costs ~36 us a card; a phone book of 400k cards was the
ingest stage's largest single cost).

It reads only cards it can prove it reads as vcard.py does, and hands every other segment back
to that reader: a card qualifies when it is framed by exact BEGIN:VCARD / END:VCARD lines, holds
no other line mentioning VCARD (markers, AGENT cards), no blank or '#' line, no
QUOTED-PRINTABLE, no escaped backslash, no head whose first colon may sit inside quotes, no
non-UTF-8 CHARSET on a non-ASCII value, no 'tel:' URI with parameters, and ends up a contact
(rejects keep the Python reader's excerpt). Heads are parsed by vcard_tokens itself, once per
distinct head text, so parameters mean exactly what they mean there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.formats import vcard_fields as vf
from pipeline.formats.vcard_cards import BEGIN, END, _segments
from pipeline.formats.vcard_tokens import _parse_head, codec_name

CARD_TEXT_MAX = 5_000_000  # as vcard.CARD_TEXT_MAX: bigger cards go to the Python reader
VALUE_MAX = 1_000_000  # as vcard.VALUE_MAX
_IGNORABLE = " \t\x1a\x00\ufeff"  # as vcard_cards._IGNORABLE
# Lines that keep a card from this reader: comments, markers, QP, the placeholders, and HTML
# character references (Yahoo's `O&#39;Brien`: vcard.py reads them, charrefs.py).
_BAD = rf"^#|(?i:vcard|quoted-printable)|\\\\|&#|{vf.PLACEHOLDERS}"


@dataclass
class FastResult:
    contacts: pl.DataFrame  # CONTACTS_RAW rows of the cards read here, by source_row
    segments: int  # segments of the file (cards and runs outside them)
    cards: int  # top-level cards of the file
    # (index, start, stop, is_card, ended, the segment's lines) of the rest
    fallback: list[tuple[int, int, int, bool, bool, Window]]


def read(text: str) -> FastResult:
    """Every card of a cleanly decoded UTF-8 `text` this reader can vouch for; the rest listed
    in `fallback` with its physical line range for vcard.py's reader."""
    lines = pl.Series("line", [text]).str.split("\n").explode()
    segs = _simple_segments(lines)
    if segs is None:  # damaged structure: the Python walk finds the segments
        segs = list(_segments(text.split("\n")))
    index = np.arange(len(segs), dtype=np.int64)
    starts = np.fromiter((s[0] for s in segs), np.int64, len(segs))
    stops = np.fromiter((s[1] for s in segs), np.int64, len(segs))
    framed = np.fromiter((s[2] and s[3] for s in segs), bool, len(segs))
    if framed.any():  # exact BEGIN/END lines at both ends
        first = lines.gather(starts[framed]).to_numpy()
        last = lines.gather(stops[framed] - 1).to_numpy()
        framed[framed] = (first == BEGIN) & (last == END) & (stops[framed] - starts[framed] > 2)
    contacts, done = _read_framed(lines, index[framed], starts[framed] + 1, stops[framed] - 1,
                                   len(text))
    cards = sum(1 for s in segs if s[2])
    rest = np.setdiff1d(index, done)
    return FastResult(contacts, len(segs), cards, _windows(lines, [segs[i] for i in rest], rest))


def _windows(lines: pl.Series, segs: list, index: np.ndarray) -> list:
    """(index, start, stop, is_card, ended, Window over the segment's lines) for each."""
    if not segs:
        return []
    starts = np.fromiter((s[0] for s in segs), np.int64, len(segs))
    lengths = np.fromiter((s[1] - s[0] for s in segs), np.int64, len(segs))
    first = np.cumsum(lengths) - lengths
    at = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - first, lengths)
    got = lines.gather(at).to_list()
    return [(int(i), *seg, Window(got[f:f + n], seg[0]))
            for i, seg, f, n in zip(index, segs, first.tolist(), lengths.tolist(), strict=True)]


class Window:
    """Physical lines start..stop-1 of a file, indexed as in the whole file's list."""

    __slots__ = ("lines", "offset")

    def __init__(self, lines: list[str], offset: int) -> None:
        self.lines, self.offset = lines, offset

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.lines[i.start - self.offset: i.stop - self.offset]
        return self.lines[i - self.offset]


def _simple_segments(lines: pl.Series) -> list[tuple[int, int, bool, bool]] | None:
    """The segments when the file is plain: every line mentioning VCARD is an exact BEGIN or
    END line, they alternate from BEGIN to END, and all between cards is ignorable (what
    _segments then drops). None otherwise."""
    pos = lines.str.contains("(?i)vcard").arg_true()
    line = lines.gather(pos)
    if len(pos) % 2 or not (line.gather_every(2) == BEGIN).all() or not (
            line.gather_every(2, offset=1) == END).all():
        return None
    pos = pos.to_numpy().astype(np.int64)
    begins, ends = pos[0::2], pos[1::2]
    inside = np.zeros(len(lines) + 1, np.int64)
    inside[begins] += 1  # cards never overlap: no index repeats within either
    inside[ends + 1] -= 1
    outside = np.cumsum(inside)[:-1] == 0
    if outside.any():
        rest = lines.filter(pl.Series(outside))
        ignorable = (rest.str.strip_chars(_IGNORABLE) == "") | rest.str.strip_chars_start(
            vf.WS).str.starts_with("#")
        if not ignorable.all():
            return None
    return [(int(b), int(e) + 1, True, True) for b, e in zip(begins, ends, strict=True)]


def _body(lines: pl.Series, index: np.ndarray, starts: np.ndarray, stops: np.ndarray,
          total_chars: int) -> pl.DataFrame:
    """The physical body lines of the cards that may be read here, with their card (segment
    index), continuation flag and keep_ws (a 2.1 card's folds keep their whitespace)."""
    lengths = stops - starts
    first = np.cumsum(lengths) - lengths  # each card's first row
    at = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - first, lengths)
    body = lines.gather(at)
    cont = (body.str.starts_with(" ") | body.str.starts_with("\t")).to_numpy()
    bad = ((body == "") | body.str.contains(_BAD)).to_numpy()
    starts_card = np.zeros(len(at), bool)
    starts_card[first] = True
    bad |= cont & starts_card  # a fold with nothing to continue: dropped by _joined_lines
    wide = (body.str.len_bytes() != body.str.len_chars()).to_numpy()
    if wide.any():  # str.upper() may turn other letters into ASCII ones ('ı' -> 'I')
        upper = body.filter(pl.Series(wide)).str.to_uppercase()
        bad[wide] |= upper.str.contains("VCARD|QUOTED-PRINTABLE").to_numpy()
    v21 = body.str.contains(":2.1", literal=True).to_numpy()  # cheap, then exact
    if v21.any():
        head = body.filter(pl.Series(v21)).str.slice(0, 11).str.to_uppercase()
        v21[v21] = (head == "VERSION:2.1").to_numpy()
    bad_card = np.logical_or.reduceat(bad, first)
    if total_chars > CARD_TEXT_MAX:
        size = np.add.reduceat(body.str.len_chars().to_numpy().astype(np.int64), first)
        bad_card |= size > CARD_TEXT_MAX
    # keep_ws: a VERSION:2.1 line before, in the same card
    seen = np.cumsum(v21)
    keep_ws = (seen - np.repeat(seen[first] - v21[first], lengths)) > 0
    keep = np.repeat(~bad_card, lengths)
    return pl.DataFrame({"card": np.repeat(index, lengths)[keep], "line": body.filter(keep),
                         "cont": cont[keep], "keep_ws": keep_ws[keep]})


def _read_framed(lines, index, starts, stops, total_chars) -> tuple[pl.DataFrame, np.ndarray]:
    """(rows of the cards read here, their indexes)."""
    if not len(index):
        return vf.empty(), np.zeros(0, np.int64)
    logical = _logical(_body(lines, index, starts, stops, total_chars))
    props, bad_cards = _props(logical, total_chars)
    rows = vf.rows(props, logical.get_column("card").unique(maintain_order=True), bad_cards)
    return rows, rows.get_column("source_row").to_numpy()


def _logical(body: pl.DataFrame) -> pl.DataFrame:
    """Unfolded logical lines (card, line): a continuation line joins the one before without
    its first character (all of it in a 2.1 card after its VERSION line: vcard-21 2.1.3)."""
    cont = pl.col("cont")
    piece = pl.when(cont & ~pl.col("keep_ws")).then(pl.col("line").str.slice(1)).otherwise(
        pl.col("line"))
    body = body.with_columns(lid=(~cont).cum_sum(), piece=piece)
    if not body.get_column("cont").any():
        return body.select("card", "lid", line="piece")
    multi = body.filter(pl.col("lid").is_in(body.filter(cont).get_column("lid").unique().implode()))
    single = body.filter(~pl.col("lid").is_in(multi.get_column("lid").unique().implode()))
    joined = multi.group_by("lid", maintain_order=True).agg(
        pl.col("card").first(), pl.col("piece").str.join(""))
    return pl.concat([single.select("card", "lid", line="piece"),
                      joined.select("card", "lid", line="piece")]).sort("lid")


def _heads(texts: pl.Series) -> pl.DataFrame:
    """vcard_tokens' reading of every distinct head text."""
    rows = {k: [] for k in ("head", "name", "group", "legacy", "blob", "text64", "qp", "utf8",
                            "li_type", "user", "odd", "fax")}
    for text in texts.to_list():
        h = _parse_head(text)
        rows["head"].append(text)
        # odd quotes before the first colon: parse_line may split at a later colon
        rows["odd"].append(text.count('"') % 2 == 1)
        if h is False:
            for k in ("name", "group", "legacy", "blob", "text64", "qp", "utf8", "li_type",
                      "user", "fax"):
                rows[k].append(None)
            continue
        rows["name"].append(h.name)
        rows["group"].append(h.group)
        rows["legacy"].append(h.legacy)
        rows["blob"].append(h.blob)
        rows["text64"].append(h.text64)
        rows["qp"].append(h.qp)
        rows["fax"].append(h.fax)
        rows["utf8"].append(h.charset is None or codec_name(h.charset) == "utf-8")
        rows["li_type"].append("linkedin" in [t.lower() for t in h.params.get("TYPE", ())])
        users = h.params.get("X-USER")
        rows["user"].append(users[0] if users else None)
    return pl.DataFrame(rows, schema={"head": pl.String, "name": pl.String, "group": pl.String,
                                      "legacy": pl.Boolean, "blob": pl.Boolean,
                                      "text64": pl.Boolean, "qp": pl.Boolean,
                                      "utf8": pl.Boolean, "li_type": pl.Boolean,
                                      "user": pl.String, "odd": pl.Boolean,
                                      "fax": pl.Boolean})


def _props(logical: pl.DataFrame, total_chars: int) -> tuple[pl.DataFrame, pl.Series]:
    """The wanted property lines with their heads' meaning and the card's 2.1 flag; and the
    cards this reader cannot vouch for (odd quotes, foreign charsets, huge values)."""
    split = logical.with_columns(pl.col("line").str.splitn(":", 2).struct.rename_fields(
        ["head", "value"])).unnest("line")
    # parse_line: no colon or an empty head is junk, skipped like a junk head
    split = split.filter(pl.col("value").is_not_null() & (pl.col("head") != ""))
    heads = _heads(split.get_column("head").unique())
    split = split.join(heads, on="head", how="left")
    props = split.filter(pl.col("name").is_not_null())
    # version: the first VERSION that is not blank (`version or value.strip()`)
    vs = pl.when(pl.col("name") == "VERSION").then(pl.col("value").str.strip_chars(vf.WS))
    per_card = props.with_columns(vs=pl.when(vs != "").then(vs)).group_by(
        "card", maintain_order=True).agg(legacy=pl.col("legacy").any(),
                                         version=pl.col("vs").drop_nulls().first())
    wanted = props.filter(pl.col("name").is_in(list(vf.WANTED)))
    value = pl.col("value")
    foreign = wanted.filter(~pl.col("utf8")).filter(value.str.len_bytes() != value.str.len_chars())
    # a text property in base64: vcard.py decodes it when it is text
    bad = [split.filter("odd"), props.filter("qp"), foreign, wanted.filter("text64")]
    if total_chars > VALUE_MAX:
        bad.append(wanted.filter(value.str.len_chars() > VALUE_MAX))
    bad = pl.concat([b.get_column("card") for b in bad])
    version = pl.col("version").fill_null("").str.slice(0, 1)
    fmt = pl.when(version == "2").then(pl.lit("vcard_21")).when(version == "3").then(
        pl.lit("vcard_30")).when(version == "4").then(pl.lit("vcard_40")).when(
        pl.col("legacy")).then(pl.lit("vcard_21")).otherwise(pl.lit("vcard_30"))
    per_card = per_card.select("card", fmt=fmt)
    wanted = wanted.join(per_card, on="card", how="left").with_columns(
        v21=pl.col("fmt") == "vcard_21")
    return wanted, bad
