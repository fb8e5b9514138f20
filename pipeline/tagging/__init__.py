"""Stage 4 (tag): networks, warmth, keep-in-touch dates and paths into target companies.

* :mod:`~pipeline.tagging.rules` reads and checks the network rules (networks.toml).
* :mod:`~pipeline.tagging.keywords` matches rule entries against labels, organisations and
  titles (on distinct values only).
* :mod:`~pipeline.tagging.evidence` turns records, interactions and the owner's positions into
  one row per person, network and rule, and applies the user's overrides.
* :mod:`~pipeline.tagging.activity` links interactions to people and computes first/last
  contact, message counts, warmth, cadence, follow-up dates and dormant ties.
* :mod:`~pipeline.tagging.targets` reads targets.toml and finds who works or worked at each
  target company, ranked by warmth.
* :mod:`~pipeline.tagging.stage` puts it together: :func:`~pipeline.tagging.stage.tag`.

Everything is a pure function of its inputs and the as-of date.
"""

import importlib

# Name -> the module that defines it. Imported on first use (PEP 562): importing the package,
# as every `from pipeline.tagging.rules import ...` does, must not import the whole stage
# (numpy, the role parser, enrich): pipeline.config reads the rules' types, and every command,
# `kith --help` included, imports the config.
_EXPORTS = {"Rules": "rules", "RulesError": "rules", "load_rules": "rules",
            "TagResult": "stage", "tag": "stage", "Target": "targets", "load_targets": "targets"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
