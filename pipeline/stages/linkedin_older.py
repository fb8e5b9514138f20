"""Last week's LinkedIn export beside this week's: only the newer one is read.

A job seeker who follows "put your downloads in exports/ as they came" adds each week's
LinkedIn zip beside the last (docs/user38.md, week 2). Read together, two exports of one
account count every message twice, keep a connection who left (the older export still lists
them), hide a job change (the older record's employer competes with the newer one's), and
split people from their address-book cards (two LinkedIn records of one profile disagree).
LinkedIn's export holds the account's whole current state (every connection, every message),
so the newer export says all the older one does, as it is now.

On positive evidence only: two exports (zip archives, or folders of LinkedIn files) of the
same account (their Profile.csv rows name the same member) where one is newer, by the date
LinkedIn writes in the archive's name (`Basic_LinkedInDataExport_12-14-2026.zip`) when both
have one, else by the latest date in their connections and messages. Anything less (no
Profile.csv, other members, the same dates) reads both, as before. The older export's
LinkedIn files are listed as skipped, naming the export read, as a copy is (ingest._read_once).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import polars as pl

from pipeline.normalize.dates import parse_date

# LinkedIn's name for the archive: Basic_ or Complete_LinkedInDataExport_MM-DD-YYYY(.zip)
_NAME_DATE = re.compile(r"LinkedInDataExport_(\d{1,2})-(\d{1,2})-(\d{4})", re.I)


def _export_of(path: str) -> str:
    """The export a file belongs to: its zip ("a.zip!Connections.csv" -> "a.zip"), else the
    folder holding it."""
    if "!" in path:
        return path.split("!", 1)[0]
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _name_date(export: str) -> dt.date | None:
    m = _NAME_DATE.search(export.rsplit("/", 1)[-1])
    try:
        return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2))) if m else None
    except ValueError:
        return None


def _latest(results: list) -> dt.date | None:
    """The latest connection or interaction date in the export's files."""
    days = []
    for r in results:
        for frame, col in ((r.parsed.contacts, "connected_on"), (r.parsed.interactions, "occurred_raw")):
            if frame.height and col in frame.columns:
                days.append(frame.select(parse_date(pl.col(col)).max()).item())
    days = [d for d in days if d is not None]
    return max(days) if days else None


def _account(results: list) -> tuple[str, str] | None:
    """The member whose export this is (Profile.csv's name, folded), if it says."""
    for r in results:
        owner = r.parsed.owner
        if owner.height and "kind" in owner.columns:
            rows = owner.filter(pl.col("kind") == "profile")
            if rows.height:
                first, last = rows["first_name"][0] or "", rows["last_name"][0] or ""
                if (first + last).strip():
                    return first.strip().casefold(), last.strip().casefold()
    return None


def _newest(exports: dict[str, list]) -> str | None:
    """The one export newer than every other, by the archive names' dates when all have one,
    else by content; None when that does not single one out."""
    for when in (lambda rs, e: _name_date(e), lambda rs, e: _latest(rs)):
        dates = {e: when(rs, e) for e, rs in exports.items()}
        if all(d is not None for d in dates.values()):
            top = max(dates.values())
            best = [e for e, d in dates.items() if d == top]
            return best[0] if len(best) == 1 else None
    return None


def skip_older(results: list, skipped: Callable[[object, str], object]) -> list:
    """`results` with the LinkedIn files of an older export of the same account replaced by
    `skipped(result, reason)`. Only ingested files of LinkedIn formats take part."""
    exports: dict[str, list] = {}
    for r in results:
        if r.parsed is not None and r.row["status"] == "ingested" and (
                r.row["format"] or "").startswith("linkedin_"):
            exports.setdefault(_export_of(r.row["path"]), []).append(r)
    exports = {e: rs for e, rs in exports.items()
               if any(r.row["format"] == "linkedin_connections" for r in rs)}
    by_account: dict[tuple[str, str], dict[str, list]] = {}
    for e, rs in exports.items():
        if (who := _account(rs)) is not None:
            by_account.setdefault(who, {})[e] = rs
    older: dict[int, str] = {}
    for group in by_account.values():
        newest = _newest(group) if len(group) > 1 else None
        for e, rs in group.items() if newest else ():
            if e != newest:
                older.update({id(r): newest for r in rs})
    return [skipped(r, f"An older export of the same LinkedIn account: {older[id(r)]} is read "
                       "(it holds every connection and message as they are now).")
            if id(r) in older else r for r in results]
