"""`kith batch --engine spark --master local[2]`: the same answers as `kith run` per owner, on
the owner set of tests/test_batch.py, with one Spark session for the whole module.

Skipped when PySpark is not installed, unless KITH_REQUIRE_SPARK is set (CI): then it fails.
"""

from __future__ import annotations

import json
import os
import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal

try:
    import pyspark  # noqa: F401
except ImportError:
    if os.environ.get("KITH_REQUIRE_SPARK"):
        pytest.fail("KITH_REQUIRE_SPARK is set, but pyspark is not installed "
                    "(pip install -e '.[spark]').", pytrace=False)
    pytest.skip("pyspark is not installed (pip install -e '.[spark]')", allow_module_level=True)

from test_batch import (  # noqa: E402 - after the skip
    AS_OF,
    BAD_CONFIG,
    N_OWNERS,
    NO_INPUT,
    OPT_IN,
    SHARE,
    assert_same_as_kith_run,
    cwd,
    kith,
    ordered,
    owner_set_for,
)

from pipeline.batch import TABLES, scan  # noqa: E402
from pipeline.batch import spark as spark_mod  # noqa: E402
from pipeline.batch.warm_paths import build_polars  # noqa: E402

MASTER = "local[2]"
# every JVM of the module (the gateway, the cluster's) with the client JIT (conftest.py)
pytestmark = pytest.mark.usefixtures("quick_jvms")


@pytest.fixture(scope="module")
def spark():
    session, created = spark_mod.session(MASTER)
    yield session
    if created:
        session.stop()


@pytest.fixture(scope="module")
def owner_set(tmp_path_factory):
    return owner_set_for(tmp_path_factory)


@pytest.fixture(scope="module")
def spark_batch(spark, owner_set, tmp_path_factory):
    owners, _ref, _ids = owner_set
    out = tmp_path_factory.mktemp("batch-spark") / "out"
    with cwd(tmp_path_factory.mktemp("cwd-spark")):
        res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--engine", "spark",
                   "--master", MASTER)
    return out, res


def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_spark_gives_every_owner_what_kith_run_gives_them(owner_set, spark_batch):
    _owners, ref, ids = owner_set
    out, res = spark_batch
    assert res.exit_code == 0, res.output
    for oid in ids:
        if oid not in (BAD_CONFIG, NO_INPUT):
            assert_same_as_kith_run(out, ref, oid)
    m = manifest(out)
    assert m["engine"] == "spark" and m["master"] == MASTER
    assert m["summary"]["ok"] == N_OWNERS - 2 and m["summary"]["failed"] == 2
    assert m["owners"][NO_INPUT]["reason"].startswith("no usable input")
    assert m["owners"][BAD_CONFIG]["reason"].startswith("configuration error")
    # every owner ran whole (parse included) in a Python worker: stage seconds came back
    assert all(m["owners"][o]["stages"]["ingest"] > 0 for o in ids
               if o not in (BAD_CONFIG, NO_INPUT))
    files = scan(out, "files").collect()
    assert files.height > 0


def test_spark_reads_the_dataset_as_one_table(spark, spark_batch):
    out, _ = spark_batch
    for table in ("people", "records", "networks"):
        frame = spark.read.parquet(str(out / table))
        assert dict(frame.dtypes)["owner_id"] == "string"
        counts = dict(frame.groupBy("owner_id").count().collect())
        expected = dict(scan(out, table).group_by("owner_id").len().collect().iter_rows())
        assert counts == expected
    assert set(TABLES) <= {p.name for p in out.iterdir()}


def test_spark_warm_paths_equal_the_polars_aggregation(spark_batch):
    out, _ = spark_batch
    warm = pl.read_parquet(out / "warm_paths.parquet")
    assert set(warm["owner_id"]) == SHARE | {"o12"}
    assert manifest(out)["warm_paths"]["owners_opted_in"] == sorted(SHARE | OPT_IN)
    assert_frame_equal(warm, build_polars(out, sorted(SHARE | OPT_IN)))


def test_spark_rerun_skips_unchanged_owners(owner_set, spark_batch):
    owners, _ref, _ids = owner_set
    out, _ = spark_batch
    res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--engine", "spark",
               "--master", MASTER, "--strict")
    assert res.exit_code == 3, res.output  # the two broken owners fail again
    assert manifest(out)["summary"]["unchanged"] == N_OWNERS - 2


def test_a_dead_spark_task_fails_only_its_owner(owner_set, spark, tmp_path, monkeypatch):
    owners = tmp_path / "owners"
    for oid in ("o01", "o02", "o04"):
        shutil.copytree(owner_set[0] / oid, owners / oid)
    monkeypatch.setenv("KITH_TEST_BATCH_KILL", "o02")
    out = tmp_path / "out"
    res = kith("batch", owners, "--out", out, "--as-of", AS_OF, "--engine", "spark",
               "--master", MASTER)
    assert res.exit_code == 0, res.output
    status = {o: (e["status"], e["reason"]) for o, e in manifest(out)["owners"].items()}
    assert status["o02"][0] == "failed" and "died" in status["o02"][1]
    assert status["o01"][0] == status["o04"][0] == "ok", status
    got = ordered(pl.read_parquet(out / "people" / "owner_id=o04" / "part-0.parquet"))
    assert_frame_equal(got, ordered(pl.read_parquet(owner_set[1] / "o04" / "people.parquet")))
