"""The enrichment worksheets (introductions, openings, companies): rows for the pages, the
index sections and the CSV copies. Kept apart from render.py so the page set stays additive.

Introductions are computed here once per run (intro_rows): the same frame is the run's
introductions.parquet (what `kith serve` acts on) and, its open rows, the page, CSV and index."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline import schema
from pipeline.enrich import drafts as drafts_mod
from pipeline.enrich import intro_asks
from pipeline.enrich import introductions as intro_mod
from pipeline.enrich import openings as openings_mod
from pipeline.enrich import roles as roles_mod
from pipeline.normalize import orgs
from pipeline.worksheets import rows as R

INDEX_SHOWN = 10
COMPANIES_SHOWN = 2000


def _href(home: pl.DataFrame, key: str, alias: str) -> pl.DataFrame:
    return home.rename({"person_id": key, "href": alias})


def intro_rows(rows: pl.DataFrame, people: pl.DataFrame, recent: pl.DataFrame,
               home: pl.DataFrame, looking: pl.DataFrame | None = None,
               closed: pl.DataFrame | None = None,
               exclude: pl.Series | None = None,
               maybe_same: pl.DataFrame | None = None) -> pl.DataFrame:
    """Introductions (schema.INTRODUCTIONS, open ones ranked first) with links to both
    people's cards; `closed`: the user's accepted and dismissed ones; `exclude`: person ids
    on neither side (the owner's own cards: a need you noted on your own card is yours to
    ask about, not an introduction to make); `maybe_same`: the review queue (its person ids). `rows`: the worksheets'
    rows made from `people` (rows.base: org_title is the introductions' work), with or
    without the people's own columns."""
    # work: the rows' org_title, the same text made once per person for the cards (making it
    # again from title and organization cost a night ~0.09 CPU-s at a million people)
    cols = ["person_id", "name", "need", "offer", "dnc", "warmth_num", "last",
            pl.col("org_title").alias("work")]
    wanted = ["title", "function", "seniority", "organization", "org_key", "networks"]
    extra = people.select("person_id", *wanted)
    # People tables of older runs (or built by hand) may lack the enrichment values: only
    # their titles are classified (the tag stage did the others; ~50 queries per run).
    untyped = extra.filter(pl.col("seniority").is_null() | pl.col("function").is_null())
    titles = untyped["title"].drop_nulls()
    if titles.len():
        roles = roles_mod.classify(titles).rename({"seniority": "_s", "function": "_f"})
        extra = extra.join(roles, on="title", how="left", maintain_order="left").with_columns(
            pl.coalesce("seniority", "_s").alias("seniority"),
            pl.coalesce("function", "_f").alias("function")).drop("_s", "_f")
    # the worksheets' rows carry the people's columns already (rows.column_order): taken
    # from them when nothing was classified here, not joined back from the people table
    # (~0.3 s at a million people)
    if titles.len() == 0 and set(wanted) <= set(rows.columns):
        base = rows.select(*cols, *wanted)
    else:
        base = rows.select(cols).join(extra, on="person_id", how="left")
    # keyed only where the key is missing (org_key runs per distinct organisation: keying
    # every one of 600,000 people cost a re-dated night ~0.25 s for nothing)
    base = base.with_columns(pl.coalesce("org_key", orgs.org_key(
        pl.when(pl.col("org_key").is_null()).then(pl.col("organization")))).alias("org_key"))
    if exclude is not None and exclude.len():
        base = base.filter(~pl.col("person_id").is_in(exclude.implode()))
    found = intro_mod.suggest(base.rename({"warmth_num": "warmth"}), recent, looking, closed,
                              maybe_same)
    return (found.join(_href(home, "seeker_id", "seeker_href"), on="seeker_id", how="left")
            .join(_href(home, "helper_id", "helper_href"), on="helper_id", how="left")
            .with_columns([R._s(pl.col(c)) for c in ("seeker_href", "helper_href",
                                                     "helper_work", "reason", "need")]))


def opening_rows(openings: pl.DataFrame | None, rows: pl.DataFrame,
                 home: pl.DataFrame) -> pl.DataFrame:
    """Every mention, newest first, with the person's name and card; no do-not-contact."""
    openings = openings if openings is not None else schema.empty(schema.OPENINGS)
    return (openings.join(rows.select("person_id", "name", "org_title", "dnc"), on="person_id")
            .filter(~pl.col("dnc")).join(home, on="person_id", how="left")
            .with_columns(date=R._s(pl.col("occurred_on").dt.strftime("%Y-%m-%d")),
                          what=pl.when(pl.col("mention") == "looking")
                          .then(pl.lit("is looking for a role")).otherwise(pl.lit("opening")),
                          work=pl.col("org_title"), href=R._s(pl.col("href")),
                          excerpt=R._s(pl.col("excerpt"))))


def company_rows(companies: pl.DataFrame | None, home: pl.DataFrame,
                 dnc: pl.Series | None = None) -> pl.DataFrame:
    """Companies as the page shows them; a warmest person marked do-not-contact (`dnc`:
    their ids) is not named."""
    companies = companies if companies is not None else schema.empty(schema.COMPANIES)
    if dnc is not None and dnc.len():
        hidden = pl.col("warmest_person_id").is_in(dnc.implode())
        companies = companies.with_columns(
            [pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c)
             for c in ("warmest", "warmest_person_id", "warmest_name")])
    # shlex.quote, column-wise: single quotes around, each ' written as '"'"'
    cmd = pl.lit("kith companies --add '") + pl.col("organization").str.replace_all(
        "'", "'\"'\"'", literal=True) + pl.lit("'")
    return (companies.join(home.rename({"person_id": "warmest_person_id"}),
                           on="warmest_person_id", how="left", maintain_order="left")
            .with_columns(add_command=cmd, href=R._s(pl.col("href")),
                          warmest=R._s(pl.col("warmest").round(1)),
                          networks=R._s(pl.col("networks").list.join(", ")),
                          target=R._s(pl.col("target")), warmest_name=R._s(pl.col("warmest_name"))))


def frames(rows: pl.DataFrame, people: pl.DataFrame, openings: pl.DataFrame | None,
           companies: pl.DataFrame | None, home: pl.DataFrame, as_of: dt.date,
           closed: pl.DataFrame | None = None,
           exclude: pl.Series | None = None,
           maybe_same: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """What `write` prints: the mentions, recent openings, every introduction found and the
    companies. Writes nothing, so it can be computed beside the other worksheets' rows."""
    mentions = opening_rows(openings, rows, home)
    recent = openings_mod.recent(mentions.filter(pl.col("mention") == "opening"), as_of)
    looking = openings_mod.recent(mentions.filter(pl.col("mention") == "looking"), as_of)
    found = intro_rows(rows, people, recent.select("person_id", "occurred_on"), home,
                       looking.select("person_id", "occurred_on"), closed, exclude,
                       maybe_same)
    firms = company_rows(companies, home, rows.filter(pl.col("dnc"))["person_id"])
    return {"mentions": mentions, "recent": recent, "found": found, "firms": firms}


def write(w, made: dict[str, pl.DataFrame], keep: dict | None = None,
          asks: dict | None = None) -> dict:
    """Write introductions.html/.csv, openings.csv, companies.html/.csv from `frames()`;
    returns the index sections (open introductions and recent openings, each cut to
    INDEX_SHOWN). keep["introductions"]: every introduction found (schema.INTRODUCTIONS).
    `asks`: what intro_links needs (rows, people, templates, sender) to give each open
    introduction the mailto: links of its two asks."""
    mentions, recent, found, firms = (made[k] for k in ("mentions", "recent", "found", "firms"))
    if keep is not None:
        keep["introductions"] = found.select(list(schema.INTRODUCTIONS))
    intros = found.filter(pl.col("status") == intro_mod.OPEN)
    listed = intros.to_dicts()
    if asks is not None:
        intro_links(listed, **asks)
    w.page("introductions.html", "introductions.html", title="Introductions and openings",
           intros=listed, openings=mentions.head(COMPANIES_SHOWN).to_dicts(),
           answered=found.height - intros.height)
    w.csv("introductions.csv", intros.select("rank", "seeker_name", "seeker_id", "need",
                                             "helper_name", "helper_id", "helper_work",
                                             "score", "reason", "introduction_id"))
    w.csv("openings.csv", mentions.select("date", "name", "person_id", "work", "what",
                                          "direction", "excerpt"))
    w.page("companies.html", "companies.html", title=f"Companies in your network ({firms.height})",
           companies=firms.head(COMPANIES_SHOWN).to_dicts(),
           more=max(0, firms.height - COMPANIES_SHOWN))
    w.csv("companies.csv", firms.select("organization", "people_now", "people_before",
                                        "warmest", "warmest_name", "warmest_person_id",
                                        "networks", "target"))
    return {"intros": intros.head(INDEX_SHOWN).to_dicts(), "intros_total": intros.height,
            "openings": recent.head(INDEX_SHOWN).to_dicts(), "openings_total": recent.height}


def add_drafts(outreach: list[dict], rows: pl.DataFrame, people: pl.DataFrame,
               templates: dict | None, sender: str = "") -> None:
    """Each plan item's e-mail link opens a drafted message (subject and body from the
    templates, with the person's name, given name, last contact and need, signed by
    `sender`): item["mailto"]."""
    templates = templates or drafts_mod.load(None)
    ids = pl.col("person_id").is_in([it["person_id"] for it in outreach])
    noted = [c for c in drafts_mod.PRIVATE_NOTES if c in rows.columns]
    talks = pl.col("talks") if "talks" in rows.columns else pl.lit(None, pl.Int64)
    info = {r["person_id"]: r for r in rows.filter(ids)
            .select("person_id", "last", talks.alias("talks"), *noted).iter_rows(named=True)}
    # a people table of an older schema (a kept run read as it is) has no nickname
    nick = pl.col("nickname") if "nickname" in people.columns else pl.lit(None, pl.String)
    given = {p: (g, n, b, m) for p, g, n, b, m in people.filter(ids).select(
        "person_id", "given_name", nick, drafts_mod.in_your_book(),
        pl.col("messages_sent").fill_null(0) + pl.col("messages_received").fill_null(0)
    ).iter_rows()}
    for it in outreach:
        r = info.get(it["person_id"], {})
        g, n, book, messages = given.get(it["person_id"], (None, None, False, 0))
        last = drafts_mod.recalled_contact(r.get("last"), messages, r.get("talks"))
        subject, body = drafts_mod.draft(templates, it["section"], {
            "name": it["name"], "given_name": g, "nickname": n, "in_your_book": book,
            "last_contact": last, "need": r.get("need"), "action": it["action"],
            "my_name": sender}, [r.get(c) for c in noted])
        it["mailto"] = drafts_mod.mailto(it["email"], subject, body) if it["email"] else ""


def intro_links(intros: list[dict], rows: pl.DataFrame, people: pl.DataFrame,
                templates: dict | None, sender: str = "") -> list[dict]:
    """Each introduction (dicts) with helper_mailto and seeker_mailto: the two asks of the
    double opt-in, drafted (intro_asks: your notes about either withheld) and addressed to
    each one's first e-mail (rows' `mail`); "" for someone with none."""
    if not intros:
        return intros
    templates = templates or drafts_mod.load(None)
    ids = {r[k] for r in intros for k in ("seeker_id", "helper_id")}
    mine = rows.filter(pl.col("person_id").is_in(list(ids)))
    return intro_asks.add_links(
        intros, templates, intro_asks.people_names(people.filter(
            pl.col("person_id").is_in(list(ids)))),
        intro_asks.first_mail(mine, "mail"), intro_asks.noted_texts(mine), sender)
