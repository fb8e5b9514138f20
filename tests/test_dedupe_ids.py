"""ids.assign: a new person's id is its smallest record id's; an id some earlier person had
is salted instead, and a person overlapping a previous one keeps that one's id."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import ids


def _clusters() -> pl.DataFrame:
    return pl.DataFrame({"record_id": ["r_aa", "r_bb", "r_cc", "r_dd", "r_ee"],
                         "cluster": [1, 2, 3, 3, 4]},
                        schema={"record_id": pl.String, "cluster": pl.UInt32})


def _ids(frame: pl.DataFrame) -> dict[str, str]:
    return dict(frame.select("record_id", "person_id").rows())


def test_first_run_ids_are_the_smallest_record_ids():
    got = ids.assign(_clusters(), None)
    assert got["record_id"].to_list() == _clusters()["record_id"].to_list()
    assert _ids(got) == {"r_aa": "p_aa", "r_bb": "p_bb", "r_cc": "p_cc", "r_dd": "p_cc",
                         "r_ee": "p_ee"}


def test_ids_earlier_people_had_are_salted_and_overlaps_keep_theirs():
    previous = pl.DataFrame({"record_id": ["r_zz", "r_yy", "r_dd"],
                             "person_id": ["p_aa", "p_bb", "p_old"]})
    got = _ids(ids.assign(_clusters(), previous))
    assert got["r_cc"] == got["r_dd"] == "p_old"  # overlaps the previous p_old
    assert got["r_ee"] == "p_ee"
    # p_aa and p_bb were retired persons' ids: never reused
    assert got["r_aa"] == ids._derived("r_aa", 1) and got["r_bb"] == ids._derived("r_bb", 1)
    assert len(set(got.values())) == 4


def _assign_by_loop(clusters: pl.DataFrame, previous: pl.DataFrame | None) -> pl.DataFrame:
    """ids.assign as it was before only contested overlaps went through the greedy loop:
    every overlap in order, a Python set of every previous id."""
    sizes = clusters.group_by("cluster").agg(
        pl.len().alias("size"), pl.col("record_id").min().alias("anchor")
    )
    chosen: dict[int, str] = {}
    used: set[str] = set()
    if previous is not None and previous.height:
        overlap = (
            clusters.join(previous, on="record_id", how="inner")
            .group_by(["cluster", "person_id"])
            .agg(pl.len().alias("overlap"))
            .join(sizes, on="cluster")
            .sort(["overlap", "size", "person_id", "cluster"],
                  descending=[True, True, False, False])
        )
        for cl, pid in zip(overlap["cluster"].to_list(), overlap["person_id"].to_list(),
                           strict=True):
            if cl in chosen or pid in used:
                continue
            chosen[cl] = pid
            used.add(pid)
        used |= set(previous["person_id"].unique().to_list())  # never reuse a retired id
    # A new person's id is its smallest record id with the prefix changed (record ids are
    # content hashes); only an id some earlier person already had is salted.
    fresh = sizes.filter(~pl.col("cluster").is_in(list(chosen))).with_columns(
        pl.concat_str(pl.lit("p_"), pl.col("anchor").str.slice(2)).alias("pid"))
    taken = used | set(chosen.values())
    clash = fresh["pid"].is_in(pl.Series(sorted(taken), dtype=pl.String).implode())
    # salted in anchor order; a first run has no clash: no sort, no set of every new id
    clashing = fresh.filter(clash).sort("anchor").select("cluster", "anchor", "pid").rows()
    if clashing:
        taken |= set(fresh.filter(~clash)["pid"].to_list())
    for cl, anchor, pid in clashing:
        salt = 0
        while pid in taken:
            salt += 1
            pid = ids._derived(anchor, salt)
        chosen[cl] = pid
        taken.add(pid)
    schema = {"cluster": clusters.schema["cluster"], "person_id": pl.String}
    mapping = pl.concat([
        pl.DataFrame({"cluster": list(chosen.keys()), "person_id": list(chosen.values())},
                     schema=schema),
        fresh.filter(~clash).select("cluster", pl.col("pid").alias("person_id")).cast(schema),
    ])
    return clusters.join(mapping, on="cluster", how="left").select("record_id", "person_id")


@st.composite
def _books(draw):
    """A run's clusters and the id state before it: records kept, moved between people,
    dropped and added; previous ids often equal to a new person's anchor-derived id."""
    n = draw(st.integers(1, 30))
    rids = [f"r_{i:02x}" for i in range(n)]
    cluster = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    clusters = pl.DataFrame({"record_id": rids, "cluster": cluster},
                            schema={"record_id": pl.String, "cluster": pl.UInt32})
    olds = draw(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=40,
                         unique_by=lambda t: t[0]))
    previous = pl.DataFrame({"record_id": [f"r_{i:02x}" for i, _ in olds],
                             "person_id": [f"p_{p:02x}" for _, p in olds]},
                            schema={"record_id": pl.String, "person_id": pl.String})
    return clusters, (previous if draw(st.booleans()) else None)


@settings(max_examples=300, deadline=None)
@given(_books())
def test_ids_equal_the_all_overlaps_loop(book):
    """Only contested overlaps go through the greedy loop now: the same ids as looping over
    every overlap, for any clusters and previous state (splits, merges, clashes)."""
    clusters, previous = book
    got = ids.assign(clusters, previous)
    assert got["record_id"].to_list() == clusters["record_id"].to_list()
    assert _ids(got) == _ids(_assign_by_loop(clusters, previous))
