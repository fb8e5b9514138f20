"""Organisation match keys: `Acme, Inc.` ~ `ACME Inc` ~ `The Acme Company` -> `acme`.

Keys only; the organisation is displayed as the exporter wrote it. Legal-form words are dropped
only at the end of the name ("Company" in "Ford Motor Company", never in "Company Town"), and a
name that is nothing but legal words ("AB", "The Co") keeps them rather than becoming empty.
"""

from __future__ import annotations

from importlib import resources

import polars as pl

from pipeline.normalize import fold_series, on_unique

# Legal forms after dots, slashes and apostrophes were removed and the text folded to ASCII
# ("L.L.C." -> "llc", "A/S" -> "as", "Sp. z o.o." -> "sp z oo", "S.p.A." -> "spa").
_LEGAL = [
    "inc", "incorporated", "llc", "llp", "lp", "pllc", "ltd", "limited", "gmbh", "mbh", "ag", "kg",
    "ohg", "ug", "ev", "se", "sa", "sas", "sasu", "sarl", "sca", "bv", "nv", "cv", "oy", "oyj", "ab",
    "publ", "as", "asa", "aps", "plc", "corp", "corporation", "co", "company", "pty", "pte",
    "pvt", "private", "kk", "kabushiki kaisha", "yk", "spa", "srl", "sl", "slu", "sau", "kft",
    "zrt", "nyrt", "sp z oo", "sa de cv", "sro", "spol s ro", "doo", "ad", "ood", "eood", "sdn bhd",
    "bhd", "tbk", "pt", "jsc", "pjsc", "ojsc", "ooo", "zao", "ao", "gk", "lda", "ltda", "eirl",
]
_LEGAL_RE = "(?:" + "|".join(sorted((w.replace(" ", r"\s+") for w in _LEGAL), key=len,
                                    reverse=True)) + ")"
# One or more trailing legal words, optionally joined by "and" ("GmbH & Co. KG").
_LEGAL_TAIL = rf"(?:\s+(?:and\s+)?{_LEGAL_RE})+$"


def legal_tail(e: pl.Expr) -> pl.Expr:
    """Whether a name ends in a legal form ("Gallagher & Briggs Corp.", "Haddad & Khalil
    FZ-LLC"): a firm's, not a person's or a household's."""
    return (e.str.replace_all(r"[./'’]", "").str.replace_all("-", " ").str.to_lowercase()
            .str.contains(_LEGAL_TAIL))


def folded_as_keys(values: pl.Series) -> pl.Series:
    """Text folded as organisation keys are, before their legal form goes: dots, slashes and
    apostrophes dropped ("Booking.com" -> "bookingcom"), "&" read as "and". A text that names
    an organisation (a need) is read so to find it among the keys."""
    joined = values.str.replace_all(r"[.'’/]", "").str.replace_all("&", " and ")
    return fold_series(joined)  # [a-z0-9 ], single spaces, or null


def _aliases() -> dict[str, str]:
    text = resources.files("pipeline").joinpath("data/org_aliases.csv").read_text("utf-8")
    rows = (line.split(",") for line in text.splitlines() if line and not line.startswith("#"))
    return {alias.strip(): key.strip() for alias, key in rows}


# an employer's two names ("Facebook" / "Meta", "MSFT" / "Microsoft") share one key
ALIASES = _aliases()


def org_key_series(values: pl.Series) -> pl.Series:
    """Org keys for a String Series (call on distinct values; see :func:`org_key`); an
    employer known by two names has one key (pipeline/data/org_aliases.csv)."""
    frame = folded_as_keys(values).to_frame("folded")
    frame = frame.with_columns(text=pl.col("folded").str.replace(r"^(?:the\s+)+", ""))
    frame = frame.with_columns(stripped=pl.col("text").str.replace(_LEGAL_TAIL, ""))
    # Never strip a name down to nothing: "AB", "The Company" keep their words.
    return frame.select(
        pl.when(pl.col("stripped").str.len_chars() > 0).then(pl.col("stripped"))
        .otherwise(pl.col("text")).replace(ALIASES)
    ).to_series()


def org_key(e: pl.Expr) -> pl.Expr:
    """ASCII-folded, lower-case organisation key without legal suffixes, punctuation or a
    leading "The"; null for empty input. Runs on distinct values."""
    return on_unique(e, org_key_series, pl.String)
