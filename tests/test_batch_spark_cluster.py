"""`kith batch --engine spark` on a real standalone cluster (a master and a worker started by
this module on 127.0.0.1, stopped at its end) whose executors run a Python WITHOUT kith: a
bare virtual environment. Without --env-archive the batch stops before any owner with one
sentence naming the missing module; with the archive `kith batch-env` builds, every owner gets
exactly what `kith run` gives them.

Skipped when PySpark is not installed, unless KITH_REQUIRE_SPARK is set (CI): then it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

try:
    import pyspark  # noqa: F401
    import venv_pack  # noqa: F401
except ImportError as exc:
    if os.environ.get("KITH_REQUIRE_SPARK"):
        pytest.fail(f"KITH_REQUIRE_SPARK is set, but {exc.name} is not installed "
                    "(pip install -e '.[spark]').", pytrace=False)
    pytest.skip(f"{exc.name} is not installed (pip install -e '.[spark]')",
                allow_module_level=True)

from spark_standalone import LOOPBACK, Standalone  # noqa: E402
from test_batch import (  # noqa: E402 - after the skip
    AS_OF,
    BAD_CONFIG,
    SHARE,
    assert_same_as_kith_run,
    kith,
    owner_set_for,
)

from pipeline.batch.warm_paths import build_polars  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# a plain owner, one with a targets file who shares warm paths, one with a broken file among
# good ones, and one whose kith.toml is broken
OWNERS = ("o01", "o03", "o10", BAD_CONFIG)
LOOPBACK_CONF = ["--spark-conf", f"spark.driver.host={LOOPBACK}",
                 "--spark-conf", f"spark.driver.bindAddress={LOOPBACK}",
                 "--spark-conf", "spark.executor.memory=1g"]
# every JVM of the module (the gateway, the cluster's) with the client JIT (conftest.py)
pytestmark = pytest.mark.usefixtures("quick_jvms")


@pytest.fixture(scope="module")
def env_archive_build(tmp_path_factory):
    """`kith batch-env` as a user runs it, started in the background as the module starts:
    it installs packages while the cluster starts and the first test runs."""
    path = tmp_path_factory.mktemp("env") / "kith-env.tar.gz"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "batch-env", str(path)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield path, proc
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


@pytest.fixture(scope="module")
def env_archive(env_archive_build):
    path, proc = env_archive_build
    output, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, output.decode(errors="replace")
    return path


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, env_archive_build):
    os.environ.setdefault("SPARK_LOCAL_IP", LOOPBACK)  # for a Spark gateway started from here
    with Standalone(tmp_path_factory.mktemp("standalone"), cores=2, memory="3g") as running:
        yield running


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A Python with nothing installed: what a cluster node has before kith is shipped."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    missing = subprocess.run([str(python), "-c", "import polars"], capture_output=True)
    assert missing.returncode != 0  # really without kith's dependencies
    return python


@pytest.fixture(scope="module")
def owners(tmp_path_factory):
    every, ref, _ids = owner_set_for(tmp_path_factory)
    chosen = tmp_path_factory.mktemp("cluster-owners") / "owners"
    for oid in OWNERS:
        shutil.copytree(every / oid, chosen / oid)
    return chosen, ref


def test_executors_without_kith_fail_once_in_one_sentence(cluster, owners, bare_python,
                                                           tmp_path):
    out = tmp_path / "out"
    res = kith("batch", owners[0], "--out", out, "--as-of", AS_OF, "--engine", "spark",
               "--master", cluster.url, "--spark-conf", f"spark.pyspark.python={bare_python}",
               *LOOPBACK_CONF)
    assert res.exit_code == 2, res.output
    errors = [line for line in res.output.splitlines() if line.startswith("kith: ")
              and "owners:" not in line]
    assert len(errors) == 1, res.output
    assert errors[0].startswith("kith: Spark executors cannot import 'numpy' (their Python is "
                                f"{bare_python})"), errors[0]
    assert "--env-archive" in errors[0] and "Traceback" not in res.output
    assert not (out / "people").exists() and not (out / "manifest.json").exists()


def test_shipped_environment_gives_every_owner_what_kith_run_gives(cluster, owners,
                                                                   env_archive, tmp_path):
    chosen, ref = owners
    out = tmp_path / "out"
    res = kith("batch", chosen, "--out", out, "--as-of", AS_OF, "--engine", "spark",
               "--master", cluster.url, "--env-archive", env_archive, *LOOPBACK_CONF)
    assert res.exit_code == 0, res.output + cluster.executor_logs()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["master"] == cluster.url
    status = {o: e["status"] for o, e in manifest["owners"].items()}
    assert status == {**dict.fromkeys(OWNERS, "ok"), BAD_CONFIG: "failed"}, status
    assert manifest["owners"][BAD_CONFIG]["reason"].startswith("configuration error")
    for oid in OWNERS:
        if oid != BAD_CONFIG:
            assert_same_as_kith_run(out, ref, oid)
    warm = pl.read_parquet(out / "warm_paths.parquet")  # built by Spark on the executors
    assert set(warm["owner_id"]) == SHARE & set(OWNERS) and warm.height > 0
    assert_frame_equal(warm, build_polars(out, sorted(SHARE & set(OWNERS))))
    # the executors ran the shipped environment's Python, unpacked from the archive
    logs = cluster.executor_logs(tail=None)  # unpacking is logged at the executor's start
    assert "Unpacking an archive" in logs and "kith_env" in logs
    assert set(manifest["phases"]) >= {"spark_session", "executor_check", "owners"}


def test_env_archive_options_are_checked_before_spark_starts(owners, tmp_path):
    args = ["batch", owners[0], "--out", tmp_path / "out", "--engine", "spark"]
    res = kith(*args, "--master", "spark://127.0.0.1:9", "--env-archive", tmp_path / "no.tgz")
    assert res.exit_code == 2 and "does not exist" in res.output, res.output
    res = kith(*args, "--master", "local[2]", "--env-archive", tmp_path / "no.tgz")
    assert res.exit_code == 2 and "cluster master" in res.output, res.output
    res = kith(*args, "--master", "spark://127.0.0.1:9", "--env-archive", tmp_path / "env.tar")
    assert res.exit_code == 2 and ".tar.gz or .tgz" in res.output, res.output
    res = kith(*args, "--spark-conf", "executor.memory")
    assert res.exit_code == 2 and "KEY=VALUE" in res.output, res.output
    res = kith("batch-env", tmp_path / "env.zip")
    assert res.exit_code == 2 and "must end in" in res.output, res.output
