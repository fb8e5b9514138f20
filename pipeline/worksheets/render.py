"""Write the HTML worksheets (and the same rows as CSV) into one folder.

The caller passes a staging folder that is published as a whole, so a reader never sees half
of an old and half of a new set. Lists are split at `page_size` rows so that a network of
500,000 people is 1,000 pages a phone can open, not one page no browser can.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from jinja2 import Environment, PackageLoader, StrictUndefined

from pipeline.notes.ledger import RECIPROCITY
from pipeline.notes.notes_file import NOTES
from pipeline.worksheets import assets, cards, csp, csvout, plan
from pipeline.worksheets import rows as R
from pipeline.worksheets.html import fragments

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
             ("dnc", "do not contact")]
# pipeline/changes.py's kinds, in its order: job changes first (a reason to get in touch).
CHANGE_LABELS = {"job": "Job changes", "title": "New titles", "new": "New people",
                 "interactions": "New interactions", "merged": "Merged", "split": "Split",
                 "gone": "People gone"}
CHANGES_SHOWN = 50
CHECKS_SHOWN = 200


@dataclass
class Pager:
    stem: str
    number: int
    count: int
    size: int
    total: int
    index: list[tuple[str, str]] = field(default_factory=list)

    def file(self, n: int) -> str:
        return f"{self.stem}.html" if n == 1 else f"{self.stem}-{n}.html"

    first = property(lambda self: self.file(1))
    last = property(lambda self: self.file(self.count))
    prev = property(lambda self: self.file(self.number - 1) if self.number > 1 else "")
    next = property(lambda self: self.file(self.number + 1) if self.number < self.count else "")


def environment() -> Environment:
    # autoescape=True, not select_autoescape(): every template is HTML (field notes).
    return Environment(loader=PackageLoader("pipeline", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


class Writer:
    """Writes pages in the calling thread and CSV files in a second one: polars releases the
    GIL while it formats and writes CSV, so that overlaps the Python-bound page loop."""

    def __init__(self, folder: Path, common: dict, page_size: int):
        self.folder, self.common, self.page_size = folder, common, page_size
        self.env = environment()
        self.written: list[str] = []
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kith-csv")
        self.pending: list = []

    def close(self) -> None:
        """Wait for the CSV files (re-raising a failure) and stop the thread."""
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def text(self, rel: str, content: str) -> None:
        fd = os.open(self.folder / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        self.written.append(rel)

    def csv(self, rel: str, frame: pl.DataFrame, neutralised: bool = False) -> None:
        self.pending.append(self.pool.submit(csvout.write_csv, frame, self.folder / rel,
                                             neutralised=neutralised))
        self.written.append(rel)

    def page(self, template: str, rel: str, **ctx) -> None:
        fd = os.open(self.folder / rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # Streamed: a 500-card page is not copied into one more big string.
            self.env.get_template(template).stream(**self.common, current=rel, **ctx).dump(fh)
        self.written.append(rel)

    def pages(self, template: str, stem: str, frame: pl.DataFrame, label: str, *,
              grouped: str | None = None, **ctx) -> None:
        """One page per `page_size` rows of `frame` (which has an `html` column); `label`
        names a page in the page index. With `grouped`, a page's rows are split into
        (value, items) groups on that column (targets: one table per company)."""
        total = frame.height
        count = max(1, -(-total // self.page_size))
        index = []
        if count > 1:
            bounds = (R.with_pages(frame.select(label), stem, self.page_size)
                      .group_by("page", "file", maintain_order=True)
                      .agg(a=pl.col(label).first(), b=pl.col(label).last()))
            index = [(f, a if a == b else f"{a} – {b}") for _, f, a, b in bounds.rows()]
        for n in range(1, count + 1):
            part = frame.slice((n - 1) * self.page_size, self.page_size)
            pager = Pager(stem, n, count, part.height, total, index if n == 1 else [])
            if grouped:
                groups = part.group_by(grouped, maintain_order=True).agg("html")
                ctx["groups"] = [(g, fragments(h)) for g, h in groups.rows()]
            else:
                ctx["items"] = fragments(part["html"])
            self.page(template, pager.file(n), pager=pager, **ctx)


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


def render(folder: Path, *, people: pl.DataFrame, networks: pl.DataFrame,
           targets: pl.DataFrame, review: pl.DataFrame, notes: pl.DataFrame | None,
           reciprocity: pl.DataFrame | None, changes: pl.DataFrame | None, refreshed_at: str,
           as_of: dt.date, page_size: int = 500) -> list[str]:
    """Write every worksheet into `folder`; returns the relative paths written."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    notes = notes if notes is not None else pl.DataFrame(schema=NOTES)
    reciprocity = reciprocity if reciprocity is not None else pl.DataFrame(schema=RECIPROCITY)

    # People sorted once by name: every list below keeps this order (joins maintain it).
    rows = R.base(people, notes, reciprocity, as_of).sort("sort_key", "person_id")
    members = R.memberships(people, networks)
    lists = R.network_lists(members, rows.select("person_id"))
    home = R.homes(lists, page_size)
    target_rows = R.target_rows(targets, rows, home)
    reconnect = R.reconnect_rows(rows, people, home)
    review_rows = R.review_rows(review, home)
    checks = R.notes_to_check(notes, home)
    outreach = plan.build(rows, target_rows, reconnect, reciprocity, home, as_of)

    nav = [("index.html", "Overview")]
    nav += [(f"{net}.html", TITLES.get(net, net.capitalize())) for net in lists]
    nav += [("targets.html", "Targets"), ("reconnect.html", "Reconnect"),
            ("review.html", "Review")]
    common = {"inline": csp.inline(assets.JS, assets.CSS), "nav": nav,
              "refreshed_at": refreshed_at, "as_of": as_of.isoformat()}
    w = Writer(folder, common, page_size)
    try:
        _write_all(w, lists, rows, home, target_rows, reconnect, review, review_rows, checks,
                   outreach, changes, people)
    finally:
        w.close()
    return w.written


def _write_all(w: Writer, lists, rows, home, target_rows, reconnect, review, review_rows,
               checks, outreach, changes, people) -> None:
    # Card markup and CSV text are made once per person, then joined to each network.
    parts = cards.person_parts(rows)
    card_text = (csvout.as_text(rows.select(list(R.CARD_CSV))).rename(R.CARD_CSV)
                 .with_columns(_key=rows["person_id"]))
    csv_order = ["person_id", "name", R.REASONS_CSV,
                 *[c for c in R.CARD_CSV.values() if c not in ("person_id", "name")]]
    for net, members_net in lists.items():
        title = TITLES.get(net, net.capitalize())
        w.pages("network.html", net, cards.network_cards(members_net, parts), "name",
                title=f"{title} ({members_net.height})", sorts=CARD_SORTS, tags=CARD_TAGS,
                intro=INTROS.get(net, f"People the {net} rules matched."))
        w.csv(f"{net}.csv", members_net.select(
            _key="person_id", **{R.REASONS_CSV: csvout.neutralise_expr(pl.col("reasons"))})
            .join(card_text, on="_key", how="left", maintain_order="left").select(csv_order),
            neutralised=True)

    w.pages("targets.html", "targets", cards.target_rows(target_rows), "target",
            grouped="target", title=f"Targets ({target_rows['target'].n_unique()} companies)",
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

    w.pages("review.html", "review", cards.review_rows(review_rows), "name_l",
            title=f"Review duplicates ({review_rows.height})",
            sorts=[("weight:desc:num", "Most likely first"), ("name:asc", "Name")], tags=[],
            checks=checks.head(CHECKS_SHOWN).to_dicts(),
            more_checks=max(0, checks.height - CHECKS_SHOWN))
    w.csv("review.csv", review_rows.select(list(review.columns)))
    w.csv("notes_to_check.csv", checks.select("person_id", "name", "kith_flag", "kith_status",
                                              "need", "offer", "next_step"))
    w.csv("plan.csv", plan.as_frame(outreach))
    if changes is not None:
        w.csv("changes.csv", changes)

    _index(w, people, rows, lists, outreach, reconnect, review_rows, checks,
           _changes(changes, home))


def _index(w: Writer, people, rows, lists, outreach, reconnect, review_rows, checks,
           changes) -> None:
    counts = [(f"{net}.html", TITLES.get(net, net.capitalize()), f.height)
              for net, f in lists.items()]
    n_notes = rows.filter(pl.col("tags").str.contains("noted")).height
    n_dnc = rows.filter(pl.col("dnc")).height
    summary = (f"{people.height} people in all; a person can be in more than one network. "
               f"{n_notes} with notes, {n_dnc} marked do-not-contact.")
    sections = [(plan.TITLES[s], [it for it in outreach if it["section"] == s])
                for s in plan.LIMITS]
    links = [(f"{net}.html", TITLES.get(net, net.capitalize()),
              f"{f.height} people; CSV: {net}.csv") for net, f in lists.items()]
    links += [("targets.html", "Targets", "who can refer you, per target company"),
              ("reconnect.html", "Reconnect", f"{reconnect.height} dormant ties"),
              ("review.html", "Review", f"{review_rows.height} possible duplicates, "
                                        f"{checks.height} notes to check")]
    w.page("index.html", "index.html", title="kith worksheets", counts=counts, summary=summary,
           plan=[s for s in sections if s[1]], links=links, changes=changes)
