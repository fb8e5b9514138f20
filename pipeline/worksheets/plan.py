"""This week's outreach plan: a short list, in the order the practice puts first.

1. Follow-ups that are due (a promise kept is the cheapest trust there is).
2. Warm paths into target companies (ask for a referral, but offer help first when the
   ledger says I have been asking more than giving).
3. Dormant ties worth reviving (warm once: they remember me).
4. People I owe a favour.

A person appears once, in the first section that wants them. Do-not-contact people never
appear. Each section is cut short on purpose: a plan of 200 people is not a plan.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

LIMITS = {"follow_up": 10, "target": 8, "dormant": 5, "owe": 5}
TITLES = {
    "follow_up": "Follow-ups due",
    "target": "Warm paths into target companies",
    "dormant": "Dormant ties worth reviving",
    "owe": "People you owe a favour",
}
PLAN_COLUMNS = ["section", "name", "person_id", "why", "action", "email", "phone", "linkedin",
                "href"]


def _follow_ups(rows: pl.DataFrame, as_of: dt.date) -> list[dict]:
    """Follow-up dates the user typed come first (their own promises, by date); computed ones
    follow, warmest first, so a warm contact a week late outranks a cold one ten years "late"."""
    soon = as_of + dt.timedelta(days=7)
    typed = pl.col("follow_up_typed").fill_null(False)
    due = (rows.filter(pl.col("follow_up_due") <= soon)
           .with_columns(_typed_due=pl.when(typed).then(pl.col("follow_up_due")))
           .sort(["_typed_due", "warmth_num", "follow_up_due", "sort_key"],
                 descending=[False, True, False, False], nulls_last=True)
           .head(LIMITS["follow_up"] * 3))
    out = []
    for r in due.iter_rows(named=True):
        why = (f"overdue since {r['due']}" if r["due"] < as_of.isoformat() else f"due {r['due']}")
        why += " (your date)" if r["follow_up_typed"] else ""
        why += f"; last contact {r['last'] or 'none recorded'}"
        action = f"Follow up: {r['next_step']}" if r["next_step"] else "Follow up"
        if r["need"]:
            action += f" (they need: {r['need']})"
        out.append(_item("follow_up", r, why, action))
    return out


def _targets(targets: pl.DataFrame) -> list[dict]:
    best = targets.filter(pl.col("rank") == 1).sort(["warmth_num", "target"],
                                                     descending=[True, False], nulls_last=True)
    out = []
    for r in best.head(LIMITS["target"] * 3).iter_rows(named=True):
        why = f"{r['target']}: {r['relation']}" + (f"; {r['reason']}" if r["reason"] else "")
        if r["referral"]:
            action = f"Referral at {r['target']}: {r['referral']}; follow it through"
        elif r["ledger_flag"].startswith("offer help"):
            action = (f"Offer help first ({r['need'] or 'ask what they need'}), then ask about "
                      f"{r['target']}")
        else:
            action = f"Ask what they need, then ask for a referral at {r['target']}"
        out.append(_item("target", r, why, action))
    return out


def _dormant(reconnect: pl.DataFrame) -> list[dict]:
    out = []
    for r in reconnect.head(LIMITS["dormant"] * 3).iter_rows(named=True):
        why = f"last contact {r['last'] or 'unknown'}" + (
            f"; warmth {r['warmth_text']}" if r["warmth_text"] else "")
        action = (f"Reconnect and offer: {r['offer']}" if r["offer"]
                  else "Reconnect: ask what they are working on and what they need")
        out.append(_item("dormant", r, why, action))
    return out


def _owed(rows: pl.DataFrame, people_owes: pl.DataFrame) -> list[dict]:
    owed = (rows.join(people_owes, on="person_id", how="inner")
            .sort(["_gap", "sort_key"], descending=[True, False]).head(LIMITS["owe"] * 3))
    out = []
    for r in owed.head(LIMITS["owe"] * 3).iter_rows(named=True):
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
          recip: pl.DataFrame, home: pl.DataFrame, as_of: dt.date) -> list[dict]:
    """The plan as a list of items (section, name, why, action, contact, href)."""
    needed = ["person_id", "name", "sort_key", "follow_up_due", "follow_up_typed", "due", "last",
              "warmth_num", "next_step", "need", "mail", "tel", "li", "ledger", "dnc"]
    live = rows.select(needed).filter(~pl.col("dnc")).join(home, on="person_id", how="left")
    owes = (recip.filter(pl.col("owes").fill_null(False))
            .select("person_id", _gap=pl.col("received") - pl.col("gives")))
    candidates = {
        "follow_up": _follow_ups(live, as_of),
        "target": _targets(targets),
        "dormant": _dormant(reconnect),
        "owe": _owed(live, owes),
    }
    seen: set[str] = set()
    plan: list[dict] = []
    for section, items in candidates.items():
        taken = 0
        for item in items:
            if item["person_id"] in seen or taken >= LIMITS[section]:
                continue
            seen.add(item["person_id"])
            plan.append(item)
            taken += 1
    return plan


def as_frame(plan: list[dict]) -> pl.DataFrame:
    """The plan as plan.csv has it (the page link is for the HTML only)."""
    frame = pl.DataFrame(plan, schema={c: pl.String for c in PLAN_COLUMNS})
    return frame.with_columns(section=pl.col("section").replace(TITLES)).drop("href")
