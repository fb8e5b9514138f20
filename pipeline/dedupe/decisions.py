"""The user's decisions file: "same person" / "not the same person", kept across re-exports.

Decisions name records by natural keys (`linkedin:<slug>`, `email:<address>`, `phone:<E.164>`)
where a record has one, so they survive a fresh export in which record ids could change; a
record without any falls back to `record:<record_id>`. The file is TOML, one [[decision]]
table each, numbered; kith appends and removes entries in place: the user's other entries,
comments and blank lines stay as they were.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import clock
from pipeline.errors import UsageProblem
from pipeline.notes.cells import typed_id
from pipeline.notes.userfile import kith_lock, open_tmp

KINDS = ("same", "different", "in-network", "not-in-network")
PAIR_KINDS = ("same", "different")
NETWORKS = ("peer", "business", "community")
PREFIXES = ("linkedin", "email", "phone", "record")

HEADER = """\
# kith decisions: your word on who is (and is not) the same person.
# Written by `kith merge`, `kith split` and `kith review`; `kith undo N` removes entry N.
# You may edit it by hand: kind = "same" | "different"; a and b are natural keys
# (linkedin:<profile slug>, email:<address>, phone:<+E.164>) or record:<record_id>.
# kind = "in-network" | "not-in-network" overrides the network rules: a is the person's key,
# b is peer, business or community.
"""


class DecisionError(UsageProblem):
    pass


@dataclass(frozen=True)
class Decision:
    id: int
    kind: str
    a: str
    b: str
    note: str = ""
    created: str = ""


def load(path: Path | None) -> list[Decision]:
    if path is None or not path.exists():
        return []
    return _parse(_text(path), path)


def _text(path: Path) -> str:
    try:  # a BOM (Notepad's UTF-8) is not TOML: read past it
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecisionError(f"{path}: not UTF-8 ({exc}); save it as UTF-8.") from exc


def _parse(text: str, path: Path) -> list[Decision]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DecisionError(f"{path}: not valid TOML ({exc}).") from exc
    out = []
    for i, d in enumerate(raw.get("decision", []), start=1):
        kind, a, b = d.get("kind"), d.get("a"), d.get("b")
        if kind not in KINDS or not isinstance(a, str) or not isinstance(b, str):
            raise DecisionError(f"{path}: decision {i} needs kind (same|different), a and b.")
        keys = (a, b) if kind in PAIR_KINDS else (a,)
        if kind not in PAIR_KINDS and b not in NETWORKS:
            raise DecisionError(f"{path}: decision {i}: b must be one of {', '.join(NETWORKS)}.")
        for key in keys:
            if key.split(":", 1)[0] not in PREFIXES or ":" not in key:
                raise DecisionError(f"{path}: decision {i}: {key!r} is not a key kith knows "
                                    f"(use {', '.join(p + ':' for p in PREFIXES)}).")
        number = d.get("id", i)
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise DecisionError(f"{path}: decision {i}: id must be a whole number of at least "
                                f"1, not {number!r}.")
        out.append(Decision(number, kind, a, b, str(d.get("note", "")),
                            str(d.get("created", ""))))
    return out


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _block(d: Decision) -> list[str]:
    lines = ["[[decision]]", f"id = {d.id}", f"kind = {_toml_str(d.kind)}",
             f"a = {_toml_str(d.a)}", f"b = {_toml_str(d.b)}"]
    if d.note:
        lines.append(f"note = {_toml_str(d.note)}")
    if d.created:
        lines.append(f"created = {_toml_str(d.created)}")
    return lines


def save(path: Path, decisions: list[Decision]) -> None:
    """The whole file from the entries, under kith's header: a new file, or the fallback when
    an edit in place would not read back as intended."""
    lines = [HEADER]
    for d in decisions:
        lines += ["", *_block(d)]
    _write(path, "\n".join(lines) + "\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with os.fdopen(open_tmp(tmp), "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _write_checked(path: Path, text: str, expected: list[Decision]) -> None:
    """Write the file as edited in place (the user's comments, blank lines and key order
    kept) when it reads back as exactly `expected`; otherwise (a layout the line edit does not
    follow) rewrite it from the entries: every decision kept, the comments not."""
    try:
        same = bool(text) and _parse(text, path) == expected
    except DecisionError:
        same = False
    if same:
        _write(path, text)
    else:
        save(path, expected)


def add(path: Path, kind: str, a: str, b: str, note: str = "") -> Decision:
    # serialised with every other writer (kith serve's review beside a `kith merge`): a read,
    # edit and replace of one would otherwise lose the other's decision
    with kith_lock(path):
        return _add(path, kind, a, b, note)


def _add(path: Path, kind: str, a: str, b: str, note: str) -> Decision:
    existing = load(path)
    next_id = max((d.id for d in existing), default=0) + 1
    d = Decision(next_id, kind, a, b, note, clock.today().isoformat())
    if not path.exists():
        save(path, [d])
        return d
    text = _text(path)
    if text and not text.endswith("\n"):
        text += "\n"
    _write_checked(path, text + "\n" + "\n".join(_block(d)) + "\n", [*existing, d])
    return d


def remove(path: Path, decision_id: int) -> Decision:
    with kith_lock(path):
        return _remove(path, decision_id)


def _remove(path: Path, decision_id: int) -> Decision:
    existing = load(path)
    keep = [d for d in existing if d.id != decision_id]
    if len(keep) == len(existing):
        raise DecisionError(f"There is no decision {decision_id} in {path}.")
    if len(existing) - len(keep) > 1:  # a block copied by hand: undo would take them all
        same = "; ".join(f"{d.kind} {d.a} / {d.b}" for d in existing if d.id == decision_id)
        raise DecisionError(f"{len(existing) - len(keep)} decisions in {path} have the number "
                            f"{decision_id} ({same}); give each its own id, then undo again.")
    index = next(i for i, d in enumerate(existing) if d.id == decision_id)
    _write_checked(path, _without(_text(path), existing, index), keep)
    return existing[index]


_HEADER = re.compile(r"\s*\[\[\s*decision\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"\s*\[")
_ID = re.compile(r"\s*id\s*=")
_QUIET = re.compile(r"\s*(#.*)?$")  # a blank line or a comment


def _without(text: str, existing: list[Decision], index: int) -> str:
    """The file's text without decision `index`'s table: its header to its last key. The
    comments and blank lines after that stay (they may be about the next entry). A later
    entry without an id (numbered by its place) gets its number written, so it keeps it.
    "" when the tables cannot be found line by line (the caller then rewrites the file)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _HEADER.match(line)]
    if len(starts) != len(existing):
        return ""
    ends = []
    for start in starts:
        end = next((i for i in range(start + 1, len(lines)) if _TABLE.match(lines[i])),
                   len(lines))
        while end > start + 1 and _QUIET.match(lines[end - 1]):
            end -= 1
        ends.append(end)
    out: list[str] = []
    for k, start in enumerate(starts):
        before = lines[(ends[k - 1] if k else 0):start]
        body = lines[start:ends[k]]
        if k == index:
            out += before  # comments above it may be the previous entry's
            continue
        if k > index and not any(_ID.match(line) for line in body[1:]):
            body = [body[0], f"id = {existing[k].id}\n", *body[1:]]
        if k == index + 1 and out and not out[-1].strip() and before and not before[0].strip():
            before = before[1:]  # the removed table's blank line and this one's: one is kept
        out += before + body
    return "".join(out + lines[ends[-1]:])


def natural_key(record: dict, shared: set[str] | None = None) -> str:
    """The most durable key of one record (a row of records.parquet as a dict).

    Keys in `shared` (a family mailbox, a switchboard number: keys several people have) would
    name more than this person, so they are passed over.
    """
    shared = shared or set()
    candidates = []
    if record.get("linkedin_slug"):
        candidates.append(f"linkedin:{record['linkedin_slug']}")
    candidates += [f"email:{e}" for e in record.get("email_keys") or []]
    candidates += [f"phone:{p}" for p in record.get("phones_e164") or []]
    for key in candidates:
        if key not in shared:
            return key
    return f"record:{record['record_id']}"


def person_key(records: pl.DataFrame, shared: set[str]) -> str:
    """The key a decision about one person names them by: the most durable natural key of
    their records (`records`: that person's rows), linkedin before email, phone, record."""
    keys = [natural_key(r, shared) for r in records.sort("record_id").iter_rows(named=True)]
    order = {p: i for i, p in enumerate(PREFIXES)}
    return sorted(keys, key=lambda k: (order[k.split(":", 1)[0]], k))[0]


def split_pairs(records: pl.DataFrame, record: str, shared: set[str]) -> list[tuple[str, str]]:
    """The "different" pairs that take `record` out of the person whose records are `records`:
    each side named by its natural key, as merge and keep-apart name people. A record id is a
    hash of the card's name, first e-mail and phone and organisation, so a split named by
    record ids stopped holding the night a card was edited (a new employer) and the two were
    merged again. Two records with the same key are named by their record ids."""
    keys = dict(natural_keys(records, shared).iter_rows())
    pairs = []
    for other in sorted(r for r in keys if r != record):
        a, b = keys[record], keys[other]
        pairs.append((a, b) if a != b else (f"record:{record}", f"record:{other}"))
    return pairs


def natural_keys(records: pl.DataFrame, shared: set[str]) -> pl.DataFrame:
    """(record_id, key): natural_key for every row, vectorised."""
    cands = pl.concat_list(
        pl.concat_str(pl.lit("linkedin:"), "linkedin_slug").fill_null(""),
        pl.col("email_keys").list.eval(pl.concat_str(pl.lit("email:"), pl.element())),
        pl.col("phones_e164").list.eval(pl.concat_str(pl.lit("phone:"), pl.element())),
    ).list.eval(pl.element().filter((pl.element() != "")
                                    & ~pl.element().is_in(list(shared))))
    return records.select(
        "record_id",
        pl.coalesce(cands.list.first(), pl.concat_str(pl.lit("record:"), "record_id"))
        .alias("key"),
    )


KEY_COLUMNS = {"linkedin": "linkedin_slug", "email": "email_keys", "phone": "phones_e164"}


def record_keys(records: pl.DataFrame, by: str = "record_id",
                among: pl.DataFrame | None = None) -> pl.DataFrame:
    """(`by`, key) for every natural key (linkedin:, email:, phone:) of every record.
    among: only the keys that these records (same columns) carry too."""
    parts = []
    for prefix, col in KEY_COLUMNS.items():
        part = records.select(by, pl.col(col).alias("key"))
        if isinstance(records.schema[col], pl.List):
            part = part.explode("key")
        part = part.drop_nulls()
        if among is not None:
            wanted = among.select(pl.col(col).alias("key"))
            if isinstance(among.schema[col], pl.List):
                wanted = wanted.explode("key")
            part = part.join(wanted.drop_nulls().unique(), on="key", how="semi")
        parts.append(part.with_columns(pl.concat_str(pl.lit(f"{prefix}:"), "key").alias("key")))
    return pl.concat(parts)


def shared_keys(records: pl.DataFrame, among: pl.DataFrame | None = None) -> set[str]:
    """Natural keys that records of more than one person carry (of those `among` carries, when
    given: the review queue's few records ask about their own keys only)."""
    keys = record_keys(records, by="person_id", among=among).unique()
    multi = keys.group_by("key").agg(pl.len().alias("n")).filter(pl.col("n") > 1)
    return set(multi["key"].to_list())


def resolve(features: pl.DataFrame, key: str) -> list[int]:
    """Record idx values a key names (sorted)."""
    prefix, _, value = key.partition(":")
    col = {"linkedin": "linkedin_slug", "email": "email_keys", "phone": "phones_e164",
           "record": "record_id"}[prefix]
    if prefix == "email":
        value = value.lower()
    if prefix == "linkedin":
        value = value.lower()
    if prefix == "record":
        value = typed_id(value)  # record:R_9F... or "record: r_9f..." is the record kith wrote
    series = features[col]
    mask = series.list.contains(value) if isinstance(series.dtype, pl.List) else series == value
    return sorted(features["idx"].filter(mask).to_list())


def opposed(decisions: list[Decision], records_a: pl.DataFrame,
            records_b: pl.DataFrame) -> list[Decision]:
    """The "different" decisions that keep a record of A apart from a record of B (each the
    records of one side of `kith merge A B`, with the columns `resolve` reads). A merge of the
    two parts of a split you made contradicts them: the merge is your newer word."""
    a, b = records_a.with_row_index("idx"), records_b.with_row_index("idx")

    def across(x: str, y: str) -> bool:
        return bool(resolve(a, x)) and bool(resolve(b, y))

    return [d for d in decisions
            if d.kind == "different" and (across(d.a, d.b) or across(d.b, d.a))]


def constraints(features: pl.DataFrame, decisions: list[Decision]):
    """(must-link pairs, cannot-link pairs) of record idx from the decisions."""
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    for d in decisions:
        if d.kind not in PAIR_KINDS:
            continue
        a, b = resolve(features, d.a), resolve(features, d.b)
        if not a or not b:
            continue  # the records are not in this run's exports
        if d.kind == "same":
            must.append((a[0], b[0]))
        else:
            cannot += [(x, y) for x in a for y in b if x != y]
    return must, cannot
