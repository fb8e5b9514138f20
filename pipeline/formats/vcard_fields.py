"""vcard_props.Fields as polars expressions: what each property means, card by card, for the
cards vcard_fast reads. Each function below mirrors the Fields method it names; a card these
cannot read as Fields would (a group, a card that is no contact, a 'tel:' URI with
parameters) is returned as bad and read by the Python reader instead.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.formats.csvsocial import WEB_VALUE
from pipeline.formats.vcard_props import COMPANY_WORDS
from pipeline.formats.vcard_tokens import FAX_LABELS, OTHER_NICKNAMES
from pipeline.textio import MISSING

# Properties the readers look at; every other line is tokenized but never decoded. ROLE is
# the title's fallback: converters that write the job title there and leave TITLE out exist
# (docs/realworld7.md, an office directory).
WANTED = frozenset(
    "FN N NICKNAME ORG TITLE ROLE EMAIL TEL URL X-SOCIALPROFILE SOCIALPROFILE CATEGORIES BDAY ADR NOTE VERSION "
    "KIND X-ADDRESSBOOKSERVER-KIND X-ABSHOWAS X-ABLABEL X-ANDROID-CUSTOM FN_GROUP X-SAMSUNGADR "
    "X-NICKNAME X-EPOCSECONDNAME".split()
)

# str.strip()'s whitespace, not Rust's (Python's also strips \x1c-\x1f).
WS = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
# Escaped separators stand in as private-use characters while a value is split (no lookbehind
# in polars' regex); cards holding these characters are left to the Python reader.
P_SEMI, P_COMMA = "\ue000", "\ue001"
PLACEHOLDERS = f"[{P_SEMI}{P_COMMA}]"
_ESCAPED = f"[\\\\{P_SEMI}{P_COMMA}]"


def empty() -> pl.DataFrame:
    return schema.empty(schema.CONTACTS_RAW)


def unescape(e: pl.Expr, v21: bool) -> pl.Expr:
    """vcard_tokens.unescape of a piece split out of a protected value (placeholders stand
    for escaped separators) or of a whole value; no escaped backslash ever gets here, so
    every backslash escapes the one character after it."""
    e = e.str.replace_all(P_SEMI, ";", literal=True).str.replace_all(P_COMMA, ",", literal=True)
    if v21:
        return e.str.replace_all(r"\\([;,])", "${1}")
    return e.str.replace_all(r"\\[nN]", "\n").str.replace_all(r"(?s)\\(.)", "${1}")


def un(values: pl.Series, v21: pl.Series | bool) -> pl.Series:
    """vcard_props._un over a Series: unescaped and stripped; `v21` per row or for all. Only the
    few values with a backslash or placeholder go through the regexes."""
    out = values.str.strip_chars(WS)
    escaped = values.str.contains(_ESCAPED).fill_null(False)
    if not escaped.any():
        return out
    at = escaped.arg_true()
    sub = pl.DataFrame({"v": values.filter(escaped),
                        "v21": v21.filter(escaped) if isinstance(v21, pl.Series) else v21})
    done = sub.select(pl.when(pl.col("v21")).then(unescape(pl.col("v"), True)).otherwise(
        unescape(pl.col("v"), False)).str.strip_chars(WS)).to_series()
    return out.scatter(at, done)


def protect(e: pl.Expr) -> pl.Expr:
    return e.str.replace_all("\\;", P_SEMI, literal=True).str.replace_all(
        "\\,", P_COMMA, literal=True)


def _pieces(f: pl.DataFrame, sep: str = ";") -> pl.DataFrame:
    """split_unescaped(value, sep), one row per piece (line, k, card, v21, piece), each
    piece through _un as `u`."""
    split = protect(pl.col("value")).str.split(sep)
    rows = f.select("card", "v21", line=pl.int_range(pl.len()), piece=split,
                    k=pl.int_ranges(0, split.list.len())).explode(["piece", "k"])
    return rows.with_columns(u=un(rows.get_column("piece"), rows.get_column("v21")))


def _first(frame: pl.DataFrame, **columns: pl.Expr) -> pl.DataFrame:
    """The first line per card (frames are in file order)."""
    return frame.group_by("card", maintain_order=True).agg(
        *(e.first().alias(k) for k, e in columns.items()))


def _name_parts(n: pl.DataFrame) -> pl.DataFrame:
    """Fields._name_parts of each card's first N line."""
    n = n.group_by("card", maintain_order=True).first()
    parts = _pieces(n).filter(pl.col("k") < 5)
    # 3.0/4.0: a part with commas is a list, its items joined by spaces
    listed = ~pl.col("v21") & pl.col("piece").str.contains(",", literal=True)
    lists = parts.filter(listed)
    if lists.height:
        items = lists.select("line", "k", item=pl.col("piece").str.split(",")).explode("item")
        items = items.with_columns(u=un(items.get_column("item"), False)).filter(
            pl.col("u") != "").group_by(["line", "k"]).agg(listed=pl.col("u").str.join(" "))
        parts = parts.join(items, on=["line", "k"], how="left", maintain_order="left")
        parts = parts.with_columns(u=pl.when(listed).then(pl.col("listed").fill_null("")
                                                          ).otherwise(pl.col("u")))
    names = ("family", "given", "middle", "prefix", "suffix")
    wide = parts.select("card", "k", u=pl.when(pl.col("u") != "").then(pl.col("u"))).pivot(
        "k", index="card", values="u")
    return n.select("card").join(wide, on="card", how="left", maintain_order="left").select(
        "card", **{k: (pl.col(str(i)) if str(i) in wide.columns else pl.lit(None, pl.String))
                   for i, k in enumerate(names)})


def _emails(f: pl.DataFrame) -> pl.DataFrame:
    e = pl.col("u")
    e = pl.when(e.str.ends_with(">") & e.str.contains("<", literal=True)).then(
        e.str.extract(r"<([^<]*)>$", 1).str.strip_chars(WS)).otherwise(e)
    e = pl.when(e.str.slice(0, 7).str.to_lowercase() == "mailto:").then(
        e.str.slice(7).str.strip_chars(WS)).otherwise(e)
    return f.with_columns(e=e).filter(pl.col("e") != "").group_by(
        "card", maintain_order=True).agg(emails=pl.col("e"))


def _phones(f: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    t = pl.col("u")
    uri = t.str.slice(0, 4).str.to_lowercase() == "tel:"
    f = f.with_columns(uri=uri, t=pl.when(uri).then(t.str.slice(4).str.strip_chars(WS)).otherwise(t))
    bad = f.filter(pl.col("uri") & pl.col("u").str.slice(4).str.contains(";", literal=True))
    phones = f.filter(pl.col("t") != "").group_by("card", maintain_order=True).agg(
        phones=pl.col("t"))
    return phones, bad.get_column("card")


def _linkedin() -> pl.Expr:
    """_linkedin_url over a URL line's value `u`, TYPE=linkedin, x-user and item label."""
    u, user, label = pl.col("u"), pl.col("user"), pl.col("label")
    low = u.str.to_lowercase()
    has_user = user.is_not_null() & (user != "")
    typed = pl.col("li_type") | (label == "linkedin").fill_null(False)
    slug = pl.when(has_user).then(user).otherwise(u)
    slug_ok = (slug != "") & ~slug.str.contains(r"[:/ \t@]")
    return (pl.when(low.str.contains("linkedin.com/in/", literal=True)).then(u)
            .when(has_user & user.str.to_lowercase().str.contains("linkedin.com/in/", literal=True))
            .then(user)
            .when(typed & low.str.contains("linkedin.com/", literal=True)).then(u)
            .when(typed & slug_ok).then(pl.lit("https://www.linkedin.com/in/") + slug)
            .when((label == "profile").fill_null(False)
                  & low.str.contains("linkedin.com/", literal=True)).then(u))


def _labels(props: pl.DataFrame) -> pl.DataFrame:
    """Each card's item labels (X-ABLabel: the last per group), as _apple_label reads them."""
    lab = unescape(pl.col("value"), False).str.strip_chars(WS)
    framed = lab.str.starts_with("_$!<") & lab.str.ends_with(">!$_")
    lab = pl.when(framed).then(lab.str.slice(4, lab.str.len_chars() - 8)).otherwise(lab)
    rows = props.filter((pl.col("name") == "X-ABLABEL") & pl.col("group").is_not_null()
                        & (pl.col("group") != ""))
    return rows.select("card", "group", label=lab.str.to_lowercase()).group_by(
        ["card", "group"], maintain_order=True).last()


# vcard_props.Fields.add: RFC 9554's SOCIALPROFILE when its value is a URI, not a bare handle
_SOCIAL_URI = (pl.col("name") == "SOCIALPROFILE") & pl.col("u").str.contains(":", literal=True)


def _urls(f: pl.DataFrame, labels: pl.DataFrame) -> pl.DataFrame:
    f = f.filter((pl.col("u") != "") & (pl.col("u").str.slice(0, 5).str.to_lowercase() != "data:"))
    f = f.join(labels, on=["card", "group"], how="left", maintain_order="left")
    return f.with_columns(li=_linkedin()).group_by("card", maintain_order=True).agg(
        urls=pl.col("u").filter(pl.col("u").str.contains(WEB_VALUE)),  # Fields._url
        linkedin_url=pl.col("li").drop_nulls().first())


def _categories(f: pl.DataFrame) -> pl.DataFrame:
    t = protect(pl.col("value"))
    one = ~t.str.contains("[,;]") & t.str.contains(P_COMMA, literal=True)
    items = pl.when(one).then(t.str.split(P_COMMA)).otherwise(
        t.str.replace_all(";", ",", literal=True).str.split(","))
    f = f.select("card", "v21", item=items).explode("item")
    f = f.with_columns(label=un(f.get_column("item"), f.get_column("v21"))).filter(
        pl.col("label") != "")
    return f.unique(["card", "label"], keep="first", maintain_order=True).group_by(
        "card", maintain_order=True).agg(labels=pl.col("label"))


def _android_nickname(f: pl.DataFrame) -> pl.DataFrame:
    """A card's first nickname kept outside NICKNAME (`f`: its X-ANDROID-CUSTOM and
    OTHER_NICKNAMES lines, in file order), as Fields.add reads them."""
    parts = _pieces(f).filter(pl.col("k") < 2)
    ok = parts.filter((pl.col("k") == 0) & (pl.col("piece").str.strip_chars(WS)
                                            == "vnd.android.cursor.item/nickname"))
    nick = parts.filter((pl.col("k") == 1) & pl.col("line").is_in(ok.get_column("line").implode())
                        & (pl.col("u") != "")).select("card", "line", "u")
    plain = f.with_columns(line=pl.int_range(pl.len())).filter(
        pl.col("name").is_in(OTHER_NICKNAMES) & (pl.col("u") != "")).select("card", "line", "u")
    both = pl.concat([nick, plain.cast(nick.schema)]).sort("line")
    return _first(both, android_nickname=pl.col("u"))


def _addresses(f: pl.DataFrame) -> pl.DataFrame:
    """The cards' ADR values (_adr); a card without ADR, its X-SAMSUNGADR's, as
    vcard_props.Fields reads them."""
    adr = _adr(f.filter(pl.col("name") == "ADR"))
    samsung = _adr(f.filter(pl.col("name") == "X-SAMSUNGADR"))
    return pl.concat([adr, samsung.filter(~pl.col("card").is_in(adr["card"].implode()))])


def _adr(f: pl.DataFrame) -> pl.DataFrame:
    names = {0: "pobox", 1: "extended", 2: "street", 3: "city", 4: "region", 5: "postcode",
             6: "country"}
    parts = _pieces(f).filter(pl.col("k").is_between(0, 6))
    wide = parts.select("line", "card", "k", u=pl.when(pl.col("u") != "").then(pl.col("u")))
    wide = wide.pivot("k", index=["line", "card"], values="u")
    cols = {v: pl.col(str(k)) if str(k) in wide.columns else pl.lit(None, pl.String)
            for k, v in names.items()}
    wide = wide.select("card", **cols)
    # the suite or flat (extended address) and the post office box go with the street line,
    # as vcard_props.street_line joins them: kith has no columns of their own for them
    lines = pl.concat_str([pl.col("street"), pl.col("extended"), pl.col("pobox")],
                          separator=", ", ignore_nulls=True)
    wide = wide.with_columns(street=pl.when(lines != "").then(lines)).drop("extended", "pobox")
    where = (pl.col("city").is_not_null() | pl.col("region").is_not_null()
             | pl.col("country").is_not_null())
    said = wide.filter(where).group_by("card", maintain_order=True).first()
    # no ADR says where: the first with a street line (Android's whole address in the street
    # slot), as vcard_props.Fields keeps it
    street = wide.filter(~where & pl.col("street").is_not_null()).group_by(
        "card", maintain_order=True).first()
    return pl.concat([said, street.filter(~pl.col("card").is_in(said["card"].implode()))])


def _text_fields(f: pl.DataFrame) -> list[pl.DataFrame]:
    """FN, TITLE, ROLE, BDAY (the first non-empty), ORG (the first with a unit), NICKNAME,
    NOTE."""
    nonempty = f.filter(pl.col("u") != "")
    # a placeholder title or organisation (`N/A`) is none, as vcard_props._known reads it
    known = nonempty.filter(~pl.col("u").is_in(MISSING))
    out = [_first((known if k in ("TITLE", "ROLE") else nonempty).filter(pl.col("name") == k),
                  **{col: pl.col("u")})
           for k, col in (("FN", "fn"), ("TITLE", "title"), ("ROLE", "role"),
                          ("BDAY", "birthday"))]
    units = _pieces(f.filter(pl.col("name") == "ORG"))
    units = units.with_columns(u=pl.when(pl.col("u").is_in(MISSING)).then(pl.lit(""))
                               .otherwise(pl.col("u")))
    org = units.group_by("line", maintain_order=True).agg(
        pl.col("card").first(), any=(pl.col("u") != "").any(),
        organization=pl.col("u").first(), department=pl.col("u").get(1, null_on_oob=True))
    out.append(_first(org.filter(pl.col("any")), organization=pl.col("organization"),
                      department=pl.col("department")))
    nicks = _pieces(f.filter(pl.col("name") == "NICKNAME"), ",")  # a comma-separated list
    out.append(nicks.filter(pl.col("u") != "").group_by(
        "card", maintain_order=True).agg(nicknames=pl.col("u")))
    out.append(nonempty.filter(pl.col("name") == "NOTE").group_by(
        "card", maintain_order=True).agg(notes=pl.col("u").str.join("\n").str.slice(
            0, schema.NOTES_MAX)))
    return out


def rows(props: pl.DataFrame, cards: pl.Series, bad: pl.Series) -> pl.DataFrame:
    """CONTACTS_RAW rows (by source_row) of `cards` but those in `bad` and those Fields would
    not make a contact of: groups, cards with nothing to name or reach."""
    labels = _labels(props)
    f = props.filter(~pl.col("blob") & ~pl.col("name").is_in(["VERSION", "X-ABLABEL"]))
    f = f.with_columns(u=un(f.get_column("value"), f.get_column("v21")))
    name = pl.col("name")
    # Head.fax, and Apple's fax and pager item labels (FAX_LABELS)
    tels = f.filter((name == "TEL") & ~pl.col("fax")).join(
        labels, on=["card", "group"], how="left", maintain_order="left")
    fax_label = pl.col("label").is_in(list(FAX_LABELS)).fill_null(False)
    phones, bad_tel = _phones(tels.filter(~fax_label))
    kind = _first(f.filter(name.is_in(["KIND", "X-ADDRESSBOOKSERVER-KIND"])),
                  group=pl.col("value").str.strip_chars(WS).str.to_lowercase() == "group")
    show = f.filter(name == "X-ABSHOWAS").group_by("card", maintain_order=True).agg(
        show_company=(pl.col("value").str.strip_chars(WS).str.to_uppercase() == "COMPANY").last())
    parts = [_name_parts(f.filter(name == "N")), _emails(f.filter(name == "EMAIL")), phones,
             _urls(f.filter(name.is_in(["URL", "X-SOCIALPROFILE"]) | _SOCIAL_URI), labels),
             _categories(f.filter(name == "CATEGORIES")), _addresses(f),
             _android_nickname(f.filter(name.is_in(["X-ANDROID-CUSTOM", *OTHER_NICKNAMES]))),
             kind, show,
             _first(props, fmt=pl.col("fmt")), *_text_fields(f)]
    # an Android group card (FN_GROUP) is left to the Python reader, which rejects it
    excluded = pl.concat([bad, bad_tel, kind.filter(pl.col("group")).get_column("card"),
                          f.filter(name == "FN_GROUP").get_column("card")])
    out = cards.to_frame("card").filter(~pl.col("card").is_in(excluded.implode()))
    for part in parts:
        out = out.join(part, on="card", how="left", maintain_order="left")
    return _assemble(out)


def _assemble(out: pl.DataFrame) -> pl.DataFrame:
    """Fields.row over the joined per-card values."""
    c = pl.col
    lists = {k: c(k).fill_null(pl.lit([], pl.List(pl.String)))
             for k in ("emails", "phones", "urls", "labels", "nicknames")}
    out = out.with_columns(**lists, organization=pl.when(c("organization") != "").then(
        c("organization")), department=pl.when(c("department") != "").then(c("department")),
        show_company=c("show_company").fill_null(False))
    n = ("family", "given", "middle", "prefix", "suffix")
    nickname = pl.when(c("nicknames").list.len() > 0).then(c("nicknames").list.join(", ")
                                                           ).otherwise(c("android_nickname"))
    first_nick = pl.when(c("nicknames").list.len() > 0).then(c("nicknames").list.first()
                                                             ).otherwise(c("android_nickname"))
    named = (c("fn").is_not_null() | nickname.is_not_null() | c("organization").is_not_null()
             | pl.any_horizontal(*(c(k).is_not_null() for k in n)))
    reach = (c("emails").list.len() > 0) | (c("phones").list.len() > 0) | c(
        "linkedin_url").is_not_null()
    out = out.filter(named | reach)
    joined = pl.concat_str([c(k) for k in ("prefix", "given", "middle", "family", "suffix")],
                           separator=" ", ignore_nulls=True)
    fallback = (pl.when(c("show_company") & c("organization").is_not_null()).then(c("organization"))
                .when(joined.fill_null("") != "").then(joined)
                .when(first_nick.is_not_null()).then(first_nick)
                .when(c("organization").is_not_null()).then(c("organization"))
                .otherwise(pl.coalesce(c("emails").list.first(), c("phones").list.first(),
                                       c("linkedin_url"))))
    # _n_parts: a phone's word-by-word split of a "Last, First" FN is not used
    split_fn = c("fn").str.contains(",", literal=True).fill_null(False) & pl.any_horizontal(
        *(c(k).str.ends_with(",").fill_null(False) for k in n))
    # vcard_props.Fields._company_card: N holds the company's words on an Apple company card,
    # or N's family name alone and FN (when there is one) are the company
    def words(*keys: str) -> pl.Expr:
        return pl.concat_list([c(k).str.to_lowercase().str.extract_all(COMPANY_WORDS)
                               .fill_null(pl.lit([], pl.List(pl.String))) for k in keys]).list.sort()

    org_words = words("organization")
    only_family = pl.all_horizontal(*(c(k).is_null() for k in n[1:]))
    fn_is_org = c("fn").is_null() | ((words("fn").list.len() > 0) & (words("fn") == org_words))
    company_n = ((c("show_company") | (only_family & fn_is_org)) & (words(*n).list.len() > 0)
                 & (words(*n) == org_words)).fill_null(False)
    names = {f"name_{k}" if k in ("prefix", "suffix") else f"{k}_name":
             pl.when(~split_fn & ~company_n).then(c(k)) for k in n}
    out = out.with_columns(
        source=pl.lit("vcard"), source_format=c("fmt"), source_file=pl.lit(None, pl.String),
        source_row=c("card").cast(pl.Int64), full_name=pl.coalesce(c("fn"), fallback),
        title=pl.coalesce(c("title"), c("role")),
        nickname=nickname, connected_on=pl.lit(None, pl.String), **names)
    return schema.conform(out.select(list(schema.CONTACTS_RAW)), schema.CONTACTS_RAW)
