"""A big vCard file cut at card boundaries so both ingest workers share it, and the parts'
results put back together as the one file's (ingest.py hands the parts out)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import cache
from pipeline.formats import vcard
from pipeline.formats.base import Parsed
from pipeline.inputs import Source, sha256
from pipeline.textio import sniff_encoding

# A vCard file from this size on is cut at card boundaries into parts of about PART_BYTES, so
# both workers share it: parsing a vCard byte costs ~3x a CSV byte, so one phone book was the
# whole stage's critical path. Parts are small enough to even out the workers' loads.
SPLIT_MIN_BYTES = 4 << 20
PART_BYTES = 4 << 20
# A vCard part's weight per byte against other files', to hand out big jobs first: a vCard
# byte took 2.2-4.5x a CSV byte of the same exports (Google, LinkedIn connections, messages).
VCARD_COST = 3
CARD_END = re.compile(rb"END:VCARD\r?\n(?=BEGIN:VCARD)", re.IGNORECASE)


@dataclass(frozen=True)
class SplitPlan:
    points: list[int]  # byte offsets: 0, the cuts between cards, the file's size
    digest: str  # SHA-256 of the bytes the plan read: the merge does not read them again


def split_plan(src: Source, workers: int, fallback_encoding: str,
                cache_dir: Path | None) -> SplitPlan | None:
    """Where to cut a big UTF-8 vCard file between top-level cards, or None.

    Only a file that is valid UTF-8 throughout: the parser picks a legacy code page from the
    bytes of what it reads, so parts of a mixed file could each pick another."""
    if src.members or workers < 2:
        return None
    try:
        size = os.path.getsize(src.disk_path)
        if size < SPLIT_MIN_BYTES:
            return None
        with open(src.disk_path, "rb") as fh:
            head = fh.read(4096)  # a big CSV is not read whole only to be told apart
            if not vcard.looks_like_vcard(head) or sniff_encoding(head)[0] not in ("", "utf-8"):
                return None
            data = head + fh.read()
    except OSError:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    size = len(data)
    parts = max(workers, -(-size // PART_BYTES))
    points = [0]
    for k in range(1, parts):
        m = CARD_END.search(data, size * k // parts, size * k // parts + (1 << 20))
        if m is None:
            return None
        points.append(m.end())
    points.append(size)
    digest = sha256(data)
    if cache_dir is not None:
        k = cache.key(digest, fallback_encoding)
        if (cache_dir / k / "meta.json").exists():
            return None  # parsed before: the plain path reads it from the cache
    return SplitPlan(points, digest) if points == sorted(set(points)) else None


def parse_vcard_chunk(path: str, start: int, end: int, fallback_encoding: str) -> Parsed:
    with open(path, "rb") as fh:
        fh.seek(start)
        return vcard.parse_vcard(fh.read(end - start), fallback_encoding)


def merged_entry(parts: list, fallback_encoding: str, cache_dir: Path | None,
                 plan: SplitPlan) -> tuple[str, cache.Entry]:
    """The parts' results in file order, card numbers continued across parts, as one cache
    entry (stored, or taken from the cache): (cache key, entry)."""
    k = cache.key(plan.digest, fallback_encoding)
    entry = cache.load(cache_dir, k)
    if entry is None:
        offset, pieces = 0, []
        for _, parsed in sorted(parts, key=lambda x: x[0]):
            shift = pl.col("source_row") + offset
            pieces.append(Parsed(parsed.rows_total,
                                 parsed.contacts.with_columns(shift),
                                 parsed.interactions, parsed.owner,
                                 parsed.rejects.with_columns(shift)))
            offset += parsed.rows_total
        counts = [p.vcard_cards for _, p in parts if p.vcard_cards is not None]
        merged = Parsed(offset,
                        pl.concat([p.contacts for p in pieces]),
                        pl.concat([p.interactions for p in pieces]),
                        pl.concat([p.owner for p in pieces]),
                        pl.concat([p.rejects for p in pieces]),
                        encoding=parts[0][1].encoding if parts else None,
                        vcard_cards=tuple(sum(c[i] for c in counts) for i in (0, 1))
                        if counts else None)
        entry = cache.Entry("vcard", "ingested", None if offset else "No vCard cards found.",
                            merged)
        cache.store(cache_dir, k, entry)
    return k, entry
