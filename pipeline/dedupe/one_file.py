"""A link of nothing but a name does not make one person of two cards in one file.

An export keeps one card per person: a second card of one person in the same file repeats an
address or a number (conflicts._source_conflict; in the generators' truth at 20,000 people,
0 of ~1,060 same-file pairs of one person differ in both). Two cards of one file that share no
e-mail address and no number, under one name or two, are two people as far as that file says.
Greedy clustering joins a record to a cluster on its strongest link, and judges the cards
already in the cluster only when every comparable pair across conflicts (conflicts.aggregate).
So a LinkedIn row "Ana Ruiz" that matches the Google card of one Ana Ruiz on her name alone
could pull in the Google card of another Ana Ruiz, from the same file, on her name alone too:
the file says two people, the link says only "same name".

The rule: a join whose link comes from two different files and carries nothing but the name
(no e-mail address, number, profile, birthday, street, postcode, employer, title or an e-mail
spelling the name in common) is refused when it would put two records of one file together and
every such pair shares no e-mail address and no number. The link goes to review like any
refused one. A link with any of that evidence joins as before; so does a link between two
records of one file (a book of one export is deduplicated within its file), and one record
joining one record (no third card to judge). Measured in docs/prec38.md.
"""

from __future__ import annotations

import numpy as np
import polars as pl

REASON = "a name alone would make one person of two cards of one file that share nothing"

# Levels that say more than the name: the same address, number, profile, birthday (within a
# typo), home, employer or title. Not the city (thousands share it), a middle name (part of
# the name), a role mailbox or a switchboard number (a place, not a person).
BEYOND_NAME = {
    "email": ("exact", "local", "typo"),
    "phone": ("exact",),
    "linkedin": ("exact",),
    "birthday": ("exact", "jan_first", "month_day", "near", "two_parts"),
    "street": ("exact", "jw_high"),
    "postcode": ("exact",),
    "org": ("exact", "jw_high"),
    "title": ("exact",),
    "email_name": ("spells_name",),
    "domain_org": ("matches",),
}


def name_only(p: pl.DataFrame) -> pl.Series:
    """Per scored pair (levels and file_code of both records): a link of two files that
    agrees on nothing but the name."""
    beyond = [pl.col(f"{f}_level").cast(pl.String).is_in(list(levels)).fill_null(False)
              for f, levels in BEYOND_NAME.items() if f"{f}_level" in p.columns]
    other_file = (pl.col("file_code_l") != pl.col("file_code_r")).fill_null(False)
    return p.select((other_file & ~pl.any_horizontal(beyond)).alias("name_only")).to_series()


class Files:
    """Per record (by idx): its file and what reaches it (e-mail keys, numbers)."""

    def __init__(self, features: pl.DataFrame) -> None:
        self.file = features["file_code"].to_numpy()
        self._emails = features["email_keys"]
        self._phones = features["phones_e164"]

    def _reach(self, i: int) -> set[str]:
        # one element of a list column is a Series (or None); read only where a join asks
        out: set[str] = set()
        for col in (self._emails, self._phones):
            v = col[i]
            out.update(() if v is None else v.to_list())
        return out

    def refusal(self, a: list[int], b: list[int]) -> str | None:
        """REASON when the clusters `a` and `b` hold records of one file and no such pair
        across them shares an e-mail address or a number."""
        fa, fb = self.file[a], self.file[b]
        common = np.intersect1d(fa, fb)
        if not len(common):
            return None
        for f in common:
            for i in np.asarray(a)[fa == f]:
                reach = self._reach(int(i))
                if any(reach & self._reach(int(j)) for j in np.asarray(b)[fb == f]):
                    return None
        return REASON


def unsettled(edges: pl.DataFrame, comp: np.ndarray, file_code: np.ndarray) -> np.ndarray:
    """Components (by their smallest record) holding a name-only link and two records of one
    file: a join inside them might be refused, so they cannot be settled whole."""
    if "name_only" not in edges.columns or not edges["name_only"].any():
        return np.zeros(0, dtype=np.int64)
    left = edges.filter(pl.col("name_only"))["l"].to_numpy().astype(np.int64)
    linked = np.unique(comp[left])
    rec = np.flatnonzero(np.isin(comp, linked))
    if not len(rec):
        return linked
    keys = pl.DataFrame({"c": comp[rec], "f": file_code[rec].astype(np.int64)})
    twice = keys.group_by("c", "f").len().filter(pl.col("len") > 1)["c"].unique()
    return twice.to_numpy().astype(np.int64)
