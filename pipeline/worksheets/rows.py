"""Worksheet rows, computed with polars so the templates only print strings.

Rendering 500,000 people is dominated by the template engine's cost per printed value, so every
text a card shows is built here, column-wise, and missing values are "" (a template test on ""
is cheaper than on None, and None would print as "None").

Links are made only from values that cannot carry anything but an address: e-mails and phone
numbers that match a strict pattern, LinkedIn URLs on linkedin.com over https. Anything else is
shown as text. (The Content-Security-Policy would block a `javascript:` link anyway.)
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from pipeline import keep_in_touch
from pipeline.dedupe.review import in_queue_order
from pipeline.keep_in_touch import COLD
from pipeline.schema import NETWORK_NAMES, SOURCE_NAMES
from pipeline.textfmt import fmt

UNTAGGED = "untagged"
SAFE_EMAIL = r"^[A-Za-z0-9._+'-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,}$"
SAFE_PHONE = r"^\+[0-9]{6,15}$"
SAFE_LINKEDIN = r"^https://([a-z]{2,3}\.)?linkedin\.com/[A-Za-z0-9/_%.~-]*$"
SAFE_NETWORK = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
DUE_SOON_DAYS = 7


def _s(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).fill_null("")


def _iso(col: str) -> pl.Expr:
    return _s(pl.col(col).dt.strftime("%Y-%m-%d"))


def _join(col: str, sep: str = ", ") -> pl.Expr:
    return _s(pl.col(col).list.join(sep))


def _parts(*exprs: pl.Expr, sep: str = " · ") -> pl.Expr:
    """Non-empty parts joined (empty strings and nulls left out)."""
    return pl.concat_str([pl.when(e != "").then(e) for e in exprs], separator=sep,
                         ignore_nulls=True).fill_null("")


def _words(text: pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit(" "), text.str.to_lowercase()
                          .str.replace_all(r"[^\p{L}\p{N}]+", " "), pl.lit(" ")])


def work_text(title: pl.Expr, organization: pl.Expr) -> pl.Expr:
    """"Title at Organisation", the organisation left out when the title already names it
    as whole words ("Recruiter at Google" at Google, not "Recruiter at Google at Google";
    "Metadata Engineer" at Meta keeps "at Meta"). The worksheets, the introductions and
    kith serve all show this one text."""
    return pl.struct(_s(title).alias("t"), _s(organization).alias("o")).map_batches(
        _work_texts, return_dtype=pl.String)


def _work_texts(pairs: pl.Series) -> pl.Series:
    # one pass over the column: the words compared only where the title holds the
    # organisation's letters at all (a literal search); as one expression the parts were
    # evaluated again for each use (~10x the CPU of "title at organisation" at a million)
    frame = pairs.struct.unnest()
    lower_org = pl.col("o").str.to_lowercase()
    frame = frame.with_columns(maybe=(lower_org != "") & pl.col("t").str.to_lowercase()
                               .str.contains(lower_org, literal=True))
    few = frame.filter("maybe")
    named = (_words(few["o"]).str.strip_chars() != "") & _words(few["t"]).str.contains(
        _words(few["o"]), literal=True)
    shown_org = frame["o"].scatter(frame["maybe"].arg_true(),
                                   pl.select(pl.when(named).then(pl.lit("")).otherwise(few["o"]))
                                   .to_series()) if few.height else frame["o"]
    return frame.select(_parts(pl.col("t"), shown_org.alias("o"), sep=" at ")).to_series()


def _safe_list(col: str, pattern: str) -> pl.Expr:
    empty = pl.lit([], dtype=pl.List(pl.String))
    return (pl.col(col).fill_null(empty)
            .list.eval(pl.element().filter(pl.element().str.contains(pattern))))


def _texts(values: pl.Expr) -> pl.Expr:
    """A list's elements joined by ", "; null for an empty list."""
    return pl.when(values.list.len() > 0).then(values.list.join(", "))


def _unsafe_list(col: str, pattern: str) -> pl.Expr:
    empty = pl.lit([], dtype=pl.List(pl.String))
    return (pl.col(col).fill_null(empty)
            .list.eval(pl.element().filter(~pl.element().str.contains(pattern))))


# The columns base() adds from the notes and the ledger's reciprocity, and the order of the
# columns it computes (a re-dated night assembles the same frame:
# pipeline.incremental.worksheet_rows).
NOTE_COLS = ["need", "offer", "next_step", "referral_status", "referral_stage", "referred_by",
             "do_not_contact", "kith_flag", "kith_status", "follow_up_typed"]
RECIP_COLS = ["gives", "asks", "received", "talks", "balance", "ask_first", "owes", "flag",
              "last_received"]
COMPUTED = ["name", "org_title", "known_from", "mail", "tel", "li", "unlinked", "emails_all",
            "phones_all", "linkedin_all", "last", "connected", "last_text", "warmth",
            "warmth_num", "warmth_text", "due", "tier_text", "due_text", "need", "offer",
            "next_step", "referral", "dnc", "balance", "ledger", "ledger_flag", "note_flag",
            "sort_key", "tags"]


def base(people: pl.DataFrame, notes: pl.DataFrame, recip: pl.DataFrame,
         as_of: dt.date) -> pl.DataFrame:
    """One row per person with every text a worksheet shows about them."""
    frame = joined(people, notes, recip)
    frame = frame.with_columns(**static_columns())
    return frame.with_columns(**dated_columns(as_of)).select(column_order(people.columns))


def joined(people: pl.DataFrame, notes: pl.DataFrame, recip: pl.DataFrame) -> pl.DataFrame:
    note_cols = ["person_id", *NOTE_COLS[:-1],
                 pl.col("follow_up").is_not_null().alias("follow_up_typed")]
    return (people.join(notes.select(note_cols), on="person_id", how="left")
            .join(recip.select("person_id", *RECIP_COLS), on="person_id", how="left"))


# The people's columns the rows keep: what dated_columns reads, the plan's follow-up date and
# what the introductions match on (role, organisation, networks). The others (names as typed,
# e-mail and phone lists, provenance, record ids: ~25 of ~40) are read only by
# static_columns, before the rows are cut to these. Gathering them into page order cost a
# re-dated night at a million people ~1 CPU-s for columns no worksheet printed.
ROW_PEOPLE = ("person_id", "organization", "org_key", "title", "seniority", "function",
              "networks", "warmth", "warmth_reason", "first_connected", "last_interaction",
              "follow_up_due", "relationship", "dormant")


def column_order(people_columns: list[str]) -> list[str]:
    """base()'s columns: the people's that the rows keep (ROW_PEOPLE), the notes' and the
    ledger's, then those it computes."""
    have = [*(c for c in people_columns if c in ROW_PEOPLE), *NOTE_COLS, *RECIP_COLS]
    return have + [c for c in COMPUTED if c not in have]


def static_columns() -> dict[str, pl.Expr]:
    """base()'s columns that depend on neither the as-of date nor the activity columns (only
    on who the person is, the notes and the ledger)."""
    name = pl.coalesce(
        pl.col("display_name").str.strip_chars().replace("", None),
        pl.concat_str([pl.col("given_name"), pl.col("family_name")], separator=" ",
                      ignore_nulls=True).str.strip_chars().replace("", None),
        pl.col("emails").list.first(), pl.col("phones").list.first(), pl.col("person_id"))
    return dict(
        name=name,
        org_title=work_text(pl.col("title"), pl.col("organization")),
        known_from=_parts(_s(pl.col("sources").list.eval(pl.element().replace(SOURCE_NAMES))
                             .list.join(", ")),
                          pl.when(pl.col("labels").list.len() > 0)
                          .then(pl.lit("labels: ") + _join("labels")).otherwise(pl.lit("")),
                          pl.when(pl.col("connected_on").is_not_null())
                          .then(pl.lit("connected ") + _iso("connected_on"))
                          .otherwise(pl.lit(""))),
        mail=_safe_list("emails", SAFE_EMAIL),
        tel=_safe_list("phones", SAFE_PHONE),
        li=_s(pl.when(pl.col("linkedin_url").str.contains(SAFE_LINKEDIN))
              .then(pl.col("linkedin_url"))),
        # Addresses that are not safe to link are still shown, as text. Each part joined on
        # its own (null when it has none): a list concatenated per row was ~5x the cost.
        unlinked=pl.concat_str([
            _texts(_unsafe_list("emails", SAFE_EMAIL)), _texts(_unsafe_list("phones", SAFE_PHONE)),
            pl.when(~_s(pl.col("linkedin_url")).str.contains(SAFE_LINKEDIN)
                    & (_s(pl.col("linkedin_url")) != "")).then(pl.col("linkedin_url")),
        ], separator=", ", ignore_nulls=True).fill_null(""),
        emails_all=_join("emails", "; "), phones_all=_join("phones", "; "),
        linkedin_all=_s(pl.col("linkedin_url")),
        need=_s(pl.col("need")), offer=_s(pl.col("offer")), next_step=_s(pl.col("next_step")),
        referral=_parts(_s(pl.col("referral_status")),
                        pl.when(_s(pl.col("referred_by")) != "")
                        .then(pl.lit("via ") + _s(pl.col("referred_by"))).otherwise(pl.lit("")),
                        sep=", "),
        dnc=pl.col("do_not_contact").fill_null(False),
        balance=_s(pl.col("balance")),
        ledger=pl.when(pl.col("gives").is_null()).then(pl.lit(""))
        .otherwise(fmt("gave {}, asked {}, received {}, talked {}; balance {}",
                             "gives", "asks", "received", "talks", "balance")),
        ledger_flag=_s(pl.col("flag")),
        note_flag=_s(pl.col("kith_flag")),
        sort_key=name.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase(),
    )


def dated_columns(as_of: dt.date) -> dict[str, pl.Expr]:
    """base()'s columns that the as-of date or the activity columns (warmth, last interaction,
    follow-up, relationship, dormant) change; computed after static_columns()."""
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    days_since = (pl.lit(as_of) - pl.col("last_interaction")).dt.total_days()
    due = pl.col("follow_up_due")
    # need, offer, next_step are static_columns()' text ("" for none) by now
    has_notes = pl.any_horizontal([_s(pl.col(c)) != "" for c in
                                   ("need", "offer", "next_step", "referral_status")])
    return dict(
        last=_iso("last_interaction"),
        connected=_iso("first_connected"),
        last_text=pl.when(pl.col("last_interaction").is_null()).then(pl.lit("none recorded"))
        .otherwise(_iso("last_interaction") + pl.lit(" (")
                   + days_since.cast(pl.String) + pl.lit(" days ago)")),
        warmth=_s(pl.col("warmth").round(2)),
        warmth_num=pl.col("warmth"),
        warmth_text=_parts(_s(pl.col("warmth").round(2)), _s(pl.col("warmth_reason")), sep=": "),
        due=_iso("follow_up_due"),
        tier_text=pl.when(_s(pl.col("relationship")) != "")
        .then(pl.lit("relationship: ") + _s(pl.col("relationship"))).otherwise(pl.lit(COLD)),
        due_text=keep_in_touch.due_text(as_of, pl.col("follow_up_typed")),
        tags=pl.concat_str([
            pl.when(due <= soon).then(pl.lit("due")),
            pl.when((due < as_of) & ~keep_in_touch.never_talked(as_of, pl.col("follow_up_typed")))
            .then(pl.lit("overdue")),
            pl.when(pl.col("owes")).then(pl.lit("owe")),
            pl.when(pl.col("ask_first")).then(pl.lit("askfirst")),
            pl.when(pl.col("dormant")).then(pl.lit("dormant")),
            pl.when(has_notes).then(pl.lit("noted")),
            pl.when(pl.col("referral_stage").is_not_null()).then(pl.lit("referral")),
            pl.when(pl.col("do_not_contact")).then(pl.lit("dnc")),
            pl.when(_s(pl.col("relationship")) == "").then(pl.lit("cold")),
        ], separator=" ", ignore_nulls=True).fill_null(""),
    )


# What a network card shows, as CSV columns (the network's reasons are added per network).
CARD_CSV = {"person_id": "person_id", "name": "name", "org_title": "work",
            "known_from": "known_from", "emails_all": "emails", "phones_all": "phones",
            "linkedin_all": "linkedin",
            "last_text": "last_interaction", "warmth_text": "warmth",
            "due_text": "follow_up_due", "tier_text": "keep_in_touch", "need": "needs", "offer": "they_can_offer",
            "ledger": "give_ask_ledger", "ledger_flag": "ledger_flag", "next_step": "next_step",
            "referral": "referral", "dnc": "do_not_contact", "note_flag": "notes_to_check"}
REASONS_CSV = "why_in_this_network"


def memberships(people: pl.DataFrame, networks: pl.DataFrame) -> pl.DataFrame:
    """(person_id, network, reasons): networks.parquet's reasons, plus people.networks
    entries without a reason row, so nobody tagged is missing from a page."""
    # Aggregating to a list and joining afterwards: str.join inside agg is 5x slower.
    # One lazy query: a small book's page lists paid ~7 eager ones here.
    reasons = (networks.lazy().filter(pl.col("network").is_not_null())
               .group_by("person_id", "network")
               .agg(reasons=pl.col("reason").drop_nulls())
               .with_columns(reasons=pl.col("reasons").list.unique(maintain_order=True)
                             .list.join("; ")))
    listed = (people.lazy().select("person_id", network=pl.col("networks")).explode("network")
              .drop_nulls("network"))
    unexplained = (listed.join(reasons, on=["person_id", "network"], how="anti")
                   .unique().with_columns(reasons=pl.lit("")))
    return (pl.concat([reasons, unexplained])
            .join(people.lazy().select("person_id"), on="person_id", how="semi")
            .with_columns(reasons=_s(pl.col("reasons")))).collect()


def network_names(members: pl.DataFrame) -> list[str]:
    """The standard networks always (an empty page says so), then any others the tag stage
    produced whose names are safe as file names."""
    extra = sorted(n for n in members["network"].unique().to_list()
                   if n not in NETWORK_NAMES and SAFE_NETWORK.match(n) and n != UNTAGGED)
    return [*NETWORK_NAMES, *extra]


def members_by_network(members: pl.DataFrame, order: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Per network (and untagged): (person_id, reasons) in page order, which is `order`'s
    (people sorted once by name, then id: stable across runs)."""
    names, mine, pages = network_names(members), members.lazy(), order.lazy()
    lists = [pages.join(mine.filter(pl.col("network") == net).select("person_id", "reasons"),
                        on="person_id", how="inner", maintain_order="left") for net in names]
    lists.append(pages.join(mine.select("person_id"), on="person_id", how="anti",
                            maintain_order="left")
                 .with_columns(reasons=pl.lit("no network rule matched yet")))
    *found, untagged = pl.collect_all(lists)  # one query, not two per network
    return {**dict(zip(names, found, strict=True)), UNTAGGED: untagged}


# Your own card (tagging/evidence.owner_people: your name with no LinkedIn connection record,
# or your e-mail) is in no network by design; "no network rule matched yet" read as if kith
# had missed something about a contact (user40: the owner's own row of a meetup's list).
OWN_CARD = "this is you: your own name or e-mail; kith puts your own card in no network"


def own_cards_marked(untagged: pl.DataFrame, own: pl.Series | None) -> pl.DataFrame:
    """The untagged list with the owner's own cards' reason saying so."""
    if own is None or own.len() == 0:
        return untagged
    return untagged.with_columns(reasons=pl.when(pl.col("person_id").is_in(own.implode()))
                                 .then(pl.lit(OWN_CARD)).otherwise(pl.col("reasons")))


def with_pages(frame: pl.DataFrame, stem: str, page_size: int) -> pl.DataFrame:
    """Adds page (1-based) and file (peer.html, peer-2.html, ...) by position."""
    page = (pl.int_range(pl.len(), dtype=pl.Int64) // page_size) + 1
    return frame.with_columns(page=page).with_columns(
        file=pl.when(pl.col("page") == 1).then(pl.lit(f"{stem}.html"))
        .otherwise(pl.lit(f"{stem}-") + pl.col("page").cast(pl.String) + pl.lit(".html")))


def homes(lists: dict[str, pl.DataFrame], page_size: int) -> pl.DataFrame:
    """Each person's card to link to: on the first network page they appear on."""
    frames = [with_pages(f.select("person_id"), net, page_size)
              .select("person_id", href=pl.col("file") + pl.lit("#") + pl.col("person_id"))
              for net, f in lists.items()]
    return pl.concat(frames).unique("person_id", keep="first")


def target_rows(targets: pl.DataFrame, rows: pl.DataFrame, home: pl.DataFrame) -> pl.DataFrame:
    """Who can refer me, per target, best path first (the tag stage's rank: who can hire me,
    then the warmest); do-not-contact people left out and the rest re-ranked."""
    cols = ["person_id", "mail", "tel", "li", "unlinked", "emails_all", "phones_all",
            "linkedin_all", "last_text", "need", "offer", "ledger_flag",
            "referral", "dnc", "tags", "sort_key"]
    return (targets.join(rows.select(cols), on="person_id", how="inner")
            .filter(~pl.col("dnc"))
            .join(home, on="person_id", how="left")
            .sort("target", "rank", "person_id")
            .with_columns(rank=pl.int_range(1, pl.len() + 1).over("target"),
                          name=_s(pl.col("display_name")),
                          work=work_text(pl.col("title"), pl.col("organization")),
                          relation=pl.col("relation").replace(
                              {"works_there": "works there", "worked_there": "worked there"}),
                          warmth_num=pl.col("warmth"),
                          warmth=_s(pl.col("warmth").round(2)), reason=_s(pl.col("reason")),
                          href=_s(pl.col("href"))))


def reconnect_rows(rows: pl.DataFrame, people: pl.DataFrame, home: pl.DataFrame) -> pl.DataFrame:
    """Dormant ties, warmest first (they were warm once: the easiest to revive)."""
    dormant = people.select("person_id", "warmth", "dormant").filter(
        pl.col("dormant").fill_null(False)).drop("dormant")
    # the dormant rows picked first: a join gathers every column of the 600,000 rows it reads
    picked = rows.filter(pl.col("person_id").is_in(dormant["person_id"].implode())
                         & ~pl.col("dnc"))
    return (picked.join(dormant.rename({"warmth": "_w"}), on="person_id", how="inner",
                        maintain_order="left")
            .join(home, on="person_id", how="left", maintain_order="left")
            # ties (same warmth, last contact and name) keep the rows' order: then by id
            .sort(pl.col("_w"), pl.col("last"), "sort_key", descending=[True, True, False],
                  nulls_last=True, maintain_order=True)
            .with_columns(href=_s(pl.col("href"))).drop("_w"))


def review_rows(review: pl.DataFrame, home: pl.DataFrame,
                rows: pl.DataFrame | None = None) -> pl.DataFrame:
    """`rows`: the people's rows, whose work and sources tell the pair's sides apart beside
    their names (two "Sophie Nguyen", one only a number on a phone: user40)."""
    if rows is not None:
        home = home.join(rows.select("person_id", "org_title", "known_from"), on="person_id",
                         how="left")
    cols = {c: c for c in ("org_title", "known_from") if c in home.columns}
    left = home.rename({"person_id": "person_id_l", "href": "href_l",
                        **{c: f"{c}_l" for c in cols}})
    right = home.rename({"person_id": "person_id_r", "href": "href_r",
                         **{c: f"{c}_r" for c in cols}})
    # the queue's own order (review.in_queue_order), as `kith review` and serve ask it
    return (in_queue_order(review.join(left, on="person_id_l", how="left", maintain_order="left")
                           .join(right, on="person_id_r", how="left", maintain_order="left"))
            .with_columns([_s(pl.col(c)) for c in
                           ("name_l", "name_r", "reason", "merge_command", "keep_apart_command",
                            "href_l", "href_r")])
            .with_columns(weight=_s(pl.col("weight").round(1))))


def notes_to_check(notes: pl.DataFrame, home: pl.DataFrame) -> pl.DataFrame:
    """Rows of notes.csv kith flagged (merges, splits) or whose person is gone."""
    flagged = notes.filter((_s(pl.col("kith_flag")) != "")
                           | _s(pl.col("kith_status")).str.starts_with("gone")
                           | _s(pl.col("kith_status")).str.contains("not a date"))
    return (flagged.join(home, on="person_id", how="left")
            .with_columns([_s(pl.col(c)) for c in ("name", "kith_flag", "kith_status", "href",
                                                    "need", "offer", "next_step")])
            .sort("name", "person_id"))
