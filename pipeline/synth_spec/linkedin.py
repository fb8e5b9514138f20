"""The LinkedIn "Get a copy of your data" zip, as docs/formats.md §1 describes the 2024-26 exports.

Connections.csv with the 3-line `Notes:` preamble, the `URL` column, `DD Mon YYYY` dates,
~97% empty e-mail, ~1.5% ghost rows (only a date), credentials after a comma in the last name,
stray spaces and emoji; messages.csv with the 2024-12 header (draft columns), sponsored
messages without a sender; Invitations.csv with profile URLs and `M/D/YY, h:mm AM` dates;
Profile.csv and Positions.csv (the owner) only on request; Skills.csv, which holds nobody.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from pipeline.synth_spec.text import csv_text

PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the email '
            "addresses are missing. You will only see email addresses for connections who have "
            "allowed their connections to see or download their email address using this setting "
            "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
            'https://www.linkedin.com/help/linkedin/answer/261"\n\n')
MSG_HEADER = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
              "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "IS MESSAGE DRAFT",
              "IS CONVERSATION DRAFT"]
_LINES = ("Hi! Great to connect.", "Thanks for the intro, let's talk next week.",
          "Are you going to the conference?", "Congrats on the new role!",
          "<p class=\"spinmail-quill-editor__spin-break\">Sounds good&nbsp;</p>",
          "Could you share the deck, please?", "¡Gracias! Nos vemos pronto.", "Danke, bis bald.")


def zip_name(export: date) -> str:
    return f"Complete_LinkedInDataExport_{export:%m-%d-%Y}.zip"


def url(slug: pl.Expr) -> pl.Expr:
    return pl.concat_str(pl.lit("https://www.linkedin.com/in/"), slug)


def _connections(v: pl.DataFrame, export: date, rng: np.random.Generator) -> tuple[str, np.ndarray]:
    k = v.height
    r = {n: pl.Series(rng.random(k)) for n in ("cred", "space", "emoji", "mail", "pos")}
    creds = pl.Series(np.asarray(("MBA", "PhD", "CPA", "PMP", "CFA"), dtype=object)[rng.integers(0, 5, k)],
                      dtype=pl.String)
    days = pl.Series(rng.integers(0, 365 * 12, k))
    rows = v.select(
        pl.when(r["space"] < 0.02).then(pl.col("given_shown") + " ")
        .when(r["emoji"] < 0.005).then(pl.col("given_shown") + " 🌍")
        .otherwise(pl.col("given_shown")).alias("First Name"),
        pl.when(r["cred"] < 0.04).then(pl.concat_str(pl.col("family_shown"), pl.lit(", "), creds))
        .otherwise(pl.col("family_shown")).alias("Last Name"),
        url(pl.col("slug")).alias("URL"),
        pl.when(r["mail"] < 0.03).then(pl.coalesce("email", "work_email")).alias("Email Address"),
        pl.col("org_shown").alias("Company"),
        pl.when(r["pos"] < 0.95).then(pl.col("title")).alias("Position"),
        (pl.lit(export) - pl.duration(days=days)).alias("on"),
    )
    ghosts = int(round(k * 0.015))
    ghost = pl.DataFrame({"on": pl.Series([export - timedelta(days=int(d))
                                           for d in rng.integers(0, 4000, ghosts)], dtype=pl.Date)})
    idx = np.concatenate([v["idx"].to_numpy(), np.full(ghosts, -1)])
    both = pl.concat([rows, ghost], how="diagonal_relaxed").with_columns(pl.Series("idx", idx))
    both = both.sort("on", descending=True, maintain_order=True)
    body = both.select(pl.exclude("on", "idx"), pl.col("on").dt.strftime("%d %b %Y").alias("Connected On"))
    return PREAMBLE + csv_text(body), both["idx"].to_numpy()


def _messages(v: pl.DataFrame, owner: dict, export: date, rng: np.random.Generator):
    """(text, counterpart index per row): conversations with a quarter of the connections."""
    talk = v.filter(pl.Series(rng.random(v.height) < 0.25))
    counts = rng.integers(1, 7, talk.height)
    who = np.repeat(np.arange(talk.height), counts)
    n = who.size
    names = (talk["given_shown"] + " " + talk["family_shown"]).to_numpy()
    urls = ("https://www.linkedin.com/in/" + talk["slug"]).to_numpy()
    incoming = rng.random(n) < 0.5
    base = datetime(export.year, export.month, export.day, 12)
    secs = rng.integers(0, 86400 * 900, n)
    sponsored = int(n * 0.02) + 1
    frm = np.where(incoming, names[who], owner["name"]).tolist() + [""] * sponsored
    frm_url = np.where(incoming, urls[who], owner["url"]).tolist() + [""] * sponsored
    to = np.where(incoming, owner["name"], names[who]).tolist() + [owner["name"]] * sponsored
    to_url = np.where(incoming, owner["url"], urls[who]).tolist() + [owner["url"]] * sponsored
    conv = [f"2-{(int(w) * 2654435761 + 97) % 10**12:012d}==" for w in talk["idx"].to_numpy()[who]] + [
        f"2-sp{i:010d}==" for i in range(sponsored)]
    when = [(base - timedelta(seconds=int(s))).strftime("%Y-%m-%d %H:%M:%S UTC")
            for s in np.concatenate([secs, rng.integers(0, 86400 * 900, sponsored)])]
    text = np.asarray(_LINES, dtype=object)[rng.integers(0, len(_LINES), n + sponsored)]
    df = pl.DataFrame({"CONVERSATION ID": conv, "CONVERSATION TITLE": [""] * (n + sponsored),
                       "FROM": frm, "SENDER PROFILE URL": frm_url, "TO": to,
                       "RECIPIENT PROFILE URLS": to_url, "DATE": when, "SUBJECT": [""] * (n + sponsored),
                       "CONTENT": text, "FOLDER": ["INBOX"] * (n + sponsored),
                       "IS MESSAGE DRAFT": ["No"] * (n + sponsored),
                       "IS CONVERSATION DRAFT": ["No"] * (n + sponsored)})
    idx = np.concatenate([talk["idx"].to_numpy()[who], np.full(sponsored, -1)])
    kind = ["interaction"] * n + ["system"] * sponsored
    df = df.with_columns(pl.Series("_idx", idx), pl.Series("_kind", kind)).sort(
        "CONVERSATION ID", maintain_order=True)
    return csv_text(df.drop("_idx", "_kind")), df["_idx"].to_numpy(), df["_kind"].to_numpy()


def _invitations(people: pl.DataFrame, owner: dict, export: date, rng: np.random.Generator):
    """Pending invitations, sent and received, with people who may be anywhere in the book."""
    k = max(1, people.height // 25)
    pick = rng.integers(1, people.height, k)
    p = people[pick]
    names = (p["given"] + " " + p["family"]).to_list()
    urls = ("https://www.linkedin.com/in/" + p["slug"]).to_list()
    out = rng.random(k) < 0.4
    base = datetime(export.year, export.month, export.day, 9)
    when = [(base - timedelta(minutes=int(m))) for m in rng.integers(0, 60 * 24 * 400, k)]
    df = pl.DataFrame({
        "From": [owner["name"] if o else n for o, n in zip(out, names, strict=True)],
        "To": [n if o else owner["name"] for o, n in zip(out, names, strict=True)],
        "Sent At": [f"{t.month}/{t.day}/{t:%y}, {int(t.strftime('%I'))}:{t:%M %p}" for t in when],
        "Message": ["" if rng.random() < 0.7 else "I'd like to join your network." for _ in range(k)],
        "Direction": ["OUTGOING" if o else "INCOMING" for o in out],
        "inviterProfileUrl": [owner["url"] if o else u for o, u in zip(out, urls, strict=True)],
        "inviteeProfileUrl": [u if o else owner["url"] for o, u in zip(out, urls, strict=True)],
    })
    return csv_text(df), pick


def _owner_files(owner: dict) -> dict[str, tuple[str, int]]:
    profile = pl.DataFrame({"First Name": [owner["given"]], "Last Name": [owner["family"]],
                            "Maiden Name": [""], "Address": [""], "Birth Date": ["Mar 31"],
                            "Headline": [f"{owner['title']} at {owner['org']}"],
                            "Summary": ["Building things.\nLikes people."], "Industry": ["Software"],
                            "Zip Code": [""], "Geo Location": ["Boston, Massachusetts"],
                            "Twitter Handles": [""], "Websites": [""], "Instant Messengers": [""]})
    positions = pl.DataFrame({"Company Name": [owner["org"], "Initech"],
                              "Title": [owner["title"], "Analyst"],
                              "Description": ["• leads the team\n• ships", ""],
                              "Location": ["Boston", ""], "Started On": ["Jun 2021", "Jan 2016"],
                              "Finished On": ["", "May 2021"]})
    return {"Profile.csv": (csv_text(profile), profile.height),
            "Positions.csv": (csv_text(positions), positions.height)}


def write(people: pl.DataFrame, v: pl.DataFrame, out, export: date, rng: np.random.Generator,
          with_messages: bool, with_owner: bool) -> pl.DataFrame:
    """Write the zip; return its truth rows (source_file, source_row, idx, kind)."""
    o = people.row(0, named=True)
    owner = {"name": f"{o['given']} {o['family']}", "given": o["given"], "family": o["family"],
             "url": f"https://www.linkedin.com/in/{o['slug']}", "title": o["title"] or "Consultant",
             "org": o["org_name"] or "Freelance"}
    zname = zip_name(export)
    truth: list[pl.DataFrame] = []
    members: dict[str, str] = {}

    def add(member: str, idx: np.ndarray, kind) -> None:
        truth.append(pl.DataFrame({"source_file": f"{zname}!{member}", "source_row": np.arange(idx.size),
                                   "idx": idx, "kind": kind}))

    text, idx = _connections(v, export, rng)
    members["Connections.csv"] = text
    add("Connections.csv", idx, np.where(idx < 0, "ghost", "contact"))
    if with_messages:
        text, idx, kind = _messages(v, owner, export, rng)
        members["messages.csv"] = text
        add("messages.csv", idx, kind)
        text, idx = _invitations(people, owner, export, rng)
        members["Invitations.csv"] = text
        add("Invitations.csv", idx, "interaction")
    if with_owner:
        for name, (text, rows) in _owner_files(owner).items():
            members[name] = text
            add(name, np.zeros(rows, dtype=np.int64), "owner")
    members["Skills.csv"] = "Name\nPython\nNegotiation\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(export.year, export.month, export.day, 0, 0, 0)),
                       text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    (out / zname).write_bytes(buf.getvalue())
    return pl.concat(truth, how="vertical_relaxed")
