"""Give it back: the merged people as one clean vCard 4.0 file or a Google Contacts CSV.

Both read back into kith as the same people: every value kith matches on (names, e-mails,
phones, LinkedIn profile, organisation, birthday) is written.
"""

from __future__ import annotations

import csv
import io
import re

import polars as pl

from pipeline.csvsafe import neutralise
from pipeline.normalize.name_patterns import GENERATION_LAST, GENERATIONS
from pipeline.normalize.unnamed import is_placeholder


def _esc(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    # RFC 6350 §3.2: lines of at most 75 octets, folded without splitting a UTF-8 sequence.
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    out.append(cur)
    return "\r\n".join(out)


def _suffix(p: dict) -> str:
    """The generation kith shows after the name ("Zoë Smith Jr.") when the given and family
    names do not hold it: written as the name's suffix, or the export read back lost it."""
    found = re.search(GENERATION_LAST, p["display_name"] or "")
    if not found or re.search(GENERATION_LAST, " " + (p["family_name"] or "")):
        return ""
    return GENERATIONS[found.group(1).lower()][0]


def _full_name(p: dict) -> str:
    """The name written back: the person's own e-mail or phone where kith shows "(no name;
    phone ending 96)" (unnamed.shown_name), so the card reads back as the number it was, not
    as a person called "no name" (the export prints numbers because you asked for them)."""
    if is_placeholder(p["display_name"]):
        return next(iter([*(p["emails"] or []), *(p["phones"] or [])]), "")
    return p["display_name"] or ""


def to_vcard(people: pl.DataFrame) -> str:
    cards = []
    for p in people.sort("person_id").iter_rows(named=True):
        lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:urn:kith:{p['person_id']}"]
        lines.append(f"FN:{_esc(_full_name(p))}")
        lines.append(f"N:{_esc(p['family_name'] or '')};{_esc(p['given_name'] or '')};;;"
                     f"{_esc(_suffix(p))}")
        if p.get("nickname"):  # what your own book calls them (people.nickname: "Bill")
            lines.append(f"NICKNAME:{_esc(p['nickname'])}")
        if p["organization"]:
            lines.append(f"ORG:{_esc(p['organization'])}")
        if p["title"]:
            lines.append(f"TITLE:{_esc(p['title'])}")
        for i, e in enumerate(p["emails"] or []):
            lines.append(f"EMAIL{';PREF=1' if i == 0 else ''}:{_esc(e)}")
        for i, t in enumerate(p["phones"] or []):
            lines.append(f"TEL;VALUE=uri{';PREF=1' if i == 0 else ''}:tel:{t}")
        if p["linkedin_url"]:
            lines.append(f"URL;TYPE=linkedin:{p['linkedin_url']}")
            lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{p['linkedin_url']}")
        if p["birthday"]:
            bday = p["birthday"].replace("-", "") if not p["birthday"].startswith("--") \
                else p["birthday"]
            lines.append(f"BDAY:{bday.replace('---', '--')}")
        if p["city"]:
            lines.append(f"ADR:;;;{_esc(p['city'])};;;")
        if p["labels"]:
            lines.append("CATEGORIES:" + ",".join(_esc(x) for x in p["labels"]))
        lines.append("END:VCARD")
        cards.append("\r\n".join(_fold(x) for x in lines))
    return "\r\n".join(cards) + ("\r\n" if cards else "")


GOOGLE_FIXED = ["First Name", "Middle Name", "Last Name", "Phonetic First Name",
                "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix",
                "Nickname", "File As", "Organization Name", "Organization Title",
                "Organization Department", "Birthday", "Notes", "Photo", "Labels"]


def to_google_csv(people: pl.DataFrame) -> str:
    rows = list(people.sort("person_id").iter_rows(named=True))
    n_email = max((len(p["emails"] or []) for p in rows), default=0)
    n_phone = max((len(p["phones"] or []) for p in rows), default=0)
    header = list(GOOGLE_FIXED)
    for i in range(1, n_email + 1):
        header += [f"E-mail {i} - Label", f"E-mail {i} - Value"]
    for i in range(1, n_phone + 1):
        header += [f"Phone {i} - Label", f"Phone {i} - Value"]
    header += ["Address 1 - Label", "Address 1 - City", "Website 1 - Label", "Website 1 - Value"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for p in rows:
        fixed = {
            "First Name": p["given_name"] or "", "Last Name": p["family_name"] or "",
            "Name Suffix": _suffix(p), "Nickname": p.get("nickname") or "",
            "File As": "" if p["given_name"] or p["family_name"] else _full_name(p),
            "Organization Name": p["organization"] or "", "Organization Title": p["title"] or "",
            "Birthday": p["birthday"] or "",
            "Labels": " ::: ".join([*(p["labels"] or []), "* myContacts"]),
        }
        row = [fixed.get(h, "") for h in GOOGLE_FIXED]
        emails, phones = p["emails"] or [], p["phones"] or []
        for i in range(n_email):
            row += [("* " if i == 0 else "") + "Other", emails[i]] if i < len(emails) else ["", ""]
        for i in range(n_phone):
            row += [("* " if i == 0 else "") + "Mobile", phones[i]] if i < len(phones) else ["", ""]
        row += ["Home" if p["city"] else "", p["city"] or ""]
        row += ["Profile" if p["linkedin_url"] else "", p["linkedin_url"] or ""]
        w.writerow([neutralise(c) for c in row])
    return "\ufeff" + buf.getvalue()
