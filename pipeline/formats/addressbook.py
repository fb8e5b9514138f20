"""Address-book CSVs mapped by header name: Outlook desktop (English and localised),
outlook.com / Google's "Outlook CSV", Thunderbird, LinkedIn's pre-2015 Outlook-style export,
and any other contact CSV whose headers say what the columns hold.

Columns are found by name through the alias table in ``pipeline/data/csv_headers.toml`` and,
for headers it does not list, by pattern ("Email Work", "Website Profile", "Work Mobile").
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.formats import charrefs, csvevents, csvheaders, csvnames, csvsocial
from pipeline.formats.addressbook_rejects import PLACEHOLDER_CELL, row_rejects
from pipeline.formats.base import CsvKind, NotContacts, Parsed
from pipeline.formats.csvheaders import column_map
from pipeline.normalize import phone_codes
from pipeline.textio import CsvTable

_SINGLE = (
    "full_name", "name_prefix", "given_name", "middle_name", "family_name", "name_suffix",
    "nickname", "organization", "department", "title", "birthday", "notes", "city", "region",
    "country", "street", "postcode",
)
_MULTI = csvheaders.MULTI


def _birthday_parts(header: list[str]) -> pl.Expr | None:
    cols = csvheaders.birthday_columns(header)
    if len(cols) < 2 or "month" not in cols or "day" not in cols:
        return None
    # no year (no column, or an empty cell): ISO 8601's "--MM-DD", as vCard's BDAY writes it
    year = pl.col(cols["year"]).str.zfill(4) if "year" in cols else pl.lit(None, pl.String)
    return (
        pl.when(pl.col(cols["month"]).is_not_null() & pl.col(cols["day"]).is_not_null())
        .then(
            pl.concat_str(
                [
                    year.fill_null("-"),
                    pl.col(cols["month"]).str.zfill(2),
                    pl.col(cols["day"]).str.zfill(2),
                ],
                separator="-",
            ).str.replace(r"^----", "-")
        )
        .otherwise(None)
    )


def _street(cmap: dict[str, list[str]]) -> pl.Expr:
    """The street line; a German or Dutch form's separate house number goes after it
    ("Hauptstraße" + "12" -> "Hauptstraße 12"), so the street key sees the whole line."""
    street = pl.coalesce([pl.col(c) for c in cmap["street"]])
    if "house_number" not in cmap:
        return street.alias("street")
    number = pl.coalesce([pl.col(c) for c in cmap["house_number"]]).str.strip_chars()
    return (pl.when(street.is_not_null() & (number.str.len_chars() > 0))
            .then(pl.concat_str([street.str.strip_chars(), number], separator=" "))
            .otherwise(street).alias("street"))


def _split_labels(col: str) -> pl.Expr:
    # Outlook joins categories with ";" (Google's Outlook CSV too); some tools use ",";
    # Mailchimp's TAGS quotes each tag inside the cell ("vip","denver").
    return pl.col(col).str.split(";").list.eval(
        pl.element().str.split(",").explode().str.strip_chars().str.strip_chars('"')
        .str.strip_prefix("* ")
    )


# One address inside a cell that holds several ("a@x.org; b@y.org", "Ann <a@x.org>, b@y.org").
_ADDRESS = r"[^\s,;:<>()\[\]\"']+@[^\s,;:<>()\[\]\"']+"


def _split_emails(col: str) -> pl.Expr:
    """A cell with one '@' is kept whole (the normalize stage judges it); a cell with several
    is split into its addresses: one row stays one contact with several addresses."""
    return (pl.when(pl.col(col).str.count_matches("@") > 1)
            .then(pl.col(col).str.extract_all(_ADDRESS))
            .otherwise(pl.col(col).str.split(" ::: ")))


def _with_social(out: pl.DataFrame, frame: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """`urls` with the web addresses of the social-profile columns after the web-page ones'
    (csvsocial), each address once."""
    found = frame.select(pl.concat_list([csvsocial.addresses(c) for c in cols]).alias("social"))
    urls = out["urls"] if "urls" in out.columns else pl.Series("urls", [[]] * out.height,
                                                                  dtype=schema.LS)
    merged = pl.DataFrame({"u": urls, "s": found["social"]}).select(
        pl.concat_list("u", "s").list.unique(maintain_order=True))
    return out.with_columns(merged.to_series().alias("urls"))


def _multi(cols: list[str], field: str) -> pl.Expr:
    if field == "labels":
        parts = [_split_labels(c) for c in cols]
    elif field == "emails":
        parts = [_split_emails(c) for c in cols]
    else:  # a phone cell of several numbers stays as written: normalize reads each number
        # (pipeline.normalize.phone_split), whatever the format it came in
        parts = [pl.col(c).str.split(" ::: ") for c in cols]
    # concat_list is null when any part is null: empty cells must be empty lists first.
    parts = [p.fill_null(pl.lit([], dtype=schema.LS)) for p in parts]
    merged = pl.concat_list(parts) if len(parts) > 1 else parts[0]
    return merged.list.eval(
        pl.element().str.strip_chars().filter(pl.element().is_not_null() & (pl.element() != ""))
    ).fill_null([])


# A person's name as people write it: letters, marks, apostrophes, dots, hyphens, spaces (the
# ideographic space too: Japanese lists write "村田　和子", docs/realworld18.md X7), and the
# "&" or "+" of a couple's cell ("Al Tracey + Terese MacDonald-Tracey": a wedding's guest list,
# docs/realworld22.md W2, was "nothing says its rows are people", not the list of names it is).
_PERSON_NAME = r"^[\p{L}\p{M}][\p{L}\p{M}'’ \u3000.,&+-]{0,60}$"
# A phone list's name may be a numbered label (`SYRIA01`, `Kamau12`, `Temp 22`: a bulk
# sender's list, a phone's numbered entries): a letter first, then letters, digits, separators.
_LABEL_NAME = r"^[\p{L}\p{M}][\p{L}\p{M}\p{N}'’ .,&()#/-]{0,60}$"
# A whole name: two to five words, or two to four Han characters (a Taiwanese roster's "曾俊凱",
# docs/realworld21.md T8), not a one-word label.
_WHOLE_NAME = r"^(?:\S+(\s+\S+){1,4}|\p{Han}{2,4})$"
# A phone number as a cell holds it: digits with the usual separators, an optional "+".
_PHONE_NUMBER = r"^\+?[0-9][0-9 ().\-/]{5,24}$"
# A member's page on a community site (Meetup's "URL of Member Profile": .../members/123/):
# each row an account, so a person, as an e-mail column says (not a company's website).
_MEMBER_PAGE = r"(?i)^https?://[^/\s]+/(?:[^/\s]+/)*(?:members?|profiles?|people|users?)/[^/\s]+/?$"
# A cell that only says "empty" ("-", "???", Eventbrite's "Info Requested"): PLACEHOLDER_CELL.
_PLACEHOLDER = PLACEHOLDER_CELL


def _share(frame: pl.DataFrame, col: str, pattern: str) -> float:
    """Share of a column's non-empty values that match `pattern` (0 for an empty column)."""
    values = frame.get_column(col).drop_nulls()
    return float(values.str.contains(pattern).mean() or 0.0) if values.len() else 0.0


def contact_evidence(frame: pl.DataFrame, cmap: dict[str, list[str]]) -> dict[str, list[str]]:
    """The column map of a table whose rows are people, or NotContacts. Headers alone are not
    enough for a generic CSV: an orders table has a "name" column too. An e-mail column must
    mostly hold addresses (else it is dropped: "Mail: yes/no"); the table needs such a column,
    or given/family name columns that mostly hold names, or a name column of person names next
    to a phone, organisation or title column."""
    csvevents.refuse_logins(frame)
    if frame.height == 0:  # no values to tell people by; saying "no column of names" would be false
        raise NotContacts("A table with a header and no rows: no contacts in it.")
    cmap = dict(cmap)
    # "＠": the full-width at sign of an address typed in a Japanese input method's
    # full-width mode (normalize.emails reads it as "@")
    emails = [c for c in cmap.get("emails", []) if _share(frame, c, "[@＠]") >= 0.5]
    if emails:
        cmap["emails"] = emails
        csvevents.refuse_events(frame, cmap)
        return cmap
    cmap.pop("emails", None)
    split = ([c for f in ("given_name", "family_name") for c in cmap.get(f, [])]
             + csvnames.numbered_parts(cmap))
    if split and max(_share(frame, c, _PERSON_NAME) for c in split) >= 0.6:
        return cmap
    # a social column tells people apart by their web addresses (a LinkedIn profile), not by
    # handles, which kith does not read
    other = (any(f in cmap for f in ("phones", "organization", "title"))
             or any(_share(frame, c, csvsocial.WEB_ADDRESS) > 0 for c in cmap.get("social", []))
             or any(_share(frame, c, _MEMBER_PAGE) >= 0.5 for c in cmap.get("urls", [])))
    names = [c for c in cmap.get("full_name", []) if _share(frame, c, _PERSON_NAME) >= 0.6]
    if other and any(_share(frame, c, _WHOLE_NAME) >= 0.5 for c in names):
        return cmap
    # A phone list: one-word names ("arti", "Sage") or numbered labels ("SYRIA01": the same
    # list as a vCard is read card by card, docs/realworld15.md F6) next to a column of numbers.
    labels = [c for c in cmap.get("full_name", []) if _share(frame, c, _LABEL_NAME) >= 0.6]
    if labels and any(_share(frame, c, _PHONE_NUMBER) >= 0.8 for c in cmap.get("phones", [])):
        return cmap
    if names and not other and set(cmap) <= {"full_name", "nickname", "name_prefix",
                                              "name_suffix", "notes", "labels", "social"}:
        raise NotContacts("A list of names only: no e-mail, phone, organisation or title "
                          "beside them, so nobody in it can be reached or told apart; no "
                          "contacts read from it.")
    raise NotContacts("A table, but nothing says its rows are people: no column of e-mail "
                      "addresses and no column of person names.")


def _address_list(out: pl.DataFrame) -> pl.Expr:
    """Rows whose name is two or more e-mail addresses: a mailing list as Thunderbird's CSV
    export writes one (docs/realworld18.md X4: 18 members' addresses as the name and the
    e-mail). Read as a person with 18 addresses, it was joined with one of its members."""
    if "full_name" not in out.columns:
        return pl.lit(False)
    return (pl.col("full_name").str.count_matches(_ADDRESS) >= 2).fill_null(False)
# A number in international form: "+", a digit, then digits and separators. No identifier,
# postcode, date or amount is written so.
_INTERNATIONAL_NUMBER = r"^\+[0-9][0-9 ().\-/]{6,24}$"


def number_columns(frame: pl.DataFrame, cmap: dict[str, list[str]]) -> list[str]:
    """Columns kith reads as nothing whose values are nearly all numbers in international
    form: phone columns under a name no table lists. A user's own German list heads its
    numbers "Handy", "Büro", "Privat" (docs/realworld12.md K1): the office and home numbers
    were dropped. A column named for a fax, pager or the like stays unread, as by name."""
    read = {c for cols in cmap.values() for c in cols}
    schema = frame.schema  # once: polars builds it anew on each call (10,000 columns: a hang)
    return [c for c in frame.columns
            if c != "source_row" and c not in read and schema[c] == pl.String
            and not csvheaders.not_a_phone(c)
            and _share(frame, c, _INTERNATIONAL_NUMBER) >= 0.9]


def _read_columns(cmap: dict[str, list[str]], header: list[str]) -> set[str]:
    """The columns whose values reach a field (a house number only beside a street; the
    birthday's parts only when no birthday column is read and month and day are there)."""
    read = {c for f, cols in cmap.items() for c in cols
            if f != "house_number" or "street" in cmap}
    if "birthday" not in cmap and _birthday_parts(header) is not None:
        read |= set(csvheaders.birthday_columns(header).values())
    return read


def parse_with(source: str, source_format: str, evidence: bool = False):
    """A reader for address-book CSVs; `evidence` makes it refuse tables whose rows do not
    look like people (the generic kind, whose header match alone proves little)."""

    def parse(table: CsvTable, basename: str) -> Parsed:
        raw_frame = charrefs.frame(table.frame)
        frame = raw_frame.with_columns(
            pl.when(pl.col(c).str.contains(_PLACEHOLDER)).then(None).otherwise(pl.col(c))
            .alias(c) for c, dtype in raw_frame.schema.items() if dtype == pl.String)
        cmap = column_map(table.header)
        if evidence:
            cmap = contact_evidence(frame, cmap)
        if numbers := number_columns(frame, cmap):
            cmap = {**cmap, "phones": cmap.get("phones", []) + numbers}
        exprs = []
        for field in _SINGLE:
            cols = cmap.get(field)
            if cols:
                exprs.append(_street(cmap) if field == "street"
                             else csvnames.full_name(cols) if field == "full_name"
                             else pl.coalesce([pl.col(c) for c in cols]).alias(field))
        if "birthday" not in cmap:
            parts = _birthday_parts(table.header)
            if parts is not None:
                exprs.append(parts.alias("birthday"))
        for field in _MULTI:
            cols = cmap.get(field)
            if cols:
                exprs.append(_multi(cols, field).alias(field))
        out = frame.select(pl.col("source_row"), *exprs)
        out, coded = phone_codes.with_row_codes(out, frame)  # the row's country code
        if social := cmap.get("social"):
            out = _with_social(out, frame, social)
        if csvnames.name_as_given(cmap):
            out = csvnames.given_from_name(out)
        elif csvnames.family_first(cmap):
            out = csvnames.split_family_first(out)
        out, named_by = csvnames.display_name_fallback(out, frame, table.header)
        out = csvnames.without_placeholder_name(csvnames.without_repeated_family(out))
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
        listed = _address_list(out)
        bots = csvevents.bot_rows(frame)
        kept = out.select(usable & ~listed).to_series() & ~bots
        rejects = row_rejects(table, out, kept, out.select(listed).to_series(), cmap,
                               set(out.filter(bots)["source_row"].to_list()))
        return Parsed(
            rows_total=table.rows_total,
            contacts=schema.conform(out.filter(kept), schema.CONTACTS_RAW),
            rejects=pl.concat([table.rejects.frame(), rejects.frame()]),
            unread=csvnames.unread_columns(raw_frame, kept, cmap,
                                           _read_columns(cmap, table.header) | coded, named_by),
        )

    return parse


# Columns only an address book's own localised export writes: Outlook's middle-name column
# (it always writes its whole fixed layout), its e-mail type and display-name columns, its
# business and home columns ("Ort geschäftlich", "Ville (bureau)"), and the German macOS
# Contacts export's ("Ausspracheform Vorname", "Arbeitsadresse Stadt"). `Vorname;Nachname;
# E-Mail` alone is what a club's member list or any spreadsheet has (user39: a rowing club's
# list read as Outlook showed its members as "Known from Outlook", "in your address book").
_BOOK_OWN = {"weitere vornamen", "deuxième prénom", "segundo nombre", "secondo nome",
             "tweede voornaam", "e-mail-typ", "e-mail: angezeigter name",
             "ausspracheform vorname", "ausspracheform nachname"}
_BOOK_OWN_PARTS = (" geschäftlich", " privat", " (bureau)", " (domicile)", "arbeitsadresse ",
                   "privatadresse ")


def _localised(cells: frozenset[str], _base: str) -> bool:
    given = {"vorname", "prénom", "nombre", "nome", "voornaam"}
    family = {"nachname", "nom", "apellidos", "cognome", "achternaam"}
    book_own = bool(cells & _BOOK_OWN) or any(part in c for c in cells for part in _BOOK_OWN_PARTS)
    return bool(cells & given) and bool(cells & family) and book_own


def _language(cells: frozenset[str]) -> str:
    for lang, marker in (("de", "vorname"), ("fr", "prénom"), ("es", "apellidos"),
                         ("it", "cognome"), ("nl", "voornaam")):
        if marker in cells:
            return lang
    return "xx"


def _generic(cells: frozenset[str], _base: str) -> bool:
    """A contact header names a person-name or an e-mail column, and every cell is a column
    name (a line of prose that mentions "email" between commas is not a header). Whether the
    rows are people is decided on the data (contact_evidence)."""
    named = [c for c in cells if c and csvheaders.is_header_like(c)]
    cmap = column_map(sorted(named))
    if len(named) < len([c for c in cells if c]) and not csvevents.form_questions(cells, cmap):
        return False
    # A login column ("Username") names no field, but a table of logins is still claimed here:
    # contact_evidence refuses it with its reason (a password export, or rows that are not
    # people) rather than "no header kith knows".
    return (any(f in cmap for f in ("full_name", "given_name", "family_name", "emails"))
            or any(csvheaders.key(c) in csvheaders.HANDLES for c in cells))


def _outlook(cells: frozenset[str], _base: str) -> bool:
    # Outlook's own column names; "Job Title" alone is every CRM's (HubSpot, Eventbrite), whose
    # exports are generic contact CSVs that must show their rows are people.
    return {"first name", "last name"} <= cells and bool(
        cells & {"e-mail address", "business phone", "mobile phone", "home phone"}
    )


def _linkedin_legacy(cells: frozenset[str], _base: str) -> bool:
    # LinkedIn's pre-2015 export mimics Outlook but has "Personal Web Page" and no e-mail
    # types, and names countries the old way ("Business Country"): Outlook.com's and phone
    # apps' "Outlook CSV" have the same columns but "Country/Region" (and Yomi names), and are
    # address books, not LinkedIn connections.
    return ({"first name", "last name", "e-mail address", "personal web page"} <= cells
            and "e-mail type" not in cells
            and not any("country/region" in c or "yomi" in c for c in cells))


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
    CsvKind("contacts_csv", "csv", _generic, parse_with("csv", "contacts_csv", evidence=True),
            priority=0),
]
