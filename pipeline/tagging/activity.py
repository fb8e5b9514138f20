"""Interactions per person: who they are, how warm the tie is, when to follow up.

Linking. An interaction (LinkedIn message, invitation, endorsement, recommendation) belongs to
the person one of whose records has the counterpart's profile slug; failing that, to the one
person whose records carry the counterpart's folded name. A name shared by several people, or
by nobody, leaves the interaction unlinked: it is counted, never guessed. Interactions with the
owner as counterpart (the owner's Profile.csv name, or a slug seen with it) are not about a
contact. Interactions dated after the as-of date have not happened yet as of that date and are
left out, so re-running with the same as-of date gives the same tables.

Warmth, 0-100, rounded to one decimal (the parts add up and are capped at 100):

    messages      min(40, 12 * ln(1 + m))       m = messages either way (1 -> 8, 3 -> 17, 12 -> 31)
    two-way       10 if you both wrote
    recency       25 * 0.5 ** (d / 180)         d = days since the last interaction (half-life
                                                six months; 0 without any dated interaction)
    endorsements  8 if they endorsed you, 4 if you endorsed them
    recommended   12 if they recommended you, 6 if you recommended them
    invitation    3 if either of you sent a LinkedIn invitation
    address book  5 if you keep them in one of your own address books or a contacts CSV
                  (not only LinkedIn); a CSV alone reads "listed in a CSV file you gave kith"

warmth_reason says the same in words: "12 messages, last 3 weeks ago, they endorsed you".
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline import keep_in_touch as touch
from pipeline import schema
from pipeline.tagging.rules import Rules
from pipeline.textfmt import fmt

W_MESSAGES, W_MESSAGES_SCALE, W_TWO_WAY, W_RECENCY, HALF_LIFE = 40.0, 12.0, 10.0, 25.0, 180.0
W_ENDORSED_BY, W_ENDORSED, W_RECOMMENDED_BY, W_RECOMMENDED = 8.0, 4.0, 12.0, 6.0
W_INVITATION, W_ADDRESS_BOOK = 3.0, 5.0
# Sources that earn the address-book part: the user's own address books
# (schema.ADDRESS_BOOKS) and generic contact CSVs, which are named as such (touch.IN_FILE).
ADDRESS_BOOKS = [*schema.ADDRESS_BOOKS, "csv"]
NO_ACTIVITY = "no messages or other interactions on record"

LINKED = {"interaction_id": pl.String, "person_id": pl.String, "kind": pl.String,
          "direction": pl.String, "occurred_at": pl.Datetime("us", "UTC")}


def _unique_map(records: pl.LazyFrame, key: str, wanted: pl.LazyFrame) -> pl.LazyFrame:
    """key -> person_id (null unless exactly one person carries the key), for `wanted`'s keys
    (a one-column frame named `key`; a semi join is is_in without the round trip)."""
    pairs = (records.select(key, "person_id")
             .join(wanted.drop_nulls().unique(), on=key, how="semi").unique())
    return (pairs.group_by(key).agg(pl.col("person_id").first(), pl.len().alias("n"))
            .with_columns(pl.when(pl.col("n") == 1).then(pl.col("person_id")).alias("person_id")))


def link(interactions: pl.DataFrame, records: pl.DataFrame, owner_key: str | None,
         as_of: dt.date) -> tuple[pl.DataFrame, dict]:
    """Interactions linked to people (schema LINKED) and counts of what could not be linked.
    One lazy query for both (it was 33 eager ones: each costs a small owner more than its
    work)."""
    # the day after as_of, 00:00 UTC, as microseconds cast in the query: a datetime literal
    # costs polars one or two eager queries of its own
    days = (as_of + dt.timedelta(days=1) - dt.date(1970, 1, 1)).days
    cutoff = pl.lit(days * 86_400_000_000, dtype=pl.Int64).cast(pl.Datetime("us", "UTC"))
    late = pl.col("occurred_at") >= cutoff
    inter, recs = interactions.lazy(), records.lazy()
    by_slug = _unique_map(recs, "linkedin_slug",
                          inter.select(pl.col("counterpart_slug").alias("linkedin_slug"))).rename(
        {"linkedin_slug": "counterpart_slug", "person_id": "p_slug", "n": "n_slug"})
    by_name = _unique_map(recs, "name_key",
                          inter.select(pl.col("counterpart_key").alias("name_key"))).rename(
        {"name_key": "counterpart_key", "person_id": "p_name", "n": "n_name"})
    f = (inter.select("interaction_id", "kind", "direction", "occurred_at",
                      "counterpart_slug", "counterpart_key")
         .join(by_slug, on="counterpart_slug", how="left")
         .join(by_name, on="counterpart_key", how="left"))
    owner_name = pl.lit(False) if owner_key is None else pl.col("counterpart_key") == owner_key
    # a slug seen on an unlinked row carrying the owner's name is the owner's, on every row
    owner_slug = pl.col("counterpart_slug").is_not_null() & (
        (owner_name & pl.col("p_slug").is_null()).fill_null(False).any()
        .over("counterpart_slug"))
    is_owner = pl.col("p_slug").is_null() & (owner_name.fill_null(False) | owner_slug)
    f = f.with_columns(
        is_owner.fill_null(False).alias("owner"),
        late.fill_null(False).alias("late"),
        pl.coalesce("p_slug", "p_name").alias("person_id"),
    )
    f = f.with_columns(pl.when(pl.col("owner")).then(None).otherwise(pl.col("person_id"))
                       .alias("person_id"))
    keep = ~pl.col("owner") & ~pl.col("late")
    counts = f.select(
        pl.len().alias("interactions"),
        pl.col("owner").sum().alias("interactions_about_owner"),
        (~pl.col("owner") & pl.col("late")).sum().alias("interactions_after_as_of"),
        (keep & pl.col("p_slug").is_not_null()).sum().alias("interactions_linked_by_slug"),
        (keep & pl.col("p_slug").is_null() & pl.col("p_name").is_not_null()).sum()
        .alias("interactions_linked_by_name"),
        (keep & pl.col("person_id").is_null()).sum().alias("interactions_unmatched"),
        (keep & pl.col("person_id").is_null() & (pl.col("n_name") > 1)).fill_null(False).sum()
        .alias("interactions_unmatched_shared_name"),
    )
    linked = (f.filter(keep & pl.col("person_id").is_not_null()).select(list(LINKED))
              .sort("person_id", "occurred_at", "interaction_id", nulls_last=True))
    counted, linked = pl.collect_all([counts, linked])
    stats = {k: int(v or 0) for k, v in counted.row(0, named=True).items()}
    return linked, stats


def summarise(linked: pl.DataFrame) -> pl.DataFrame:
    """One row per linked person: counts, dates, who reached out first, endorsements."""
    k, d, t = pl.col("kind"), pl.col("direction"), pl.col("occurred_at")
    opener = k.is_in(["message", "invitation"]) & d.is_in(["incoming", "outgoing"]) & t.is_not_null()
    first_dirs = d.filter(opener & (t == t.filter(opener).min()))
    return linked.group_by("person_id").agg(
        (k == "message").sum().cast(pl.Int64).alias("_messages"),
        ((k == "message") & (d == "outgoing")).sum().cast(pl.Int64).alias("messages_sent"),
        ((k == "message") & (d == "incoming")).sum().cast(pl.Int64).alias("messages_received"),
        t.max().dt.date().alias("last_interaction"),
        t.filter(k == "invitation").min().dt.date().alias("_first_invitation"),
        ((k == "endorsement") & (d == "incoming")).any().alias("_endorsed_by"),
        ((k == "endorsement") & (d == "outgoing")).any().alias("_endorsed"),
        ((k == "recommendation") & (d == "incoming")).any().alias("_recommended_by"),
        ((k == "recommendation") & (d == "outgoing")).any().alias("_recommended"),
        ((k == "invitation") & (d == "incoming")).any().alias("_invited_by"),
        ((k == "invitation") & (d == "outgoing")).any().alias("_invited"),
        pl.when(first_dirs.n_unique() == 1)
        .then(first_dirs.first().replace_strict({"outgoing": "me", "incoming": "them"},
                                                default="unknown", return_dtype=pl.String))
        .otherwise(pl.lit("unknown")).alias("reached_out_first"),
    )


def _ago(days: pl.Expr) -> pl.Expr:
    """'today', 'yesterday', '5 days ago', '3 weeks ago', '4 months ago', '2 years ago'."""
    return (pl.when(days <= 0).then(pl.lit("today"))
            .when(days == 1).then(pl.lit("yesterday"))
            .when(days < 14).then(fmt("{} days ago", days))
            .when(days < 63).then(fmt("{} weeks ago", days // 7))
            .when(days < 730).then(fmt("{} months ago", (days / 30.44).round(0).cast(pl.Int64)))
            .otherwise(fmt("{} years ago", days // 365)))


def _in_book() -> pl.Expr:
    return pl.col("sources").list.set_intersection(
        pl.lit(ADDRESS_BOOKS, dtype=pl.List(pl.String))).list.len() > 0


def _book_reason(in_book: pl.Expr) -> pl.Expr:
    """"in your address book" for a real one; a generic CSV only: where the person is listed."""
    return pl.when(in_book).then(
        pl.when(touch.in_address_book(pl.col("sources"))).then(pl.lit("in your address book"))
        .otherwise(pl.lit(touch.IN_FILE)))


def warmth(as_of: dt.date) -> list[pl.Expr]:
    """warmth and warmth_reason from the summary columns (see the module docstring)."""
    c = pl.col
    days = (pl.lit(as_of) - c("last_interaction")).dt.total_days()
    in_book = _in_book()
    invited = c("_invited_by") | c("_invited")
    score = (
        (W_MESSAGES_SCALE * (1 + c("_messages")).log()).clip(upper_bound=W_MESSAGES)
        + pl.when((c("messages_sent") > 0) & (c("messages_received") > 0)).then(W_TWO_WAY).otherwise(0)
        + pl.when(days.is_not_null()).then(W_RECENCY * (0.5 ** (days.clip(lower_bound=0) / HALF_LIFE)))
        .otherwise(0)
        + pl.when(c("_endorsed_by")).then(W_ENDORSED_BY).otherwise(0)
        + pl.when(c("_endorsed")).then(W_ENDORSED).otherwise(0)
        + pl.when(c("_recommended_by")).then(W_RECOMMENDED_BY).otherwise(0)
        + pl.when(c("_recommended")).then(W_RECOMMENDED).otherwise(0)
        + pl.when(invited).then(W_INVITATION).otherwise(0)
        + pl.when(in_book).then(W_ADDRESS_BOOK).otherwise(0)
    )
    n = c("_messages")
    parts = [
        pl.when(n == 1).then(pl.lit("1 message")).when(n > 1).then(fmt("{} messages", n)),
        pl.when(days.is_not_null()).then(pl.lit("last ") + _ago(days)),
        pl.when(c("_endorsed_by")).then(pl.lit("they endorsed you")),
        pl.when(c("_endorsed")).then(pl.lit("you endorsed them")),
        pl.when(c("_recommended_by")).then(pl.lit("they recommended you")),
        pl.when(c("_recommended")).then(pl.lit("you recommended them")),
        pl.when(c("_invited_by")).then(pl.lit("they invited you on LinkedIn")),
        pl.when(c("_invited")).then(pl.lit("you invited them on LinkedIn")),
        _book_reason(in_book),
    ]
    reason = pl.concat_str(parts, separator=", ", ignore_nulls=True)
    return [
        score.clip(upper_bound=100.0).round(1).cast(pl.Float64).alias("warmth"),
        pl.when(reason.str.len_chars() > 0).then(reason).otherwise(pl.lit(NO_ACTIVITY))
        .alias("warmth_reason"),
    ]


def _quiet_warmth() -> list[pl.Expr]:
    """warmth and warmth_reason of a person without linked interactions (the formula reduces
    to the address-book part); much cheaper than the full expressions on 500k people."""
    book = _in_book()
    return [
        pl.coalesce("warmth", pl.when(book).then(W_ADDRESS_BOOK).otherwise(0.0)).alias("warmth"),
        pl.coalesce("warmth_reason", pl.when(book).then(_book_reason(book))
                    .otherwise(pl.lit(NO_ACTIVITY))).alias("warmth_reason"),
    ]


def cadence_days(rules: Rules) -> pl.Expr:
    """The shortest cadence of the person's networks (untagged: [cadence] untagged or null)."""
    per = pl.col("networks").list.eval(
        pl.element().replace_strict(rules.cadence, default=None, return_dtype=pl.Int64)).list.min()
    return pl.coalesce(per, pl.lit(rules.untagged_cadence, dtype=pl.Int64)).alias("cadence_days")


def keep_in_touch(rules: Rules, as_of: dt.date) -> list[pl.Expr]:
    """follow_up_due and dormant from the exports alone (pipeline.keep_in_touch's rule): every
    tie is a candidate here; the outreach stage narrows follow-ups to relationships."""
    c, d = pl.col, rules.dormant
    warm_once = c("first_connected").is_not_null() & (
        (c("_messages") >= d.min_messages) | c("_endorsed_by") | c("_endorsed")
        | c("_recommended_by") | c("_recommended"))
    return touch.keep_in_touch(as_of, d, warm_once=warm_once, related=pl.lit(True))


def activity_columns(people: pl.DataFrame, linked: pl.DataFrame, rules: Rules,
                     as_of: dt.date, summary: pl.DataFrame | None = None) -> pl.DataFrame:
    """people (with `networks` filled) + every activity column of schema.PEOPLE, same order.
    `summary`: summarise(linked) when the caller has it already (it does not move with the
    date: a re-dated night keeps it, pipeline/redate.py)."""
    flags = ["_endorsed_by", "_endorsed", "_recommended_by", "_recommended", "_invited_by",
             "_invited"]
    summary = (summarise(linked) if summary is None else summary).join(people.select("person_id", "sources"), on="person_id")
    summary = summary.with_columns(*warmth(as_of)).drop("sources")
    out = people.drop("messages_sent", "messages_received", "last_interaction",
                      "reached_out_first", "warmth", "warmth_reason", strict=False).join(
        summary, on="person_id", how="left", maintain_order="left")
    out = out.with_columns(
        pl.col("_messages", "messages_sent", "messages_received").fill_null(0),
        pl.col(flags).fill_null(False),
        pl.col("reached_out_first").fill_null("unknown"),
        pl.min_horizontal("connected_on", "_first_invitation").alias("first_connected"),
        *_quiet_warmth(),
        cadence_days(rules),
    )
    out = out.with_columns(*keep_in_touch(rules, as_of))
    return out.drop("_messages", "_first_invitation", *flags)
