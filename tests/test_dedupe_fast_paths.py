"""Dedupe's cheaper paths give what the plain definitions give: cluster-level verdicts from
the cross pairs' verdicts (conflicts.aggregate), a LinkedIn profile name's nickname groups
worked out on the records with a profile address only (features._with_profile_name), and
cross levels gathered by record position (cross.cross_levels)."""

from __future__ import annotations

import numpy as np
import polars as pl
from dedupe_support import records as book_records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import compare, conflicts, cross, features
from pipeline.normalize import fold_key


def plain_aggregate(verdicts: np.ndarray) -> dict[str, bool]:
    """A verdict holds for two clusters when some cross pair is comparable on it and every
    comparable one conflicts (the definition, column by column)."""
    out = {}
    for i, name in enumerate(conflicts.VERDICTS):
        col = verdicts[:, i]
        comparable = col >= 0
        out[name] = bool(comparable.any() and (col[comparable] == 1).all())
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 12).flatmap(lambda n: st.lists(
    st.lists(st.sampled_from([-1, 0, 1]), min_size=len(conflicts.VERDICTS),
             max_size=len(conflicts.VERDICTS)), min_size=n, max_size=n)))
def test_aggregate_is_the_column_by_column_definition(rows):
    v = np.array(rows, dtype=np.int8).reshape(len(rows), len(conflicts.VERDICTS))
    got = conflicts.aggregate(v)
    assert got == plain_aggregate(v)
    assert all(type(x) is bool for x in got.values())


def plain_with_profile_name(f: pl.DataFrame) -> pl.Series:
    """The profile name's groups merged into given_groups, computed over every row."""
    words = pl.col("linkedin_slug").str.replace_all("-", " ").str.split(" ")
    fam = pl.col("family_key").str.split(" ").list.first()
    w = f.select(pl.when((words.list.len() >= 2)
                         & (fold_key(words.list.get(1, null_on_oob=True)) == fam))
                 .then(words.list.first()).alias("w")).select(fold_key(pl.col("w")))["w"]
    out = []
    for groups, word in zip(f["given_groups"].to_list(), w.to_list(), strict=True):
        extra = features._groups_of(word) if word and len(word) >= 2 and word.isalpha() \
            and word.isascii() and word.islower() else None
        if groups is None or not extra:
            out.append(groups)
        else:
            out.append(sorted(set(groups) | set(extra)))
    return pl.Series("given_groups", out, dtype=pl.List(pl.String))


NAMES = ["bill", "william", "becca", "rebecca", "dan", "daniel", "danile", "maria", "x",
         "tina", "christina"]
FAMILIES = ["gruton", "morgan", "russell", "smith", "de la cruz"]


@st.composite
def records(draw):
    n = draw(st.integers(0, 25))
    given_keys = draw(st.lists(st.one_of(st.none(), st.sampled_from(NAMES)), min_size=n,
                               max_size=n))
    family = draw(st.lists(st.one_of(st.none(), st.sampled_from(FAMILIES)), min_size=n,
                           max_size=n))
    slugs = draw(st.lists(st.one_of(
        st.none(),
        st.builds(lambda a, b, tail: f"{a}-{b.replace(' ', '')}{tail}", st.sampled_from(NAMES),
                  st.sampled_from(FAMILIES), st.sampled_from(["", "-4ac30f", "-x"])),
        st.sampled_from(["jsmith", "the-real-dan", "Dan-Smith", "dan-"])), min_size=n,
        max_size=n))
    f = pl.DataFrame({"given_key": given_keys, "family_key": family, "linkedin_slug": slugs},
                     schema={"given_key": pl.String, "family_key": pl.String,
                             "linkedin_slug": pl.String})
    return f.with_columns(features._map_unique("given_key", features._groups_of,
                                               pl.List(pl.String)).alias("given_groups"))


@settings(max_examples=200, deadline=None)
@given(records())
def test_profile_name_groups_equal_the_definition_over_every_row(f):
    got = features._with_profile_name(f)
    want = plain_with_profile_name(f)
    assert got.len() == f.height
    assert got.to_list() == want.to_list()


BOOK = [  # addresses that spell another record's name, records without names or organisations
    {"given_key": "maria", "family_key": "veistein", "emails": ["mariagriberg@mail.com"]},
    {"given_key": "maria", "family_key": "griberg", "linkedin_slug": "maria-griberg"},
    {"emails": ["kkabelham85@gmail.com"], "org_key": "cyberdyne"},
    {"given_key": "klaus", "family_key": "kabelham", "emails": ["k.kabelham@cyberdyne.ai"]},
    {"given_key": "tina", "family_key": "russell", "emails": ["russellchristina@x.org"]},
    {"given_key": "christina", "family_key": "russell", "org_key": "acme"},
    {"given_key": "klaus", "family_key": "kabelham", "org_key": "cyberdyne systems"},
    {"given_key": "maria", "emails": ["mariagriberg@mail.com"]},
]


def test_cross_levels_by_position_equal_the_filtered_path():
    """cross_levels over every pair of a book: gathered by position (idx is the row) and
    through the filtered, joined path (idx not the row) give the same levels."""
    feats = features.build(book_records(BOOK))
    idx = feats.select(pl.col("idx"))
    pairs = idx.rename({"idx": "l"}).join(idx.rename({"idx": "r"}), how="cross").filter(
        pl.col("l") < pl.col("r")).with_columns(pl.lit("all").alias("rule"))
    scored = compare.score(pairs, feats)
    base = scored.drop("email_name_level", "domain_org_level")
    by_position = cross.cross_levels(base, feats)
    filtered = cross.cross_levels(base, feats.reverse())  # idx no longer the row position
    cols = ["l", "r", "email_name_level", "domain_org_level"]
    assert by_position.select(cols).equals(filtered.select(cols))
    assert by_position.select(cols).equals(scored.select(cols))
    assert (scored["email_name_level"] != "null").any()  # the book exercises the levels
