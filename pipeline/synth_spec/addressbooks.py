"""Address-book CSVs: Google Contacts (current "Google CSV"), Outlook desktop, a generic CRM export.

Google (docs/formats.md §2.1): UTF-8 with BOM, the 17 fixed columns, then as many `E-mail N`,
`Phone N`, `Address N`, `Website N` groups as the widest contact needs; labels joined by
` ::: ` with `* myContacts` / `* starred`; the primary value's label marked `* `; two values
with one label packed into one cell with ` ::: `; multi-line notes and formatted addresses.
Outlook (§3.1): every header and cell quoted, CRLF, the Windows code page (characters it cannot
hold become `?`), `0/0/00` for no date, `SMTP` types and `Name (address)` display names.
CRM: lowercase snake_case headers, accents often stripped, role addresses.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipeline.synth_spec import names as N
from pipeline.synth_spec.text import csv_text, iso_date, phone_text

GOOGLE_FIXED = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
                "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
                "Organization Title,Organization Department,Birthday,Notes,Photo,Labels").split(",")
ADDRESS_PARTS = ("Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code",
                 "Country", "Extended Address")
COUNTRY_NAME = {"US": "United States", "ES": "España", "BR": "Brasil", "DE": "Deutschland",
                "FR": "France", "IT": "Italia", "PL": "Polska", "VN": "Việt Nam", "CN": "China",
                "IN": "India", "AE": "United Arab Emirates"}
_USER_LABELS = ("Family", "Friends", "Work", "Golf club", "Kita-Eltern", "Copied from Gmail", "Clients")


def _rand(rng: np.random.Generator, k: int, *names: str) -> dict[str, pl.Series]:
    return {n: pl.Series(rng.random(k)) for n in names}


def shown_values(v: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Values every address book takes from the view, already formatted."""
    r = _rand(rng, v.height, "e1", "e2", "ew", "ef", "pm", "pl", "style")
    style = (r["style"] * 3).cast(pl.Int64)
    return v.with_columns(
        pl.when(r["e1"] < 0.85).then(pl.col("email")).alias("m_personal"),
        pl.when(r["e2"] < 0.6).then(pl.col("email2")).alias("m_second"),
        pl.when(r["ew"] < 0.6).then(pl.col("work_email_shown")).alias("m_work"),
        pl.when(r["ef"] < 0.6).then(pl.col("family_email")).alias("m_family"),
        pl.when(r["pm"] < 0.85).then(phone_text(pl.col("mobile"), pl.col("country"), style)).alias("t_mobile"),
        pl.when(r["pl"] < 0.8).then(phone_text(pl.col("landline"), pl.col("country"), style)).alias("t_home"),
        pl.col("country").replace_strict(COUNTRY_NAME, return_dtype=pl.String).alias("country_name"),
    )


def _groups(rows: list[list[tuple[str, str]]], prefix: str, rng: np.random.Generator) -> dict[str, list]:
    """`Prefix N - Label` / `Prefix N - Value` columns; same-label neighbours packed with ` ::: `."""
    packed_rows = []
    coin = rng.random(len(rows))
    for row, c in zip(rows, coin, strict=True):
        out: list[list] = []
        for label, value in row:
            if out and out[-1][0] == label and c < 0.5:
                out[-1][1] += " ::: " + value
            else:
                out.append([label, value])
        if out:
            out[0][0] = "* " + out[0][0] if out[0][0] else "* "
        packed_rows.append(out)
    width = max((len(r) for r in packed_rows), default=0)
    cols: dict[str, list] = {}
    for i in range(width):
        cols[f"{prefix} {i + 1} - Label"] = [r[i][0] if i < len(r) else None for r in packed_rows]
        cols[f"{prefix} {i + 1} - Value"] = [r[i][1] if i < len(r) else None for r in packed_rows]
    return cols


def google(v: pl.DataFrame, out, rng: np.random.Generator) -> pl.DataFrame:
    k = v.height
    c = shown_values(v, rng)
    r = _rand(rng, k, "star", "ulab", "nick", "noyear", "note", "web", "lbl")
    labels = np.asarray(_USER_LABELS, dtype=object)[rng.integers(0, len(_USER_LABELS), k)]
    fixed = c.select(
        pl.col("given_shown").alias("First Name"), pl.col("middle_shown").alias("Middle Name"),
        pl.col("family_shown").alias("Last Name"),
        *[pl.lit(None, pl.String).alias(x) for x in GOOGLE_FIXED[3:8]],
        pl.when(r["nick"] < 0.3).then(pl.col("nick")).alias("Nickname"), pl.lit(None, pl.String).alias("File As"),
        pl.col("org_shown").alias("Organization Name"),
        pl.when(pl.col("org_shown").is_not_null()).then(pl.col("title")).alias("Organization Title"),
        pl.lit(None, pl.String).alias("Organization Department"),
        pl.when(r["noyear"] < 0.12).then(pl.col("birthday_shown").dt.strftime("--%m-%d"))
        .otherwise(iso_date(pl.col("birthday_shown"))).alias("Birthday"),
        pl.when(r["note"] < 0.05).then(pl.lit("Met at the spring conference.\nFollow up about the intro."))
        .alias("Notes"),
        pl.lit(None, pl.String).alias("Photo"),
        pl.concat_str(pl.when(r["ulab"] < 0.3).then(pl.concat_str(pl.Series(labels, dtype=pl.String), pl.lit(" ::: "))).otherwise(pl.lit("")),
                      pl.when(r["star"] < 0.05).then(pl.lit("* starred ::: ")).otherwise(pl.lit("")),
                      pl.lit("* myContacts")).alias("Labels"),
    )
    lbl = r["lbl"].to_numpy()
    mails = []
    for pers, sec, work, fam, x in zip(c["m_personal"].to_list(), c["m_second"].to_list(),
                                       c["m_work"].to_list(), c["m_family"].to_list(), lbl, strict=True):
        row = []
        if pers:
            row.append(("Home" if x < 0.6 else "Other" if x < 0.8 else "", pers))
        if sec:
            row.append(("Home", sec))
        if work:
            row.append(("Work", work))
        if fam:
            row.append(("Home", fam))
        mails.append(row)
    phones = [[(lab, t) for lab, t in (("Mobile", m), ("Home", h)) if t]
              for m, h in zip(c["t_mobile"].to_list(), c["t_home"].to_list(), strict=True)]
    frame = fixed.with_columns(**{n: pl.Series(n, vals, dtype=pl.String)
                                  for n, vals in _groups(mails, "E-mail", rng).items()})
    frame = frame.with_columns(**{n: pl.Series(n, vals, dtype=pl.String)
                                  for n, vals in _groups(phones, "Phone", rng).items()})
    addr = c.select(
        pl.when(pl.col("show_addr")).then(pl.lit("Home")).alias("Address 1 - Label"),
        pl.when(pl.col("show_addr")).then(pl.concat_str(
            pl.col("street"), pl.lit("\n"), pl.col("postcode"), pl.lit(" "), pl.col("city"),
            pl.lit("\n"), pl.col("country_name"))).alias("Address 1 - Formatted"),
        pl.when(pl.col("show_addr")).then(pl.col("street")).alias("Address 1 - Street"),
        pl.when(pl.col("show_addr")).then(pl.col("city")).alias("Address 1 - City"),
        pl.lit(None, pl.String).alias("Address 1 - PO Box"),
        pl.lit(None, pl.String).alias("Address 1 - Region"),
        pl.when(pl.col("show_addr")).then(pl.col("postcode")).alias("Address 1 - Postal Code"),
        pl.when(pl.col("show_addr")).then(pl.col("country_name")).alias("Address 1 - Country"),
        pl.lit(None, pl.String).alias("Address 1 - Extended Address"),
        pl.when(r["web"] < 0.1).then(pl.lit("Profile")).alias("Website 1 - Label"),
        pl.when(r["web"] < 0.1).then(pl.concat_str(pl.lit("https://www.linkedin.com/in/"), pl.col("slug")))
        .alias("Website 1 - Value"),
    )
    frame = pl.concat([frame, addr], how="horizontal")
    name = "contacts.csv"
    (out / name).write_bytes(b"\xef\xbb\xbf" + csv_text(frame).encode("utf-8"))
    return truth_rows(name, v)


OUTLOOK_HEADER = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Street,"
    "Business Street 2,Business Street 3,Business City,Business State,Business Postal Code,"
    "Business Country/Region,Home Street,Home Street 2,Home Street 3,Home City,Home State,"
    "Home Postal Code,Home Country/Region,Other Street,Other Street 2,Other Street 3,Other City,"
    "Other State,Other Postal Code,Other Country/Region,Assistant's Phone,Business Fax,"
    "Business Phone,Business Phone 2,Callback,Car Phone,Company Main Phone,Home Fax,Home Phone,"
    "Home Phone 2,ISDN,Mobile Phone,Other Fax,Other Phone,Pager,Primary Phone,Radio Phone,"
    "TTY/TDD Phone,Telex,Account,Anniversary,Assistant's Name,Billing Information,Birthday,"
    "Business Address PO Box,Categories,Children,Directory Server,E-mail Address,E-mail Type,"
    "E-mail Display Name,E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,E-mail 3 Address,"
    "E-mail 3 Type,E-mail 3 Display Name,Gender,Government ID Number,Hobby,Home Address PO Box,"
    "Initials,Internet Free Busy,Keywords,Language,Location,Manager's Name,Mileage,Notes,"
    "Office Location,Organizational ID Number,Other Address PO Box,Priority,Private,Profession,"
    "Referred By,Sensitivity,Spouse,User 1,User 2,User 3,User 4,Web Page").split(",")


def outlook(v: pl.DataFrame, out, rng: np.random.Generator) -> pl.DataFrame:
    c = shown_values(v, rng)
    name = pl.concat_str("given_shown", "family_shown", separator=" ")
    e1 = pl.coalesce("m_work", "m_personal")
    e2 = pl.when(pl.col("m_work").is_not_null()).then(pl.col("m_personal"))
    cols = {
        "First Name": pl.col("given_shown"), "Middle Name": pl.col("middle_shown"),
        "Last Name": pl.col("family_shown"), "Company": pl.col("org_shown"), "Job Title": pl.col("title"),
        "Home Street": pl.when(pl.col("show_addr")).then(pl.col("street")),
        "Home City": pl.when(pl.col("show_addr")).then(pl.col("city")),
        "Home Postal Code": pl.when(pl.col("show_addr")).then(pl.col("postcode")),
        "Home Country/Region": pl.when(pl.col("show_addr")).then(pl.col("country_name")),
        "Home Phone": pl.col("t_home"), "Mobile Phone": pl.col("t_mobile"),
        "Birthday": pl.coalesce(pl.col("birthday_shown").dt.strftime("%-m/%-d/%Y"), pl.lit("0/0/00")),
        "Anniversary": pl.lit("0/0/00"),
        "E-mail Address": e1, "E-mail Type": pl.when(e1.is_not_null()).then(pl.lit("SMTP")),
        "E-mail Display Name": pl.when(e1.is_not_null()).then(pl.concat_str(name, pl.lit(" ("), e1, pl.lit(")"))),
        "E-mail 2 Address": e2, "E-mail 2 Type": pl.when(e2.is_not_null()).then(pl.lit("SMTP")),
        "E-mail 2 Display Name": pl.when(e2.is_not_null()).then(pl.concat_str(name, pl.lit(" ("), e2, pl.lit(")"))),
        "Gender": pl.lit("Unspecified"), "Priority": pl.lit("Normal"), "Private": pl.lit("False"),
        "Sensitivity": pl.lit("Normal"), "Categories": pl.lit("Business;Personal"),
    }
    frame = c.select([cols.get(h, pl.lit("")).cast(pl.String).alias(h) for h in OUTLOOK_HEADER])
    fname = "outlook_contacts.csv"
    text = csv_text(frame.fill_null(""), eol="\r\n", always_quote=True)
    (out / fname).write_bytes(text.encode("cp1252", errors="replace"))
    return truth_rows(fname, v)


def crm(v: pl.DataFrame, out, rng: np.random.Generator) -> pl.DataFrame:
    """A CRM / mailing-list export: snake_case headers, ids and pipeline columns kith has no use
    for, accents often stripped, role addresses (info@) for some contacts."""
    c = shown_values(v, rng)
    r = _rand(rng, v.height, "fold", "role")
    fold = {x: N.ascii_fold(x) for col in ("given_shown", "family_shown")
            for x in c[col].drop_nulls().unique().to_list()}
    folded = r["fold"] < 0.4
    days = pl.Series(rng.integers(0, 3000, v.height))
    stage = pl.Series(np.asarray(("lead", "customer", "subscriber", "opportunity"), dtype=object)[
        rng.integers(0, 4, v.height)], dtype=pl.String)
    source = pl.Series(np.asarray(("webinar", "import", "referral", "website", ""), dtype=object)[
        rng.integers(0, 5, v.height)], dtype=pl.String)
    frame = c.select(
        (pl.int_range(pl.len()) * 7 + 100_001).alias("record_id"),
        pl.when(folded).then(pl.col("given_shown").replace(fold)).otherwise(pl.col("given_shown"))
        .alias("first_name"),
        pl.when(folded).then(pl.col("family_shown").replace(fold)).otherwise(pl.col("family_shown"))
        .alias("last_name"),
        pl.when((r["role"] < 0.08) & pl.col("role_email").is_not_null()).then(pl.col("role_email"))
        .otherwise(pl.coalesce("m_work", "m_personal", "email")).alias("email"),
        pl.coalesce("t_mobile", "t_home").alias("phone"),
        pl.col("org_shown").alias("company"), pl.col("title").alias("job_title"),
        pl.when(pl.col("show_addr")).then(pl.col("city")).alias("city"),
        source.alias("lead_source"), stage.alias("lifecycle_stage"),
        (pl.date(2026, 9, 1) - pl.duration(days=days)).dt.strftime("%Y-%m-%d").alias("created_at"),
    )
    fname = "crm_export.csv"
    (out / fname).write_text(csv_text(frame), encoding="utf-8")
    return truth_rows(fname, v)


def truth_rows(fname: str, v: pl.DataFrame) -> pl.DataFrame:
    return pl.DataFrame({"source_file": fname, "source_row": np.arange(v.height),
                         "idx": v["idx"].to_numpy(), "kind": "contact"})
