"""Feature columns as integer codes, for scoring millions of candidate pairs.

Scoring copies each record's comparison columns once per pair (both sides) and compares them:
at a million records, four million pairs of strings and lists of strings. Each string column
is replaced here, once per run, by a UInt32 code into a dictionary of its distinct values
(lists of strings by lists of codes), so a pair copies and compares integers. Columns compared
with each other share one dictionary: a given name is compared with the other record's family
name (swapped and one-name records), an address with the role mailboxes among them. Two codes
of one dictionary are equal exactly when their strings are; null stays null and an empty list
stays empty, so every level comes out as it does on the strings. The few comparisons that read
the text itself (Jaro-Winkler, edit distances) look each distinct pair of codes up in the
dictionary (`values`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# dictionary name -> the feature columns coded with it
DICTIONARIES: dict[str, tuple[str, ...]] = {
    "name": ("given_key", "family_key", "family_words"),
    "email": ("email_keys", "role_emails"),
    "given_groups": ("given_groups",),
    "email_locals": ("email_locals",),
    "phones": ("phones_e164",),
    "linkedin": ("linkedin_slug",),
    "org": ("org_key",),
    "city": ("city_key",),
    "street": ("street_key",),
    "postcode": ("postcode_key",),
    "middle": ("middle_key",),
    "middle_initial": ("middle_initial",),
    "title": ("title_key",),
    "given_initial": ("given_initial",),
    # blocking's other keys (blocking.py: a block is records with equal keys). The e-mail
    # spellings stay text: five a record, coding them cost more than the joins they feed.
    "family_code": ("family_code",),
    "work_domains": ("work_domains",),
}
DICTIONARY_OF = {col: name for name, cols in DICTIONARIES.items() for col in cols}


@dataclass(frozen=True)
class Coded:
    """`features`: the wanted feature columns, string ones as codes, in idx order.
    `values[col]`: the strings of col's dictionary, by code (a Series to gather from)."""

    features: pl.DataFrame
    values: dict[str, pl.Series]


def _is_list(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.List)


def _strings(features: pl.DataFrame, col: str) -> pl.Series:
    s = features[col]
    return s.explode() if _is_list(s.dtype) else s


def encode(features: pl.DataFrame, cols: list[str]) -> Coded:
    """`cols` of `features` with every string (or list of strings) column in DICTIONARIES
    replaced by its codes; other columns as they are."""
    wanted = [c for c in cols if c in DICTIONARY_OF]
    values: dict[str, pl.Series] = {}
    exprs = []
    for name in dict.fromkeys(DICTIONARY_OF[c] for c in wanted):
        members = [c for c in DICTIONARIES[name] if c in features.columns]
        # first-seen order, so a value's code is the same in every run on the same records
        uniq = pl.concat([_strings(features, c).drop_nulls().rename("v") for c in members]
                         ).unique(maintain_order=True)
        # a value's code is its position in `uniq`, which an Enum of those categories stores:
        # the cast cost 0.25-0.4 CPU-s for each e-mail column at a million records, where
        # replace_strict (through list.eval on a list column) cost 1.2-1.4
        enum = pl.Enum(uniq)
        for c in members:
            values[c] = uniq
            if c not in wanted:
                continue
            listed = _is_list(features.schema[c])
            exprs.append(pl.col(c).cast(pl.List(enum) if listed else enum).to_physical()
                         .cast(pl.List(pl.UInt32) if listed else pl.UInt32))
    return Coded(features.select(cols).with_columns(exprs), values)


def decoded(p: pl.DataFrame, coded: Coded, features: pl.DataFrame) -> pl.DataFrame:
    """Scored pairs `p` with each coded <col>_l / <col>_r column put back as the strings it
    stands for (from `features`, gathered by l and r), in place."""
    cols = [c for c in coded.values if f"{c}_l" in p.columns]
    return p.with_columns(features[c].gather(p[s]).alias(f"{c}_{s}") for s in "lr" for c in cols)
