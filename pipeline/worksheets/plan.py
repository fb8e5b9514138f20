"""This week's outreach plan: a short list, in the order the practice puts first.

1. Follow-ups that are due (a promise kept is the cheapest trust there is).
2. Warm paths into target companies (ask for a referral, but offer help first when the
   ledger says I have been asking more than giving, and return the favour first to someone
   I owe one).
3. Dormant ties worth reviving (warm once: they remember me).
4. People I owe a favour.

A person appears once, in the first section that wants them. Do-not-contact people never
appear. Each section is cut short on purpose: a plan of 200 people is not a plan. Its size is
the user's (`[plan]` in kith.toml). Follow-ups come only from relationships (cold ties have no
follow-up date, see pipeline/keep_in_touch.py).

The plan rotates: when a section has more candidates than it shows, it shows first those it
never showed, then those it showed longest ago (plan_week's record of the weeks before), in
the order of a window that moves on by its size every week; so next week shows the next
people and every candidate comes round before anyone is shown again. Follow-up dates the user
typed and next steps they noted are promises and are never rotated away. The same as-of date
and record always give the same plan.

Within a week the plan holds still: the people an earlier run of the same week showed (`kept`,
pipeline/worksheets/plan_week.py) stay in their section, in the order shown, while they are
still its candidates; freed places are filled from the rotation. The same inputs and the same
record give the same plan.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import polars as pl

from pipeline.notes.ledger import OWE

LIMITS = {"follow_up": 10, "target": 8, "dormant": 3, "owe": 5}
# kith.toml's [plan] keys -> sections.
SIZE_KEYS = {"follow_ups": "follow_up", "targets": "target", "reconnects": "dormant",
             "owed": "owe"}
MAX_SIZE = 200
TITLES = {
    "follow_up": "Follow-ups due",
    "target": "Warm paths into target companies",
    "dormant": "Dormant ties worth reviving",
    "owe": "People you owe a favour",
}
PLAN_COLUMNS = ["section", "name", "person_id", "why", "action", "email", "phone", "linkedin",
                "href"]


def parse_sizes(raw: object) -> dict[str, int]:
    """kith.toml's [plan] table -> section sizes (ValueError says what is wrong)."""
    if not isinstance(raw, dict) or set(raw) - set(SIZE_KEYS):
        raise ValueError(f"[plan] takes only {', '.join(SIZE_KEYS)}")
    sizes = dict(LIMITS)
    for key, value in raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SIZE:
            raise ValueError(f"plan.{key} must be a whole number from 0 to {MAX_SIZE}")
        sizes[SIZE_KEYS[key]] = value
    return sizes


class Seen(NamedTuple):
    """What the plan's record says of one section: `kept`, the people an earlier run of this
    week showed, in order (plan_week.kept); `shown`, person_id -> last_week, the week the
    section last showed each person (plan_week.shown)."""
    kept: list[str] | None = None
    shown: pl.DataFrame | None = None


NO_RECORD = Seen()


def week_number(as_of: dt.date) -> int:
    """Weeks since 0001-01-01 (a Monday): changes every Monday."""
    return (as_of.toordinal() - 1) // 7


def week_end(as_of: dt.date) -> dt.date:
    """The last day this week's plan covers: the as-of's Sunday, or next Sunday from a
    Saturday or Sunday (a weekend run plans the coming week, as plan --ics does). It was
    as_of + 7 days: a follow-up snoozed a week on Monday (due next Monday) was back the next
    night, first, as a date you typed (adversarial28)."""
    sunday = as_of + dt.timedelta(days=6 - as_of.weekday())
    return sunday + dt.timedelta(days=7) if as_of.weekday() >= 5 else sunday


def rotate(frame: pl.DataFrame, size: int, week: int,
           shown: pl.DataFrame | None = None) -> pl.DataFrame:
    """`frame` (in priority order) from this week's window on: the first `size * 3` rows
    (the extra rows stand in for people an earlier section took).

    `shown` (person_id, last_week: the week this section last showed each person, from
    plan_week.shown) puts the people it never showed first, then those it showed longest ago;
    within each, the order is the week's window wrapping round. With no record the window
    alone decides: it is the week's place in a cycle of ceil(n / size) weeks, starting at
    (week mod cycle) x size. A window alone repeated people whenever the number due crossed a
    multiple of the size (the cycle's length changed) and in the cycle's last, wrapping week
    (user36: week two repeated 8 of week one's 9); the record makes every candidate come round
    before anyone is shown again, whatever the number due does."""
    n = frame.height
    if n <= size or size == 0:
        return frame.head(size * 3)
    start = (week % -(-n // size)) * size
    take = min(size * 3, n)
    if shown is not None and shown.height:
        order = (frame.select("person_id").with_row_index("_row")
                 .join(shown, on="person_id", how="left")
                 .with_columns(_place=(pl.col("_row").cast(pl.Int64) - start) % n)
                 .sort(["last_week", "_place"], nulls_last=False))
        return frame[order["_row"].head(take).to_list()]
    # rows start.. then from the top: two slices, not a sort of every row and column (the
    # reconnect list's ~45k dormant people and their ~80 columns at a million records)
    head = frame.slice(start, take)
    return pl.concat([head, frame.slice(0, take - head.height)]) if head.height < take else head


def held_first(window: pl.DataFrame, candidates: pl.DataFrame,
               kept: list[str] | None) -> pl.DataFrame:
    """The `kept` people (shown earlier this week) who are still among `candidates`, in the
    order shown, then `window` without them: one Done no longer moves the whole window."""
    if not kept:
        return window
    order = pl.DataFrame({"person_id": kept, "_shown": range(len(kept))},
                         schema={"person_id": pl.String, "_shown": pl.Int64})
    held = (candidates.join(order, on="person_id", how="inner")
            .sort("_shown", maintain_order=True)
            .unique("person_id", keep="first", maintain_order=True).drop("_shown"))
    rest = window.filter(~pl.col("person_id").is_in(held["person_id"].implode()))
    return pl.concat([held, rest]) if held.height else window


def _follow_ups(rows: pl.DataFrame, as_of: dt.date, size: int,
                seen: Seen = NO_RECORD) -> list[dict]:
    """Follow-ups due by week_end. The user's own promises come first, by date: a date they
    typed, or a next step they noted (due now when nothing else dates it; it sorted with the
    computed ones and waited weeks behind ties "overdue since 2013", user36). Computed ones
    follow, warmest first, so a warm contact a week late outranks a cold one ten years "late";
    those rotate week by week when there are more than fit, and those shown earlier this week
    (`seen.kept`) come before the window while they are due."""
    soon = week_end(as_of)
    promise = (pl.col("follow_up_typed").fill_null(False)
               | (pl.col("next_step").fill_null("").str.strip_chars() != ""))
    candidates = (rows.filter(pl.col("follow_up_due") <= soon)
                  .sort(["warmth_num", "follow_up_due", "sort_key"],
                        descending=[True, False, False], nulls_last=True))
    promised = candidates.filter(promise).sort("follow_up_due", "sort_key")
    pool = candidates.filter(~promise)
    computed = held_first(rotate(pool, size, week_number(as_of), seen.shown), pool, seen.kept)
    return follow_up_items(pl.concat([promised.head(size * 3), computed]), as_of)


def follow_up_items(due: pl.DataFrame, as_of: dt.date) -> list[dict]:
    """The follow-up items of `due` (rows, in plan order): why and what, in words. Also
    `kith plan`'s for follow-ups noted since the run (plan_noted)."""
    out = []
    for r in due.iter_rows(named=True):
        why = (f"overdue since {r['due']}" if r["due"] < as_of.isoformat() else f"due {r['due']}")
        why += " (your date)" if r["follow_up_typed"] else ""
        if not (r["last"] or r["follow_up_typed"]) and r["connected"] and r["due"] < as_of.isoformat():
            # never written to: a cadence from the connection date made it "overdue since
            # 2021-05-11", a reproach for a tie that never started (user38's proposal 3)
            why = f"no contact recorded since you connected on {r['connected']}"
        elif r["last"]:
            why += f"; last contact {r['last']}"
        elif r["connected"]:  # the due date counts from the connection: say so
            why += f"; no contact recorded since you connected on {r['connected']}"
        else:
            why += "; no contact recorded"
        # nothing on record to follow up: the first contact (a path, a label, a typed date)
        verb = "Follow up" if r["last"] else "Get in touch"
        if r["referral"]:  # a referral you noted is what to follow through (W17)
            verb = referral_action(r["referral"], r["path_target"])
        action = f"{verb}: {r['next_step']}" if r["next_step"] else verb
        if r["need"]:
            action += f" (they need: {r['need']})"
        out.append(_item("follow_up", r, why, action))
    return out


def referral_action(referral: str, target: str | None) -> str:
    """What to do about a referral status you noted ("asked: 2026-12-08"), in whichever
    section the person is: the target section and the follow-ups say it alike."""
    return f"Referral at {target}: {referral}; follow it through" if target else \
        f"Referral: {referral}; follow it through"


def path_targets(targets: pl.DataFrame) -> pl.DataFrame:
    """person_id -> path_target: the target company a person's best path leads into."""
    return (targets.sort("rank", "target", "person_id")
            .unique("person_id", keep="first", maintain_order=True)
            .select("person_id", path_target="target"))


def target_window(targets: pl.DataFrame, size: int, week: int,
                  shown: pl.DataFrame | None = None) -> pl.DataFrame:
    """Each target's best few paths: its first ceil(size / targets) by rank, taken a rank at a
    time (every target's best, then every target's second, ...), warmest first within a rank.
    With more targets than places (one path each) the best paths rotate week by week; paths
    ranked after those stand in for people an earlier section took. It was one path per
    target whatever `[plan] targets` said: two targets gave two people a week."""
    paths = targets.sort(["rank", "warmth_num", "target", "person_id"],
                         descending=[False, True, False, False], nulls_last=True)
    count = targets["target"].n_unique()
    if count == 0 or size == 0:
        return paths.head(0)
    per = -(-size // count)  # ceil
    best = paths.filter(pl.col("rank") <= per)
    return pl.concat([rotate(best, size, week, shown),
                      paths.filter(pl.col("rank") > per).head(size * 2)])


def _targets(targets: pl.DataFrame, size: int, week: int,
             seen: Seen = NO_RECORD) -> list[dict]:
    out = []
    window = target_window(targets, size, week, seen.shown)
    for r in held_first(window, targets.sort("rank", "target", "person_id"),
                        seen.kept).iter_rows(named=True):
        why = f"{r['target']}: {r['relation']}" + (f"; {r['reason']}" if r["reason"] else "")
        if r["referral"]:
            action = referral_action(r["referral"], r["target"])
        elif r["ledger_flag"].startswith("offer help"):
            action = (f"Offer help first ({r['need'] or 'ask what they need'}), then ask about "
                      f"{r['target']}")
        elif OWE in r["ledger_flag"]:
            # they gave and you did not give back: a referral ask comes after (round 31)
            action = (f"Return the favour first ({r['need'] or 'ask what they need'}), then "
                      f"ask about {r['target']}")
        else:
            # what they need, when you noted it, is to help with first: asking it again is
            # no give (round 31: "Ask what they need" for someone whose need you noted)
            first = (f"Help with what they need first ({r['need']}), then" if r["need"]
                     else "Ask what they need, then")
            # a former employee refers nobody; they know who is there now
            action = (f"{first} who they still know at {r['target']} and could introduce "
                      f"you to" if r["relation"] == "worked there"
                      else f"{first} ask for a referral at {r['target']}")
        out.append(_item("target", r, why, action))
    return out


def _dormant(reconnect: pl.DataFrame, size: int, week: int,
             seen: Seen = NO_RECORD) -> list[dict]:
    out = []
    window = rotate(reconnect, size, week, seen.shown)
    for r in held_first(window, reconnect, seen.kept).iter_rows(named=True):
        why = f"last contact {r['last'] or 'unknown'}" + (
            f"; warmth {r['warmth_text']}" if r["warmth_text"] else "")
        # a need you noted is what to help with: asking it again is no give (user36, as
        # round 31 for the target section); `offer` is what they can offer others, no action
        action = (f"Reconnect: help with what they need ({r['need']})" if r["need"]
                  else "Reconnect: ask what they are working on and what they need")
        out.append(_item("dormant", r, why, action))
    return out


def _owed(rows: pl.DataFrame, people_owes: pl.DataFrame, size: int, week: int,
          seen: Seen = NO_RECORD) -> list[dict]:
    owed = (rows.join(people_owes, on="person_id", how="inner")
            .sort(["_gap", "sort_key"], descending=[True, False]))
    out = []
    for r in held_first(rotate(owed, size, week, seen.shown), owed,
                        seen.kept).iter_rows(named=True):
        why = r["ledger"]
        action = (f"Return the favour: {r['need']}" if r["need"]
                  else "Return the favour: ask what they need")
        out.append(_item("owe", r, why, action))
    return out


def _item(section: str, r: dict, why: str, action: str) -> dict:
    return {"section": section, "name": r["name"], "person_id": r["person_id"], "why": why,
            "action": action, "email": (r["mail"] or [""])[0], "phone": (r["tel"] or [""])[0],
            "linkedin": r["li"], "href": r.get("href") or ""}


def build(rows: pl.DataFrame, targets: pl.DataFrame, reconnect: pl.DataFrame,
          recip: pl.DataFrame, home: pl.DataFrame, as_of: dt.date,
          sizes: dict[str, int] | None = None,
          kept: dict[str, list[str]] | None = None,
          shown: pl.DataFrame | None = None) -> list[dict]:
    """The plan as a list of items (section, name, why, action, contact, href); `sizes`:
    people per section (default LIMITS); `kept`: section -> the people an earlier run of this
    plan's week showed (plan_week.kept), held while they are still candidates; `shown`: the
    week each section last showed each person (plan_week.shown), for the rotation."""
    sizes = {**LIMITS, **(sizes or {})}
    before = week_number(week_end(as_of))  # the record's week of this plan
    seen = {section: Seen((kept or {}).get(section), _last_shown(shown, section, before))
            for section in LIMITS}
    week = week_number(as_of)
    needed = ["person_id", "name", "sort_key", "follow_up_due", "follow_up_typed", "due", "last",
              "connected", "warmth_num", "next_step", "need", "referral", "mail", "tel", "li",
              "ledger", "dnc"]
    live = (rows.select(needed).filter(~pl.col("dnc")).join(home, on="person_id", how="left")
            .join(path_targets(targets), on="person_id", how="left"))
    owes = (recip.filter(pl.col("owes").fill_null(False))
            .select("person_id", _gap=pl.col("received") - pl.col("gives")))
    candidates = {
        "follow_up": _follow_ups(live, as_of, sizes["follow_up"], seen["follow_up"]),
        "target": _targets(targets, sizes["target"], week, seen["target"]),
        "dormant": _dormant(reconnect, sizes["dormant"], week, seen["dormant"]),
        "owe": _owed(live, owes, sizes["owe"], week, seen["owe"]),
    }
    seen: set[str] = set()
    plan: list[dict] = []
    for section, items in candidates.items():
        taken = 0
        for item in items:
            if item["person_id"] in seen or taken >= sizes[section]:
                continue
            seen.add(item["person_id"])
            plan.append(item)
            taken += 1
    return plan


def _last_shown(shown: pl.DataFrame | None, section: str,
                before: int) -> pl.DataFrame | None:
    """person_id -> last_week: the last week before `before` that one section of the plan
    showed each person (plan_week.shown's record)."""
    if shown is None:
        return None
    return (shown.filter((pl.col("section") == section) & (pl.col("week") < before))
            .group_by("person_id").agg(last_week=pl.col("week").max()))


def as_frame(plan: list[dict]) -> pl.DataFrame:
    """The plan as plan.csv has it (the page link is for the HTML only)."""
    frame = pl.DataFrame(plan, schema={c: pl.String for c in PLAN_COLUMNS})
    return frame.with_columns(section=pl.col("section").replace(TITLES)).drop("href")
