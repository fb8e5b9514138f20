"""A batch group's tag-stage inputs, computed for its owners at once (pipeline/batch/group.py).

The tag stage matches every rule's entries against the distinct labels, organisations, titles
and e-mail domains of an owner's records (pipeline/tagging/evidence.py), about 60 small
polars queries whatever the owner's size, and parses the owner's own name (~6 ms for one
name). Both are value by value: a value's match, or a name's key, does not depend on the
other values beside it. Here they are computed once over the union of the group's values,
per rules file (owners with different rules get different matches), and each owner's run
joins its own rows to them: an inner join on the value keeps exactly the rows its own
matching keeps, so its evidence rows are those of its run alone.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.tagging import evidence
from pipeline.tagging.rules import Rules

# what evidence.rule_values reads of a record
VALUE_COLUMNS = ["source", "labels", "organization", "title", "email_keys"]


def name_keys(owners: list[pl.DataFrame]) -> list[str | None]:
    """evidence.owner_facts' name key of each owner.parquet table, parsed as one frame."""
    frames = [schema.conform(o, schema.OWNER).select("kind", "first_name", "last_name")
              .with_columns(pl.lit(i, dtype=pl.UInt32).alias("scope"))
              for i, o in enumerate(owners)]
    keys = (pl.concat(frames).filter(pl.col("kind") == "profile")
            .select("scope", evidence.profile_name_key()).drop_nulls("k")
            .unique("scope", keep="first", maintain_order=True))
    found = dict(zip(keys["scope"].to_list(), keys["k"].to_list(), strict=True))
    return [found.get(i) for i in range(len(owners))]


def hits_apart(records: list[pl.DataFrame], rules: Rules) -> evidence.Matches:
    """(value column, rule name) -> the rule's matches among the values of all `records`
    (each owner's dedupe records), for evidence.rule_rows(hits=...)."""
    out: evidence.Matches = {}
    # the columns the values are read from, of every owner's records one under another: the
    # values of the whole are the union of the owners' values
    together = pl.concat([schema.conform(r, schema.RECORDS).select(VALUE_COLUMNS)
                          for r in records])
    for col, kind in evidence.MATCHED.items():
        chosen = rules.of_kind(kind)
        if chosen:
            values = evidence.rule_values(together, col)
            for name, hit in evidence.value_hits(values, col, chosen).items():
                out[(col, name)] = hit
    return out
