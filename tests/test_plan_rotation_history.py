"""The weekly plan shows everyone before it shows anyone again (user36's finding 2), and a
next step you noted is a promise (finding 5).

On main the rotation's window was the week's place in a cycle of ceil(n / size) weeks, n being
how many were due: whenever n crossed a multiple of the size the cycle's length changed and
the window landed on people shown the week before, and the cycle's last window wrapped round
to its first people. Now the plan keeps the weeks it showed each person
(state/plan_shown.parquet) and shows first those a section never showed, then those shown
longest ago. And a next step you noted waited in the rotation behind ties "overdue since
2013"; now it comes first with the dates you typed."""

from __future__ import annotations

import datetime as dt

import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.worksheets import plan, plan_week

FOLLOW_UP = plan.TITLES["follow_up"]
MONDAY = dt.date(2026, 12, 7)
LATER = dt.date(2026, 12, 21)  # a Monday whose week's place in the cycle made the window repeat


def _week_of_shows(pool: list[str], size: int, as_of: dt.date,
                   record: pl.DataFrame | None) -> tuple[list[str], pl.DataFrame]:
    """One week of one section: who the rotation shows, and the record after it."""
    week = plan.week_number(as_of)
    last = plan._last_shown(record, "dormant", plan_week.week_of(as_of))
    shown = plan.rotate(pl.DataFrame({"person_id": pool}), size, week,
                        last)["person_id"].head(size).to_list()
    state = plan_week.state([{"section": "dormant", "person_id": p} for p in shown], as_of)
    return shown, plan_week.shown_since(record, state)


def test_a_cycle_that_changes_length_does_not_repeat_last_weeks_people():
    # 27 due with 9 a week is a cycle of 3 weeks; the next weeks 28 are due (a cycle of 4):
    # the window alone started at people shown the week before
    people = [f"p_{i:02d}" for i in range(28)]
    record, seen = None, []
    for week, n in enumerate([27, 28, 28]):
        shown, record = _week_of_shows(people[:n], 9, LATER + dt.timedelta(weeks=week), record)
        assert not set(shown) & set(seen), (week, shown)
        seen += shown
    # the fourth week: the one of the 27 never shown, then the first week's people again
    never = [p for p in people[:27] if p not in seen]
    shown, _ = _week_of_shows(people[:27], 9, LATER + dt.timedelta(weeks=3), record)
    assert len(never) == 1 and shown == never + seen[:8]


def test_the_last_window_of_a_cycle_no_longer_wraps_round():
    people = [f"p_{i:02d}" for i in range(25)]
    record, seen = None, []
    for week in range(3):
        shown, record = _week_of_shows(people, 9, MONDAY + dt.timedelta(weeks=week), record)
        seen += shown
    # 25 people, 9 a week: the third week shows the last 7 and then the two shown longest ago
    assert sorted(seen[:25]) == people and len(set(seen)) == 25
    # the fourth week: the first week's seven not shown again since, then the second week's
    shown, _ = _week_of_shows(people, 9, MONDAY + dt.timedelta(weeks=3), record)
    assert shown == [f"p_{i:02d}" for i in range(2, 11)]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.lists(st.integers(5, 40), min_size=2, max_size=8),
       st.randoms(use_true_random=False))
def test_nobody_comes_round_again_before_everyone_due_has(size, counts, rnd):
    """Week by week, whatever the number due does: someone the section showed before is
    shown again only when everyone due who was shown less recently (or never) is shown too."""
    universe = [f"p_{i:02d}" for i in range(40)]
    record = None
    last: dict[str, int] = {}
    for week, n in enumerate(counts):
        pool = sorted(rnd.sample(universe, n))
        shown, record = _week_of_shows(pool, size, MONDAY + dt.timedelta(weeks=week), record)
        assert len(shown) == min(size, n)
        for person in shown:
            for other in set(pool) - set(shown):
                assert last.get(other, -1) >= last.get(person, -1), (week, person, other)
        last.update(dict.fromkeys(shown, week))


def test_a_rerun_of_the_week_rotates_from_the_weeks_before(tmp_path):
    """Only weeks before the plan's own count: a run of the same week whose week record is
    lost gives the plan the first run of that week gave."""
    people = [f"p_{i:02d}" for i in range(30)]
    _, record = _week_of_shows(people, 4, MONDAY, None)
    week_two = MONDAY + dt.timedelta(weeks=1)
    first, record = _week_of_shows(people, 4, week_two, record)
    again, _ = _week_of_shows(people, 4, week_two, record)
    assert again == first
    # the record is a Parquet file of kith's own, read back as written
    path = tmp_path / f"{plan_week.SHOWN_REL}.parquet"
    path.parent.mkdir(parents=True)
    record.write_parquet(path)
    assert plan_week.shown(tmp_path).equals(record)
    path.write_bytes(b"not parquet")
    assert plan_week.shown(tmp_path) is None


def _kith(conf, *args):
    res = CliRunner().invoke(main, [*args, *conf])
    assert res.exit_code == 0, res.output
    return res.output


def _follow_ups(cfg, conf, as_of: dt.date) -> list[str]:
    _kith(conf, "run", "--as-of", as_of.isoformat())
    frame = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    return frame.filter(pl.col("section") == FOLLOW_UP)["person_id"].to_list()


def test_four_mondays_of_kith_run_show_sixteen_different_people(sample_homes):
    """data/sample's home, four follow-ups a week: over four Mondays nobody is shown twice
    while people who were never shown are due (22-25 are)."""
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    with open(folder / "kith.toml", "a", encoding="utf-8") as fh:
        fh.write("[plan]\nfollow_ups = 4\n")
    conf = ["--config", str(folder / "kith.toml")]
    seen: list[str] = []
    for week in range(4):
        seen += _follow_ups(cfg, conf, MONDAY + dt.timedelta(weeks=week))
    assert len(seen) == 16 and len(set(seen)) == 16, seen
    record = pl.read_parquet(cfg.out / "current" / f"{plan_week.SHOWN_REL}.parquet")
    assert set(record.filter(pl.col("section") == "follow_up")["person_id"]) >= set(seen)


def test_a_noted_next_step_comes_first_with_the_dates_you_typed(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    with open(folder / "kith.toml", "a", encoding="utf-8") as fh:
        fh.write("[plan]\nfollow_ups = 4\n")
    conf = ["--config", str(folder / "kith.toml")]
    shown = _follow_ups(cfg, conf, MONDAY)
    people = pl.read_parquet(cfg.out / "people.parquet")
    # someone due this week whom the rotation did not reach: a next step noted for them
    due = people.filter((pl.col("follow_up_due") <= dt.date(2026, 12, 13))
                        & ~pl.col("person_id").is_in(shown))
    waiting = due.sort("person_id")["person_id"][0]
    _kith(conf, "note", waiting, "--next", "send her the article on hiring freezes")
    after = _follow_ups(cfg, conf, MONDAY + dt.timedelta(days=1))
    plan_csv = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    assert after[0] == waiting, after
    action = plan_csv.filter(pl.col("person_id") == waiting)["action"][0]
    assert action.endswith(": send her the article on hiring freezes")
