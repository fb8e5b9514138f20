"""The network rules file (networks.toml): reading and checking it.

The format is documented in the built-in default, pipeline/data/networks.toml (the same text
as configs/networks.toml). Every problem is reported as a :class:`RulesError` whose message
names the file, the rule (number and name) and what is wrong, so the CLI can print it as is.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import schema
from pipeline.errors import UsageProblem
from pipeline.tagging import keywords

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "networks.toml"

NETWORKS = schema.NETWORK_NAMES
INTERACTION_KINDS = ("invitation", "message", "endorsement", "recommendation")
# kind -> default reason template; kinds in NO_MATCH take no `match` list.
KINDS: dict[str, str] = {
    "source": "{source} connection",
    "label": "{source} {field} '{value}'",
    "organization": "organisation '{value}' on your {source} contact matches {match}",
    "title": "title '{value}' on your {source} contact matches {match}",
    "email_domain": "e-mail at {value} ({match})",
    "interaction": "LinkedIn {value}",
    "former_employer": "former co-worker: you both worked at {value}",
    "current_employer": "works at {value}, where you work",
    "employer_domain": "e-mail at {value}, a domain you have an address at",
    "file": "in your file '{value}'",
}
NO_MATCH = ("former_employer", "current_employer", "employer_domain")
PLACEHOLDERS = ("value", "match", "source", "field")
OVERRIDE_RULE = "override"

_TOP = {"cadence", "dormant", "email", "rule"}
_RULE_KEYS = {"name", "network", "kind", "match", "reason"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_DOMAIN = re.compile(r"^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
_SOURCE = re.compile(r"^[a-z0-9_]+$")


class RulesError(UsageProblem):
    """An invalid rules or targets file; the message says where and what (exit code 2)."""


@dataclass(frozen=True)
class Rule:
    name: str
    network: str
    kind: str
    match: tuple[str, ...]
    reason: str  # template (the kind's default when the file gives none)


@dataclass(frozen=True)
class Dormant:
    min_messages: int = 3
    silent_days: int = 180
    cadence_multiple: float = 2.0


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    cadence: dict[str, int] = field(
        default_factory=lambda: {"peer": 90, "business": 60, "community": 120})
    untagged_cadence: int | None = None
    dormant: Dormant = field(default_factory=Dormant)
    personal_domains: frozenset[str] = frozenset()
    path: Path | None = None

    def of_kind(self, *kinds: str) -> list[Rule]:
        return [r for r in self.rules if r.kind in kinds]


def load_rules(path: Path | None) -> Rules:
    """The rules in `path`; None or a missing file gives the built-in default."""
    if path is None or not Path(path).exists():
        path = DEFAULT_PATH
    path = Path(path)
    return parse_rules(read_toml(path), path)


def read_toml(path: Path) -> dict:
    """A user's TOML file, or a RulesError that says what is wrong with it."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: not valid TOML ({exc}).") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: not UTF-8 text.") from exc
    except OSError as exc:
        raise RulesError(f"{path}: cannot be read ({exc.strerror}).") from exc


def _positive_int(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RulesError(f"{where} must be a whole number of days above 0, not {value!r}.")
    return value


def _cadence(raw, path: Path) -> tuple[dict[str, int], int | None]:
    if not isinstance(raw, dict):
        raise RulesError(f"{path}: [cadence] must be a table of network = days.")
    unknown = set(raw) - {*NETWORKS, "untagged"}
    if unknown:
        raise RulesError(f"{path}: [cadence] has unknown key(s) {', '.join(sorted(unknown))}; "
                         f"use {', '.join(NETWORKS)} or untagged.")
    out = {"peer": 90, "business": 60, "community": 120}
    for k in NETWORKS:
        if k in raw:
            out[k] = _positive_int(raw[k], f"{path}: cadence.{k}")
    untagged = raw.get("untagged")
    if untagged is not None:
        untagged = _positive_int(untagged, f"{path}: cadence.untagged")
    return out, untagged


def _dormant(raw, path: Path) -> Dormant:
    keys = {"min_messages", "silent_days", "cadence_multiple"}
    if not isinstance(raw, dict) or set(raw) - keys:
        raise RulesError(f"{path}: [dormant] takes only {', '.join(sorted(keys))}.")
    d = Dormant()
    mult = raw.get("cadence_multiple", d.cadence_multiple)
    if isinstance(mult, bool) or not isinstance(mult, int | float) or mult <= 0:
        raise RulesError(f"{path}: dormant.cadence_multiple must be a number above 0.")
    return Dormant(
        _positive_int(raw.get("min_messages", d.min_messages), f"{path}: dormant.min_messages"),
        _positive_int(raw.get("silent_days", d.silent_days), f"{path}: dormant.silent_days"),
        float(mult),
    )


def _domains(raw, path: Path) -> frozenset[str]:
    if not isinstance(raw, dict) or set(raw) - {"personal_domains"}:
        raise RulesError(f"{path}: [email] takes only personal_domains.")
    doms = raw.get("personal_domains", [])
    if not isinstance(doms, list) or not all(isinstance(d, str) for d in doms):
        raise RulesError(f"{path}: email.personal_domains must be a list of domains.")
    for d in doms:
        if not _DOMAIN.match(d.lower()) or d.startswith("."):
            raise RulesError(f"{path}: email.personal_domains: {d!r} is not a domain "
                             "(write it like gmail.com).")
    return frozenset(d.lower() for d in doms)


def _check_template(template, where: str) -> str:
    if not isinstance(template, str) or not template.strip():
        raise RulesError(f"{where}: reason must be a non-empty string.")
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise RulesError(f"{where}: reason {template!r} is not a valid template ({exc}); "
                         "write a literal brace as {{ or }}.") from exc
    for _lit, name, spec, conv in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conv:
            raise RulesError(f"{where}: reason uses {{{name}}}; the placeholders are "
                             + ", ".join("{" + p + "}" for p in PLACEHOLDERS) + ".")
    return template


def _check_match(kind: str, match, where: str) -> tuple[str, ...]:
    if kind in NO_MATCH:
        if match is not None:
            raise RulesError(f"{where}: kind {kind!r} takes no match list (it compares with "
                             "your own LinkedIn positions or e-mail addresses).")
        return ()
    if (not isinstance(match, list) or not match
            or not all(isinstance(m, str) and m.strip() for m in match)):
        raise RulesError(f"{where}: match must be a non-empty list of non-empty strings.")
    values = tuple(m.strip() for m in match)
    if kind == "interaction":
        bad = [m for m in values if m.lower() not in INTERACTION_KINDS]
        if bad:
            raise RulesError(f"{where}: {bad[0]!r} is not an interaction kind; use "
                             f"{', '.join(INTERACTION_KINDS)}.")
        values = tuple(m.lower() for m in values)
    elif kind == "source":
        bad = [m for m in values if not _SOURCE.match(m.lower())]
        if bad:
            raise RulesError(f"{where}: {bad[0]!r} is not a source ({', '.join(schema.SOURCES)}) "
                             "or source format (such as linkedin_connections).")
        values = tuple(m.lower() for m in values)
    elif kind == "file":
        # a file tags everyone in it: an entry that names no file would tag the whole book
        bad = [m for m in values if not m.strip("*?/![] ")]
        if bad:
            raise RulesError(f"{where}: {bad[0]!r} names no file; write part of a file or "
                             "folder name, such as \"meetup*.csv\".")
        values = tuple(m.lower() for m in values)
    elif kind == "email_domain":
        bad = [m for m in values if not _DOMAIN.match(m.lower())]
        if bad:
            raise RulesError(f"{where}: {bad[0]!r} is not a domain or domain ending "
                             "(write example.org or .org).")
        values = tuple(m.lower() for m in values)
    elif kind in ("organization", "title"):
        for m in values:
            if "*" in m.strip("*"):
                raise RulesError(f"{where}: {m!r}: a * may only stand at the start or end.")
        try:
            keywords.compile_phrases(values)
        except ValueError as exc:
            raise RulesError(f"{where}: {exc}.") from exc
    elif kind == "label":
        latin = [m for m in values if not keywords.is_cjk(m)]
        for m, folded in zip(latin, keywords.fold_text(latin), strict=True):  # one pass
            if not folded:
                raise RulesError(f"{where}: label {m!r} has no letters or digits.")
    return values


def _rule(i: int, raw, path: Path, seen: set[str]) -> Rule:
    where = f"{path}: rule {i}"
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: each [[rule]] must be a table.")
    name = raw.get("name")
    if isinstance(name, str):
        where = f"{path}: rule {i} ({name!r})"
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; a rule has "
                         f"{', '.join(sorted(_RULE_KEYS))}.")
    if not isinstance(name, str) or not _NAME.match(name):
        raise RulesError(f"{where}: name must be letters, digits, - or _ (got {name!r}).")
    if name == OVERRIDE_RULE:
        raise RulesError(f"{where}: the name 'override' is kept for your own decisions.")
    if name in seen:
        raise RulesError(f"{where}: another rule is already named {name!r}.")
    seen.add(name)
    network = raw.get("network")
    if network not in NETWORKS:
        raise RulesError(f"{where}: network must be one of {', '.join(NETWORKS)} "
                         f"(got {network!r}).")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RulesError(f"{where}: kind must be one of {', '.join(KINDS)} (got {kind!r}).")
    match = _check_match(kind, raw.get("match"), where)
    reason = _check_template(raw.get("reason", KINDS[kind]), where)
    return Rule(name, network, kind, match, reason)


def _entries(items) -> list[str]:
    """The texts _check_match folds, of every rule that looks well formed (the checks come
    after: a malformed rule is reported by _rule as before)."""
    texts = []
    for raw in items if isinstance(items, list) else []:
        match = raw.get("match") if isinstance(raw, dict) else None
        if raw.get("kind") in ("organization", "title", "label") and isinstance(match, list):
            texts += [m.strip().strip("*") if raw["kind"] != "label" else m.strip()
                      for m in match if isinstance(m, str) and not keywords.is_cjk(m)]
    return texts


def parse_rules(raw: dict, path: Path) -> Rules:
    unknown = set(raw) - _TOP
    if unknown:
        raise RulesError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; the file "
                         "has [cadence], [dormant], [email] and [[rule]] tables.")
    cadence, untagged = _cadence(raw.get("cadence", {}), path)
    dormant = _dormant(raw.get("dormant", {}), path)
    domains = _domains(raw.get("email", {}), path)
    items = raw.get("rule", [])
    if not isinstance(items, list):
        raise RulesError(f"{path}: rules are written as [[rule]] tables.")
    seen: set[str] = set()
    keywords.prefold(_entries(items))
    rules = tuple(_rule(i, r, path, seen) for i, r in enumerate(items, start=1))
    return Rules(rules, cadence, untagged, dormant, domains, path)
