"""A phone's contacts as one .vcf file, cards in the styles of docs/formats.md §4.11.

iOS 3.0: `PRODID` Apple, lowercase repeated `type=`, `itemN.` groups with `X-ABLabel`
`_$!<Other>!$_` labels, `ORG:Company;`, `BDAY;value=date:`, the 1604 no-year sentinel,
`X-SOCIALPROFILE;type=linkedin`, folded base64 photos. Android 2.1: bare types `TEL;CELL`,
non-ASCII values as `CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE` with unindented `=` soft line
breaks, nicknames in `X-ANDROID-CUSTOM`, `BDAY:19850415`, e-mail-only cards without N or FN.
4.0: `TEL;VALUE=uri:tel:`, quoted `TYPE="cell,voice"`, `PREF=1`, `BDAY:--0415`.
All CRLF, 3.0/4.0 folded at 75 characters.

Cards are built column-wise: each property line is an expression that is null when the card
has no such property, and a card is its lines joined with nulls left out.
"""

from __future__ import annotations

import base64

import numpy as np
import polars as pl

from pipeline.synth_spec.addressbooks import shown_values, truth_rows

_THUMB = base64.b64encode(bytes(range(256)) * 2).decode()
# A contact photo as iOS exports it: about 40 KB of base64 per card (docs/formats.md §4.10).
_PHOTO = base64.b64encode(bytes(range(256)) * 120).decode()
_FOLDS = 4  # text lines are folded up to this many times (no text value here is longer)


def _fold_text(line: str) -> str:
    return "\r\n ".join([line[:75]] + [line[i:i + 74] for i in range(75, len(line), 74)])


def _fold(e: pl.Expr) -> pl.Expr:
    """RFC 6350 §3.2 folding: 75 characters, then continuation lines of a space + 74."""
    parts = [e.str.slice(0, 75)] + [
        pl.when(e.str.len_chars() > 75 + 74 * i).then(pl.lit("\r\n ") + e.str.slice(75 + 74 * i, 74))
        .otherwise(pl.lit("")) for i in range(_FOLDS)]
    return pl.concat_str(parts)


def _esc(e: pl.Expr) -> pl.Expr:
    """3.0/4.0 text escaping of backslash, comma and semicolon."""
    return (e.str.replace_all("\\", "\\\\", literal=True).str.replace_all(",", "\\,", literal=True)
            .str.replace_all(";", "\\;", literal=True))


def _qp(value: str) -> str:
    """Quoted-printable as Android writes it: soft breaks `=` with no indent on the next line."""
    enc = "".join(chr(b) if 33 <= b <= 126 and b != 61 else f"={b:02X}" for b in value.encode())
    lines, cur = [], ""
    for ch in enc:
        cur += ch
        if len(cur) >= 72 and not (cur.endswith("=") or cur[-2:-1] == "="):
            lines.append(cur)
            cur = ""
    lines.append(cur)
    return "=\r\n".join(x for x in lines if x)


def _prop21(frame: pl.DataFrame, name: str, value: pl.Expr) -> pl.Expr:
    """`NAME:value`, or the QP form for values that are not ASCII (encoded once per value)."""
    vals = frame.select(value.alias("v")).to_series().drop_nulls().unique()
    qp = {v: _qp(v) for v in vals.to_list() if not v.isascii()}
    encoded = value.replace_strict(qp, default=None, return_dtype=pl.String)
    return (pl.when(encoded.is_not_null())
            .then(pl.lit(f"{name};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:") + encoded)
            .otherwise(pl.lit(f"{name}:") + value))


def _when(cond: pl.Expr, *parts) -> pl.Expr:
    return pl.when(cond).then(pl.concat_str([p if isinstance(p, pl.Expr) else pl.lit(p) for p in parts]))


def _pref(first: pl.Expr, text: str) -> pl.Expr:
    return pl.when(first).then(pl.lit(text)).otherwise(pl.lit(""))


C = pl.col


def _ios() -> list[pl.Expr]:
    other = C("other_label") & C("m_personal").is_not_null()
    adr_item = pl.when(other).then(pl.lit("item2")).otherwise(pl.lit("item1"))
    lines = [
        pl.lit("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.2//EN"),
        pl.concat_str(pl.lit("N:"), _esc(C("f")), pl.lit(";"), _esc(C("g")), pl.lit(";"), _esc(C("m")), pl.lit(";;")),
        _fold(pl.lit("FN:") + _esc(C("fn"))),
        _when(C("org_shown").is_not_null(), "ORG:", _esc(C("org_shown")), ";\r\nTITLE:", _esc(C("title"))),
        _when(other, "item1.EMAIL;type=INTERNET;type=pref:", C("m_personal"),
              "\r\nitem1.X-ABLabel:_$!<Other>!$_"),
        _when(~other & C("m_personal").is_not_null(), "EMAIL;type=INTERNET;type=HOME;type=pref:", C("m_personal")),
    ]
    for col, kind, first in (("m_second", "HOME", "first_second"), ("m_work", "WORK", "first_work"),
                             ("m_family", "HOME", "first_family")):
        lines.append(_when(C(col).is_not_null(), f"EMAIL;type=INTERNET;type={kind}",
                           _pref(C(first), ";type=pref"), ":", C(col)))
    lines += [
        _when(C("t_mobile").is_not_null(), "TEL;type=CELL;type=VOICE;type=pref:", C("t_mobile")),
        _when(C("t_home").is_not_null(), "TEL;type=HOME;type=VOICE", _pref(C("t_mobile").is_null(), ";type=pref"),
              ":", C("t_home")),
        _fold(_when(C("show_addr"), adr_item, ".ADR;type=HOME;type=pref:;;", _esc(C("street")), ";",
                    _esc(C("city")), ";;", C("postcode"), ";", _esc(C("country_name")))),
        _when(C("show_addr"), adr_item, ".X-ABADR:", C("country").str.to_lowercase()),
        pl.when(C("bday").is_null()).then(None)
        .when(C("k") % 9 == 0).then(pl.lit("BDAY;X-APPLE-OMIT-YEAR=1604:1604-") + C("bday").str.slice(5))
        .otherwise(pl.lit("BDAY;value=date:") + C("bday")),
        _fold(_when(C("li"), "X-SOCIALPROFILE;type=linkedin;x-user=", C("slug"),
                    ":http://www.linkedin.com/in/", C("slug"))),
        pl.when(C("photo") == 2).then(pl.lit(_fold_text("PHOTO;ENCODING=b;TYPE=JPEG:" + _PHOTO)))
        .when(C("photo") == 1).then(pl.lit(_fold_text("PHOTO;ENCODING=b;TYPE=JPEG:" + _THUMB))),
        pl.lit("END:VCARD"),
    ]
    return lines


def _android(frame: pl.DataFrame) -> list[pl.Expr]:
    named = ~C("mail_only")
    adr = pl.concat_str(pl.lit(";;"), C("street"), pl.lit(";"), C("city"), pl.lit(";;"), C("postcode"),
                        pl.lit(";"), C("country_name"))
    n = pl.concat_str(C("f"), pl.lit(";"), C("g"), pl.lit(";"), C("m"), pl.lit(";;"))
    lines = [
        pl.lit("BEGIN:VCARD\r\nVERSION:2.1"),
        pl.when(named).then(_prop21(frame, "N", n)),
        pl.when(named).then(_prop21(frame, "FN", C("fn"))),
        _when(named & C("nick_custom").is_not_null(), "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;",
              C("nick_custom"), ";1;;;;;;;;;;;;;"),
        _when(named & C("t_mobile").is_not_null(), "TEL;CELL:", C("t_mobile")),
        _when(named & C("t_home").is_not_null(), "TEL;HOME:", C("t_home")),
        _when(C("m_personal").is_not_null(), "EMAIL;", pl.when(C("other_label")).then(pl.lit("X-OTHER"))
              .otherwise(pl.lit("HOME")), ";PREF:", C("m_personal")),
    ]
    for col, kind, first in (("m_second", "HOME", "first_second"), ("m_work", "WORK", "first_work"),
                             ("m_family", "HOME", "first_family")):
        lines.append(_when(C(col).is_not_null(), f"EMAIL;{kind}", _pref(C(first), ";PREF"), ":", C(col)))
    lines += [
        pl.when(named & C("org_shown").is_not_null()).then(pl.concat_str(
            _prop21(frame, "ORG", C("org_shown")), pl.lit("\r\n"), _prop21(frame, "TITLE", C("title")))),
        pl.when(named & C("show_addr")).then(_prop21(frame, "ADR;HOME", adr)),
        _when(named & C("bday").is_not_null(), "BDAY:", C("bday").str.replace_all("-", "")),
        pl.lit("END:VCARD"),
    ]
    return lines


def _v4() -> list[pl.Expr]:
    lines = [
        pl.lit("BEGIN:VCARD\r\nVERSION:4.0"),
        _fold(pl.lit("FN:") + _esc(C("fn"))),
        pl.concat_str(pl.lit("N:"), _esc(C("f")), pl.lit(";"), _esc(C("g")), pl.lit(";"), _esc(C("m")), pl.lit(";;")),
        _when(C("t_mobile").is_not_null(), 'TEL;TYPE="cell,voice";PREF=1;VALUE=uri:tel:', C("mobile")),
        _when(C("t_home").is_not_null(), 'TEL;TYPE="home,voice"', _pref(C("t_mobile").is_null(), ";PREF=1"),
              ";VALUE=uri:tel:", C("landline")),
        _when(C("m_personal").is_not_null(), "EMAIL;TYPE=home;PREF=1:", C("m_personal")),
    ]
    for col, kind, first in (("m_second", "home", "first_second"), ("m_work", "work", "first_work"),
                             ("m_family", "home", "first_family")):
        lines.append(_when(C(col).is_not_null(), f"EMAIL;TYPE={kind}", _pref(C(first), ";PREF=1"), ":", C(col)))
    lines += [
        _when(C("org_shown").is_not_null(), "ORG:", _esc(C("org_shown")), "\r\nTITLE:", _esc(C("title"))),
        _fold(_when(C("show_addr"), "ADR;TYPE=home:;;", _esc(C("street")), ";", _esc(C("city")), ";;",
                    C("postcode"), ";", _esc(C("country_name")))),
        pl.when(C("bday").is_null()).then(None)
        .when(C("k") % 5 == 0).then(pl.lit("BDAY:--") + C("bday").str.slice(5).str.replace("-", ""))
        .otherwise(pl.lit("BDAY:") + C("bday").str.replace_all("-", "")),
        pl.lit("END:VCARD"),
    ]
    return lines


def _card(lines: list[pl.Expr]) -> pl.Expr:
    return pl.concat_str(lines, separator="\r\n", ignore_nulls=True)


def write(v: pl.DataFrame, out, rng: np.random.Generator, photos: float = 0.0) -> pl.DataFrame:
    """The .vcf file; `photos` is the share of iOS cards with a full-size photo (every 31st
    card has a thumbnail)."""
    c = shown_values(v, rng)
    k = c.height
    r = {n: pl.Series(rng.random(k)) for n in ("lbl", "li", "nick", "photo")}
    style = pl.Series(rng.choice(3, k, p=[0.45, 0.4, 0.15]))
    given, mid, fam = (C(x).fill_null("") for x in ("given_shown", "middle_shown", "family_shown"))
    c = c.with_row_index("k").with_columns(
        given.alias("g"), mid.alias("m"), fam.alias("f"), C("title").fill_null(""),
        pl.concat_str([C("given_shown"), C("middle_shown"), C("family_shown")], separator=" ",
                      ignore_nulls=True).alias("fn"),
        (r["lbl"] >= 0.7).alias("other_label"), (r["li"] < 0.1).alias("li"),
        pl.when((r["nick"] < 0.3) & (C("nick") != C("given_shown"))).then(C("nick")).alias("nick_custom"),
        pl.when(r["photo"] < photos).then(2).when(C("k") % 31 == 0).then(1).otherwise(0).alias("photo"),
        ((C("k") % 53 == 0) & pl.any_horizontal(C("m_personal", "m_second", "m_work", "m_family").is_not_null())
         ).alias("mail_only"),
        C("birthday_shown").dt.strftime("%Y-%m-%d").alias("bday"),
        C("m_personal").is_null().alias("first_second"),
    ).with_columns(
        (C("first_second") & C("m_second").is_null()).alias("first_work"),
    ).with_columns(
        (C("first_work") & C("m_work").is_null()).alias("first_family"),
        C("first_second") & C("m_second").is_not_null(),
    ).with_columns(C("first_work") & C("m_work").is_not_null())
    ios, android, v4 = _card(_ios()), _card(_android(c)), _card(_v4())
    cards = c.select(pl.when(style == 0).then(ios).when(style == 1).then(android).otherwise(v4))
    fname = "phone_contacts.vcf"
    with open(out / fname, "wb") as fh:
        fh.write(("\r\n".join(cards.to_series().to_list()) + "\r\n").encode("utf-8"))
    return truth_rows(fname, v)
