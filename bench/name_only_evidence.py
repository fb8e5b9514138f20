"""What the records of a name-only link carry besides the name, true pairs against false ones.

    python bench/name_only_evidence.py [--out bench/out/quality] [--sets NAME,...]

For each set `bench/quality.py` has run, dedupe runs in process on the set's normalised records
(as bench/dedupe_errors.py does), and every pair of records that ends in one cluster is
labelled true or false from the truth. Of those, the "name-only" pairs (two files, no level
beyond the name agrees: one_file.BEYOND_NAME) are the namesakes' hiding place (docs/prec38.md).
This prints, for them, how true and false pairs split on each piece of evidence issue 12's
candidates would read (docs/prec39.md):

- formats: both address books (Google, vCard, Outlook, Thunderbird, Telegram: formats that can
  carry an e-mail and a number) or not, and whether both records carry a contact point;
- place: city, region, country on both records; a country read from the numbers' calling
  codes and the e-mail addresses' country domains;
- title and department;
- the full name's records in the book and its files (namesakes in one file);
- a work domain against the other record's organisation;
- digits closing a handle (e-mail local part, LinkedIn address) against the other's birth year.

Counts are pairs "t/f" (true / false). No e-mail address, number or name is printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import phonenumbers
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from dedupe_errors import load  # noqa: E402
from quality import ALL_SETS, chosen_sets  # noqa: E402

from pipeline.dedupe.mail_spellings import PERSONAL_DOMAINS  # noqa: E402
from pipeline.dedupe.one_file import BEYOND_NAME  # noqa: E402
from pipeline.dedupe.stage import dedupe  # noqa: E402
from pipeline.schema import ADDRESS_BOOKS  # noqa: E402

GENERIC_TLDS = {"com", "net", "org", "info", "biz", "io", "ai", "co", "me", "tv", "app", "dev",
                "edu", "gov", "eu"}


def _country(phones: list[str] | None, emails: list[str] | None) -> list[str]:
    out = set()
    for n in phones or ():
        try:
            out.add(phonenumbers.region_code_for_country_code(phonenumbers.parse(n).country_code))
        except phonenumbers.NumberParseException:
            pass
    for e in emails or ():
        tld = e.rsplit(".", 1)[-1]
        if len(tld) == 2 and tld not in GENERIC_TLDS:
            out.add("GB" if tld == "uk" else tld.upper())
    return sorted(out - {"ZZ", "001"})


def per_record(recs: pl.DataFrame) -> pl.DataFrame:
    """What each record carries, for the pair columns (no value that identifies anyone)."""
    name = ["given_key", "family_key"]
    country = [_country(p, e) for p, e in recs.select("phones_e164", "email_keys").iter_rows()]
    local = pl.col("email_keys").list.eval(pl.element().str.split("@").list.first())
    domain = pl.col("email_keys").list.eval(pl.element().str.split("@").list.last())
    return recs.select(
        "record_id", "source", "source_file", "city", "region", "country", "title", "department",
        "birthday_year",
        pl.col("email_keys").list.len().alias("ne"), pl.col("phones_e164").list.len().alias("np"),
        pl.len().over(name).alias("n_name"), pl.len().over([*name, "source_file"]).alias("n_file"),
        pl.col("source_file").n_unique().over(name).alias("name_files"),
        pl.Series("ctry", country, dtype=pl.List(pl.String)),
        domain.list.eval(pl.element().filter(~pl.element().is_in(list(PERSONAL_DOMAINS)))
                         .str.split(".").list.first()).alias("dom"),
        pl.col("org_key").str.split(" ").list.slice(0, 1).fill_null([]).alias("ow"),
        pl.concat_list(local.fill_null([]), pl.col("linkedin_slug").fill_null("").str.split(" "))
        .list.eval(pl.element().str.extract(r"[a-z](\d{2})$", 1)).list.drop_nulls().alias("hd"))


def _both(col: str, same: pl.Expr) -> pl.Expr:
    l_, r_ = pl.col(f"{col}_l"), pl.col(f"{col}_r")
    return (pl.when(l_.is_null() | r_.is_null()).then(pl.lit("one or none"))
            .when(same).then(pl.lit("same")).otherwise(pl.lit("different")))


def _lists(col: str) -> pl.Expr:
    l_, r_ = pl.col(f"{col}_l"), pl.col(f"{col}_r")
    return (pl.when((l_.list.len() == 0) | (r_.list.len() == 0)).then(pl.lit("one or none"))
            .when(l_.list.set_intersection(r_).list.len() > 0).then(pl.lit("same"))
            .otherwise(pl.lit("different")))


def _cross(a: str, b: str, match) -> pl.Expr:
    """'none' when no side has `a` beside the other's `b`, 'agree' when one does and matches,
    else 'disagree'."""
    def side(x: str, y: str) -> tuple[pl.Expr, pl.Expr]:
        return ((pl.col(f"{a}_{x}").list.len() > 0) & pl.col(f"{b}_{y}").is_not_null()
                & (pl.col(f"{b}_{y}").list.len() > 0 if b == "ow" else pl.lit(True)),
                match(x, y))
    (hl, ml), (hr, mr) = side("l", "r"), side("r", "l")
    return (pl.when(~hl & ~hr).then(pl.lit("none"))
            .when((hl & ml.fill_null(False)) | (hr & mr.fill_null(False))).then(pl.lit("agree"))
            .otherwise(pl.lit("disagree")))


def evidence(pairs: pl.DataFrame) -> pl.DataFrame:
    """One row per name-only pair held together, with the candidates' columns."""
    carry = [((pl.col(f"ne_{s}") + pl.col(f"np_{s}")) > 0) for s in "lr"]
    def lower(c: str, s: str) -> pl.Expr:
        return pl.col(f"{c}_{s}").str.to_lowercase()
    return pairs.select(
        "truth",
        (pl.col("source_l").is_in(list(ADDRESS_BOOKS)) & pl.col("source_r").is_in(
            list(ADDRESS_BOOKS))).alias("two address books"),
        (carry[0] & carry[1]).alias("both carry a contact point"),
        _both("city", lower("city", "l") == lower("city", "r")).alias("city"),
        _both("region", lower("region", "l") == lower("region", "r")).alias("region"),
        _both("country", lower("country", "l") == lower("country", "r")).alias("country"),
        _lists("ctry").alias("country of number or domain"),
        pl.col("title_level").alias("title"),
        _both("department", pl.col("department_l") == pl.col("department_r")).alias("department"),
        pl.max_horizontal("n_name_l", "n_name_r").alias("records of the name"),
        pl.max_horizontal("n_file_l", "n_file_r").alias("of it in one file"),
        _cross("dom", "ow", lambda x, y: pl.col(f"dom_{x}").list.set_intersection(
            pl.col(f"ow_{y}")).list.len() > 0).alias("work domain vs organisation"),
        _cross("hd", "birthday_year", lambda x, y: pl.col(f"hd_{x}").list.contains(
            (pl.col(f"birthday_year_{y}") % 100).cast(pl.String).str.zfill(2)))
        .alias("handle digits vs birth year"),
    )


def run(name: str, root: Path) -> pl.DataFrame:
    recs, truth = load(name, root)
    result = dedupe(recs)
    person = result.records.select("record_id", "person_id", pl.concat_str(
        "source_file", pl.lit("#"), "source_row").alias("key")).join(truth, on="key", how="left")
    side = per_record(recs).join(person.drop("key"), on="record_id")
    sides = {s: side.rename(lambda c, s=s: f"{c}_{s}") for s in "lr"}
    p = result.pairs.join(sides["l"], on="record_id_l").join(sides["r"], on="record_id_r")
    beyond = [pl.col(f"{f}_level").is_in(list(v)).fill_null(False)
              for f, v in BEYOND_NAME.items()]
    p = p.filter((pl.col("person_id_l") == pl.col("person_id_r"))
                 & (pl.col("source_file_l") != pl.col("source_file_r"))
                 & ~pl.any_horizontal(beyond))
    return evidence(p.with_columns(truth=pl.col("true_cluster_l") == pl.col("true_cluster_r")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "out" / "quality")
    ap.add_argument("--sets", default="")
    args = ap.parse_args()
    chosen = chosen_sets(args.sets)
    for name in [s for s in ALL_SETS if s in chosen]:
        if not (args.out / name / "kith_out" / "records.parquet").exists():
            print(f"{name}: not run yet (bench/quality.py --sets {name})")
            continue
        e = run(name, args.out)
        print(f"== {name}: name-only pairs held together {e['truth'].sum()}/"
              f"{(~e['truth']).sum()} (true/false)")
        for col in e.columns[1:]:
            split = e.group_by(col).agg(pl.col("truth").sum().alias("t"),
                                        (~pl.col("truth")).sum().alias("f")).sort(col)
            print(f"  {col}: " + ", ".join(f"{v} {t}/{f}" for v, t, f in split.rows()))


if __name__ == "__main__":
    main()
