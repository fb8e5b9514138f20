"""The executor side of the pre-flight check (see ship.check_executors).

This module is pickled BY VALUE (cloudpickle.register_pickle_by_value), so an executor can run
`check` even when it cannot import kith: that is what it finds out. Keep it free of kith
imports at module level and of references to other kith modules.
"""

from __future__ import annotations

# What `run_owner` imports on an executor, dependencies first: the first one missing is named.
MODULES = ("numpy", "pyarrow", "polars", "rapidfuzz", "jinja2", "click", "phonenumbers",
           "anyascii", "jellyfish", "pipeline", "pipeline.run", "pipeline.batch.owner")


def code_digest(package_dir: str) -> str:
    """A digest of kith's code and data (its .py files, data/ and templates/: what its wheel
    holds), so a driver and executors running different kith versions are told apart."""
    import hashlib
    import os

    digest = hashlib.sha256()
    for base, dirs, files in sorted(os.walk(package_dir)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(base, name)
            top = os.path.relpath(path, package_dir).split(os.sep)[0]
            if not name.endswith(".py") and top not in ("data", "templates"):
                continue
            digest.update(os.path.relpath(path, package_dir).encode() + b"\0")
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()


def check(paths: dict, _partition) -> list[dict]:
    """One executor's answer: its Python, the first module it cannot import, kith's code
    digest, and which of `paths` (name -> path on the driver's file system) it cannot see."""
    import importlib
    import os
    import sys

    found = {"python": sys.executable, "version": f"{sys.version_info[0]}.{sys.version_info[1]}",
             "missing": None, "error": None, "digest": None,
             "unseen": sorted(name for name, path in paths.items() if not os.path.exists(path))}
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            found["missing"] = exc.name or name
            return [found]
        except Exception as exc:  # noqa: BLE001 - a broken install is reported, not raised
            found["error"] = f"{name}: {type(exc).__name__}: {str(exc)[:200]}"
            return [found]
    found["digest"] = code_digest(os.path.dirname(sys.modules["pipeline"].__file__))
    return [found]
