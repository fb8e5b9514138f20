"""Name columns of an address-book CSV whose header alone does not say how to read them, and
the columns a CSV reader leaves unread.

- A bare "Name" beside a last-name column is the first name (a Cognism prospect list,
  docs/realworld16.md R11).
- Numbered name columns ("Name01,Name02", "Guest 1,Guest 2", "Guest Name 2") are one person
  each, several people a row: a wedding's guest list keeps a couple on one row with one
  e-mail (docs/realworld-rules21.md R3). Read as one column, the second guest was dropped;
  unread, every name was (the rows came out named by their e-mail alone). The row's names
  are kept together, "Mr. A & Ms. B", which the household rule reads as a couple's card.
- Whatever a reader does not read is named in the run's log (unread_columns): a column's
  values left out of the output must not go unsaid.
"""

from __future__ import annotations

import polars as pl

from pipeline.formats import csvheaders, csvsocial
from pipeline.normalize import names

# A bare "Name" column beside a last-name column and no first-name column holds the first
# name. Read as the full name it lost to the structured family name: people were shown as
# "Anderson", their first name in no field the people table shows. A row whose "Name" holds
# the last name too ("Ben Da Costa" beside "Da Costa") is a full name and stays one.
_BARE_NAME = frozenset({"name"})
# between the people of one row: "Mr. A & Ms. B" is the household rule's couple
PEOPLE_JOIN = " & "
# An unnamed plus-one in a guest column ("Guest", "+1", "Plus One", "TBD"): nobody's name.
# Joined in, "Ms. Kate Dunmore & Guest" was read as given Kate, family "Guest" (13 rows of a
# real list, docs/realworld17.md W8); it is left out of the name and named in the run's log.
# Meetup's "Former member" names an account deleted since (docs/realworld31.md M1): nobody too.
PLUS_ONE = (r"(?i)^(?:\+\s*1|plus[\s-]*(?:one|1)|(?:and\s+|&\s*)?guest|tbd|tba"
            r"|former member)$")


def name_as_given(cmap: dict[str, list[str]]) -> bool:
    full = cmap.get("full_name", [])
    return (bool(full) and "given_name" not in cmap and "family_name" in cmap
            and all(csvheaders.key(c) in _BARE_NAME for c in full))


def given_from_name(out: pl.DataFrame) -> pl.DataFrame:
    """full_name -> given_name on the rows where it does not hold the family name."""
    full = pl.col("full_name").str.strip_chars()
    family = pl.col("family_name").str.strip_chars().str.to_lowercase()
    first = (full.is_not_null() & (family.str.len_chars() > 0)
             & ~full.str.to_lowercase().str.contains(family, literal=True))
    return out.with_columns(given_name=pl.when(first).then(full),
                            full_name=pl.when(first).then(None).otherwise(pl.col("full_name")))


# Headers that say the column holds the family name first ("Nom / Prénom": a French list
# writes "MARCHAND Odile", docs/realworld17.md W9), as keys (csvheaders.key).
_FAMILY_FIRST = frozenset({"nomprenom", "nometprenom", "cognomeenome", "cognomenome",
                           "apellidosynombre", "apellidosnombre", "namevorname",
                           "nachnamevorname", "nazwiskoiimie", "prijmeniajmeno",
                           "фамилияимя", "фамилияиимя"})
# The family name in capitals, then the given name(s): "MARCHAND Odile", "DE VILLIERS
# Anne-Sophie", "PAYET Jean-Marc T". Only the capitals say where the family name ends; a row
# written otherwise ("Gaston", "Claire Morin") stays a full name.
_CAPITAL_FAMILY = (r"^((?:[\p{Lu}][\p{Lu}'’-]*)(?:\s+[\p{Lu}][\p{Lu}'’-]*)*)"
                   r"\s+(\p{Lu}\p{Ll}.*)$")


def family_first(cmap: dict[str, list[str]]) -> bool:
    """One full-name column whose header says family name first, and no split name columns."""
    full = cmap.get("full_name", [])
    return (len(full) == 1 and csvheaders.key(full[0]) in _FAMILY_FIRST
            and "given_name" not in cmap and "family_name" not in cmap)


def split_family_first(out: pl.DataFrame) -> pl.DataFrame:
    """full_name -> family_name + given_name on the rows written "FAMILY Given"."""
    parts = pl.col("full_name").str.strip_chars().str.extract_groups(_CAPITAL_FAMILY)
    out = out.with_columns(_parts=parts)
    family, given = pl.col("_parts").struct.field("1"), pl.col("_parts").struct.field("2")
    return out.with_columns(
        family_name=family, given_name=given,
        full_name=pl.when(family.is_not_null()).then(None).otherwise(pl.col("full_name")),
    ).drop("_parts")


def full_name(cols: list[str]) -> pl.Expr:
    """The full name from the full-name columns: the first filled one; with numbered name
    columns, every person of the row in number order, each as "given family" when the
    columns split the name, joined ("Mr. A & Ms. B")."""
    numbered = {c: csvheaders.numbered_person(c) for c in cols}
    numbered = {c: n for c, n in numbered.items() if n is not None}
    if not numbered:
        # "Guest" alone in a name column is nobody's name either: Zoom's participants report
        # names an anonymous participant so (docs/realworld29.md Z3)
        return pl.coalesce([_person(c) for c in cols]).alias("full_name")
    people: dict[int, list[str]] = {}
    for c in [c for c in cols if c not in numbered][:1]:  # an unnumbered "Name" is person 0
        people[0] = [c]
    for c, (number, _) in sorted(numbered.items(), key=lambda item: item[1]):
        people.setdefault(number, []).append(c)
    parts = [_parts(cols, numbered) for _, cols in sorted(people.items())]
    names = _shared_family(parts)
    joined = pl.concat_str(names,
                           separator=PEOPLE_JOIN, ignore_nulls=True)
    return pl.when(joined != "").then(joined).alias("full_name")


def _parts(cols: list[str], numbered: dict[str, tuple[int, int]]) -> tuple[pl.Expr, pl.Expr | None]:
    """One person's (given or whole name, family name; None when no column splits it)."""
    def text(part: list[str]) -> pl.Expr:  # null when empty: concat_str then skips it
        if not part:  # a person of a family-name column only ("Last Name 2")
            return pl.lit(None, pl.String)
        joined = pl.concat_str([_person(c) if c in numbered else _filled(c) for c in part],
                               separator=" ", ignore_nulls=True)
        return pl.when(joined != "").then(joined)
    given = [c for c in cols if numbered.get(c, (0, 0))[1] == 0]
    family = [c for c in cols if numbered.get(c, (0, 0))[1] == 1]
    return text(given), (text(family) if family else None)


def _shared_family(parts: list[tuple[pl.Expr, pl.Expr | None]]) -> list[pl.Expr]:
    """Each person's name, "given family"; a person with a given name and no family name after
    one with a family name shares it, written once at the end as a couple's card is ("Regan &
    Kristin Beaver"): a directory fills a spouse's own last name only when it differs
    (docs/realworld20.md, S2: "Beaver,Regan,,Kristin" was "Regan Beaver & Kristin", shown as
    "Regan Beaver Kristin")."""
    def filled(e: pl.Expr | None) -> pl.Expr:
        return pl.lit(False) if e is None else e.is_not_null()

    shares = [pl.lit(False)] + [
        filled(given) & ~filled(family) & filled(parts[i][1]) & filled(parts[i][0])
        if parts[i][1] is not None else pl.lit(False)
        for i, (given, family) in enumerate(parts[1:])]
    names = []
    for i, (given, family) in enumerate(parts):
        whole = pl.concat_str([given, family], separator=" ", ignore_nulls=True) \
            if family is not None else given
        if i + 1 < len(parts):  # the next person takes this family name: given name alone
            whole = pl.when(shares[i + 1]).then(given).otherwise(whole)
        if i:
            prior = parts[i - 1][1]
            if prior is not None:
                taken = pl.concat_str([given, prior], separator=" ", ignore_nulls=True)
                whole = pl.when(shares[i]).then(taken).otherwise(whole)
        names.append(pl.when(whole != "").then(whole))  # concat_str of nulls is ""
    return names


def _filled(col: str) -> pl.Expr:
    value = pl.col(col).str.strip_chars()
    return pl.when(value != "").then(value)


def _person(col: str) -> pl.Expr:
    """A name column's value, without an unnamed plus-one."""
    value = _filled(col)
    return pl.when(~value.str.contains(PLUS_ONE)).then(value)


_NAME_PARTS = ("full_name", "given_name", "middle_name", "family_name", "nickname")


def without_placeholder_name(out: pl.DataFrame) -> pl.DataFrame:
    """A row whose name fields together say only a placeholder ("Guest" or "+1" in the
    first-name column, "Former member"): no name. It was a person named "Guest", or "1"
    (user36); the row stays a contact when it has an e-mail, phone or organisation, shown
    unnamed by those, and is rejected as a placeholder (addressbook_rejects) when it has not."""
    cols = [c for c in _NAME_PARTS if c in out.columns]
    if not cols:
        return out
    said = pl.concat_str([pl.col(c).fill_null("") for c in cols], separator=" ").str.strip_chars()
    only = said.str.contains(PLUS_ONE).fill_null(False)
    return out.with_columns(pl.when(~only).then(pl.col(c)).alias(c) for c in cols)


def without_repeated_family(out: pl.DataFrame) -> pl.DataFrame:
    """A first-name cell that holds the whole name, the family name also in its own column
    ("Ilaria Borza" beside "Borza": a dinner's table plan, docs/realworld19.md): the family
    name at its end is cut, so the person is not shown as "Ilaria Borza Borza". Only when
    words are left before it, compared without case and extra spaces."""
    if "given_name" not in out.columns or "family_name" not in out.columns:
        return out
    given = pl.col("given_name").str.strip_chars().str.replace_all(r"\s+", " ")
    family = pl.col("family_name").str.strip_chars().str.replace_all(r"\s+", " ")
    cut = given.str.head(given.str.len_chars() - family.str.len_chars() - 1)
    repeated = ((family.str.len_chars() > 0)
                & (given.str.len_chars() > family.str.len_chars() + 1)
                & given.str.to_lowercase().str.ends_with(" " + family.str.to_lowercase()))
    return out.with_columns(given_name=pl.when(repeated.fill_null(False)).then(cut)
                            .otherwise(pl.col("given_name")))


# Outlook's display name of an address: "Ann Lee (ann@example.org)". The address part in
# parentheses at its end is no part of the name.
_ADDRESS_IN_PARENTHESES = r"\s*\([^()]*@[^()]*\)\s*$"
_NAME_FIELDS = ("full_name", "given_name", "middle_name", "family_name", "nickname")


def display_name_fallback(out: pl.DataFrame, frame: pl.DataFrame, header: list[str]
                          ) -> tuple[pl.DataFrame, pl.Series | None]:
    """The full name of a row with no name from its address's display name column
    (adversarial23 h25: an Outlook row with no First/Middle/Last name was shown by its
    address while "E-mail Display Name" said `Ann Lee (ann@example.org)`): the first such
    column's value without its "(address)", only when what is left is a name (names.py's
    rule: a letter and no "@"). A row with any name keeps it.

    Also returns, per row, the display column whose value became the name (null for the
    rest; None when the header has no such column): that value is in the output, and the
    unread-columns line counts only the column's other rows (unread_columns' `named_by`)."""
    cols = [c for c in header if csvheaders.email_display_name(c)]
    if not cols:
        return out, None
    shown = pl.coalesce([_filled(c).str.replace(_ADDRESS_IN_PARENTHESES, "").str.strip_chars()
                         for c in cols])
    # the column coalesce took the value from: the first one filled
    source = pl.coalesce([pl.when(_filled(c).is_not_null()).then(pl.lit(c)) for c in cols])
    found = frame.select(
        pl.when((shown != "") & ~names.not_a_name(shown)).then(shown).alias("_shown"),
        source.alias("_source"))
    nameless = pl.all_horizontal([pl.col(f).is_null() for f in _NAME_FIELDS if f in out.columns]
                                 or [pl.lit(True)])
    current = pl.col("full_name") if "full_name" in out.columns else pl.lit(None, pl.String)
    fed = nameless & pl.col("_shown").is_not_null()
    out = out.with_columns(found.get_columns()).with_columns(
        full_name=pl.when(nameless).then(pl.col("_shown")).otherwise(current),
        _named_by=pl.when(fed).then(pl.col("_source")))
    return out.drop("_shown", "_source", "_named_by"), out["_named_by"]


def numbered_parts(cmap: dict[str, list[str]]) -> list[str]:
    """The numbered given- and family-name columns ("guest_1_first_name"): evidence of
    person names as a first-name column is."""
    return [c for c in cmap.get("full_name", []) if csvheaders.numbered_part(c)]


# one-value fields whose extra columns are coalesced away (the street's house number is
# joined to it, the birthday's parts are one date)
_SHADOW_FIELDS = frozenset({"full_name", "name_prefix", "given_name", "middle_name",
                            "family_name", "name_suffix", "nickname", "organization",
                            "department", "title", "birthday", "notes", "city", "region",
                            "country", "street", "postcode"})
# how many unread columns the log line names before "..."
_NAMED = 8
_NAMED_BY = "\0named_by"  # unread_columns' own column: no header cell holds a NUL


def unread_columns(raw: pl.DataFrame, kept: pl.Series, cmap: dict[str, list[str]],
                   read: set[str], named_by: pl.Series | None = None
                   ) -> tuple[tuple[str, int], ...]:
    """(column, rows whose value in it is not in the output), in header order: each column
    with values that no field reads ("Meal", "Table": an export's "Priority" is fine to
    leave, a guest's name is not, and only the user can tell which is which), and each
    column of a one-value field that lost to an earlier column of that field (a
    `name,display_name` list keeps `name`; a guest list's "Family Name" holds a party's
    label beside its "Last Name"), counted on the rows where it holds another value; and
    each numbered name column's unnamed plus-ones ("Guest"). `kept`: the rows that became
    contacts (a rejected row's text is in its reject). A social-profile column counts the rows
    whose cell holds more than its web addresses (csvsocial). `named_by`: per row, the
    column whose value became the row's name (display_name_fallback); not counted there."""
    schema = raw.schema  # once: polars builds it anew on each call (10,000 columns: a hang)
    cols = [c for c in raw.columns if c != "source_row" and c not in read
            and schema[c] == pl.String]
    if named_by is not None:
        raw = raw.with_columns(named_by.alias(_NAMED_BY))
    by = pl.col(_NAMED_BY) if named_by is not None else pl.lit(None, pl.String)
    counts = [(_filled(c).is_not_null() & (by != c).fill_null(True)).sum().alias(c)
              for c in cols]
    numbered = [c for c in cmap.get("full_name", []) if csvheaders.numbered_name(c)]
    counts += [_filled(c).str.contains(PLUS_ONE).fill_null(False).sum().alias(c)
               for c in numbered]
    used = cols + numbered + ([_NAMED_BY] if named_by is not None else [])
    # a social column's cells that hold more than web addresses (a handle, a sentence)
    social = cmap.get("social", [])
    counts += [csvsocial.rest_unread(c).sum().alias(c) for c in social]
    used += social
    for field, fcols in cmap.items():
        if field in _SHADOW_FIELDS and len(fcols) > 1 and not (
                field == "full_name" and numbered):
            first = pl.coalesce([_filled(c) for c in fcols]).str.to_lowercase()
            counts += [(_filled(c).str.to_lowercase() != first).fill_null(False).sum().alias(c)
                       for c in fcols[1:]]
            used += fcols
    if not counts:
        return ()
    # only the columns counted are filtered (a copy of the whole table costs its size)
    found = raw.select(list(dict.fromkeys(used))).filter(kept).select(counts).row(0, named=True)
    return tuple((c, int(found[c])) for c in raw.columns if found.get(c))


def unread_note(path: str, unread: tuple[tuple[str, int], ...]) -> str:
    """The log line for one file's unread columns."""
    shown = ", ".join(f"{c!r} ({n} row{'s' if n > 1 else ''})" for c, n in unread[:_NAMED])
    more = f", and {len(unread) - _NAMED} more" if len(unread) > _NAMED else ""
    return (f"{path}: columns whose values are not in the output (no field reads them, an "
            f"earlier column of the same field was kept, a guest column's unnamed plus-one, or a "
            f"social column's text that is no web address): "
            f"{shown}{more}")
