import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Local runs explore new random examples each time (and keep failures in .hypothesis/); .ci/run
# sets KITH_HYPOTHESIS=ci, a fixed seeded set, so a landing is judged on the code and not on
# the draw. A failure found locally becomes an explicit example or a fixture case.
# No deadline in either profile: a per-example time limit is a timing assert, and it failed
# examples that took 265-290 ms on a machine loaded by other jobs (test speed is measured
# with `make bench`, not asserted).
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("KITH_HYPOTHESIS", "local"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def pytest_configure(config):
    """CI always has ../shared beside the checkout (.ci/run sets KITH_REQUIRE_CORPUS=1): there,
    a missing corpus fails the run instead of quietly skipping the corpus tests."""
    if os.environ.get("KITH_REQUIRE_CORPUS") and not CORPUS.is_dir():
        raise pytest.UsageError(f"KITH_REQUIRE_CORPUS is set, but {CORPUS} is missing.")


# `make test` hands whole files to two workers in collection order (--dist loadfile
# --no-loadscope-reorder). Files whose few tests take long (a Spark cluster, big Hypothesis
# equalities) go first, so the run does not end with one worker busy for minutes on a file
# dealt last while the other waits. The second file needs no batch owner set: the first
# worker builds it (test_batch.owner_set_for) while the second works instead of waiting.
SLOW_FILES_FIRST = (
    "test_batch_spark.py", "test_dedupe_scoring_speed.py", "test_batch_spark_cluster.py",
    "test_batch.py", "test_normalize_phones.py", "test_batch_group_dedupe.py",
    "test_dedupe_coded.py", "test_nightly.py", "test_pipeline_sweep.py",
    "test_dedupe_cluster.py", "test_vcard_fast.py", "test_dedupe_conflicts.py",
    "test_incremental_changed_night.py", "test_batch_group.py", "test_refresh.py",
    "test_parquet_splice.py", "test_vcard.py", "test_dedupe_chains.py",
    "test_incremental_dedupe_invariants.py",
)


def pytest_collection_modifyitems(session, config, items):
    rank = {name: i for i, name in enumerate(SLOW_FILES_FIRST)}
    # a stable sort keeps every file's own test order and the other files' collection order
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


# Every JVM a Spark test module starts (PySpark's gateway, which runs local[N]; a standalone
# master, worker and its executors) gets the client JIT only and the serial collector: the
# same Spark, the same jobs and answers, at ~40% less JVM CPU (a local session and two small
# jobs: 20-23 CPU-s -> 13, docs/suite38.md). These JVMs live for seconds to minutes: the
# optimising compiler's and the parallel collector's threads cost more CPU on two cores than
# they win back. JAVA_TOOL_OPTIONS reaches every `java` started beneath (spark-class, the
# worker's executors); it is the module's only, restored at its end.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@pytest.fixture(scope="module")
def quick_jvms():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JAVA_TOOL_OPTIONS", " ".join(filter(None, [
            os.environ.get("JAVA_TOOL_OPTIONS"), QUICK_JVM])))
        yield


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


LINKEDIN_FILES = ("Connections.csv", "messages.csv", "Profile.csv", "Positions.csv",
                  "Ad_Targeting.csv")


def build_exports(target: Path) -> Path:
    """The tests/fixtures/exports set laid out as a user's download folder."""
    import shutil
    import zipfile

    src = FIXTURES / "exports"
    target.mkdir(parents=True, exist_ok=True)
    archive = target / "Basic_LinkedInDataExport_01-15-2025.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in LINKEDIN_FILES:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 15, 0, 0, 0))
            zf.writestr(info, (src / name).read_bytes())
    for name in ("google.csv", "phone.vcf", "notes.txt"):
        shutil.copy(src / name, target / name)
    return target


@pytest.fixture
def exports(tmp_path) -> Path:
    return build_exports(tmp_path / "exports")


# A finished kith home made once per module and copied per test, in place
# (tests/home_copies.py): test_incremental, test_refresh and the first-week walks (kith_home).
@pytest.fixture(scope="module")
def first_runs(tmp_path_factory):
    from home_copies import FirstRuns

    return FirstRuns(tmp_path_factory.mktemp("first-runs"))


# The sample home of the serve and plan tests (serve_home.make_home: data/sample run once),
# made once per test process per slot and copied per caller, in place (serve_home.SampleHomes).
@pytest.fixture(scope="session")
def sample_homes(tmp_path_factory):
    from serve_home import SampleHomes

    return SampleHomes(tmp_path_factory.getbasetemp() / "sample-homes")


@pytest.fixture(autouse=True)
def _private_cwd(tmp_path_factory, monkeypatch):
    """Commands run without a config resolve the built-in defaults (configs/decisions.toml,
    data/notes.csv) against the working directory: keep them out of the repository; crash
    reports (pipeline/crash.py) out of the user's state folder.

    Both are fresh folders made by tempfile (a unique name, mode 700) in one sub-folder of the
    session's temporary folder. tmp_path_factory.mktemp numbers a folder by listing every
    entry of that folder first: two more entries per test there made each test's tmp_path
    cost more than the one before (~9 s per worker at 1,300 tests)."""
    private = tmp_path_factory.getbasetemp() / "private"
    private.mkdir(exist_ok=True)
    monkeypatch.chdir(tempfile.mkdtemp(prefix="cwd", dir=private))
    monkeypatch.setenv("XDG_STATE_HOME", tempfile.mkdtemp(prefix="state", dir=private))


# kith serve in a real browser. A test module that defines a `home` fixture (a kith home, run
# once) gets it served by a real uvicorn (`served`) and a headless Chromium signed in through
# the printed address (`driver`).
@pytest.fixture(scope="module")
def served(home):
    from serve_home import Served

    s = Served(home)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def driver(tmp_path_factory, served):
    from browser_support import chromium

    drv = chromium(tmp_path_factory.mktemp("chromium-profile"))
    drv.get(served.guard.url())  # the printed address: token -> cookie
    yield drv
    drv.quit()


# Tests whose answers depend on the day (`kith log` dates an entry today, `kith plan` plans from
# max(today, the run's as-of)) pin the day they were written for (pipeline.clock's KITH_TODAY):
# written on 2026-12-07, three files failed on any later day (a suite run under faketime at
# 2027-01-15 found them; docs/testing.md, session 39). Subprocesses inherit the variable.
@pytest.fixture
def written_on_2026_12_07(monkeypatch):
    monkeypatch.setenv("KITH_TODAY", "2026-12-07")
