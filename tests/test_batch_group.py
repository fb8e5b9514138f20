"""Owners run in groups (pipeline/batch/group.py): random groups of the 20 test owners give
each owner exactly what `kith run` gives them alone, and the grouped normalisation gives
each owner the rows (ids included) its own normalisation gives."""

from __future__ import annotations

import datetime as dt
import json
import random

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from test_batch import AS_OF, BAD_CONFIG, NO_INPUT, assert_same_as_kith_run, owner_set_for

from pipeline import config as config_mod
from pipeline.batch import group, layout, local
from pipeline.normalize.region import Readings, RegionChoice
from pipeline.stage_runs import _normalize
from pipeline.stages.ingest import ingest


@pytest.fixture(scope="session")
def owner_set(tmp_path_factory):
    return owner_set_for(tmp_path_factory)


def _jobs(owners, root, ids):
    cfg = config_mod.Config()
    return [layout.prepare(owners / oid, root, cfg, dt.date.fromisoformat(AS_OF), "b1")
            for oid in ids]


def test_random_groups_give_each_owner_what_it_gets_alone(owner_set, tmp_path, monkeypatch):
    owners, ref, ids = owner_set
    grouped = []
    together = group.normalize_together

    def spy(tables, readings):
        grouped.append(len(tables))
        return together(tables, readings)

    monkeypatch.setattr(group, "normalize_together", spy)
    rng = random.Random(16)
    order = ids[:]
    rng.shuffle(order)
    root = tmp_path / "out"
    results, expected = {}, []
    while order:
        size = rng.randint(2, 8)
        chunk, order = order[:size], order[size:]
        good = len([o for o in chunk if o not in (BAD_CONFIG, NO_INPUT)])
        expected.append(good)
        before = len(grouped)
        results.update(group.run_group(_jobs(owners, root, chunk)))
        # every owner that got to normalize is normalised in one frame; one alone is not
        assert grouped[before:] == ([good] if good > 1 else [])
    assert max(grouped) > 2
    assert {o for o, r in results.items() if r["status"] == "failed"} == {BAD_CONFIG, NO_INPUT}
    for oid in ids:
        if oid not in (BAD_CONFIG, NO_INPUT):
            assert results[oid]["cpu_seconds"] > 0
            assert_same_as_kith_run(root, ref, oid)


def test_the_same_contacts_twice_in_a_group_keep_their_own_ids(owner_set):
    owners, _ref, ids = owner_set
    # o01 twice (every natural key repeated across the two scopes) and o04 (four sources)
    tables = []
    for oid in (ids[0], ids[0], ids[3]):
        res = ingest([owners / oid], exclude=[], limits=config_mod.Config().limits, workers=1)
        tables.append({"contacts": res.contacts, "interactions": res.interactions,
                       "owner": res.owner})
    us = Readings(RegionChoice("US", None, "test", False))
    got = group.normalize_together(tables, [us] * len(tables))
    for t, norm in zip(tables, got, strict=True):
        alone = _normalize(config_mod.Config(), t["contacts"], t["interactions"], t["owner"])
        assert set(norm) == set(alone)
        for name in alone:
            assert_frame_equal(norm[name], alone[name])
    assert got[0]["records"]["record_id"].n_unique() == got[0]["records"].height


@pytest.mark.parametrize(("sizes", "workers"), [([5, 1, 9, 3, 3, 7, 2], 2), ([4], 2),
                                               ([1] * 30, 1)])
def test_owners_are_dealt_into_balanced_groups(monkeypatch, sizes, workers):
    jobs = [layout.OwnerJob(f"o{i}", None, None, None, "b") for i in range(len(sizes))]
    weights = {j.owner_id: s for j, s in zip(jobs, sizes, strict=True)}
    monkeypatch.setattr(local, "weight", lambda j: weights[j.owner_id])
    got = local.groups(jobs, workers, group_bytes=10)
    assert sorted(j.owner_id for g in got for j in g) == sorted(weights)
    totals = [sum(weights[j.owner_id] for j in g) for g in got]
    assert totals == sorted(totals, reverse=True)
    assert len(got) >= min(len(jobs), workers * local.GROUPS_PER_WORKER)
    assert len(got) >= -(-sum(sizes) // 10)
    assert max(totals) - min(totals) <= max(sizes)  # largest first into the lightest group
    assert pl.Series(totals).sum() == sum(sizes)


def test_owners_whose_numbers_read_differently_share_one_frame(tmp_path):
    """default_region "auto" reads a UK owner's national numbers as GB (a second reading)
    and a US owner's as US: grouped, the two are normalised in one frame, each owner's
    numbers read its own way, and each gets the records of its own run (phones included)."""
    owners = tmp_path / "owners"
    books = {"uk": ["07400 100000", "07400 100097", "+44 20 7946 0958"],
             "us": ["(415) 555-0134", "212.555.0140", "07400 100000"],
             "us2": ["+1 415 555 0199", "07400 100097"]}
    for oid, numbers in books.items():
        (owners / oid).mkdir(parents=True)
        rows = ["First Name,Last Name,Phone 1 - Value"]
        rows += [f"Given{i},Family{oid},{n}" for i, n in enumerate(numbers)]
        (owners / oid / "contacts.csv").write_text("\n".join(rows) + "\n")
    calls = []
    together = group.normalize_together

    def spy(tables, readings):
        calls.append(sorted({(r.folder.region, r.folder.second) for r in readings}, key=str))
        return together(tables, readings)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(group, "normalize_together", spy)
        grouped = group.run_group(_jobs(owners, tmp_path / "grouped", list(books)))
    alone = {oid: group.run_group(_jobs(owners, tmp_path / f"alone-{oid}", [oid]))[oid]
             for oid in books}
    assert {r["status"] for r in [*grouped.values(), *alone.values()]} == {"ok"}
    assert calls == [[("US", "GB"), ("US", None)]]  # one frame, two readings
    for oid in books:
        for table in ("records", "people"):
            got = pl.read_parquet(tmp_path / "grouped" / table / f"owner_id={oid}"
                                  / "part-0.parquet")
            want = pl.read_parquet(tmp_path / f"alone-{oid}" / table / f"owner_id={oid}"
                                   / "part-0.parquet")
            assert_frame_equal(got, want)
    uk = pl.read_parquet(tmp_path / "grouped" / "records" / "owner_id=uk" / "part-0.parquet")
    assert sorted(uk["phones_e164"].explode().to_list()) == [
        "+442079460958", "+447400100000", "+447400100097"]
    us = pl.read_parquet(tmp_path / "grouped" / "records" / "owner_id=us" / "part-0.parquet")
    assert "+447400100000" not in us["phones_e164"].explode().to_list()


def test_a_grouped_owner_chooses_its_phone_readings_once(owner_set, tmp_path, monkeypatch):
    """The group chooses each owner's phone readings (to group owners by them) and hands the
    choice to the owner's run, which records it as its run alone does."""
    from pipeline.normalize import region

    owners, ref, ids = owner_set
    calls = []
    choose = group.choose_apart

    def spy(setting, contacts):
        calls.append(contacts.height)
        return choose(setting, contacts)

    monkeypatch.setattr(group, "choose_apart", spy)
    # the run imports region.choose_apart when it needs it (kept off the refresh path)
    monkeypatch.setattr(region, "choose_apart", spy)
    chosen = [o for o in ids if o not in (BAD_CONFIG, NO_INPUT)][:6]
    jobs = _jobs(owners, tmp_path / "out", chosen)
    results = group.run_group(jobs)
    assert len(calls) == len(chosen)
    for job in jobs:
        assert results[job.owner_id]["status"] == "ok"
        got = json.loads((job.out / "manifest.json").read_text())["stages"]["normalize"]
        alone = json.loads((ref / job.owner_id / "manifest.json").read_text())
        alone = alone["stages"]["normalize"]
        region = {k: v for k, v in alone.items() if k.startswith("phone_region")}
        # (5 keys, 6 with phone_region_files: a file read its own way)
        assert len(region) >= 5 and {k: got[k] for k in region} == region


def test_numbers_read_apart_give_each_row_what_its_owners_reading_gives():
    """phones.PhoneJobApart: rows of three owners interleaved, two of them read alike: each
    row gets what a PhoneJob over its owner's rows alone, in that owner's reading, gives it."""
    from pipeline.normalize.phones import PhoneJob, PhoneJobApart

    values = [["07400 100000"], ["(415) 555-0134", "07400 100097 x12"], [],
              ["+44 20 7946 0958", "07400 100000"], ["030 1234567"], ["212.555.0140"],
              ["07400 100097", "07400 100097"], ["not a number"],
              ["90071 84321", "(415) 555-0134"]]  # an Indian mobile, valid as +1 900 too
    phones = pl.Series("phones", values, dtype=pl.List(pl.String))
    scope = pl.Series("scope", [0, 1, 0, 2, 1, 2, 0, 1, 3], dtype=pl.UInt32)
    # owner 3's book is Indian: its own numbers read as IN first (pipeline.normalize.region)
    # and names GB (+44 numbers): a rival of its second reading (region.RegionChoice.rivals)
    readings = [("US", "GB", ()), ("US", None, ()), ("US", "GB", ()), ("IN", "US", ("GB",))]
    with PhoneJobApart(phones, scope, readings) as job:
        got = job.result()
    assert got.height == phones.len()
    for owner, (region, second, rivals) in enumerate(readings):
        rows = (scope == owner).arg_true()
        with PhoneJob(phones.gather(rows), region, second, rivals) as alone:
            assert_frame_equal(got[rows], alone.result())
    assert got["phones_e164"][0].to_list() == ["+447400100000"]  # read in GB
    assert got["phones_e164"][4].to_list() == []  # read in the US only
    assert got["phones_e164"][8].to_list() == ["+919007184321", "+14155550134"]
    with PhoneJobApart(phones.head(0), scope.head(0), readings) as job:
        assert job.result().height == 0
