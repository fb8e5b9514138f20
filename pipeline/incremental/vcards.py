"""A changed vCard file read card by card on a refresh: the cards whose bytes the file's
previous version held are taken from that version's parse (its ingest cache entry), and only
the others are parsed, all in one call.

A night where 1% of a phone's cards changed parsed the whole file again (a vCard byte costs
~3x a CSV byte; the vCards were most of a 100k night's ingest, docs/night41.md). Why a card's
rows are its own: stages/vcard_split.py already parses a UTF-8 file cut between top-level
cards in parts and continues the card numbers across them; this module cuts at every such
boundary (`vcard_split.CARD_END`) and keeps the same conditions: valid UTF-8 throughout (a
legacy code page is chosen from the whole file's bytes), and each piece exactly one segment
(card or text outside cards), checked on both versions' parses. Anything else: None, and the
file is parsed whole.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import polars as pl

from pipeline import cache, schema
from pipeline.formats import vcard
from pipeline.formats.base import Parsed
from pipeline.stages.vcard_split import CARD_END
from pipeline.textio import sniff_encoding

# beside a vCard entry's tables: the digest of each piece, in source_row order
CARDS_FILE = "cards.parquet"


def _pieces(data: bytes) -> list[bytes] | None:
    """The file cut after every END:VCARD line that a BEGIN:VCARD follows, or None when the
    file is not one whose cards may be read apart (see the module's docstring)."""
    if not vcard.looks_like_vcard(data[:4096]) or sniff_encoding(data[:4096])[0] not in (
            "", "utf-8"):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    cuts = [0, *(m.end() for m in CARD_END.finditer(data)), len(data)]
    return [data[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _digests(pieces: list[bytes]) -> list[bytes]:
    return [hashlib.blake2b(p, digest_size=16).digest() for p in pieces]


def remember(cache_dir: Path | None, k: str, data: bytes, entry: cache.Entry) -> None:
    """Keep the piece digests of a vCard file parsed whole (entry `k` of the cache), for the
    next version of the file; nothing when its pieces are not one segment each."""
    if cache_dir is None or entry.fmt != "vcard" or entry.parsed is None:
        return
    folder = cache_dir / k
    if not (folder / "meta.json").exists() or (folder / CARDS_FILE).exists():
        return
    pieces = _pieces(data)
    if pieces is None or len(pieces) != entry.parsed.rows_total:
        return
    tmp = folder / f".{CARDS_FILE}.{os.getpid()}.tmp"
    try:
        pl.DataFrame({"digest": _digests(pieces)}, schema={"digest": pl.Binary}).write_parquet(
            tmp, compression="zstd", compression_level=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, folder / CARDS_FILE)
    except OSError:  # no digests: the next version is parsed whole
        tmp.unlink(missing_ok=True)


def can_reparse(cache_dir: Path | None, previous: str | None, fallback_encoding: str) -> bool:
    """The previous version (its sha256) left an entry with its cards' digests."""
    return cache_dir is not None and previous is not None and (
        cache_dir / cache.key(previous, fallback_encoding) / CARDS_FILE).exists()


def _previous(cache_dir: Path, k: str) -> tuple[cache.Entry, list[bytes]] | None:
    entry = cache.load(cache_dir, k)
    if entry is None or entry.fmt != "vcard" or entry.status != "ingested" or \
            entry.parsed is None:
        return None
    try:
        cards = pl.read_parquet(cache_dir / k / CARDS_FILE)["digest"].to_list()
    except (OSError, pl.exceptions.PolarsError, KeyError):
        return None
    return (entry, cards) if len(cards) == entry.parsed.rows_total else None


def _moved(frame: pl.DataFrame, rows: pl.DataFrame, sch: dict) -> pl.DataFrame:
    """`frame`'s rows at their new source_row (`rows`: old -> new; an old card now twice in
    the file gives its rows twice)."""
    return schema.conform(
        frame.join(rows, left_on="source_row", right_on="old", how="inner")
        .with_columns(pl.col("new").alias("source_row")).drop("new"), sch)


def reparse(data: bytes, cache_dir: Path | None, previous_key: str | None,
            fallback_encoding: str) -> cache.Entry | None:
    """The entry parse_file would give for `data`, from the previous version's entry and the
    new cards parsed; None when that cannot be vouched for (then the file is parsed whole)."""
    if cache_dir is None or previous_key is None:
        return None
    before = _previous(cache_dir, previous_key)
    pieces = _pieces(data) if before is not None else None
    if pieces is None:
        return None
    entry, cards = before
    where = {}
    for i, d in enumerate(cards):
        where.setdefault(d, i)
    old, new, fresh = [], [], []
    for j, d in enumerate(_digests(pieces)):
        i = where.get(d)
        if i is None:
            fresh.append(j)
        else:
            old.append(i)
            new.append(j)
    prev = entry.parsed
    kept = pl.DataFrame({"old": old, "new": new}, schema={"old": pl.Int64, "new": pl.Int64})
    parts = {"contacts": [_moved(prev.contacts, kept, schema.CONTACTS_RAW)],
             "rejects": [_moved(prev.rejects, kept, schema.REJECTS)]}
    counts = (0, 0)
    if fresh:
        parsed = vcard.parse_vcard(b"".join(pieces[j] for j in fresh), fallback_encoding)
        if parsed.rows_total != len(fresh) or parsed.encoding != prev.encoding:
            return None
        placed = pl.DataFrame({"old": range(len(fresh)), "new": fresh},
                              schema={"old": pl.Int64, "new": pl.Int64})
        parts["contacts"].append(_moved(parsed.contacts, placed, schema.CONTACTS_RAW))
        parts["rejects"].append(_moved(parsed.rejects, placed, schema.REJECTS))
        counts = parsed.vcard_cards or counts
    # a reader gives its rows in source_row order, each segment one row of one table
    contacts, rejects = (pl.concat(parts[t]).sort("source_row") for t in ("contacts", "rejects"))
    return cache.Entry("vcard", "ingested", None, Parsed(
        len(pieces), contacts, prev.interactions, prev.owner, rejects, encoding=prev.encoding,
        vcard_cards=counts))
