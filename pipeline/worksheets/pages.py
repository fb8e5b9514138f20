"""The worksheet pages and their CSV twins, written from the rows pipeline.worksheets.render
has computed: the network pages, targets, reconnect, review, the plan's and the changes' CSV
files, and the index (overview) page with its counts, plan and changes.

Apart from render, which computes the rows (in two threads from SIDE_THREAD_FROM people on),
cuts the networks to their warmest and writes the network CSVs: this is only what each page
shows (and the navigation every page carries) and how it is titled, sorted and tagged, one
page after another in a fixed order.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline.worksheets import cards, csp, plan
from pipeline.worksheets import rows as R
from pipeline.worksheets.output import Writer

INTROS = {
    "peer": "People at your level: colleagues, former co-workers, friends in your field. They "
            "hear of openings first; ask what they need and tell them what you are looking for.",
    "business": "Recruiters, hiring managers, clients and people at companies you work with or "
                "target: be specific about the role you want.",
    "community": "Alumni, volunteering, clubs and neighbours: people who know you outside "
                 "work and are often glad to introduce you on.",
    R.UNTAGGED: "People no network rule matched yet. Tag them (networks file or a per-person "
                "override) so they appear where they belong.",
}
TITLES = {"peer": "Peers", "business": "Business", "community": "Community",
          R.UNTAGGED: "Untagged"}
CARD_SORTS = [("name:asc", "Name"), ("warmth:desc:num", "Warmest first"),
              ("due:asc", "Follow-up due"), ("last:desc", "Last contact"),
              ("balance:asc:num", "Give/ask balance")]
CARD_TAGS = [("due", "follow-up due this week"), ("overdue", "overdue"),
             ("owe", "you owe them"), ("askfirst", "asked more than given"),
             ("dormant", "dormant"), ("noted", "has notes"), ("referral", "referral"),
             ("dnc", "do not contact"), ("cold", "cold ties")]
# pipeline/changes.py's kinds, in its order: job changes first (a reason to get in touch).
CHANGE_LABELS = {"job": "Job changes", "title": "New titles", "back": "Back in your exports",
                 "new": "New people",
                 "interactions": "New interactions", "merged": "Merged", "split": "Split",
                 "gone": "People gone"}
CHANGES_SHOWN = 50
CHECKS_SHOWN = 200


def common(lists: dict, refreshed_at: str, as_of: dt.date) -> dict:
    """What every page shows: the navigation (the index, each network, then the other
    pages), the inline script and style, and the run's times."""
    nav = [("index.html", "Overview")]
    nav += [(f"{net}.html", TITLES.get(net, net.capitalize())) for net in lists]
    nav += [("targets.html", "Targets"), ("reconnect.html", "Reconnect"),
            ("review.html", "Review"), ("introductions.html", "Introductions"),
            ("companies.html", "Companies")]
    return {"inline": csp.inline(csp.JS, csp.CSS), "nav": nav,
            "refreshed_at": refreshed_at, "as_of": as_of.isoformat()}


def _targets_title(n: int) -> str:
    return f"Targets ({n} {'company' if n == 1 else 'companies'})"  # not "1 companies"


def _changes(changes: pl.DataFrame | None, home: pl.DataFrame):
    if changes is None:
        return None
    frame = (changes.join(home, on="person_id", how="left")
             .with_columns([R._s(pl.col(c)) for c in ("display_name", "detail", "href")]))
    kinds = frame["change"].unique(maintain_order=True).to_list()
    order = [k for k in CHANGE_LABELS if k in kinds] + sorted(
        str(k) for k in kinds if k not in CHANGE_LABELS)
    out = []
    for kind in order:
        part = frame.filter(pl.col("change") == kind).sort("display_name", "person_id")
        out.append((CHANGE_LABELS.get(kind, kind), part.height,
                    part.head(CHANGES_SHOWN).to_dicts()))
    return out


def _bounded_intro(net: str, shown: int, total: int) -> str:
    intro = INTROS.get(net, f"People the {net} rules matched.")
    if shown == total:
        return intro
    return (f"{intro} These pages show the {shown:,} warmest of its {total:,} people; {net}.csv "
            "lists them all, and `kith networks NAME` or `kith serve` finds anyone.")


def write_pages(w: Writer, lists, shown, parts, home, target_rows, reconnect, review,
                review_rows, checks, outreach, changes, people, rows, enriched) -> None:
    """Every page and CSV file but the network CSVs (render) and the enrichment pages
    (pipeline.worksheets.enrichment.write), in a fixed order, the index last."""
    for net, members_net in lists.items():
        title = TITLES.get(net, net.capitalize())
        page_net = shown[net]
        count = (f"{members_net.height}" if page_net.height == members_net.height
                 else f"{page_net.height} of {members_net.height}")
        w.pages("network.html", net, cards.network_cards(page_net, parts), "name",
                title=f"{title} ({count})", sorts=CARD_SORTS, tags=CARD_TAGS,
                intro=_bounded_intro(net, page_net.height, members_net.height))

    w.pages("targets.html", "targets", cards.target_rows_html(target_rows), "target",
            grouped="target", title=_targets_title(target_rows["target"].n_unique()),
            sorts=[("rank:asc:num", "Best path first"), ("warmth:desc:num", "Warmest"),
                   ("name:asc", "Name")],
            tags=[("askfirst", "asked more than given"), ("referral", "referral")])
    w.csv("targets.csv", target_rows.select(
        "target", "rank", "name", "person_id", "relation", "work", "warmth", "reason",
        pl.col("emails_all").alias("emails"), pl.col("phones_all").alias("phones"),
        pl.col("linkedin_all").alias("linkedin"), "referral", pl.col("need").alias("needs"),
        "ledger_flag"))

    w.pages("reconnect.html", "reconnect", cards.reconnect_rows(reconnect), "name",
            title=f"Reconnect ({reconnect.height})",
            sorts=[CARD_SORTS[1], CARD_SORTS[0], CARD_SORTS[3]],
            tags=[("noted", "has notes"), ("owe", "you owe them")])
    w.csv("reconnect.csv", reconnect.select(list(R.CARD_CSV)).rename(R.CARD_CSV))

    w.pages("review.html", "review", cards.review_rows_html(review_rows), "name_l",
            title=f"Review duplicates ({review_rows.height})",
            sorts=[("rank:asc:num", "Most valuable first"),
                   ("weight:desc:num", "Most likely first"), ("name:asc", "Name")], tags=[],
            checks=checks.head(CHECKS_SHOWN).to_dicts(),
            more_checks=max(0, checks.height - CHECKS_SHOWN))
    w.csv("review.csv", review_rows.select(list(review.columns)))
    w.csv("notes_to_check.csv", checks.select("person_id", "name", "kith_flag", "kith_status",
                                              "need", "offer", "next_step"))
    w.csv("plan.csv", plan.as_frame(outreach))
    if changes is not None:
        w.csv("changes.csv", changes)

    _index(w, people, rows, lists, outreach, reconnect, review_rows, checks,
           _changes(changes, home), enriched)


def _index(w: Writer, people, rows, lists, outreach, reconnect, review_rows, checks,
           changes, enriched=None) -> None:
    counts = [(f"{net}.html", TITLES.get(net, net.capitalize()), f.height)
              for net, f in lists.items()]
    # counted, not filtered: a filter copies every column of 600,000 rows to count them
    n_notes, n_dnc, n_cold = rows.select(
        pl.col("tags").str.contains("noted").sum(), pl.col("dnc").sum(),
        pl.col("tags").str.contains("cold").sum().alias("cold")).row(0)
    summary = (f"{people.height} people in all; a person can be in more than one network. "
               f"{n_notes} with notes, {n_dnc} marked do-not-contact. "
               f"{people.height - n_cold} relationships get follow-ups; {n_cold} cold ties "
               "are listed but never due.")
    sections = [(plan.TITLES[s], [it for it in outreach if it["section"] == s])
                for s in plan.LIMITS]
    links = [(f"{net}.html", TITLES.get(net, net.capitalize()),
              f"{f.height} people; CSV: {net}.csv") for net, f in lists.items()]
    links += [("targets.html", "Targets", "who can refer you, per target company"),
              ("reconnect.html", "Reconnect", f"{reconnect.height} dormant ties"),
              ("review.html", "Review", f"{review_rows.height} possible duplicates, "
                                        f"{checks.height} notes to check")]
    enriched = enriched or {"intros": [], "intros_total": 0, "openings": [],
                            "openings_total": 0}
    links += [("introductions.html", "Introductions",
               f"{enriched['intros_total']} introductions you could make; who mentioned "
               "openings"),
              ("companies.html", "Companies", "organisations your people work at, now or before")]
    w.page("index.html", "index.html", title="kith worksheets", counts=counts, summary=summary,
           plan=[s for s in sections if s[1]], links=links, changes=changes, **enriched)
