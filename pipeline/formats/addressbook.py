"""Address-book CSVs mapped by header name: Outlook desktop (English and localised),
outlook.com / Google's "Outlook CSV", Thunderbird, LinkedIn's pre-2015 Outlook-style export,
and any other contact CSV whose headers say what the columns hold.

Columns are found by name through the alias table in ``pipeline/data/csv_headers.toml`` and,
for headers it does not list, by pattern ("Email Work", "Website Profile", "Work Mobile").
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

import polars as pl

from pipeline import schema
from pipeline.formats.base import CsvKind, Parsed, Rejects
from pipeline.textio import CsvTable

_SINGLE = (
    "full_name",
    "name_prefix",
    "given_name",
    "middle_name",
    "family_name",
    "name_suffix",
    "nickname",
    "organization",
    "department",
    "title",
    "birthday",
    "notes",
    "city",
    "region",
    "country",
    "street",
    "postcode",
)
_MULTI = ("emails", "phones", "urls", "labels")

_NOT_PHONE = re.compile(r"fax|pager|assistant|telex|tty|isdn|radio|callback|télécopie|buscapersonas")
_EMAIL = re.compile(r"e-?mail|courriel|correo|posta elettronica")
_NOT_EMAIL = re.compile(r"type|display|typ\b|anzeige")
_PHONE = re.compile(r"phone|mobile|telefon|téléphone|teléfono|telefono|tél\.|cell")
_URL = re.compile(r"web ?page|website|webseite|homepage|site web|página web")


@cache
def aliases() -> dict:
    text = resources.files("pipeline").joinpath("data/csv_headers.toml").read_text("utf-8")
    return tomllib.loads(text)


def _field_of(header: str, cells: frozenset[str]) -> str | None:
    """Which contact field a header feeds, or None."""
    h = header.strip().lower()
    if len(h) > 40 or "://" in h:
        return None  # a sentence or a URL is data (LinkedIn's Notes: preamble), not a header
    table = aliases()["fields"]
    if h == "title":
        # Outlook's "Title" is the name prefix (Mr., Dr.); elsewhere it is the job title.
        has_job = bool(cells & {"job title", "work title", "position", "profession"})
        return "name_prefix" if has_job or "suffix" in cells else "title"
    for field, names in table.items():
        if h in names:
            return field
    if _EMAIL.search(h) and not _NOT_EMAIL.search(h):
        return "emails"
    if _PHONE.search(h) and not _NOT_PHONE.search(h):
        return "phones"
    if _URL.search(h):
        return "urls"
    return None


def column_map(header: list[str]) -> dict[str, list[str]]:
    """field -> source columns, in header order for multi-valued fields."""
    cells = frozenset(h.strip().lower() for h in header)
    found: dict[str, list[str]] = {}
    for col in header:
        field = _field_of(col, cells)
        if field:
            found.setdefault(field, []).append(col)
    order = {f: names for f, names in aliases()["fields"].items()}
    for field in _MULTI:
        if field in found and field in order:
            rank = {n: i for i, n in enumerate(order[field])}
            found[field].sort(key=lambda c: rank.get(c.strip().lower(), len(rank)))
    return found


def _birthday_parts(header: list[str]) -> pl.Expr | None:
    parts = aliases()["birthday_parts"]
    cols = {}
    for key in ("year", "month", "day"):
        for col in header:
            if col.strip().lower() in parts[key]:
                cols[key] = col
                break
    if len(cols) < 2 or "month" not in cols or "day" not in cols:
        return None
    year = pl.col(cols["year"]) if "year" in cols else pl.lit("")
    return (
        pl.when(pl.col(cols["month"]).is_not_null() & pl.col(cols["day"]).is_not_null())
        .then(
            pl.concat_str(
                [
                    year.fill_null("--").str.zfill(4),
                    pl.col(cols["month"]).str.zfill(2),
                    pl.col(cols["day"]).str.zfill(2),
                ],
                separator="-",
            ).str.replace(r"^----", "-")
        )
        .otherwise(None)
    )


def _split_labels(col: str) -> pl.Expr:
    # Outlook joins categories with ";" (Google's Outlook CSV too); some tools use ",".
    return pl.col(col).str.split(";").list.eval(
        pl.element().str.split(",").explode().str.strip_chars().str.strip_prefix("* ")
    )


def _multi(cols: list[str], field: str) -> pl.Expr:
    if field == "labels":
        parts = [_split_labels(c) for c in cols]
    else:
        parts = [pl.col(c).str.split(" ::: ") for c in cols]
    # concat_list is null when any part is null: empty cells must be empty lists first.
    parts = [p.fill_null(pl.lit([], dtype=schema.LS)) for p in parts]
    merged = pl.concat_list(parts) if len(parts) > 1 else parts[0]
    return merged.list.eval(
        pl.element().str.strip_chars().filter(pl.element().is_not_null() & (pl.element() != ""))
    ).fill_null([])


def parse_with(source: str, source_format: str):
    def parse(table: CsvTable, basename: str) -> Parsed:
        frame = table.frame
        cmap = column_map(table.header)
        exprs = []
        for field in _SINGLE:
            cols = cmap.get(field)
            if cols:
                exprs.append(pl.coalesce([pl.col(c) for c in cols]).alias(field))
        if "birthday" not in cmap:
            parts = _birthday_parts(table.header)
            if parts is not None:
                exprs.append(parts.alias("birthday"))
        for field in _MULTI:
            cols = cmap.get(field)
            if cols:
                exprs.append(_multi(cols, field).alias(field))
        out = frame.select(pl.col("source_row"), *exprs)
        for field in _MULTI:
            if field not in out.columns:
                out = out.with_columns(pl.lit([], dtype=schema.LS).alias(field))
        # Exchange contacts carry X.500 paths instead of addresses; they stay in `emails`
        # and the normalize stage files them under emails_invalid.
        out = out.with_columns(
            pl.lit(source).alias("source"),
            pl.lit(source_format).alias("source_format"),
            pl.col("urls")
            .list.eval(pl.element().filter(pl.element().str.contains("(?i)linkedin\\.com/")))
            .list.first()
            .alias("linkedin_url"),
        )
        if "notes" in out.columns:
            out = out.with_columns(pl.col("notes").str.slice(0, schema.NOTES_MAX))
        usable = pl.any_horizontal(
            [pl.col(c).is_not_null() for c in ("full_name", "given_name", "family_name",
                                                "nickname", "organization") if c in out.columns]
            + [pl.col("emails").list.len() > 0, pl.col("phones").list.len() > 0]
        )
        good = out.filter(usable)
        bad = out.filter(~usable)
        rejects = Rejects()
        if bad.height:
            raw = frame.join(bad.select("source_row"), on="source_row", how="semi")
            for row in raw.iter_rows():
                rejects.add(
                    row[-1],
                    "Contact row with no name, organisation, e-mail or phone.",
                    table.delimiter.join(v or "" for v in row[:-1]),
                )
        return Parsed(
            rows_total=table.rows_total,
            contacts=schema.conform(good, schema.CONTACTS_RAW),
            rejects=pl.concat([table.rejects.frame(), rejects.frame()]),
        )

    return parse


def _localised(cells: frozenset[str], _base: str) -> bool:
    given = {"vorname", "prénom", "nombre", "nome", "voornaam"}
    family = {"nachname", "nom", "apellidos", "cognome", "achternaam"}
    return bool(cells & given) and bool(cells & family)


def _language(cells: frozenset[str]) -> str:
    for lang, marker in (("de", "vorname"), ("fr", "prénom"), ("es", "apellidos"),
                         ("it", "cognome"), ("nl", "voornaam")):
        if marker in cells:
            return lang
    return "xx"


def _generic(cells: frozenset[str], _base: str) -> bool:
    header = sorted(cells)
    cmap = column_map(header)
    # Most header cells of a contact CSV name a field; a line of prose that mentions
    # "email" and "phone" between commas is not a header.
    recognised = sum(len(v) for v in cmap.values())
    if recognised * 2 < len(cells):
        return False
    named = any(f in cmap for f in ("full_name", "given_name", "family_name", "organization"))
    reachable = any(f in cmap for f in ("emails", "phones"))
    return (named and reachable) or ("given_name" in cmap and "family_name" in cmap) or (
        "emails" in cmap and len(cmap) == 1
    )


def _outlook(cells: frozenset[str], _base: str) -> bool:
    return {"first name", "last name"} <= cells and bool(
        cells & {"e-mail address", "business phone", "mobile phone", "job title", "home phone"}
    )


def _linkedin_legacy(cells: frozenset[str], _base: str) -> bool:
    # LinkedIn's pre-2015 export mimics Outlook but has "Personal Web Page" and no e-mail types.
    return {"first name", "last name", "e-mail address", "personal web page"} <= cells and (
        "e-mail type" not in cells
    )


def _localised_kind() -> CsvKind:
    def parse(table: CsvTable, basename: str) -> Parsed:
        lang = _language(frozenset(h.lower() for h in table.header))
        return parse_with("outlook", f"outlook_{lang}")(table, basename)

    return CsvKind("outlook_localised", "outlook", _localised, parse, priority=5)


KINDS: list[CsvKind] = [
    CsvKind("linkedin_legacy_connections", "linkedin", _linkedin_legacy,
            parse_with("linkedin", "linkedin_legacy_connections"), priority=30),
    CsvKind("thunderbird", "thunderbird",
            lambda c, b: {"first name", "last name", "display name", "primary email"} <= c,
            parse_with("thunderbird", "thunderbird"), priority=20),
    CsvKind("outlook", "outlook", _outlook, parse_with("outlook", "outlook"), priority=10),
    _localised_kind(),
    CsvKind("contacts_csv", "csv", _generic, parse_with("csv", "contacts_csv"), priority=0),
]
