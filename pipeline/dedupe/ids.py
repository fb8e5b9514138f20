"""Stable person ids across runs.

A cluster keeps the id of the previous person it overlaps most (a split leaves the id with the
larger part; a merge keeps the id of the larger previous person). A cluster with no previous
id gets one derived from its smallest record id, which is itself derived from the record's
content and natural keys, so identical inputs give identical ids with or without state
(p_<hex> of the person's smallest r_<hex> record id).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.errors import is_internal

log = logging.getLogger("kith")

STATE_VERSION = 1  # DIR/state/state.json: the version of the id map beside it


def load_state(out: Path) -> pl.DataFrame | None:
    """The previous run's record -> person id map; an old or corrupt state is not trusted."""
    meta, ids = out / "state" / "state.json", out / "state" / "person_ids.parquet"
    if not ids.exists():
        return None
    try:
        version = json.loads(meta.read_text("utf-8")).get("state_version")
        frame = pl.read_parquet(ids)
        if version != STATE_VERSION or dict(frame.schema) != schema.STATE:
            raise ValueError(f"state version {version}")
        return frame
    except BaseException as exc:  # any damage means: rebuild
        if not is_internal(exc):  # a library's panic counts too
            raise
        log.warning("the id state in %s is unreadable or from another version (%s); "
                    "person ids are rebuilt from the records.", out / "state", type(exc).__name__)
        return None


# The values an export wrote in a row, not where: a row moved or a file renamed is the same row.
RAW_VALUES = [c for c in schema.CONTACTS_RAW
              if c not in ("source", "source_format", "source_file", "source_row")]


def carried_over(previous: pl.DataFrame | None, records: pl.DataFrame,
                 previous_records: Path) -> pl.DataFrame | None:
    """The last run's id map, plus each record whose id is new although an input row with the
    same values was a record of the last run: mapped to that record's person. A record id is a
    hash of normalised keys (name, first e-mail and phone, organisation), so a newer kith that
    normalises a name differently (a Korean name split, a generation cut) gives an unchanged
    row a new id, and its person, with nothing else to overlap, would get a new id and leave
    your notes and ledger on a person marked gone. `previous_records`: the published run's
    records.parquet (raw values beside record ids). Only new ids are looked up, and only
    against ids that are gone, so a night with no such record reads nothing."""
    if previous is None or previous.height == 0 or not previous_records.exists():
        return previous
    # by the ids' 64-bit hashes (~0.1 CPU-s at a million ids; the strings' own is_in cost
    # ~0.8): a collision only leaves a record out of this lookup, as before it existed
    now, before = records["record_id"].hash(), previous["record_id"].hash()
    new = records.filter(~now.is_in(before.implode()))
    if new.height == 0:
        return previous
    gone = previous.filter(~before.is_in(now.implode()))
    if gone.height == 0:
        return previous
    try:
        old = (pl.scan_parquet(previous_records)
               .select("record_id", "source", "source_file", *RAW_VALUES, *EDIT_KEYS)
               .filter(pl.col("record_id").is_in(gone["record_id"].implode())).collect())
    except BaseException as exc:  # an unreadable old table: ids as before, nothing carried
        if not is_internal(exc):  # a library's panic counts too
            raise
        return previous
    key = pl.struct(RAW_VALUES).hash().alias("_raw")
    old = old.join(gone, on="record_id").with_columns(key)
    new = new.with_columns(key)
    # Two old rows with the same values in different people (rare: a namesake row exported
    # twice) give the new record the smaller id, so the choice does not depend on row order.
    carried = (new.select("record_id", "_raw").join(old.select("_raw", "person_id"), on="_raw")
               .group_by("record_id").agg(pl.col("person_id").min()).sort("record_id")
               .cast(schema.STATE))
    carried = pl.concat([carried, _edited(
        new.join(carried, on="record_id", how="anti"),
        old.join(new.select("_raw"), on="_raw", how="anti"))])
    return pl.concat([previous.cast(schema.STATE), carried]) if carried.height else previous


# What tells an edited card from another person's: its source, names and natural keys.
EDIT_KEYS = ["given_key", "family_key", "name_key", "email_keys", "phones_e164"]


def _keys(frame: pl.DataFrame) -> pl.DataFrame:
    """(record_id, source, source_file, key, names): one row per e-mail ("e:") and phone
    ("t:") key."""
    where = ("record_id", "source", "source_file")
    mails = frame.select(*where, pl.col("email_keys").alias("k"), pl.lit("e:").alias("kind"))
    tels = frame.select(*where, pl.col("phones_e164").alias("k"), pl.lit("t:").alias("kind"))
    both = pl.concat([mails, tels]).explode("k").filter(pl.col("k").is_not_null() & (pl.col("k") != ""))
    names = frame.select("record_id", "given_key", "family_key", "name_key")
    return both.select(*where, pl.concat_str("kind", "k").alias("key")).join(
        names, on="record_id")


def _edited(new: pl.DataFrame, old: pl.DataFrame) -> pl.DataFrame:
    """(record_id, person_id): a new record that is a card of the last run edited in place
    (renamed "Tom" -> "Thomas", an e-mail added first, a new employer, two cards merged on
    the phone, one split). A record id hashes the name, the first e-mail and phone and the
    organisation, so any such edit makes a new record; a person with no other record then
    got a new id, and your notes and ledger stayed on an id marked gone. A new record takes
    a gone record's person when both come from the same source (or the same file, which a
    newer kith may read as another source: user39's club list, once "outlook", now "csv"),
    share an e-mail or a phone,
    and their names agree: the same given name, or the same family name (a new married name
    keeps the given name; a nickname spelled out keeps the family name), and for a shared
    phone, which a household shares, also the given name's first letter. One to one: each
    gone record goes to the new record it fits best (the same whole name, then the most keys
    shared), so of a card split in two, the part that keeps the name keeps the person."""
    person = dict(zip(old["record_id"], old["person_id"], strict=True))
    out = [(rid, person[rid_old]) for rid, rid_old in edited_versions(new, old)]
    return pl.DataFrame(out, schema=["record_id", "person_id"], orient="row").sort(
        "record_id").cast(schema.STATE)


def edited_versions(new: pl.DataFrame, old: pl.DataFrame) -> list[tuple[str, str]]:
    """(new record id, old record id) of each new record that is an old card edited in
    place (_edited's rule, one to one); also the previous version of a card whose job
    changed (dedupe/job_change.py)."""
    if new.height == 0 or old.height == 0:
        return []
    a = _keys(new.select("record_id", "source", "source_file", *EDIT_KEYS))
    b = _keys(old.select("record_id", "source", "source_file", *EDIT_KEYS)).rename(
        {c: c + "_old" for c in ("record_id", "given_key", "family_key", "name_key")})
    same = lambda c: (pl.col(c) == pl.col(c + "_old")) & (pl.col(c).fill_null("") != "")  # noqa: E731
    initial = pl.col("given_key").str.slice(0, 1) == pl.col("given_key_old").str.slice(0, 1)
    fits = same("given_key") | (same("family_key") & (pl.col("key").str.starts_with("e:") | initial))
    joined = [a.drop(other).join(b.drop(other), on=[by, "key"]).drop(by)
              for by, other in (("source", "source_file"), ("source_file", "source"))]
    pairs = (pl.concat(joined).unique().filter(fits)
             .group_by("record_id", "record_id_old")
             .agg(same("name_key").any().alias("whole"), pl.len().alias("shared"))
             .sort(["whole", "shared", "record_id", "record_id_old"],
                   descending=[True, True, False, False]))
    taken_new: set[str] = set()
    taken_old: set[str] = set()
    out: list[tuple[str, str]] = []
    for rid, rid_old in pairs.select("record_id", "record_id_old").iter_rows():
        if rid in taken_new or rid_old in taken_old:
            continue
        taken_new.add(rid)
        taken_old.add(rid_old)
        out.append((rid, rid_old))
    return out


def _derived(record_id: str, salt: int) -> str:
    digest = hashlib.sha256(f"{record_id}|{salt}".encode()).hexdigest()[:16]
    return f"p_{digest}"


def assign(clusters: pl.DataFrame, previous: pl.DataFrame | None) -> pl.DataFrame:
    """clusters: (record_id, cluster) -> (record_id, person_id).

    previous: (record_id, person_id) from the last run's state, or None.
    """
    sizes = clusters.group_by("cluster").agg(
        pl.len().alias("size"), pl.col("record_id").min().alias("anchor")
    )
    id_schema = {"cluster": clusters.schema["cluster"], "person_id": pl.String}
    chosen = pl.DataFrame(schema=id_schema)
    retired = pl.Series("person_id", [], dtype=pl.String)
    if previous is not None and previous.height:
        chosen = _kept_ids(clusters, previous, sizes).cast(id_schema)
        retired = previous["person_id"].unique()  # never reuse a retired id
    # A new person's id is its smallest record id with the prefix changed (record ids are
    # content hashes); only an id some earlier person already had is salted. Every kept id
    # is a previous person's, so `retired` holds every id taken before the new ones.
    fresh = sizes.join(chosen, on="cluster", how="anti").with_columns(
        pl.concat_str(pl.lit("p_"), pl.col("anchor").str.slice(2)).alias("pid"))
    clash = fresh["pid"].is_in(retired.implode())
    # salted in anchor order; a first run has no clash: no sort, no set of every new id
    clashing = fresh.filter(clash).sort("anchor").select("cluster", "anchor", "pid").rows()
    salted: dict[int, str] = {}
    if clashing:
        taken = set(retired.to_list()) | set(fresh.filter(~clash)["pid"].to_list())
        for cl, anchor, pid in clashing:
            salt = 0
            while pid in taken:
                salt += 1
                pid = _derived(anchor, salt)
            salted[cl] = pid
            taken.add(pid)
    mapping = pl.concat([
        chosen,
        pl.DataFrame({"cluster": list(salted), "person_id": list(salted.values())},
                     schema=id_schema),
        fresh.filter(~clash).select("cluster", pl.col("pid").alias("person_id")).cast(id_schema),
    ])
    return clusters.join(mapping, on="cluster", how="left").select("record_id", "person_id")


def _kept_ids(clusters: pl.DataFrame, previous: pl.DataFrame, sizes: pl.DataFrame
              ) -> pl.DataFrame:
    """(cluster, person_id): the previous id each cluster keeps. Greedily, by overlap, then
    cluster size, then id: a cluster takes the id of the previous person it shares most
    records with, unless a larger overlap took that id already. An overlap whose cluster and
    id appear in no other overlap wins whatever the order (nearly all of them on a night
    where 1% of records changed), so only the contested ones go through the greedy loop:
    it ran over ~600k overlaps at a million records on every run after the first."""
    overlap = (
        clusters.join(previous, on="record_id", how="inner")
        .group_by(["cluster", "person_id"])
        .agg(pl.len().alias("overlap"))
    )
    contested = (pl.len().over("cluster") > 1) | (pl.len().over("person_id") > 1)
    overlap = overlap.with_columns(contested.alias("_contested"))
    uncontested = overlap.filter(~pl.col("_contested")).select("cluster", "person_id")
    rest = (overlap.filter(pl.col("_contested")).join(sizes, on="cluster")
            .sort(["overlap", "size", "person_id", "cluster"],
                  descending=[True, True, False, False]))
    chosen: dict[int, str] = {}
    used: set[str] = set()
    for cl, pid in zip(rest["cluster"].to_list(), rest["person_id"].to_list(), strict=True):
        if cl in chosen or pid in used:
            continue
        chosen[cl] = pid
        used.add(pid)
    won = pl.DataFrame({"cluster": list(chosen), "person_id": list(chosen.values())},
                       schema={"cluster": clusters.schema["cluster"], "person_id": pl.String})
    return pl.concat([uncontested.cast(won.schema), won])
