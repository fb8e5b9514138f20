"""Network evidence: one row per person, network and rule that fired, with a reason in words.

Rules look at every record of a person (a stale phone card showing an old employer is evidence
too), at the interactions linked to the person, and at the owner's own LinkedIn positions and
e-mail addresses. Value matching runs on distinct values and is joined back, so the cost grows
with the number of distinct labels, organisations, titles and domains, not with records.
The user's per-person decisions ("in-network" / "not-in-network") are applied last and win
(pipeline.tagging.overrides).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from fnmatch import fnmatchcase

import polars as pl

from pipeline import schema
from pipeline.normalize import emails as emails_mod
from pipeline.normalize import fold_series, names
from pipeline.tagging import keywords
from pipeline.tagging.rules import Rule, Rules
from pipeline.textfmt import fmt

LABEL_FIELD = {"google": "label", "csv": "label", "linkedin": "tag"}  # else "category"
MAX_REASONS = 3
_EMPTY = pl.DataFrame(schema={"person_id": pl.String, "network": pl.String, "rule": pl.String,
                              "reason": pl.String})


@dataclass(frozen=True)
class Owner:
    """What kith knows about the account owner, from owner.parquet."""

    name_key: str | None
    current: pl.DataFrame  # employer_key, organization: where the owner works now
    former: pl.DataFrame  # employer_key, organization: employers the owner has left
    email_keys: tuple[str, ...]
    domains: tuple[str, ...]  # domains of the owner's own addresses
    short_keys: tuple[str, ...] = ()  # the owner's name with one of two surnames (_short_keys)


def profile_name_key() -> pl.Expr:
    """The full-name key of an owner.parquet profile row (the owner's own name)."""
    return names.full_name_key(pl.concat_str([pl.col("first_name"), pl.col("last_name")],
                                             separator=" ", ignore_nulls=True)).alias("k")


_UNKNOWN = object()


def owner_facts(owner: pl.DataFrame, personal_domains: frozenset[str],
                name_key: str | None | object = _UNKNOWN) -> Owner:
    """`name_key`: the first profile row's profile_name_key, when computed already (a batch's
    group computes its owners' at once: parsing a name costs ~6 ms however few there are)."""
    # one collect_all, not a query per step: every batch owner pays each query's overhead
    lf = schema.conform(owner, schema.OWNER).lazy()
    pos = (lf.filter((pl.col("kind") == "position") & pl.col("org_key").is_not_null())
           .with_columns(keywords.employer_key(pl.col("org_key")).alias("employer_key"))
           # "Self-employed" in your positions and in theirs is no shared employer
           .filter(~keywords.no_employer(pl.col("employer_key")))
           .sort(["employer_key", "started_on", "source_row"], nulls_last=True))
    cols, done = ["employer_key", "organization"], pl.col("finished_on").is_not_null()
    current = pos.filter(~done).unique("employer_key", keep="first", maintain_order=True).select(cols)
    former = (pos.filter(done).unique("employer_key", keep="first", maintain_order=True)
              .join(current, on="employer_key", how="anti").select(cols))
    mails = (lf.filter(pl.col("kind") == "email")
             .select(pl.col("value").str.strip_chars().str.to_lowercase().alias("e")).drop_nulls()
             .select(emails_mod.email_key(pl.col("e")).alias("e")).unique().sort("e"))
    prof = lf.filter(pl.col("kind") == "profile").select(profile_name_key()).drop_nulls()
    parts = lf.filter(pl.col("kind") == "profile").select("first_name", "last_name").head(1)
    current, former, mails, parts, *prof = pl.collect_all(
        [current, former, mails, parts] + ([prof] if name_key is _UNKNOWN else []))
    name_key = (prof[0]["k"][0] if prof[0].height else None) if prof else name_key
    keys = mails["e"].to_list()
    domains = sorted({m.rsplit("@", 1)[-1] for m in keys if "@" in m} - set(personal_domains))
    return Owner(name_key, current, former, tuple(keys), tuple(domains),
                 _short_keys(parts, name_key))


# Particles that start a compound surname ("de la Fuente"), not a surname of their own.
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "i", "da", "do", "dos", "das", "e"})


def _short_keys(parts: pl.DataFrame, name_key: str | None) -> tuple[str, ...]:
    """Name keys of the owner's name with the first of two surnames: Spanish usage calls
    "Lucía Fernández Ortega" (Profile.csv) "Lucía Fernández" on a meetup list or a colleague's
    sheet (user41), and her name key ("lucia ortega") keeps the last one only."""
    # only a family name of two words or more is folded (an owner's fold is ~9 small polars
    # queries, and every batch owner pays each query's overhead: tests/test_small_book_queries)
    # (runs of letters: "Tremblay-Côté" folds to two words as "Fernández Ortega" does)
    if not parts.height or len(re.findall(r"[^\W\d_]+", parts["last_name"][0] or "")) < 2:
        return ()
    first, last = (fold_series(parts[c]).fill_null("").str.to_lowercase()[0].split()
                   for c in ("first_name", "last_name"))
    if not first or len(last) < 2 or last[0] in _PARTICLES:
        return ()
    key = f"{first[0]} {last[0]}"
    return () if key == name_key else (key,)


def owner_people(records: pl.DataFrame, owner: Owner) -> pl.Series:
    """Person ids that are the owner's own card: the owner's name and no LinkedIn connection
    record (nobody is connected to themselves), or one of the owner's e-mail addresses. The
    name with one of two surnames (Owner.short_keys) only on a card with no e-mail or phone
    either (a name on an attendee list): a namesake in the address book has a way to reach."""
    # Predicates are built from columns only: a bare literal predicate (no name, no e-mail:
    # a user without Profile.csv) raised ShapeError on multi-chunk frames in polars 2.1.
    mail = pl.col("email_keys").list.eval(
        pl.element().is_in(list(owner.email_keys))).list.any().fill_null(False)
    full = (pl.col("name_key") == owner.name_key).fill_null(False) if owner.name_key \
        else pl.lit(False)
    short = pl.col("name_key").is_in(list(owner.short_keys)).fill_null(False)
    hits = ([full] if owner.name_key else []) + ([mail] if owner.email_keys else []) \
        + ([short] if owner.short_keys else [])
    if not hits:
        return records["person_id"].head(0)
    candidates = records.filter(pl.any_horizontal(hits))["person_id"].unique()
    if candidates.len() == 0:
        return candidates.sort()
    recs = records.filter(pl.col("person_id").is_in(candidates.implode()))
    per = recs.group_by("person_id").agg(
        (mail if owner.email_keys else pl.lit(False)).any().alias("mail"),
        (pl.col("source_format") == "linkedin_connections").any().alias("connection"),
        full.any().alias("full"),
        ((pl.col("email_keys").list.len().fill_null(0) > 0)
         | (pl.col("phones_e164").list.len().fill_null(0) > 0)).any().alias("reachable"))
    return per.filter(pl.col("mail") | (~pl.col("connection") & (
        pl.col("full") | ~pl.col("reachable"))))["person_id"].sort()


def _reason(template: str) -> pl.Expr:
    parts: list[pl.Expr] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            parts.append(pl.col(f"_{name}"))
    return pl.concat_str(parts) if parts else pl.lit("")


_PLACES = ["_value", "_match", "_source", "_field"]
# (value column, rule name) -> value_hits' table for that rule
Matches = dict[tuple[str, str], pl.DataFrame]


def _number_runs(rows: pl.DataFrame) -> pl.DataFrame:
    """On rows sorted by (pidx, rule_i): k = position within the run of equal keys, n = the
    run's length. Runs of a sorted frame are found by comparing neighbours, which is much
    cheaper than a window over groups."""
    new = ((pl.col("pidx") != pl.col("pidx").shift())
           | (pl.col("rule_i") != pl.col("rule_i").shift())).fill_null(True)
    rows = rows.with_columns(new.alias("_new"))
    i = pl.int_range(pl.len(), dtype=pl.Int64)
    rows = rows.with_columns((i - pl.when(pl.col("_new")).then(i).forward_fill()).alias("k"))
    last = pl.col("_new").shift(-1).fill_null(True)
    return rows.with_columns(pl.when(last).then(pl.col("k") + 1).backward_fill().alias("n"))


class _Hits:
    """Collects rule hits as integers: (person index, rule index, reason combination).

    A reason depends only on the rule and its placeholders, so each rule's distinct placeholder
    combinations get a number and the sentence is built once per combination; the per-person
    rows stay integers until the end (de-duplicating and grouping integers is cheap at 1M rows).
    The frames are kept as added and read together in `rows`: ~25 rules fire for an owner of a
    batch, and five small queries for each (~0.6 ms) were an owner's fixed cost.
    """

    def __init__(self, rules: list[Rule]):
        # Rule indexes follow (network, name), the output's sort order.
        self.rules = sorted(rules, key=lambda r: (r.network, r.name))
        self.index = {r.name: i for i, r in enumerate(self.rules)}
        self.added: list[tuple[int, pl.DataFrame]] = []

    def add(self, rule: Rule, frame: pl.DataFrame) -> None:
        """`frame`: pidx plus any of the placeholder columns."""
        if frame.height:
            self.added.append((self.index[rule.name], frame))

    def _hits(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(pidx, rule_i, g) of every hit, and the sentences, g = the rank of the sentence.
        A placeholder a frame lacks reads as "" (as an empty one does)."""
        present = {c for _, f in self.added for c in f.columns}
        hits = pl.concat([f.lazy().select("pidx", pl.lit(i, dtype=pl.UInt32).alias("rule_i"),
                                          *(c for c in _PLACES if c in f.columns))
                          for i, f in self.added], how="diagonal_relaxed").with_columns(
            pl.col(c).fill_null("") if c in present else pl.lit("").alias(c)
            for c in _PLACES).collect()
        reason = None  # one branch per distinct template of the rules that fired
        templates: dict[str, list[int]] = {}
        for i in sorted({i for i, _ in self.added}):
            templates.setdefault(self.rules[i].reason, []).append(i)
        for template, rules in templates.items():
            fired = pl.col("rule_i").is_in(pl.Series(rules, dtype=pl.UInt32).implode())
            reason = (pl.when(fired) if reason is None else reason.when(fired)) \
                .then(_reason(template))
        # g numbers the distinct sentences in alphabetical order (two placeholder combinations
        # may read the same, e.g. a literal reason: they are one finding).
        combos = hits.lazy().select("rule_i", *_PLACES).unique().with_columns(
            reason.alias("reason")).with_columns(
            (pl.col("reason").rank("dense") - 1).cast(pl.UInt32).alias("g")).collect()
        rows = hits.join(combos.drop("reason"), on=["rule_i", *_PLACES]).select(
            "pidx", "rule_i", "g")
        return rows, combos.unique("g").sort("g")["reason"]

    def rows(self, ids: pl.Series) -> pl.DataFrame:
        """(person_id, network, rule, reason), up to MAX_REASONS sorted findings a row."""
        if not self.added:
            return _EMPTY
        rows, texts = self._hits()
        rows = rows.unique().sort("pidx", "rule_i", "g")
        rows = _number_runs(rows).filter(pl.col("k") < MAX_REASONS)
        single = rows.filter(pl.col("n") == 1).select(
            "pidx", "rule_i", pl.col("g").map_batches(texts.gather, return_dtype=pl.String)
            .alias("reason"))
        more = pl.col("n").first().cast(pl.Int64) - MAX_REASONS
        multi = (rows.filter(pl.col("n") > 1)
                 .with_columns(pl.col("g").map_batches(texts.gather, return_dtype=pl.String)
                               .alias("reason"))
                 .group_by("pidx", "rule_i", maintain_order=True)
                 .agg(pl.concat_str([pl.col("reason").str.join("; "),
                                     pl.when(more > 0).then(fmt("; and {} more", more))
                                     .otherwise(pl.lit(""))]).alias("reason")))
        out = pl.concat([single, multi]).sort("pidx", "rule_i")
        networks = pl.Series([r.network for r in self.rules], dtype=pl.String)
        names_ = pl.Series([r.name for r in self.rules], dtype=pl.String)
        return pl.DataFrame({
            "person_id": ids.gather(out["pidx"]),
            "network": networks.gather(out["rule_i"]),
            "rule": names_.gather(out["rule_i"]),
            "reason": out["reason"],
        })


def _source_name(col: str = "source") -> pl.Expr:
    return pl.col(col).replace_strict(schema.SOURCE_NAMES, default=pl.col(col), return_dtype=pl.String)


def value_hits(distinct: pl.Series, col: str, rules: list[Rule]) -> dict[str, pl.DataFrame]:
    """rule name -> (col, _match) for the values of `distinct` (distinct, sorted, no nulls)
    that the rule's entries match (MATCHERS[col]); every value is matched on its own, so the
    hits of a larger set of values hold those of any subset."""
    fn, folded = MATCHERS[col], fold_series(distinct)
    hits = [pl.LazyFrame({col: distinct, "_match": fn(distinct, folded, r)}).drop_nulls()
            for r in rules]  # dropped in one collect_all, not a query a rule
    return dict(zip([r.name for r in rules], pl.collect_all(hits), strict=True))


def _by_distinct(acc: _Hits, rows: pl.DataFrame, col: str, rules: list[Rule],
                 hits: Matches | None = None) -> None:
    """Match each rule's entries against the distinct values of `col` and join the hits back
    to `rows`. `hits`: (col, rule name) -> value_hits over a set of values holding these rows'
    (a batch's group matches its owners' values at once: pipeline/batch/grouped_tag.py)."""
    if not rules or rows.height == 0:
        return
    if hits is None:
        mine = value_hits(rows[col].drop_nulls().unique().sort(), col, rules)
    for rule in rules:
        hit = mine[rule.name] if hits is None else hits[(col, rule.name)]
        if hit.height:
            found = rows.join(hit, on=col).rename({col: "_value"})
            if col in ("organization", "title"):  # one finding a value, naming its sources
                found = found.group_by("pidx", "_value", "_match", maintain_order=True).agg(
                    pl.col("_source").unique().sort().str.join(" and "))  # Google and LinkedIn
            acc.add(rule, found)


def _source_rows(acc: _Hits, records: pl.DataFrame, rules: list[Rule]) -> None:
    for rule in rules:
        hit = records.filter(pl.col("source").is_in(rule.match)
                             | pl.col("source_format").is_in(rule.match))
        acc.add(rule, hit.select("pidx", _source_name().alias("_source"),
                                 pl.col("source_format").alias("_value")))


def file_entry(path: str, entries: tuple[str, ...]) -> str | None:
    """The first entry (a lower-case shell pattern) that matches the file's name or the end of
    its path inside the input folder ("meetups/*" matches "events/meetups/june.csv"; a zip's
    member counts as a file in a folder named after the zip), or None."""
    parts = re.split(r"[/!]", path.lower())

    def matches(entry: str) -> bool:  # part by part: a * stays within one name
        wanted = entry.strip("/").split("/")
        return len(wanted) <= len(parts) and all(
            fnmatchcase(have, want) for have, want in zip(parts[-len(wanted):], wanted,
                                                          strict=True))
    return next((e for e in entries if matches(e)), None)


def _file_rows(acc: _Hits, records: pl.DataFrame, rules: list[Rule]) -> None:
    if not rules:
        return
    files = records["source_file"].drop_nulls().unique().sort().to_list()  # a few per book
    for rule in rules:
        hit = {f: e for f in files if (e := file_entry(f, rule.match)) is not None}
        if hit:
            acc.add(rule, records.filter(pl.col("source_file").is_in(list(hit))).select(
                "pidx", _source_name().alias("_source"),
                pl.col("source_file").str.extract(r"([^/!]+)$", 1).alias("_value"),
                pl.col("source_file").replace_strict(hit, default=None,
                                                     return_dtype=pl.String).alias("_match")))


def _labels(records: pl.DataFrame) -> pl.DataFrame:
    labels = (records.filter(pl.col("labels").list.len() > 0)
              .select("pidx", "source", pl.col("labels").alias("label"))
              .explode("label").with_columns(pl.col("label").str.strip_chars())
              .filter(pl.col("label").str.len_chars() > 0))
    return labels.select(
        "pidx", "label", _source_name().alias("_source"),
        pl.col("source").replace_strict(LABEL_FIELD, default="category",
                                        return_dtype=pl.String).alias("_field"))


def _domains(records: pl.DataFrame) -> pl.DataFrame:
    return (records.filter(pl.col("email_keys").list.len() > 0)
            .select("pidx", pl.col("email_keys").alias("e")).explode("e")
            .select("pidx", pl.col("e").str.extract(r"@([^@]+)$", 1).str.to_lowercase()
                    .alias("domain")).drop_nulls("domain"))


def _value_rows(records: pl.DataFrame, col: str) -> pl.DataFrame:
    """(pidx, col, ...): the values of `col` the rules of MATCHED[col] are matched against."""
    if col == "label":
        return _labels(records)
    if col == "domain":
        return _domains(records)
    # the source goes along: a title from an old Google card says so in the reason (user34)
    return records.select("pidx", pl.col(col).str.strip_chars().alias(col),
                          _source_name().alias("_source"))


def rule_values(records: pl.DataFrame, col: str) -> pl.Series:
    """The distinct values of `col` (MATCHED) that rule_rows matches rules against for
    `records` (sorted, no nulls)."""
    rows = _value_rows(records.with_columns(pl.lit(0, dtype=pl.UInt32).alias("pidx")), col)
    return rows[col].drop_nulls().unique().sort()


def _match_text(values: pl.Series, folded: pl.Series, rule: Rule) -> pl.Series:
    return keywords.match_phrases(values, keywords.compile_phrases(rule.match), folded)


# value column -> the rule kind matched against its distinct values, and how: fn(values,
# folded values, rule) -> the matching entry or null, value by value
MATCHED = {"label": "label", "organization": "organization", "title": "title",
           "domain": "email_domain"}
MATCHERS = {"label": lambda v, _f, r: keywords.match_exact(v, r.match),
            "organization": _match_text, "title": _match_text,
            "domain": lambda v, _f, r: keywords.domain_match(v, r.match)}


def _interaction_rows(acc: _Hits, linked: pl.DataFrame, rules: list[Rule]) -> None:
    kinds = linked.select("pidx", pl.col("kind").alias("_value"))
    for rule in rules:
        acc.add(rule, kinds.filter(pl.col("_value").is_in(rule.match)).with_columns(
            pl.col("_value").alias("_match"), pl.lit("LinkedIn").alias("_source")))


def _employer_rows(acc: _Hits, records: pl.DataFrame, orgs: pl.DataFrame, rules: list[Rule]):
    if not rules or orgs.height == 0:
        return
    keys = records.select("pidx", "org_key").drop_nulls()
    hit = (keys.with_columns(keywords.employer_key(pl.col("org_key")).alias("employer_key"))
           .join(orgs, on="employer_key").select("pidx", pl.col("organization").alias("_value")))
    for rule in rules:
        acc.add(rule, hit)


def _beside_your_employers(records: pl.DataFrame, owner: Owner) -> pl.DataFrame:
    """Records whose organisation is none the owner works or worked at (Positions.csv). A
    colleague at your hospital, school or city hall is tagged by the employer rules (business,
    peer), not as someone you know from a hospital or a school (user39: a nurse's colleagues
    filled the Community worksheet, "people who know you outside work", for their employer)."""
    mine = pl.concat([owner.current["employer_key"], owner.former["employer_key"]])
    if mine.len() == 0:
        return records
    at_mine = keywords.employer_key(pl.col("org_key")).is_in(mine.implode()).fill_null(False)
    return records.filter(~at_mine)


def _employer_domain_rows(acc: _Hits, domains: pl.DataFrame, owner: Owner, rules: list[Rule]):
    if not rules or not owner.domains:
        return
    hit = domains.filter(pl.col("domain").is_in(list(owner.domains))).rename({"domain": "_value"})
    for rule in rules:
        acc.add(rule, hit)


def rule_rows(records: pl.DataFrame, linked: pl.DataFrame, owner: Owner, rules: Rules,
              ids: pl.Series | None = None, exclude: pl.Series | None = None,
              hits: Matches | None = None) -> pl.DataFrame:
    """Evidence rows (person_id, network, rule, reason), one per person, network and rule,
    sorted; the reason lists up to MAX_REASONS distinct findings. `linked` holds the
    interactions linked to people (person_id, kind); `ids` the person ids to tag (default:
    those of the records); `exclude` person ids get no rows. `hits`: see _by_distinct."""
    if ids is None:
        ids = records["person_id"].unique()
    if not ids.is_sorted():
        ids = ids.sort()
    index = pl.DataFrame({"person_id": ids, "pidx": pl.int_range(ids.len(), dtype=pl.UInt32,
                                                                  eager=True)})
    if exclude is not None and exclude.len():
        index = index.filter(~pl.col("person_id").is_in(exclude.implode()))
    needed = ["person_id", "source", "source_format", "source_file", "labels", "organization",
              "title", "email_keys", "org_key"]
    # A left join keeping the records' order is several times faster than an inner one here.
    records = (records.select(needed).join(index, on="person_id", how="left",
                                           maintain_order="left").drop_nulls("pidx"))
    linked = (linked.select("person_id", "kind").unique()
              .join(index, on="person_id", how="left", maintain_order="left").drop_nulls("pidx"))
    acc = _Hits(list(rules.rules))
    domains = _domains(records)
    _source_rows(acc, records, rules.of_kind("source"))
    _file_rows(acc, records, rules.of_kind("file"))
    for col, kind in MATCHED.items():
        if rules.of_kind(kind):
            rows = (domains if col == "domain" else _value_rows(
                _beside_your_employers(records, owner) if col == "organization" else records, col))
            _by_distinct(acc, rows, col, rules.of_kind(kind), hits)
    _interaction_rows(acc, linked, rules.of_kind("interaction"))
    _employer_rows(acc, records, owner.former, rules.of_kind("former_employer"))
    _employer_rows(acc, records, owner.current, rules.of_kind("current_employer"))
    _employer_domain_rows(acc, domains, owner, rules.of_kind("employer_domain"))
    return acc.rows(ids)
