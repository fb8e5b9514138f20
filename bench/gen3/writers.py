"""The four export files, written as the real exporters write them (/work/shared/formats.md):
LinkedIn Connections.csv (Notes preamble, URL column), current Google CSV (UTF-8 BOM, ' ::: '
packing, '* myContacts'), a phone's vCard 3.0 file (CRLF) and an Outlook desktop CSV
(every header quoted, CRLF, Windows-1252 with best-fit fallbacks, 0/0/00 empty dates).

Each writer returns the records in the order written, so row k of the file is records[k].
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from .names import fold
from .render import Record

LINKEDIN_FILE, GOOGLE_FILE = "Connections.csv", "google_contacts.csv"
VCARD_FILE, OUTLOOK_FILE = "phone_contacts.vcf", "outlook_contacts.csv"

_NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email '
          'addresses are missing. You will only see email addresses for connections who have '
          'allowed their connections to see or download their email address using this setting '
          'https://www.linkedin.com/psettings/privacy/email. You can learn more here '
          'https://www.linkedin.com/help/linkedin/answer/261"\n\n')


def linkedin(path: Path, recs: list[Record]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])
    for r in recs:
        mail = r.emails[0][1] if r.emails else ""
        w.writerow([r.given, r.family, r.url, mail, r.company, r.title, r.connected])
    path.write_text(_NOTES + buf.getvalue(), encoding="utf-8")


_G_FIXED = ["First Name", "Middle Name", "Last Name", "Phonetic First Name",
            "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix",
            "Nickname", "File As", "Organization Name", "Organization Title",
            "Organization Department", "Birthday", "Notes", "Photo", "Labels"]
_G_ADDR = ["Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country",
           "Extended Address"]


def _packed(rng: random.Random, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Google packs several values sharing a label into one cell joined by ' ::: '."""
    out: list[tuple[str, str]] = []
    for label, value in items:
        if out and out[-1][0] == label and rng.random() < 0.5:
            out[-1] = (label, f"{out[-1][1]} ::: {value}")
        else:
            out.append((label, value))
    if out and rng.random() < 0.6:
        out[0] = (f"* {out[0][0]}", out[0][1])  # the primary value's label
    return out


def google(path: Path, recs: list[Record], rng: random.Random) -> None:
    n_mail, n_phone = 3, 3
    header = list(_G_FIXED)
    header += [f"E-mail {i} - {k}" for i in range(1, n_mail + 1) for k in ("Label", "Value")]
    header += [f"Phone {i} - {k}" for i in range(1, n_phone + 1) for k in ("Label", "Value")]
    header += [f"Address 1 - {k}" for k in _G_ADDR]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in recs:
        row = dict.fromkeys(header, "")
        row.update({"First Name": r.given, "Middle Name": r.middle, "Last Name": r.family,
                    "Organization Name": r.company, "Organization Title": r.title,
                    "Birthday": r.birthday,
                    "Labels": "* myContacts" if rng.random() < 0.9 else "* starred ::: * myContacts"})
        for i, (label, v) in enumerate(_packed(rng, r.emails)[:n_mail], 1):
            row[f"E-mail {i} - Label"], row[f"E-mail {i} - Value"] = label, v
        for i, (label, v) in enumerate(_packed(rng, r.phones)[:n_phone], 1):
            row[f"Phone {i} - Label"], row[f"Phone {i} - Value"] = label, v
        if r.address:
            a = r.address
            row.update({"Address 1 - Label": "Home", "Address 1 - Street": a["street"],
                        "Address 1 - City": a["city"], "Address 1 - Postal Code": a["postcode"],
                        "Address 1 - Formatted": f"{a['street']}\n{a['city']} {a['postcode']}"})
        w.writerow([row[h] for h in header])
    path.write_text(buf.getvalue(), encoding="utf-8-sig")


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def vcard(path: Path, recs: list[Record]) -> None:
    lines: list[str] = []
    for r in recs:
        fn = " ".join(x for x in (r.given, r.middle, r.family) if x)
        lines += ["BEGIN:VCARD", "VERSION:3.0",
                  f"N:{_esc(r.family)};{_esc(r.given)};{_esc(r.middle)};;", f"FN:{_esc(fn)}"]
        if r.company:
            lines.append(f"ORG:{_esc(r.company)};")
        if r.title:
            lines.append(f"TITLE:{_esc(r.title)}")
        for label, v in r.emails:
            lines.append(f"EMAIL;type=INTERNET;type={label.upper() or 'HOME'}:{v}")
        for label, v in r.phones:
            t = {"Mobile": "CELL;type=VOICE;type=pref", "Home": "HOME;type=VOICE",
                 "Work": "WORK;type=VOICE"}[label]
            lines.append(f"TEL;type={t}:{v}")
        if r.address:
            a = r.address
            lines.append(f"ADR;type=HOME:;;{_esc(a['street'])};{_esc(a['city'])};;"
                         f"{_esc(a['postcode'])};")
        if r.birthday:
            lines.append(f"BDAY:{r.birthday}")
        lines.append("END:VCARD")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


_OUTLOOK = (  # the Outlook 2010+ desktop header, every name quoted when written
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business Street 2,Business Street 3,Business City,Business State,"
    "Business Postal Code,Business Country/Region,Home Street,Home Street 2,Home Street 3,"
    "Home City,Home State,Home Postal Code,Home Country/Region,Other Street,Other Street 2,"
    "Other Street 3,Other City,Other State,Other Postal Code,Other Country/Region,"
    "Assistant's Phone,Business Fax,Business Phone,Business Phone 2,Callback,Car Phone,"
    "Company Main Phone,Home Fax,Home Phone,Home Phone 2,ISDN,Mobile Phone,Other Fax,"
    "Other Phone,Pager,Primary Phone,Radio Phone,TTY/TDD Phone,Telex,Account,Anniversary,"
    "Assistant's Name,Billing Information,Birthday,Business Address PO Box,Categories,"
    "Children,Directory Server,E-mail Address,E-mail Type,E-mail Display Name,"
    "E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,E-mail 3 Address,E-mail 3 Type,"
    "E-mail 3 Display Name,Gender,Government ID Number,Hobby,Home Address PO Box,Initials,"
    "Internet Free Busy,Keywords,Language,Location,Manager's Name,Mileage,Notes,"
    "Office Location,Organizational ID Number,Other Address PO Box,Priority,Private,"
    "Profession,Referred By,Sensitivity,Spouse,User 1,User 2,User 3,User 4,Web Page").split(",")


def _cp1252(s: str) -> str:
    """Windows' best-fit: letters outside the code page lose their accents (Ł -> L)."""
    try:
        s.encode("cp1252")
        return s
    except UnicodeEncodeError:
        return "".join(c if c.encode("cp1252", "ignore") else fold(c) or "?" for c in s)


def outlook(path: Path, recs: list[Record]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    w.writerow(_OUTLOOK)
    for r in recs:
        row = dict.fromkeys(_OUTLOOK, "")
        row.update({"First Name": r.given, "Middle Name": r.middle, "Last Name": r.family,
                    "Company": r.company, "Job Title": r.title, "Gender": "Unspecified",
                    "Priority": "Normal", "Private": "False", "Sensitivity": "Normal",
                    "Birthday": "0/0/00", "Anniversary": "0/0/00"})
        if r.birthday and not r.birthday.startswith("--"):
            y, m, d = r.birthday.split("-")
            row["Birthday"] = f"{int(m)}/{int(d)}/{y}"
        for label, v in r.phones:
            key = {"Mobile": "Mobile Phone", "Home": "Home Phone", "Work": "Business Phone"}[label]
            row[key] = v
        for i, (_, v) in enumerate(r.emails[:2]):
            pre = "E-mail" if i == 0 else "E-mail 2"
            row[f"{pre} Address"], row[f"{pre} Type"] = v, "SMTP"
            row[f"{pre} Display Name"] = f"{r.given} {r.family} ({v})".strip()
        if r.address:
            row.update({"Home Street": r.address["street"], "Home City": r.address["city"],
                        "Home Postal Code": r.address["postcode"]})
        w.writerow([_cp1252(row[h]) for h in _OUTLOOK])
    path.write_bytes(buf.getvalue().encode("cp1252", errors="replace"))
