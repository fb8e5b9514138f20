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
from test_batch import AS_OF, BAD_CONFIG, NO_INPUT, assert_same_as_kith_run, build_owner_set

from pipeline import config as config_mod
from pipeline.batch import group, layout, local
from pipeline.stage_runs import _normalize
from pipeline.stages.ingest import ingest


@pytest.fixture(scope="session")
def owner_set(tmp_path_factory):
    return build_owner_set(tmp_path_factory.getbasetemp() / "owner-set")


def _jobs(owners, root, ids):
    cfg = config_mod.Config()
    return [layout.prepare(owners / oid, root, cfg, dt.date.fromisoformat(AS_OF), "b1")
            for oid in ids]


def test_random_groups_give_each_owner_what_it_gets_alone(owner_set, tmp_path, monkeypatch):
    owners, ref, ids = owner_set
    grouped = []
    together = group.normalize_together

    def spy(tables, region, second=None):
        grouped.append(len(tables))
        return together(tables, region, second)

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
        # owners whose phone numbers read alike are normalised together; one alone is not
        assert all(n > 1 for n in grouped[before:]) and sum(grouped[before:]) <= good
    assert max(grouped) > 2 and sum(grouped) >= sum(expected) // 2
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
    got = group.normalize_together(tables, "US")
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


def test_owners_whose_numbers_read_differently_are_normalised_apart(tmp_path):
    """default_region "auto" reads a UK owner's national numbers as GB and a US owner's as
    US: grouped, each owner gets the records of its own run (phones included), and the two
    are not normalised in one frame."""
    owners = tmp_path / "owners"
    books = {"uk": ["07400 100000", "07400 100097", "+44 20 7946 0958"],
             "us": ["(415) 555-0134", "212.555.0140", "07400 100000"]}
    for oid, numbers in books.items():
        (owners / oid).mkdir(parents=True)
        rows = ["First Name,Last Name,Phone 1 - Value"]
        rows += [f"Given{i},Family{oid},{n}" for i, n in enumerate(numbers)]
        (owners / oid / "contacts.csv").write_text("\n".join(rows) + "\n")
    calls = []
    together = group.normalize_together

    def spy(tables, region, second=None):
        calls.append((len(tables), region, second))
        return together(tables, region, second)

    grouped = group.run_group(_jobs(owners, tmp_path / "grouped", ["uk", "us"]))
    alone = {oid: group.run_group(_jobs(owners, tmp_path / f"alone-{oid}", [oid]))[oid]
             for oid in books}
    assert {r["status"] for r in [*grouped.values(), *alone.values()]} == {"ok"}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(group, "normalize_together", spy)
        group.run_group(_jobs(owners, tmp_path / "spied", ["uk", "us"]))
    assert calls == []  # each reads its numbers its own way: neither is grouped
    for oid in books:
        got = pl.read_parquet(tmp_path / "grouped" / "records" / f"owner_id={oid}"
                              / "part-0.parquet")
        want = pl.read_parquet(tmp_path / f"alone-{oid}" / "records" / f"owner_id={oid}"
                               / "part-0.parquet")
        assert_frame_equal(got.sort("record_id"), want.sort("record_id"))
    uk = pl.read_parquet(tmp_path / "grouped" / "records" / "owner_id=uk" / "part-0.parquet")
    assert sorted(uk["phones_e164"].explode().to_list()) == [
        "+442079460958", "+447400100000", "+447400100097"]


def test_a_grouped_owner_chooses_its_phone_readings_once(owner_set, tmp_path, monkeypatch):
    """The group chooses each owner's phone readings (to group owners by them) and hands the
    choice to the owner's run, which records it as its run alone does."""
    from pipeline.normalize import region

    owners, ref, ids = owner_set
    calls = []
    choose = group.choose_region

    def spy(setting, phones):
        calls.append(phones.len())
        return choose(setting, phones)

    monkeypatch.setattr(group, "choose_region", spy)
    # the run imports region.choose when it needs it (kept off the refresh path)
    monkeypatch.setattr(region, "choose", spy)
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
        assert len(region) == 5 and {k: got[k] for k in region} == region
