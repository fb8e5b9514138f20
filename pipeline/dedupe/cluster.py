"""Clustering that does not chain.

Plain connected components fuse a family through a shared landline and namesakes through one
weak link. Instead: merge greedily from the strongest link down, and refuse a merge when the two
clusters would then hold records with conflicting strong identifiers (two LinkedIn profiles,
clearly different birthdays, clearly different given names), a user's "not the same person"
decision, or more records than a person plausibly has. A refused link goes to review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA, Indel, JaroWinkler

from pipeline.dedupe.compare import date_hamming, jw_on_unique, with_sides
from pipeline.dedupe.features import nickname_groups

MAX_CLUSTER = 40
BIRTHDAY_GAP_MONTHS = 24
# A different given name is the household trap (shared landline, family mailbox, even a shared
# city and birthday): no weight overrides it, only a shared LinkedIn profile on the link itself.


@dataclass
class _Cluster:
    members: list[int]
    slugs: set[str] = field(default_factory=set)
    birthdays: set[tuple[int, int, int]] = field(default_factory=set)
    givens: dict[str, frozenset[str]] = field(default_factory=dict)  # given key -> groups
    families: set[str] = field(default_factory=set)
    cannot: set[int] = field(default_factory=set)  # records this cluster must not join


def _same_letters(a: str, b: str) -> bool:
    """Nearly the same letters in any order: John/Joan (0.75) and Tom/Tim (0.67) are not, and
    two-letter names are too short to tell ("Li" / "Lei")."""
    if min(len(a), len(b)) < 3:
        return False
    return Indel.normalized_similarity("".join(sorted(a)), "".join(sorted(b))) >= 0.8


def _given_conflict(a: str, ga: frozenset[str], b: str, gb: frozenset[str],
                    families_b: set[str]) -> bool:
    if a == b or len(a) < 2 or len(b) < 2 or (ga & gb):
        return False
    if a.startswith(b) or b.startswith(a):  # "Chris" / "Christopher", "Jo" / "Joanne"
        return False
    if any(x == f or _same_letters(x, f) for x in (a, b) for f in families_b):
        return False  # first and last name swapped in one source
    table = nickname_groups()
    if a in table and b in table:
        return True  # two names the table knows, in no common group: Nicole is not Nicholas
    # a typo of a nickname's full form ("Curistopher" / "Chris" -> christopher)
    if any(JaroWinkler.normalized_similarity(a, g) >= 0.9 for g in gb) or any(
        JaroWinkler.normalized_similarity(b, g) >= 0.9 for g in ga
    ):
        return False
    # Typos, not another person: two edits in a longer name ("Olivia" / "Ilivoa"), one in a
    # shorter one ("Harry" / "Hrarry"). Three-letter names get none: Tom and Tim are two people.
    shortest = min(len(a), len(b))
    if OSA.distance(a, b) <= (2 if shortest >= 6 else 1 if shortest >= 4 else 0):
        return False
    if _same_letters(a, b):
        return False  # letters shuffled or doubled ("Hugo" / "Hogu", "Ivy" / "Iyvv")
    return JaroWinkler.normalized_similarity(a, b) < 0.85


def _birthday_conflict(x: tuple[int, int, int], y: tuple[int, int, int]) -> bool:
    """Clearly different: not a typo (<= 2 digits), not day/month swapped, > 2 years apart."""
    if x == y:
        return False
    a, b = f"{x[0]:04d}{x[1]:02d}{x[2]:02d}", f"{y[0]:04d}{y[1]:02d}{y[2]:02d}"
    if sum(c != d for c, d in zip(a, b, strict=True)) <= 2:
        return False
    if (x[1], x[2]) == (y[2], y[1]):
        return False
    return abs((x[0] * 12 + x[1]) - (y[0] * 12 + y[1])) > BIRTHDAY_GAP_MONTHS


def _conflict(a: _Cluster, b: _Cluster, weight: float, overwhelming: float,
              same_profile: bool) -> str | None:
    """Why a and b must not merge, or None. Hard reasons always hold; soft ones (birthdays,
    given names) give way to overwhelming evidence on the link itself."""
    if len(a.members) + len(b.members) > MAX_CLUSTER:
        return f"cluster would exceed {MAX_CLUSTER} records"
    if a.cannot & set(b.members) or b.cannot & set(a.members):
        return "you decided these are not the same person"
    if a.slugs and b.slugs and not (a.slugs & b.slugs):
        return "two different LinkedIn profiles"
    # Soft conflicts count only when no cross pair agrees: noisy sources put several spellings
    # of one name (or one birthday) in a cluster, and one close pair shows they can match.
    if weight < overwhelming:
        pairs = [(x, y) for x in a.birthdays for y in b.birthdays]
        if pairs and all(_birthday_conflict(x, y) for x, y in pairs):
            return "clearly different birthdays"
    if same_profile:
        return None
    pairs = [(ka, ga, kb, gb) for ka, ga in a.givens.items() for kb, gb in b.givens.items()
             if len(ka) > 1 and len(kb) > 1]
    if pairs and all(_given_conflict(ka, ga, kb, gb, b.families | a.families)
                     for ka, ga, kb, gb in pairs):
        return "clearly different given names"
    return None


def pair_conflicts(p: pl.DataFrame, overwhelming: float) -> pl.Series:
    """For each scored pair, the reason two singleton clusters must not merge (or null): the
    vectorised twin of _conflict, so the common case never enters Python."""
    from rapidfuzz.process import cpdist

    # string distances only for distinct pairs of different given names
    todo = p.select(pl.col("given_key_l").alias("a"), pl.col("given_key_r").alias("b")).filter(
        pl.col("a").is_not_null() & pl.col("b").is_not_null() & (pl.col("a") != pl.col("b"))
    ).unique()
    if todo.height:
        osa = cpdist(todo["a"].to_list(), todo["b"].to_list(), scorer=OSA.distance, workers=-1)
        srt = [todo[c].str.split("").list.sort().list.join("").to_list() for c in ("a", "b")]
        letters = cpdist(srt[0], srt[1], scorer=Indel.normalized_similarity, workers=-1)
        todo = todo.with_columns(pl.Series("osa", np.asarray(osa, dtype=np.int32)),
                                 pl.Series("letters", np.asarray(letters, dtype=np.float32)))
    else:
        todo = todo.with_columns(pl.lit(0, dtype=pl.Int32).alias("osa"),
                                 pl.lit(1.0, dtype=pl.Float32).alias("letters"))
    dist = p.select(pl.col("given_key_l").alias("a"), pl.col("given_key_r").alias("b")).join(
        todo, on=["a", "b"], how="left", maintain_order="left")
    f = p.select(
        "given_key_l", "given_key_r", "family_key_l", "family_key_r", "given_groups_l",
        "given_groups_r", "given_known_l", "given_known_r", "given_jw", "linkedin_level",
        "weight", "birthday_year_l", "birthday_month_l", "birthday_day_l", "birthday_year_r",
        "birthday_month_r", "birthday_day_r",
    ).with_columns(dist["osa"].fill_null(0), dist["letters"].fill_null(1.0))
    a, b = pl.col("given_key_l"), pl.col("given_key_r")
    la, lb = a.str.len_chars(), b.str.len_chars()
    shortest = pl.min_horizontal(la, lb)
    typo_budget = pl.when(shortest >= 6).then(2).when(shortest >= 4).then(1).otherwise(0)
    shares = pl.col("given_groups_l").list.set_intersection(pl.col("given_groups_r")).list.len() > 0
    comparable = a.is_not_null() & b.is_not_null() & (la > 1) & (lb > 1) & (a != b) & ~shares \
        & ~a.str.starts_with(b) & ~b.str.starts_with(a)
    # Either given name is one of the two family names (a swap; _given_conflict also accepts
    # near spellings). A missing family name is no swap: null would void the whole verdict.
    swapped = pl.any_horizontal([(g == pl.col(f)).fill_null(False) for g in (a, b)
                                 for f in ("family_key_l", "family_key_r")])
    both_known = pl.col("given_known_l") & pl.col("given_known_r")
    typo = (pl.col("osa") <= typo_budget) | ((pl.col("letters") >= 0.8) & (shortest >= 3))
    given = comparable & ~swapped & (both_known | (~typo & (pl.col("given_jw") < 0.85)))
    hamming = date_hamming()
    months = ((pl.col("birthday_year_l") * 12 + pl.col("birthday_month_l"))
              - (pl.col("birthday_year_r") * 12 + pl.col("birthday_month_r"))).abs()
    swap_dm = (pl.col("birthday_month_l") == pl.col("birthday_day_r")) & \
        (pl.col("birthday_day_l") == pl.col("birthday_month_r"))
    bday = (hamming > 2) & ~swap_dm & (months > BIRTHDAY_GAP_MONTHS) & \
        (pl.col("weight") < overwhelming)
    reason = (
        pl.when(pl.col("linkedin_level") == "different").then(pl.lit("two different LinkedIn profiles"))
        .when(bday.fill_null(False)).then(pl.lit("clearly different birthdays"))
        .when(given.fill_null(False) & (pl.col("linkedin_level") != "exact"))
        .then(pl.lit("clearly different given names"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return f.select(reason.alias("conflict"))["conflict"]


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
            cannot: list[tuple[int, int]], overwhelming: float = 20.0) -> Clustering:
    """edges: (l, r, weight, same_profile, conflict) at or above the merge threshold, conflict
    from pair_conflicts; must/cannot: the user's decisions.

    Greedy merging never crosses a connected component of the merge graph, so components are
    settled one by one. Most are two records and one link, whose verdict is the pair's own
    precomputed conflict: those are settled in bulk. So are larger components in which no two
    records conflict at all: greedy merging would refuse nothing there, so they become one
    person each. The rest (and every component a decision touches) go through union-find in
    Python, strongest link first.
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
    calm = _conflict_free(features, comp, np.flatnonzero(greedy[comp]), overwhelming)
    calm &= (sizes <= MAX_CLUSTER) & greedy
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
    found = _greedy(features, nodes, pairs.filter(pl.col("_kind") == 2), must, cannot,
                    overwhelming, refused)
    labels[nodes] = found
    return Clustering(labels.tolist(), refused)


def _conflict_free(features: pl.DataFrame, comp: np.ndarray, nodes: np.ndarray,
                   overwhelming: float) -> np.ndarray:
    """Per component root: True when no two of the component's records (among `nodes`)
    conflict, judged strictly: pair_conflicts with no overrides (a link's weight or a shared
    profile), its own swap check only, and no typo-of-a-nickname exemption, so it finds a
    conflict wherever greedy merging could refuse one."""
    calm = np.zeros(len(comp), dtype=bool)
    if not len(nodes):
        return calm
    calm[np.unique(comp[nodes])] = True
    members = pl.DataFrame({"l": pl.Series(nodes, dtype=pl.UInt32),
                            "c": pl.Series(comp[nodes], dtype=pl.Int64)})
    pairs = members.join(members.rename({"l": "r"}), on="c").filter(pl.col("l") < pl.col("r"))
    cols = ["idx", "given_key", "family_key", "given_groups", "given_known", "linkedin_slug",
            "birthday_year", "birthday_month", "birthday_day"]
    p = with_sides(pairs, features, cols)
    slugs_differ = (pl.col("linkedin_slug_l") != pl.col("linkedin_slug_r")).fill_null(False)
    p = p.with_columns(
        jw_on_unique(p, "given_key_l", "given_key_r").alias("given_jw"),
        pl.when(slugs_differ).then(pl.lit("different")).otherwise(pl.lit("null"))
        .alias("linkedin_level"),
        pl.lit(float("-inf")).alias("weight"),
    )
    troubled = p.filter(pair_conflicts(p, overwhelming).is_not_null())["c"].unique()
    calm[troubled.to_numpy()] = False
    return calm


def _greedy(features: pl.DataFrame, nodes: np.ndarray, edges: pl.DataFrame,
            must: list[tuple[int, int]], cannot: list[tuple[int, int]], overwhelming: float,
            refused: dict[tuple[int, int], str]) -> list[int]:
    """Union-find over the records `nodes` with `edges` among them; returns each node's
    representative. A cluster's attributes (profiles, birthdays, names) are built only when a
    merge involving a grown cluster has to be checked, then kept up to date."""
    parent = {int(i): int(i) for i in nodes}
    size = dict.fromkeys(parent, 1)
    members: dict[int, list[int]] = {}
    rows = features.select("idx", "linkedin_slug", "birthday_year", "birthday_month",
                           "birthday_day", "given_key", "given_groups", "family_key").filter(
        pl.col("idx").is_in(pl.Series(nodes, dtype=pl.UInt32).implode()))
    record = {r[0]: r[1:] for r in rows.iter_rows()}
    partners: dict[int, set[int]] = {}
    for a, b in cannot:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    attrs: dict[int, _Cluster] = {}

    def build(root: int) -> _Cluster:
        c = _Cluster(list(members.get(root, [root])))
        for i in c.members:
            slug, y, m, d, given, groups, family = record[i]
            if slug:
                c.slugs.add(slug)
            if y and m and d:
                c.birthdays.add((y, m, d))
            if given:
                c.givens[given] = frozenset(groups or ())
            if family:
                c.families.add(family)
            c.cannot |= partners.get(i, set())
        return c

    def get(root: int) -> _Cluster:
        c = attrs.get(root)
        if c is None:
            c = build(root)
            if size[root] > 1:
                attrs[root] = c
        return c

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(ra: int, rb: int) -> None:
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
        merged = members.pop(ra, [ra])
        merged += members.pop(rb, [rb])
        members[ra] = merged
        ca, cb = attrs.pop(ra, None), attrs.pop(rb, None)
        if ca is not None or cb is not None:  # keep what was built, fold in the other side
            ca = ca or build(ra)
            cb = cb or build(rb)
            ca.members = merged
            ca.slugs |= cb.slugs
            ca.birthdays |= cb.birthdays
            ca.givens.update(cb.givens)
            ca.families |= cb.families
            ca.cannot |= cb.cannot
            attrs[ra] = ca

    for a, b in must:
        ra, rb = find(a), find(b)
        if ra != rb and not (get(ra).cannot & set(get(rb).members)):
            union(ra, rb)
    ordered = edges.sort(["weight", "l", "r"], descending=[True, False, False])
    for a, b, w, sp, pc in zip(ordered["l"].to_list(), ordered["r"].to_list(),
                               ordered["weight"].to_list(), ordered["same_profile"].to_list(),
                               ordered["conflict"].to_list(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if size[ra] == 1 and size[rb] == 1 and a not in partners and b not in partners:
            why = pc  # two singletons: the pair's own precomputed verdict
        else:
            why = _conflict(get(ra), get(rb), w, overwhelming, sp)
        if why:
            refused[(a, b)] = why
            continue
        union(ra, rb)
    return [find(int(i)) for i in nodes]
