"""Shipping kith to Spark executors, and checking that they got it.

Executors run their own Python. On a cluster that does not have kith installed, kith travels
as a packed virtual environment (venv-pack), the way PySpark documents Python package
management: `--env-archive kith-env.tar.gz` puts it in `spark.archives` (unpacked as
./kith_env in every executor's working directory) and points `spark.pyspark.python` at
./kith_env/bin/python. `build_env_archive` (`kith batch-env PATH`) makes that archive from a
wheel of this kith (written directly: kith is pure Python) installed in a fresh virtual
environment (the development install is editable: a .pth pointing at the source tree, which
an archive of it would not carry).

A venv-pack archive holds kith and every dependency but not the interpreter: bin/python is a
link to the base Python (this one's, or `python_prefix`), which the executors must have, of
the driver's minor version (PySpark refuses a worker of another one).

`check_executors` runs one tiny task per executor core before any owner is scheduled
(pipeline/batch/probe.py, pickled by value so it runs without kith): it names the first
module an executor cannot import, a kith differing from the driver's, or a folder executors
cannot see, in one sentence - instead of one "task died" per owner.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import uuid
import zipfile
from contextlib import contextmanager
from pathlib import Path

from pipeline.batch import probe
from pipeline.batch.driver import BatchUsageError
from pipeline.errors import Failed

ALIAS = "kith_env"  # the folder the archive is unpacked into, in each executor's working dir
EXECUTOR_PYTHON = f"./{ALIAS}/bin/python"
# Spark unpacks a plain .tar (and a .zip) itself and refuses a venv's bin/python, a link out of
# the archive; a gzipped tar it unpacks with `tar`.
SUFFIXES = (".tar.gz", ".tgz")
BUILD_HINT = ("ship them with `--env-archive kith-env.tar.gz` (made by `kith batch-env "
              "kith-env.tar.gz`), or install kith on every executor")


class ShipError(BatchUsageError):
    """Executors cannot run kith, or the archive is unusable (exit 2)."""


class BuildError(Failed):
    """Building the environment archive failed (exit 1)."""


def _is_uri(path: str) -> bool:
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", path) is not None


def archive_conf(archive: str) -> dict[str, str]:
    """Spark settings that ship the environment archive (a local file or a URI executors can
    read: hdfs://, s3a://, ...)."""
    if not archive.endswith(SUFFIXES):
        raise ShipError(f"--env-archive must be a {' or '.join(SUFFIXES)} file made by "
                        "`kith batch-env` (or venv-pack / conda-pack).")
    if not _is_uri(archive):
        path = Path(archive).resolve()
        if not path.is_file():
            raise ShipError(f"--env-archive {archive} does not exist (make it with `kith "
                            "batch-env`).")
        archive = path.as_uri()
    return {"spark.archives": f"{archive}#{ALIAS}", "spark.pyspark.python": EXECUTOR_PYTHON}


@contextmanager
def executor_python(conf: dict[str, str]):
    """PySpark takes the executors' Python from PYSPARK_PYTHON when the context is created in
    this process (spark.pyspark.python is read by spark-submit only); set it for that moment."""
    python = conf.get("spark.pyspark.python")
    before = os.environ.get("PYSPARK_PYTHON")
    if python:
        os.environ["PYSPARK_PYTHON"] = python
    try:
        yield
    finally:
        if python and before is None:
            os.environ.pop("PYSPARK_PYTHON", None)
        elif python:
            os.environ["PYSPARK_PYTHON"] = before


def _first_reason(exc: Exception) -> str:
    text = str(exc)
    for pattern in (r"Cannot run program [^\n]*", r"Python in worker has different version[^\n]*",
                    r"No such file or directory[^\n]*", r"\w+(?:Error|Exception): [^\n]+"):
        found = re.search(pattern, text)
        if found:
            return found.group(0).strip()[:240]
    return (text.strip().splitlines() or [type(exc).__name__])[0][:240]


def _verdict(answers: list[dict], shown: dict[str, str]) -> str | None:
    """The one sentence for the first problem the executors reported, or None."""
    for ans in answers:
        if ans["missing"]:
            return (f"Spark executors cannot import {ans['missing']!r} (their Python is "
                    f"{ans['python']}): kith and its dependencies are not installed there; {BUILD_HINT}.")
        if ans["error"]:
            return (f"kith does not load on the Spark executors ({ans['error']}); rebuild the "
                    "archive with `kith batch-env`.")
    for ans in answers:
        if ans["unseen"]:
            return (f"Spark executors cannot see {' or '.join(shown[n] for n in ans['unseen'])}"
                    ": kith batch on a cluster needs OWNERS_DIR and --out on a file system that "
                    "the driver and every executor mount at the same path.")
    mine = probe.code_digest(str(Path(probe.__file__).resolve().parents[1]))
    if any(ans["digest"] != mine for ans in answers):
        return ("Spark executors run a different kith than this driver (another version, or an "
                "archive built before a change); rebuild it with `kith batch-env`.")
    return None


def check_executors(spark, owners_dir: Path, root: Path) -> None:
    """Raise ShipError (one sentence) unless every executor probed can run owners."""
    from pyspark import cloudpickle

    token = root / ".tmp" / f"probe-{uuid.uuid4().hex}"
    token.parent.mkdir(parents=True, exist_ok=True)
    token.touch()
    paths = {"owners": str(owners_dir), "out": str(token)}
    shown = {"owners": f"OWNERS_DIR {owners_dir}", "out": f"--out {root}"}
    sc = spark.sparkContext
    n = max(1, sc.defaultParallelism)
    cloudpickle.register_pickle_by_value(probe)
    try:
        sc.setJobDescription("kith batch: can executors run kith?")
        answers = (sc.parallelize(range(n), n)
                   .mapPartitions(functools.partial(probe.check, paths)).collect())
    except Exception as exc:  # noqa: BLE001 - any failure here is the executors' setup
        raise ShipError(f"the Spark executors could not run a Python task "
                        f"({_first_reason(exc)}); {BUILD_HINT}.") from None
    finally:
        cloudpickle.unregister_pickle_by_value(probe)
        token.unlink(missing_ok=True)
    problem = _verdict(answers, shown)
    if problem:
        raise ShipError(problem)


def _run(cmd: list, what: str) -> None:
    # Without PYTHONPATH/PYTHONHOME: a source checkout on PYTHONPATH carries kith.egg-info (an
    # editable install's metadata), and pip then takes kith as installed and skips its wheel.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
        raise BuildError(f"building the environment archive failed while {what} ({tail}).")


def _wheel_files(source: Path):
    """(path in the wheel, bytes) of kith's package: every module, data file and template
    (what pyproject's package-data names; caches left out)."""
    for path in sorted((source / "pipeline").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path.relative_to(source).as_posix(), path.read_bytes()


def _b64_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _wheel(tmp: Path) -> Path:
    """A wheel of this kith written straight from its source tree: kith is pure Python, and
    pip's isolated build of it cost ~14 s (a build environment installed each time)."""
    source = Path(probe.__file__).resolve().parents[2]
    if not (source / "pyproject.toml").is_file():
        raise ShipError("kith batch-env builds from a kith source checkout; this kith was "
                        "installed from a package: pip install venv-pack, then venv-pack an "
                        "environment where kith is installed from its wheel.")
    project = tomllib.loads((source / "pyproject.toml").read_text("utf-8"))["project"]
    name, version = project["name"], project["version"]
    info = f"{name}-{version}.dist-info"
    meta = [f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            f"Requires-Python: {project.get('requires-python', '>=3')}\n",
            *(f"Requires-Dist: {req}\n" for req in project.get("dependencies", []))]
    scripts = "".join(f"{k} = {v}\n" for k, v in project.get("scripts", {}).items())
    files = [*_wheel_files(source), (f"{info}/METADATA", "".join(meta).encode()),
             (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: kith batch-env\n"
                               b"Root-Is-Purelib: true\nTag: py3-none-any\n"),
             (f"{info}/entry_points.txt", f"[console_scripts]\n{scripts}".encode()),
             (f"{info}/top_level.txt", b"pipeline\n")]
    record = "".join(f"{arc},sha256={_b64_sha256(data)},{len(data)}\n" for arc, data in files)
    record += f"{info}/RECORD,,\n"
    wheel = tmp / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for arc, data in [*files, (f"{info}/RECORD", record.encode())]:
            zf.writestr(arc, data)
    return wheel


def build_env_archive(out: Path, python_prefix: str | None = None, say=None) -> Path:
    """A venv-pack archive of a fresh virtual environment holding kith's wheel and its pinned
    dependencies (from the package index or pip's cache), without PySpark: the cluster's
    Spark provides it to its Python workers."""
    try:
        import venv_pack
    except ImportError:
        raise ShipError("kith batch-env needs venv-pack: pip install 'kith[spark]'.") from None
    out = out.resolve()
    if not out.name.endswith(SUFFIXES):
        raise ShipError(f"the archive's name must end in {' or '.join(SUFFIXES)}.")
    say = say or (lambda _msg: None)
    with tempfile.TemporaryDirectory(prefix="kith-env-") as name:
        tmp = Path(name)
        say("writing kith's wheel")
        wheel = _wheel(tmp)
        env = tmp / ALIAS
        base = getattr(sys, "_base_executable", sys.executable)
        # This Python's pip installs into the new environment (pip --python): no pip of its
        # own to install there first (ensurepip, ~4 s) and none to exclude from the archive.
        own_pip = importlib.util.find_spec("pip") is not None
        _run([base, "-m", "venv", *(["--without-pip"] if own_pip else []), env],
             "creating the virtual environment")
        say("installing kith and its dependencies into a fresh virtual environment")
        pip = ([sys.executable, "-m", "pip", "--python", env / "bin" / "python"] if own_pip
               else [env / "bin" / "python", "-m", "pip"])
        _run([*pip, "install", "--quiet", "--disable-pip-version-check", wheel],
             "installing kith and its dependencies")
        if not any(env.glob("lib/python*/site-packages/pipeline/__init__.py")):
            raise BuildError("building the environment archive failed: pip left kith itself out "
                             "of the environment (is another kith installed where pip looks?).")
        say(f"packing it into {out}")
        out.parent.mkdir(parents=True, exist_ok=True)
        venv_pack.pack(prefix=str(env), output=str(out), force=True, python_prefix=python_prefix,
                       compress_level=1, filters=[("exclude", "lib/python*/site-packages/pip/*")])
    return out
