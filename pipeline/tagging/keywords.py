"""Matching rule entries against labels, organisations and titles.

Text is compared in kith's folded form (ASCII, lower case, letters and digits separated by single
spaces: `Église Saint-Pierre` -> `eglise saint pierre`), so entries match without regard to case,
accents or punctuation. Phrases match whole words; a `*` at the start or end of an entry stands
for the rest of a word. Entries written in Chinese or Japanese script cannot be folded usefully
(there are no spaces between words), so they match as substrings of the raw text.

All functions take *distinct* values: the callers de-duplicate a column first, so a regex runs
once per distinct organisation, not once per record.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import polars as pl

from pipeline.normalize import fold_series

_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF),
               (0xF900, 0xFAFF), (0xFF66, 0xFF9F))


# Words a company name often carries or drops ("Barr & Roach Group" ~ "Barr & Roach"), after
# kith's org key has removed the legal form. Only employer and target matching ignore them.
# "Platforms" and "Technologies" end legal names people copy from a profile ("Meta Platforms,
# Inc.", "Dell Technologies"): round 32's recruiter at Meta Platforms was no path into Meta.
# Likewise the legal forms org keys keep: Icelandic hf./ehf. and the UAE's free-zone FZ-LLC,
# FZE, FZCO ("Marel hf." and "Marel" were two employers, so Marel's engineer "worked at
# Marel" before). Here, not in normalize.orgs: dedupe compares org keys, and both dedupe
# generators write FZE and FZ-LLC, so its measured figures would move.
# "Networks" and "Labs" too (round 33): a target "Careem" found nobody at "Careem Networks
# FZ-LLC" ("Juniper Networks", "Redis Labs"). The price, as with "Technologies": an "Acme
# Networks" and an "Acme" are one employer here; the reason shows the name as written.
_GENERIC_TAIL = (r"(?: (?:group|groupe|gruppe|grupo|holding|holdings|international|"
                 r"worldwide|global|platforms|technologies|networks|labs|hf|ehf|fz|fze|fzco|"
                 r"fzc))+$")


# What people write in a company field when there is no company to name: working for
# themselves, between jobs, or not saying (round 27). Two people "at" one of these never worked
# together, and none is a company to pursue, so employer matching (former co-worker, current
# colleague) and the companies list leave them out. Matched against the folded employer key.
_NO_EMPLOYER = re.compile(
    r"^(?:self ?employed|freelanc(?:e|er|ing)(?: consultant)?|independent"
    r"(?: consultant| contractor)?|contractor|confidential|undisclosed|stealth"
    r"(?: mode)?(?: startup| start up| company)?|retired|unemployed|between jobs|"
    r"career break|sabbatical|n ?a|none|various|private|selbststandig|selbstaendig|"
    r"freiberuflich|freiberufler(?:in)?|independant|autonomo|autonoma|"
    r"open to work|looking for (?:new )?opportunities|seeking (?:new )?opportunities)$")


def no_employer(key: pl.Expr) -> pl.Expr:
    """True where an employer key (employer_key) names no employer (see _NO_EMPLOYER)."""
    return key.str.contains(_NO_EMPLOYER.pattern).fill_null(False)


# A former name after the name ("Meta (formerly Facebook)", "X, previously Twitter"): the
# company is the name before it (round 27: a recruiter at "Meta (formerly Facebook)" was no
# path into the target Meta). Not "now": "Here Now Media" is a name.
_FORMER_WORDS = ("formerly", "previously", "fka", "f k a", "anciennement", "ehemals", "vormals",
                 "antes")
_FORMER_NAME = r" (?:" + "|".join(_FORMER_WORDS) + r") .+$"


def employer_key(org_key: pl.Expr) -> pl.Expr:
    """The org key without a former name after it and without trailing generic words, for
    matching employers and targets."""
    # the regex only where a word is found (a literal search): on every key it made this
    # ~4x slower (1M keys: 50 -> 222 ms; guarded 77 ms)
    former = org_key.str.contains_any([f" {w} " for w in _FORMER_WORDS])
    named = pl.when(former).then(org_key.str.replace(_FORMER_NAME, "")).otherwise(org_key)
    stripped = named.str.replace(_GENERIC_TAIL, "")
    return pl.when(stripped.str.len_chars() > 0).then(stripped).otherwise(org_key)


# _CJK_RANGES as one character class: a rules file's ~700 entries were tested character by
# character against each range in Python.
_CJK = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")


def is_cjk(text: str) -> bool:
    """True when the text holds Chinese, Japanese or Korean characters."""
    return _CJK.search(text) is not None


# Folded rule and target entries, by entry text: a rules file's entries are folded in one
# query (prefold, from parse_rules) instead of one query per rule (~0.01 CPU-s a run). Only
# the user's own rules and targets, never contact data, so bounded by those files.
_folded: dict[str, str | None] = {}


def prefold(values: list[str]) -> None:
    """Fold every value not folded yet in one query, for fold_text to find."""
    missing = [v for v in dict.fromkeys(values) if v not in _folded]
    if missing:
        _folded.update(zip(missing, fold_series(pl.Series(missing, dtype=pl.String)).to_list(),
                           strict=True))


def fold_text(values: list[str]) -> list[str | None]:
    """kith's folded key of each string (None when nothing is left). Folding is per value, so
    a value folded among others (prefold) has the key it would have alone."""
    if not values:
        return []
    prefold(values)
    return [_folded[v] for v in values]


def _raw(col: str) -> pl.Expr:
    return pl.col(col).str.normalize("NFC").str.strip_chars().str.to_lowercase()


@dataclass(frozen=True)
class Phrases:
    """A compiled list of phrase entries (see the module docstring)."""

    entries: tuple[str, ...]
    folded_regex: str | None  # over folded text; group 1 is the matched words
    raw_regex: str | None  # over NFC lower-case raw text, for CJK entries
    word_regexes: tuple[tuple[str, re.Pattern], ...]  # (entry, full-match of matched words)


def _word_pattern(entry: str, core: str | None) -> str | None:
    """The regex of an entry whose folded text (without its * wildcards) is `core`."""
    lead, trail = entry.startswith("*"), entry.endswith("*")
    if not core:
        return None
    return ("[a-z0-9]*" if lead else "") + re.escape(core) + ("[a-z0-9]*" if trail else "")


def compile_phrases(entries: list[str] | tuple[str, ...]) -> Phrases:
    """Compile entries; raises ValueError naming an entry that has no letters or digits.
    Cached by content: a batch worker runs many owners with the same rules."""
    return _compile_phrases(tuple(entries))


@functools.lru_cache(maxsize=256)
def _compile_phrases(entries: tuple[str, ...]) -> Phrases:
    words, raw = [], []
    latin = [e for e in entries if not is_cjk(e)]
    cores = dict(zip(latin, fold_text([e.strip("*") for e in latin]), strict=True))  # one pass
    for e in entries:
        if is_cjk(e):
            raw.append(e.strip("*").lower())
            continue
        pat = _word_pattern(e, cores[e])
        if pat is None:
            raise ValueError(f"entry {e!r} has no letters or digits")
        words.append((e, pat))
    # Longest first: "little league" wins over "league" when both fit.
    alts = sorted({p for _, p in words}, key=lambda p: (-len(p), p))
    folded = rf"(?:^| )({'|'.join(alts)})(?: |$)" if alts else None
    raw_re = "(" + "|".join(re.escape(r) for r in sorted(set(raw), key=lambda r: (-len(r), r))) + ")"
    return Phrases(tuple(entries), folded, raw_re if raw else None,
                   tuple((e, re.compile(p)) for e, p in words))


def match_phrases(values: pl.Series, phrases: Phrases,
                  folded: pl.Series | None = None) -> pl.Series:
    """For each (distinct) value, the entry that matches it, or null. `folded` is
    fold_series(values) when the caller has it already (it is the costly part).

    Two polars queries (the matched words with their distinct list, then the entries), not
    one per step: tagging runs this once per rule for every owner, and on a small owner's
    values each query costs more than its work."""
    if not (phrases.folded_regex or phrases.raw_regex):
        return pl.Series(values.name, [None] * values.len(), dtype=pl.String)
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    words: pl.Expr = pl.lit(None, dtype=pl.String)
    if phrases.folded_regex:
        folded = fold_series(values) if folded is None else folded
        found_lf = pl.LazyFrame({"w": folded}, schema={"w": pl.String}).select(
            pl.col("w").str.extract(phrases.folded_regex, 1))
        matched, found = pl.collect_all([found_lf, found_lf.drop_nulls().unique().sort("w")])
        to_entry = {}
        for w in found["w"].to_list():
            entry = next((e for e, rx in phrases.word_regexes if rx.fullmatch(w)), None)
            # A wildcard entry is shown as the word it matched ("recruiter", not "recruit*").
            to_entry[w] = w if entry is not None and "*" in entry else entry
        frame = frame.hstack(matched)
        words = pl.col("w").replace_strict(to_entry, default=None, return_dtype=pl.String)
    if phrases.raw_regex:
        by_raw = {e.strip("*").lower(): e for e in phrases.entries if is_cjk(e)}
        raw = _raw("v").str.extract(phrases.raw_regex, 1).replace_strict(
            by_raw, default=None, return_dtype=pl.String)
        words = pl.coalesce(words, raw)
    return frame.select(words.alias(values.name)).to_series()


@functools.lru_cache(maxsize=256)
def _exact_maps(entries: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """(folded key -> entry, raw CJK key -> entry), the first entry winning. Cached by content:
    a batch worker runs many owners with the same rules (folding is ~10 polars queries)."""
    folded_map, raw_map = {}, {}
    latin = [e for e in entries if not is_cjk(e)]
    keys = dict(zip(latin, fold_text(latin), strict=True))  # one pass over every entry
    for e in entries:
        if e not in keys:
            raw_map.setdefault(e.strip().lower(), e)
        elif keys[e]:
            folded_map.setdefault(keys[e], e)
    return folded_map, raw_map


def match_exact(values: pl.Series, entries: list[str] | tuple[str, ...]) -> pl.Series:
    """For each (distinct) value, the entry equal to it once folded (CJK: equal raw), or null."""
    folded_map, raw_map = _exact_maps(tuple(entries))
    frame = pl.DataFrame({"v": values, "f": fold_series(values)},
                         schema={"v": pl.String, "f": pl.String})
    return frame.select(pl.coalesce(
        pl.col("f").replace_strict(folded_map, default=None, return_dtype=pl.String),
        _raw("v").replace_strict(raw_map, default=None, return_dtype=pl.String),
    ).alias(values.name)).to_series()


def domain_match(domains: pl.Series, entries: list[str] | tuple[str, ...]) -> pl.Series:
    """For each (distinct) lower-case domain, the first entry it equals or ends with, or null.

    ".edu" matches any domain ending in .edu; "redcross.org" matches redcross.org and its
    subdomains.
    """
    out = pl.lit(None, dtype=pl.String)
    for e in reversed(entries):  # earlier entries win: they are applied last
        e = e.lower()
        hit = (pl.col("d").str.ends_with(e) if e.startswith(".")
               else (pl.col("d") == e) | pl.col("d").str.ends_with("." + e))
        out = pl.when(hit).then(pl.lit(e)).otherwise(out)
    return domains.to_frame("d").select(out.alias(domains.name)).to_series()
