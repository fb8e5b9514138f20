"""Target companies (targets.toml): who can get you in, who can hire you first, then the warmest.

A person *works there* when their current organisation (people.org_key) has the key of the
target's company name or of one of its aliases; organisation keys are kith's usual ones
(`Google LLC` ~ `Google`), less trailing generic words (`Barr & Roach Group` ~ `Barr & Roach`,
see keywords.employer_key), and aliases cover the rest (`Alphabet`). A person *worked there* when
another of their records shows the target as an older value (a phone card with the previous
employer while LinkedIn shows the new one). Paths into a target are ranked by warmth, then
current before former employees (a title saying they left the company, "Ex-Google" at Google, is
a former employee: pipeline.enrich.past_employer), then whether their title matches a role you are
pursuing.
Before warmth come the people who can hire you: a manager, director, VP or executive there in
your own function (from your LinkedIn positions and the targets' roles; pipeline.enrich.roles),
then the recruiters there (function HR); the reason says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.enrich import roles as roles_mod
from pipeline.enrich.openings import HIRING_TITLE
from pipeline.enrich.past_employer import left_their_employer
from pipeline.normalize import fold_series, orgs
from pipeline.tagging import keywords
from pipeline.tagging.rules import RulesError, read_toml
from pipeline.textfmt import fmt

_TOP = {"roles", "target"}
# "works at Stripe (Google)" reads as part of Google: a reason names the address book.
_PER_SOURCE = {**schema.SOURCE_NAMES, "google": "Google Contacts"}
_TARGET = {"company", "aliases", "roles"}


@dataclass(frozen=True)
class Target:
    company: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


def _strings(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"{where} must be a list of non-empty strings.")
    return tuple(v.strip() for v in value)


def _key(name: str) -> str | None:
    key = pl.select(orgs.org_key(pl.lit(name, dtype=pl.String)).alias("k"))
    return key.select(keywords.employer_key(pl.col("k"))).item()


def target_named(targets: list[Target], name: str) -> str | None:
    """The company of the target that `name` names: its own name, an alias, or another name
    of one employer (org_aliases: Facebook is Meta); None if no target."""
    key = _key(name)
    return next((t.company for t in targets for n in (t.company, *t.aliases)
                 if key and _key(n) == key), None)


def load_targets(path: Path | None) -> list[Target]:
    """The targets in `path`, in file order; no file (or None) gives []."""
    if path is None or not Path(path).exists():
        return []
    path = Path(path)
    return parse_targets(read_toml(path), path)


def parse_targets(raw: dict, path: Path) -> list[Target]:
    unknown = set(raw) - _TOP
    if unknown:
        raise RulesError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; the file has "
                         "roles = [...] and [[target]] tables.")
    common = _strings(raw.get("roles", []), f"{path}: roles")
    items = raw.get("target", [])
    if not isinstance(items, list):
        raise RulesError(f"{path}: targets are written as [[target]] tables.")
    out, owner_of_key = [], {}
    for i, t in enumerate(items, start=1):
        where = f"{path}: target {i}"
        if not isinstance(t, dict):
            raise RulesError(f"{where}: each [[target]] must be a table.")
        company = t.get("company")
        if isinstance(company, str) and company.strip():
            where = f"{path}: target {i} ({company.strip()!r})"
        if set(t) - _TARGET:
            raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(set(t) - _TARGET))}; "
                             f"a target has {', '.join(sorted(_TARGET))}.")
        if not isinstance(company, str) or not company.strip():
            raise RulesError(f"{where}: company must be a non-empty string.")
        target = Target(company.strip(), _strings(t.get("aliases", []), f"{where}: aliases"),
                        tuple(dict.fromkeys(common + _strings(t.get("roles", []),
                                                              f"{where}: roles"))))
        if any(t.company == target.company for t in out):
            raise RulesError(f"{where}: {target.company!r} is listed twice.")
        for name in (target.company, *target.aliases):
            key = _key(name)
            if not key:
                raise RulesError(f"{where}: {name!r} has no letters or digits to match on.")
            if owner_of_key.setdefault(key, target.company) != target.company:
                raise RulesError(f"{where}: {name!r} is also a name of target "
                                 f"{owner_of_key[key]!r}; give each company once.")
        out.append(target)
    return out


def _keys(targets: list[Target]) -> pl.DataFrame:
    names = [(t.company, n) for t in targets for n in (t.company, *t.aliases)]
    frame = pl.DataFrame({"target": [a for a, _ in names], "name": [b for _, b in names]},
                         schema={"target": pl.String, "name": pl.String})
    frame = frame.select("target", orgs.org_key(pl.col("name")).alias("org_key"))
    return frame.select("target", keywords.employer_key(pl.col("org_key")).alias("ekey")).unique()


def _role_match(targets: list[Target]) -> pl.Expr:
    """The first of the target's roles the title matches (as whole words), else null."""
    expr = pl.lit(None, dtype=pl.String)
    folded = pl.col("_title_key")
    for t in targets:
        for role in reversed(t.roles):
            key = keywords.fold_text([role])[0]
            if not key:
                continue
            hit = (pl.col("target") == t.company) & (" " + folded + " ").str.contains(
                " " + key + " ", literal=True)
            expr = pl.when(hit).then(pl.lit(role)).otherwise(expr)
    return expr


HIRING_LEVELS = ("manager", "director", "vp", "executive")


def owner_functions(owner: pl.DataFrame, targets: list[Target]) -> tuple[str, ...]:
    """The functions of the owner's current LinkedIn positions (else of every position) and
    of the roles in targets.toml, sorted; general management and "other" say nothing."""
    owner = schema.conform(owner, schema.OWNER)
    pos = owner.filter((pl.col("kind") == "position") & pl.col("title").is_not_null())
    current = pos.filter(pl.col("finished_on").is_null())
    titles = (current if current.height else pos)["title"].to_list()
    titles += [r for t in targets for r in t.roles]
    if not titles:
        return ()
    found = roles_mod.classify(pl.Series(titles, dtype=pl.String))["function"].drop_nulls()
    return tuple(sorted(set(found.to_list()) - {"other", "management"}))


def _hiring_priority(functions: tuple[str, ...]) -> pl.Expr:
    """0: can hire you (a leader in your function there) or says they are hiring (their title:
    "#hiring Software Engineers" was ranked last of 29 paths, warmth 0), 1: a recruiter there,
    2: others."""
    there = pl.col("relation") == "works_there"
    leader = pl.col("seniority").is_in(HIRING_LEVELS) & pl.col("function").is_in(list(functions))
    return (pl.when(there & leader).then(0).when(there & _says_hiring()).then(0)
            .when(there & (pl.col("function") == "hr")).then(1).otherwise(2))


def _says_hiring() -> pl.Expr:
    return pl.col("title").str.contains(HIRING_TITLE).fill_null(False)


def _hire_reason() -> pl.Expr:
    """What puts a path first: "can hire you: a manager in your function (engineering)" (an
    executive: "an"), or the title that says they are hiring."""
    label = pl.col("seniority").replace_strict(roles_mod.SENIORITY_LABELS,
                                               default=pl.col("seniority"), return_dtype=pl.String)
    article = pl.when(label.str.contains("^(?i)[aeiou]")).then(pl.lit("an")).otherwise(pl.lit("a"))
    return (pl.when((pl.col("_hire") == 0) & _says_hiring())
            .then(fmt("; says they are hiring ({})", pl.col("title")))
            .when(pl.col("_hire") == 0)
            .then(fmt("; can hire you: {} {} in your function ({})", article, label,
                            pl.col("function")))
            .when(pl.col("_hire") == 1).then(pl.lit("; a recruiter there"))
            .otherwise(pl.lit("")))


_PEOPLE_COLUMNS = ("person_id", "org_key", "organization_record", "display_name", "organization",
                   "title", "warmth", "warmth_reason", "seniority", "function",
                   "organization_source")


def paths(people: pl.DataFrame, records: pl.DataFrame, targets: list[Target],
          exclude: pl.Series | None = None, owner_functions: tuple[str, ...] = ()
          ) -> pl.DataFrame:
    """schema.TARGETS rows; `people` needs warmth and warmth_reason filled (and seniority,
    function for the hiring-manager ranking). People in `exclude` (the owner's own cards) are
    nobody's path."""
    if not targets:
        return schema.empty(schema.TARGETS)
    # only the columns used: an eager filter gathers every column of its frame
    people = people.select([c for c in _PEOPLE_COLUMNS if c in people.columns])
    records = records.select("person_id", "record_id", "source", "org_key", "organization",
                             "title")
    if exclude is not None and exclude.len():
        people = people.filter(~pl.col("person_id").is_in(exclude.implode()))
        records = records.filter(~pl.col("person_id").is_in(exclude.implode()))
    keys = _keys(targets)
    ekey = keywords.employer_key(pl.col("org_key")).alias("ekey")
    people = people.with_columns(ekey)
    wanted = people.join(keys, on="ekey", how="semi")["organization_record"].drop_nulls()
    # One source per record id (unique already; kept safe against a duplicated record row).
    src = (records.select("record_id", "source").filter(pl.col("record_id").is_in(wanted.implode()))
           .sort("record_id", "source").unique("record_id", keep="first", maintain_order=True))
    people = people.with_columns(
        [pl.lit(None, dtype=pl.String).alias(c) for c in ("seniority", "function",
                                                          "organization_source")
         if c not in people.columns])
    now = (people.select("person_id", "display_name", "ekey", "organization", "title",
                         "warmth", "warmth_reason", "seniority", "function",
                         "organization_source",
                         pl.col("organization_record").alias("record_id"))
           .join(keys, on="ekey").join(src, on="record_id", how="left")
           .with_columns(pl.lit(None, dtype=pl.String).alias("now_at")))
    # "Ex-Google | Open to work" with Company Google: LinkedIn shows them there, their title
    # says they left; a former employee's path, never "works at" nor "can hire you"
    left = left_their_employer(now["title"], now["ekey"])
    now = now.with_columns(pl.when(left).then(pl.lit("worked_there"))
                           .otherwise(pl.lit("works_there")).alias("relation"))
    before = (records.filter(pl.col("org_key").is_not_null())
              .select("person_id", "record_id", "source", ekey, "organization", "title")
              .join(keys, on="ekey").sort("record_id")
              .join(now.select("target", "person_id"), on=["target", "person_id"], how="anti")
              .unique(["target", "person_id"], keep="first", maintain_order=True)
              .join(people.select("person_id", "display_name", "warmth", "warmth_reason",
                                  "seniority", "function", "organization_source",
                                  pl.col("ekey").alias("_cur_key"),
                                  pl.col("organization").alias("now_at")), on="person_id")
              .filter(pl.col("_cur_key").is_null() | (pl.col("_cur_key") != pl.col("ekey")))
              .drop("_cur_key").with_columns(pl.lit("worked_there").alias("relation")))
    cols = ["target", "person_id", "display_name", "relation", "organization", "title", "warmth",
            "warmth_reason", "source", "now_at", "seniority", "function", "organization_source"]
    rows = pl.concat([now.select(cols), before.select(cols)])
    if rows.height == 0:
        return schema.empty(schema.TARGETS)
    rows = _ranked(rows, targets, owner_functions)
    return schema.conform(rows.select(list(schema.TARGETS)), schema.TARGETS)



def _ranked(rows: pl.DataFrame, targets: list[Target], owner_functions: tuple[str, ...]
            ) -> pl.DataFrame:
    """`rows` with their reason (where they work or worked, per which source, the warmth's
    reason, a role or hiring match) and their rank within each target: people who can hire
    the owner first, then the warmest, current before former, a role match first."""
    rows = rows.with_columns(
        pl.col("title").map_batches(fold_series, return_dtype=pl.String).alias("_title_key"))
    rows = rows.with_columns(_role_match(targets).alias("_role"))
    # An organisation filled from a work e-mail says so instead of the record's source.
    from_mail = (pl.col("relation") == "works_there") & (pl.col("organization_source") != "record")
    where = pl.coalesce(
        pl.when(from_mail).then(pl.col("organization_source")),
        pl.col("source").replace_strict(_PER_SOURCE, default=pl.col("source"),
                                        return_dtype=pl.String))
    place = pl.when(pl.col("relation") == "works_there").then(
        fmt("works at {} (per {})", pl.col("organization"), where.fill_null("?"))
    ).otherwise(pl.concat_str([
        fmt("worked at {} (per {}", pl.col("organization"), where.fill_null("?")),
        pl.when(pl.col("now_at").is_not_null()).then(fmt("; now at {}", pl.col("now_at")))
        .otherwise(pl.lit("")), pl.lit(")")]))
    role = pl.when(pl.col("_role").is_not_null()).then(
        fmt("; title matches your role '{}'", pl.col("_role"))).otherwise(pl.lit(""))
    rows = rows.with_columns(_hiring_priority(owner_functions).alias("_hire"))
    hire = _hire_reason()
    rows = rows.with_columns(pl.concat_str([place, pl.lit("; "), pl.col("warmth_reason"), role,
                                            hire]).alias("reason"))
    rows = rows.with_columns((pl.col("relation") != "works_there").alias("_former"),
                             pl.col("_role").is_null().alias("_norole"))
    rows = rows.sort(["target", "_hire", "warmth", "_former", "_norole", "display_name",
                      "person_id"], descending=[False, False, True, False, False, False, False],
                     nulls_last=True)
    rows = rows.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("target").alias("rank"))
    return rows


def person_targets(rows: pl.DataFrame) -> pl.DataFrame:
    """person_id -> sorted list of targets the person is a path into."""
    return rows.group_by("person_id").agg(pl.col("target").unique().sort().alias("target_companies"))


def reranked(paths: pl.DataFrame) -> pl.DataFrame:
    """Paths ranked 1, 2, ... again within each target, in their rank order (after some were
    left out: people marked do-not-contact since the run)."""
    return paths.sort("target", "rank").with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("target").alias("rank"))
