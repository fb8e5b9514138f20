"""A record with no name joins the one person who holds its e-mail address or phone number.

A card saved with only a number, or an address Gmail keeps under "Other contacts", has nothing
to compare but that identifier. Scored like any pair, one exact personal address or number is
worth at most compare.MAX_FIELD_WEIGHT (16 bits; log2(N) past 65,536 records,
model.field_bounds) against a prior of -log2(N): enough to merge below ~11,000 records and a
review-band weight at 20,000 people or a million, although an address means the same at
every size. Mail systems give an address to
one person, and a number saved on a named card is that person's unless someone else holds it
too. What is ambiguous is a number or mailbox that several people hold (a household landline,
a family mailbox, a company switchboard): then the nameless record stays apart.

So after clustering: a cluster of bare records (no family name, LinkedIn profile or
organisation: an organisation's card is the organisation, not one of its people) joins a
person when every personal address and number it shares with anyone leads to that one person,
no user decision keeps them apart, clustering did not refuse a link between them and their
birthdays do not disagree. Role and family mailboxes (info@, thesmiths@) never count. A bare
record may carry a first name only (a phone card "Rach" or "Val", saved in a hurry): then that
name must agree with the person's: the same, a nickname the table knows, or one the start of
the other ("rach" / "rachael", "geof" / "geoffrey": a clipped name the table lacks).
"""

from __future__ import annotations

import numpy as np
import polars as pl

REASON = "joined: no name, and its e-mail or phone is this person's alone"


def _identifiers(feats: pl.DataFrame) -> pl.DataFrame:
    """(idx, ident): the records' personal e-mail keys and phone numbers, tagged by kind."""
    personal = pl.col("email_keys").list.set_difference(pl.col("role_emails"))
    mails = feats.select("idx", personal.alias("ident")).explode("ident").drop_nulls()
    phones = feats.select("idx", pl.col("phones_e164").alias("ident")).explode("ident").drop_nulls()
    return pl.concat([mails.with_columns(("m:" + pl.col("ident")).alias("ident")),
                      phones.with_columns(("p:" + pl.col("ident")).alias("ident"))])


def _holding(feats: pl.DataFrame, idents: pl.Series) -> pl.DataFrame:
    """_identifiers of the records holding any of `idents` (tagged as _identifiers tags
    them): every record's lists are only tested, not exploded (a million records' addresses
    and numbers exploded were ~50 MB at the stage's peak)."""
    c = pl.col
    mails = idents.filter(idents.str.starts_with("m:")).str.slice(2).implode()
    phones = idents.filter(idents.str.starts_with("p:")).str.slice(2).implode()
    holds = (c("email_keys").list.eval(pl.element().is_in(mails)).list.any()
             | c("phones_e164").list.eval(pl.element().is_in(phones)).list.any())
    return _identifiers(feats.filter(holds.fill_null(False)))


def attach(feats: pl.DataFrame, labels: list[int], cannot: list[tuple[int, int]],
           refused: dict[tuple[int, int], str]) -> tuple[list[int], dict[tuple[int, int], str]]:
    """Labels with nameless clusters joined to the one person holding their identifiers, and
    the joined candidate pairs (l < r) -> REASON, for the pairs table."""
    lab = np.asarray(labels, dtype=np.int64)
    c = pl.col
    named = (c("family_key").is_not_null() | c("linkedin_slug").is_not_null()
             | c("org_key").is_not_null())
    rec = feats.select("idx", named.alias("named"), "birthday_month", "birthday_day", "given_key",
                       "given_groups").with_columns(
        pl.Series("cluster", lab[feats["idx"].to_numpy()], dtype=pl.Int64))
    named_clusters = rec.group_by("cluster").agg(c("named").any())
    bare = named_clusters.filter(~c("named"))["cluster"]
    if bare.is_empty():
        return labels, {}
    where = rec.select("idx", "cluster")
    mine = _identifiers(feats.filter(c("idx").is_in(
        where.filter(c("cluster").is_in(bare.implode()))["idx"].implode()))).join(where, on="idx")
    ids = _holding(feats, mine["ident"].unique()).join(where, on="idx")
    holders = mine.join(ids, on="ident", suffix="_o").filter(c("cluster") != c("cluster_o"))
    target = holders.group_by("cluster").agg(c("cluster_o").unique().alias("to")).filter(
        c("to").list.len() == 1).with_columns(c("to").list.first())
    target = target.join(named_clusters.rename({"cluster": "to", "named": "to_named"}), on="to")
    target = target.filter(c("to_named")).select("cluster", "to")
    if target.is_empty():
        return labels, {}
    target = _without_objections(target, rec, cannot, refused)
    target = _names_agree(target, rec)
    moved = dict(zip(target["cluster"].to_list(), target["to"].to_list(), strict=True))
    remap = np.arange(len(lab), dtype=np.int64)  # a label is its representative's idx
    remap[list(moved)] = list(moved.values())
    out = remap[lab]
    joined = holders.filter(c("cluster").is_in(list(moved))).select(
        pl.min_horizontal("idx", "idx_o").alias("l"), pl.max_horizontal("idx", "idx_o").alias("r"))
    return out.tolist(), {(int(a), int(b)): REASON for a, b in joined.unique().iter_rows()}


def _without_objections(target: pl.DataFrame, rec: pl.DataFrame, cannot: list[tuple[int, int]],
                        refused: dict[tuple[int, int], str]) -> pl.DataFrame:
    """`target` (cluster, to) without the joins a decision, a refused link or two birthdays
    object to."""
    members = rec.select("idx", "cluster", "birthday_month", "birthday_day")
    both = target.join(members, on="cluster").join(
        members.rename({"cluster": "to"}), on="to", suffix="_t")
    objected = [(min(a, b), max(a, b)) for a, b in [*cannot, *refused]]
    if objected:
        obj = pl.DataFrame(objected, schema={"l": pl.Int64, "r": pl.Int64}, orient="row")
        both = both.with_columns(pl.min_horizontal("idx", "idx_t").cast(pl.Int64).alias("l"),
                                 pl.max_horizontal("idx", "idx_t").cast(pl.Int64).alias("r"))
        bad = both.join(obj, on=["l", "r"], how="semi")["cluster"]
    else:
        bad = pl.Series("cluster", [], dtype=pl.Int64)
    c = pl.col
    dated = both.filter(c("birthday_month").is_not_null() & c("birthday_month_t").is_not_null())
    clash = dated.group_by("cluster").agg(
        ((c("birthday_month") == c("birthday_month_t"))
         & (c("birthday_day") == c("birthday_day_t"))).any().alias("agree")).filter(~c("agree"))
    return target.filter(~c("cluster").is_in(pl.concat([bad, clash["cluster"]]).implode()))


# A first name this short or shorter is no clipped form: "al" starts half the names in a book.
MIN_CLIPPED = 3


def _agree(a: str, groups_a: list[str], b: str, groups_b: list[str]) -> bool:
    """Whether first name `a` can be the same person's as `b` (see the module's docstring)."""
    if a == b or set(groups_a) & set(groups_b):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_CLIPPED and long.startswith(short)


def _names_agree(target: pl.DataFrame, rec: pl.DataFrame) -> pl.DataFrame:
    """`target` (cluster, to) without the joins where a bare cluster's first name agrees with
    no first name of the person it would join."""
    c = pl.col
    mine = target.join(rec.filter(c("given_key").is_not_null()), on="cluster").select(
        "cluster", "to", c("given_key").str.split(" ").list.first().alias("g"), "given_groups")
    if mine.is_empty():
        return target
    theirs = rec.filter(c("given_key").is_not_null()).select(
        c("cluster").alias("to"), c("given_key").str.split(" ").list.first().alias("g_t"),
        c("given_groups").alias("groups_t"))
    pairs = mine.join(theirs, on="to", how="left")
    ok: dict[tuple[int, str], bool] = {}
    for cl, g, gg, gt, ggt in pairs.select("cluster", "g", "given_groups", "g_t",
                                           "groups_t").iter_rows():
        # every first name of the bare cluster must agree with some name of the person
        hit = gt is not None and _agree(g, gg or [], gt, ggt or [])
        ok[(cl, g)] = ok.get((cl, g), False) or hit
    bad = {cl for (cl, _), fine in ok.items() if not fine}
    return target.filter(~c("cluster").is_in(list(bad)))
