"""Write the HTML worksheets (and the same rows as CSV) into one folder.

The caller passes a staging folder that is published as a whole, so a reader never sees half
of an old and half of a new set. Lists are split at `page_size` rows so that a network of
500,000 people is 1,000 pages a phone can open, not one page no browser can.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.errors import is_internal
from pipeline.incremental import worksheet_csv, worksheet_rows
from pipeline.notes.ledger import RECIPROCITY
from pipeline.notes.notes_frame import NOTES
from pipeline.worksheets import cards, enrichment, pages, plan, plan_week
from pipeline.worksheets import rows as R
from pipeline.worksheets.output import Writer, as_text, neutralise_expr

# A network's HTML lists at most this many people (40 pages of 500): its warmest, in name
# order. Nobody browses 800 pages; at a million records the full HTML was ~600 MB and a third
# of the outreach stage. The CSV twin lists everyone; `kith networks NAME` and `kith serve`
# find anyone.
MAX_CARDS = 20_000
# From this many people on, the worksheets' rows are computed in two threads (_side_pool).
# A module setting: the tests render both ways and compare the files.
SIDE_THREAD_FROM = 20_000


def render(folder: Path, *, people: pl.DataFrame, networks: pl.DataFrame,
           targets: pl.DataFrame, review: pl.DataFrame, notes: pl.DataFrame | None,
           reciprocity: pl.DataFrame | None, changes: pl.DataFrame | None, refreshed_at: str,
           as_of: dt.date, page_size: int = 500,
           plan_sizes: dict[str, int] | None = None, openings: pl.DataFrame | None = None,
           companies: pl.DataFrame | None = None, drafts: dict | None = None,
           intro_closed: pl.DataFrame | None = None, keep: dict | None = None,
           intro_exclude: pl.Series | None = None,
           max_cards: int = MAX_CARDS, memo: worksheet_rows.Memo | None = None,
           sender: str = "", plan_kept: dict[str, list[str]] | None = None,
           plan_shown: pl.DataFrame | None = None, first_run: bool = False) -> list[str]:
    """Write every worksheet into `folder`; returns the relative paths written.
    `intro_closed`: introductions the user answered; `intro_exclude`: person ids on neither
    side of one (the owner's own cards); `keep` receives the frames the run also
    publishes (keep["introductions"]). A network's pages show at most `max_cards` people (its
    warmest); its CSV lists every member. `memo`: see pipeline.incremental.worksheet_rows.
    `sender`: the user's name, signing the drafted messages. `plan_kept`: who an earlier run
    of this plan's week showed (plan_week.kept); keep["plan_week"] receives this plan's
    record. `plan_shown`: the week the plan last showed each person (plan_week.shown);
    keep["plan_shown"] receives it with this plan's people. `first_run`: no earlier run to compare with (the index says so, not "Nothing
    changed")."""
    if page_size < 1 or max_cards < 1:
        raise ValueError("page_size and max_cards must be at least 1")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    notes = notes if notes is not None else pl.DataFrame(schema=NOTES)
    reciprocity = reciprocity if reciprocity is not None else pl.DataFrame(schema=RECIPROCITY)

    # People sorted once by name: every list below keeps this order (joins maintain it). A
    # re-dated night takes what does not move with the date from the night before (`memo`).
    rows, lists, at = worksheet_rows.rows_and_lists(people, networks, notes, reciprocity,
                                                    as_of, memo)
    lists[R.UNTAGGED] = R.own_cards_marked(lists[R.UNTAGGED], intro_exclude)
    spliced = memo is not None and memo.used and memo.csv_previous is not None
    text = _CardText(rows, whole=not spliced)
    nets = worksheet_csv.NetworkCsv(
        folder, memo.csv_previous if spliced else None,
        (lambda: text.dated(_dated_csv(as_of))) if memo is not None else None)
    if at is None:  # rows from the memo: each member's position in them (rows' positions)
        at = {net: _positions(rows, f, nets, net) for net, f in lists.items()}

    w = Writer(folder, pages.common(lists, refreshed_at, as_of), page_size)
    side = _side_pool(rows.height)
    try:
        # The networks' CSV files (every member: the CSV thread's longest work) are queued
        # first, so they are written while this thread builds everything else.
        _network_csvs(w, lists, text, nets, at)
        shown = {net: warmest(f, rows, max_cards, at[net]) for net, f in lists.items()}
        home = R.homes(shown, page_size)
        # Independent of the plan's rows below and of each other: computed in a second
        # thread (polars releases the GIL while it works) so both cores build the
        # worksheets; every file is still written here, in the same order.
        made = side.submit(enrichment.frames, rows, people, openings, companies, home, as_of,
                           intro_closed, intro_exclude,
                           review if {"person_id_l", "person_id_r"} <= set(review.columns)
                           else None)
        parts = side.submit(_card_parts, rows, shown)
        target_rows = R.target_rows(targets, rows, home)
        reconnect = R.reconnect_rows(rows, people, home)
        review_rows = R.review_rows(review, home, rows)
        checks = R.notes_to_check(notes, home)
        outreach = plan.build(rows, target_rows, reconnect, reciprocity, home, as_of,
                              plan_sizes, plan_kept, plan_shown)
        if keep is not None:
            keep["plan_week"] = plan_week.state(outreach, as_of)
            keep["plan_shown"] = plan_week.shown_since(plan_shown, keep["plan_week"])
        enrichment.add_drafts(outreach, rows, people, drafts, sender)
        enriched = enrichment.write(w, made.result(), keep, {
            "rows": rows, "people": people, "templates": drafts, "sender": sender})
        enriched = {**enriched, "first_run": first_run}
        pages.write_pages(w, lists, shown, parts.result(), home, target_rows, reconnect,
                          review, review_rows, checks, outreach, changes, people, rows, enriched)
    finally:
        side.shutdown(wait=True, cancel_futures=True)
        w.close()
    if memo is not None:
        memo.fresh.update(nets.memo())  # what the next re-dated night splices from
        memo.csv_rows_encoded, memo.csv_spliced = nets.rows_encoded, nets.spliced
    return w.written


def _dated_csv(as_of: dt.date) -> list[str]:
    """The network CSV columns that move with the date (rows.dated_columns)."""
    return [c for c in R.CARD_CSV if c in R.dated_columns(as_of)]


class _CardText:
    """Every person's card texts as the network CSVs print them (as_text of the rows'
    R.CARD_CSV columns), made once, by the first caller (the CSV thread), and gathered for
    each network: a person in two networks is not made text twice, and the dated texts the
    next night compares are these columns too. `whole=False` (a re-dated night, whose CSV
    files are spliced): only the dated texts are made for everyone, and the others only for
    the rows a file encodes again (a tenth of them at a million people: making every text
    was ~0.45 CPU-s, 170 MB); the same text, as_text being value by value."""

    def __init__(self, rows: pl.DataFrame, whole: bool = True) -> None:
        self.rows, self.text, self.lock, self.whole = rows, None, threading.Lock(), whole

    def __call__(self) -> pl.DataFrame:
        with self.lock:
            if self.text is None:
                self.text = as_text(self.rows.select(list(R.CARD_CSV)))
            return self.text

    def dated(self, columns: list[str]) -> pl.DataFrame:
        """The texts of `columns` (R.CARD_CSV columns) for every row."""
        if self.whole or self.text is not None:
            return self().select(columns)
        return as_text(self.rows.select(columns))

    def gather(self, at: np.ndarray) -> pl.DataFrame:
        """The card texts of the rows at positions `at`, in that order."""
        if self.whole or self.text is not None:
            return self()[at]
        return as_text(self.rows.select(list(R.CARD_CSV))[at])

    def release(self) -> None:
        """Once the last network's CSV is written (~170 MB at a million people)."""
        with self.lock:
            self.text = None


def _network_csv(text: _CardText, members: pl.DataFrame, at: np.ndarray, order: list[str]):
    """The frame of a network's CSV (every member, or those a numpy mask picks): the
    member's reasons and their card texts, gathered by position in the rows."""

    def frame(mask: np.ndarray | None) -> pl.DataFrame:
        part = members if mask is None else members.filter(pl.Series(mask))
        cards = (text()[at] if mask is None else text.gather(at[mask])).rename(R.CARD_CSV)
        return cards.with_columns(part.select(
            **{R.REASONS_CSV: neutralise_expr(pl.col("reasons"))})).select(order)
    return frame


def _positions(rows: pl.DataFrame, members: pl.DataFrame, nets, net: str) -> np.ndarray:
    """Each member's position in `rows`: the night before's when its members are the same."""
    prev = nets.previous.networks.get(net) if nets.previous is not None else None
    ids = members["person_id"]
    if prev is not None and len(prev[0]) == ids.len() and (
            ids.len() == 0 or rows["person_id"].gather(prev[0]).equals(ids)):
        return prev[0]
    return (members.select("person_id")
            .join(rows.select("person_id").with_row_index("_row"), on="person_id",
                  how="left", maintain_order="left")["_row"].to_numpy().astype(np.int64))


def warmest(members: pl.DataFrame, rows: pl.DataFrame, limit: int,
            at: np.ndarray | None = None) -> pl.DataFrame:
    """`members` (in page order) cut to its `limit` warmest, still in page order; ties go to
    the earlier name, so the cut is deterministic. `at`: each member's position in `rows`
    (else they are joined on person_id)."""
    if members.height <= limit:
        return members
    if at is not None:
        warmth = rows["warmth_num"].gather(at)
    else:
        warmth = (members.select("person_id")
                  .join(rows.select("person_id", "warmth_num"), on="person_id", how="left",
                        maintain_order="left"))["warmth_num"]
    return members[top_positions(warmth, limit)]


def top_positions(values: pl.Series, limit: int) -> np.ndarray:
    """The positions of the `limit` largest values, in position order: a sort by value
    (descending, nulls last) then position, cut to `limit`, its positions sorted. Selected
    by a threshold instead (the `limit`-th largest value, and the earliest of the values
    equal to it): at a million people the four networks' sorts were ~0.3 CPU-s a run."""
    if values.len() <= limit:
        return np.arange(values.len(), dtype=np.int64)
    known = values.is_not_null().to_numpy()
    data = values.fill_null(0.0).cast(pl.Float64).to_numpy()
    if np.isnan(data).any() or (np.signbit(data) & (data == 0.0)).any():
        # NaN sorts above every number and -0.0 is 0.0's tie: the sort says what they mean
        keep = (pl.DataFrame([values.alias("v")]).with_row_index("_i")
                .sort("v", "_i", descending=[True, False], nulls_last=True)
                .head(limit)["_i"].sort())
        return keep.to_numpy().astype(np.int64)
    count = int(known.sum())
    if count <= limit:  # every value, then the first nulls
        return np.flatnonzero(known | (np.cumsum(~known) <= limit - count)).astype(np.int64)
    present = data[known]
    kth = np.partition(present, count - limit)[count - limit]  # the limit-th largest
    above = known & (data > kth)
    ties = np.flatnonzero(known & (data == kth))[: limit - int(above.sum())]
    above[ties] = True
    return np.flatnonzero(above).astype(np.int64)


def _network_csvs(w: Writer, lists, text: _CardText, nets, at) -> None:
    """Each network's CSV file (every member), written in the CSV thread."""
    csv_order = ["person_id", "name", R.REASONS_CSV,
                 *[c for c in R.CARD_CSV.values() if c not in ("person_id", "name")]]

    def write(net: str, frame, at_net: np.ndarray, last: bool) -> None:
        nets.write(net, f"{net}.csv", frame, at_net)
        if last:
            text.release()

    for i, (net, members_net) in enumerate(lists.items()):
        w.job(f"{net}.csv", write, net, _network_csv(text, members_net, at[net], csv_order),
              at[net], i == len(lists) - 1)


def _card_parts(rows: pl.DataFrame, shown: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Card markup, made once per person shown on a network page (then joined to each). The
    rows are cut to the columns the cards read before the people shown are picked: a semi
    join gathered all ~60 columns of the ~77,000 picked at a million records (~0.25 CPU-s);
    the pick is a membership filter, which keeps the same rows in the same order."""
    on_pages = pl.concat([f.select("person_id") for f in shown.values()])["person_id"]
    picked = rows.select(cards.person_parts_reads()).filter(
        pl.col("person_id").is_in(on_pages.implode()))
    return cards.person_parts(picked)


def _side_pool(people: int):
    """The second thread the worksheets' rows are computed in, or, below SIDE_THREAD_FROM
    people (where a thread costs more than it saves), the calling thread itself."""
    if people >= SIDE_THREAD_FROM:
        return ThreadPoolExecutor(1, thread_name_prefix="kith-sheets")
    return _InThread()


class _InThread:
    """An executor that runs each call at once, in the caller's thread."""

    def submit(self, fn, *args) -> Future:
        done: Future = Future()
        try:
            done.set_result(fn(*args))
        except BaseException as exc:  # re-raised by result(), as a pool would
            if not is_internal(exc):  # a library's panic counts too
                raise
            done.set_exception(exc)
        return done

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass
