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

from pipeline.tagging.rules import Rules, RulesError, load_rules
from pipeline.tagging.stage import TagResult, tag
from pipeline.tagging.targets import Target, load_targets

__all__ = ["Rules", "RulesError", "Target", "TagResult", "load_rules", "load_targets", "tag"]
