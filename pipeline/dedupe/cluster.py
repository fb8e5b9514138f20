"""Clustering that does not chain.

Plain connected components fuse a family through a shared landline and namesakes through one
weak link. Instead: merge greedily from the strongest link down, and refuse a merge when the two
clusters would then hold records that conflict (the rule lives in :mod:`conflicts`), a user's
"not the same person" decision, or more records than a person plausibly has. A refused link
goes to review.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.dedupe import chains, conflicts, one_file
from pipeline.dedupe.blocking import PAIR_SHIFT, lookup_across, pair_code
from pipeline.dedupe.compare import with_sides

# More records than one person plausibly has in one owner's exports.
MAX_CLUSTER = 40


def pair_conflicts(p: pl.DataFrame, overwhelming: float) -> pl.Series:
    """For each scored link, the reason it must not join its two records (or null)."""
    verdicts = conflicts.pair_verdicts(p)
    overrides = conflicts.link_overrides(p, verdicts, overwhelming)
    return pl.concat([verdicts, overrides], how="horizontal").select(
        conflicts.refusal_expr())["conflict"]


def links(strong: pl.DataFrame, overwhelming: float) -> pl.DataFrame:
    """Merge-level scored pairs -> the edges clustering reads: (l, r, weight, the link
    override columns, personal_ids, conflict)."""
    verdicts = conflicts.pair_verdicts(strong)
    overrides = conflicts.link_overrides(strong, verdicts, overwhelming)
    both = pl.concat([strong.select("l", "r", "weight"), verdicts, overrides,
                      one_file.name_only(strong).to_frame()], how="horizontal")
    return both.with_columns(conflicts.refusal_expr()).drop(conflicts.VERDICTS)


@dataclass
class Clustering:
    labels: list[int]  # per record idx: the idx of its cluster's representative
    refused: dict[tuple[int, int], str]  # (l, r) of a merge-level link -> why it was refused


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of the graph (n nodes, edges left[i]-right[i]): per node, the
    smallest node of its component. Hooking and pointer jumping in numpy: a few passes over
    the edges instead of a Python loop per node."""
    label = np.arange(n, dtype=np.int64)
    while True:
        a, b = label[left], label[right]
        if np.array_equal(a, b):
            return label
        low = np.minimum(a, b)
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped


def cluster(features: pl.DataFrame, edges: pl.DataFrame, must: list[tuple[int, int]],
            cannot: list[tuple[int, int]], scored: pl.DataFrame | None = None) -> Clustering:
    """edges: from :func:`links` (merge-level pairs); must/cannot: the user's decisions.

    Greedy merging never crosses a connected component of the merge graph, so components are
    settled one by one. Most are two records and one link, whose verdict is the pair's own
    precomputed conflict: those are settled in bulk. So are larger components in which no two
    records conflict at all: greedy merging would refuse nothing there, so they become one
    person each. The rest (and every component a decision touches) go through union-find in
    Python, strongest link first. `scored` (l, r, weight of every candidate pair) lets greedy
    merging refuse a join that rests on one weak link (:mod:`chains`); a component holding a
    pair that weak is not settled whole.
    """
    n = features.height
    labels = np.arange(n, dtype=np.int64)
    refused: dict[tuple[int, int], str] = {}
    left = edges["l"].to_numpy().astype(np.int64)
    right = edges["r"].to_numpy().astype(np.int64)
    must_l = np.array([a for a, _ in must], dtype=np.int64)
    must_r = np.array([b for _, b in must], dtype=np.int64)
    comp = components(n, np.concatenate([left, must_l]), np.concatenate([right, must_r]))
    sizes = np.bincount(comp, minlength=n)
    decided = np.array(sorted({i for pair in [*must, *cannot] for i in pair}), dtype=np.int64)
    # per component (indexed by its smallest record): settled as a pair, whole, or by greedy
    greedy = sizes > 2
    greedy[comp[decided]] = True
    store = VerdictStore.within(features, comp, np.flatnonzero(greedy[comp]))
    calm = greedy.copy()
    calm[comp[store.pairs_with_conflict() // PAIR_SHIFT]] = False
    calm &= sizes <= MAX_CLUSTER
    weak = chains.weak_components(scored, comp)  # a join of two groups needs 2 x MIN_SIDE
    calm[weak[sizes[weak] >= 2 * chains.MIN_SIDE]] = False
    file_code = features["file_code"].to_numpy()
    calm[one_file.unsettled(edges, comp, file_code)] = False  # a name-only link: one_file.py
    calm[comp[decided]] = False
    greedy &= ~calm
    whole = np.flatnonzero(calm[comp])
    labels[whole] = comp[whole]  # the component's smallest record index
    kind = np.where(greedy[comp[left]], 2, np.where(calm[comp[left]], 1, 0))
    pairs = edges.with_columns(pl.Series("_kind", kind, dtype=pl.Int8))
    simple = pairs.filter(pl.col("_kind") == 0)
    ok = simple.filter(pl.col("conflict").is_null())
    labels[ok["r"].to_numpy()] = ok["l"].to_numpy()
    bad = simple.filter(pl.col("conflict").is_not_null())
    refused.update(zip(zip(bad["l"].to_list(), bad["r"].to_list(), strict=True),
                       bad["conflict"].to_list(), strict=True))
    nodes = np.flatnonzero(greedy[comp])
    found = _greedy(nodes, pairs.filter(pl.col("_kind") == 2), must, cannot, store, refused,
                    chains.WeightStore.of(scored, nodes), one_file.Files(features))
    labels[nodes] = found
    return Clustering(labels.tolist(), refused)


@dataclass
class VerdictStore:
    """conflicts.pair_verdicts for every pair of records within some components, looked up
    by pair code (sorted) -> one row of VERDICTS (1 conflict, 0 compatible, -1 not comparable)."""

    codes: np.ndarray  # uint64, sorted
    verdicts: np.ndarray  # int8, (len(codes), len(VERDICTS))

    @classmethod
    def within(cls, features: pl.DataFrame, comp: np.ndarray, nodes: np.ndarray) -> VerdictStore:
        if not len(nodes):
            return cls(np.zeros(0, dtype=np.uint64),
                       np.zeros((0, len(conflicts.VERDICTS)), dtype=np.int8))
        members = pl.DataFrame({"l": pl.Series(nodes, dtype=pl.UInt32),
                                "c": pl.Series(comp[nodes], dtype=pl.Int64)})
        pairs = members.join(members.rename({"l": "r"}), on="c").filter(
            pl.col("l") < pl.col("r"))
        p = with_sides(pairs, features, conflicts.VERDICT_INPUTS)
        v = conflicts.pair_verdicts(p).select(
            pl.col(c).cast(pl.Int8).fill_null(-1) for c in conflicts.VERDICTS)
        code = p.select(pair_code(pl.col("l"), pl.col("r"))).to_series().to_numpy()
        order = np.argsort(code)
        return cls(code[order], v.to_numpy()[order])

    def pairs_with_conflict(self) -> np.ndarray:
        return self.codes[(self.verdicts == 1).any(axis=1)].astype(np.int64)

    def between(self, a: list[int], b: list[int]) -> np.ndarray:
        hit, at = lookup_across(self.codes, a, b)
        out = np.full((len(hit), len(conflicts.VERDICTS)), -1, dtype=np.int8)
        out[hit] = self.verdicts[at[hit]]
        return out


def _greedy(nodes: np.ndarray, edges: pl.DataFrame, must: list[tuple[int, int]],
            cannot: list[tuple[int, int]], store: VerdictStore,
            refused: dict[tuple[int, int], str],
            weights: chains.WeightStore | None = None,
            files: one_file.Files | None = None) -> list[int]:
    """Union-find over the records `nodes` with `edges` among them; returns each node's
    representative. Two grown clusters are checked on their records' stored verdicts."""
    parent = {int(i): int(i) for i in nodes}
    members: dict[int, list[int]] = {i: [i] for i in parent}
    partners: dict[int, set[int]] = {}
    for a, b in cannot:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    barred: dict[int, set[int]] = {i: set(partners.get(i, ())) for i in parent}

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(ra: int, rb: int) -> None:
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] += members.pop(rb)
        barred[ra] |= barred.pop(rb)

    def why_not(ra: int, rb: int, link: dict[str, bool]) -> str | None:
        if len(members[ra]) + len(members[rb]) > MAX_CLUSTER:
            return f"cluster would exceed {MAX_CLUSTER} records"
        if barred[ra] & set(members[rb]) or barred[rb] & set(members[ra]):
            return "you decided these are not the same person"
        why = conflicts.refusal(conflicts.aggregate(store.between(members[ra], members[rb])),
                                link)
        if why is None and weights is not None:
            why = chains.weak_join(weights, members[ra], members[rb],
                                   bool(link.get("overwhelming")))
        if why is None and files is not None and link.get("name_only"):
            why = files.refusal(members[ra], members[rb])
        return why

    for a, b in must:
        ra, rb = find(a), find(b)
        if ra != rb and not (barred[ra] & set(members[rb])):
            union(ra, rb)
    ordered = edges.sort(["weight", "l", "r"], descending=[True, False, False])
    flag_names = [*conflicts.LINK_COLUMNS, *(["name_only"] if "name_only" in edges.columns else [])]
    names = ["l", "r", "conflict", *flag_names]
    for a, b, pc, *flags in zip(*(ordered[c].to_list() for c in names), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if len(members[ra]) == 1 and len(members[rb]) == 1 and a not in partners \
                and b not in partners:
            why = pc  # two single records: the pair's own precomputed verdict
        else:
            why = why_not(ra, rb, dict(zip(flag_names, flags, strict=True)))
        if why:
            refused[(a, b)] = why
            continue
        union(ra, rb)
    return [find(int(i)) for i in nodes]
