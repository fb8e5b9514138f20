"""gen6 writers: each export file in the byte shape its exporter really writes.

Every writer takes records (dicts from gen6.build_record) and returns truth rows
(file name, 0-based row or card index, person id) in the order written.
"""

from __future__ import annotations

import base64
import csv
import io
import random
from pathlib import Path
from urllib.parse import quote

LI_PREAMBLE = (
    "Notes:\n\"When exporting your connection data, you may notice that some of the email "
    "addresses are missing. You will only see email addresses for connections who have allowed "
    "their connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    "https://www.linkedin.com/help/linkedin/answer/261\"\n\n")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
CREDS = [", MBA", ", PhD", ", CPA", ", PMP", " MBA", ", P.E.", ", SHRM-CP"]


def write_linkedin(recs: list[dict], out: Path, rng: random.Random) -> list[tuple]:
    buf = io.StringIO()
    buf.write(LI_PREAMBLE)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])
    truth = []
    for i, r in enumerate(recs):
        y, m, d = r["connected"]
        when = f"{d:02d} {MONTHS[m - 1]} {y}"
        if r.get("ghost"):
            w.writerow(["", "", "", "", "", "", when])
        else:
            last = r["name"]["last"]
            if rng.random() < 0.05:
                last += rng.choice(CREDS)
            first = r["name"]["first"] + (" " if rng.random() < 0.02 else "")
            if rng.random() < 0.01:
                first += " " + rng.choice(["🌍", "🚀", "✨"])
            url = "https://www.linkedin.com/in/" + quote(r["slug"], safe="-") if r["slug"] else ""
            mail = r["emails"][0][1] if r["emails"] else ""
            w.writerow([first, last, url, mail, r["org"], r["title"], when])
        truth.append(("Connections.csv", i, r["pid"]))
    (out / "Connections.csv").write_text(buf.getvalue(), encoding="utf-8")
    return truth


GOOGLE_FIXED = ["First Name", "Middle Name", "Last Name", "Phonetic First Name",
                "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix",
                "Nickname", "File As", "Organization Name", "Organization Title",
                "Organization Department", "Birthday", "Notes", "Photo", "Labels"]
GLABEL = {"home": "Home", "work": "Work", "other": "Other", "old work": "Old work",
          "mobile": "Mobile"}


def packed(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """Google packs values sharing a label into one cell with ' ::: '; the first is primary."""
    groups: dict[str, list[str]] = {}
    for lab, val in pairs:
        groups.setdefault(GLABEL.get(lab, lab.title()), []).append(val)
    out = [(lab, " ::: ".join(vals)) for lab, vals in groups.items()]
    if out and rng.random() < 0.5:
        out[0] = ("* " + out[0][0], out[0][1])
    return out


def write_google(recs: list[dict], out: Path, rng: random.Random) -> list[tuple]:
    rows = []
    for r in recs:
        em, ph = packed(r["emails"], rng), packed(r["phones"], rng)
        rows.append((r, em, ph))
    ne = max([len(e) for _, e, _ in rows] + [1])
    nph = max([len(p) for _, _, p in rows] + [1])
    header = list(GOOGLE_FIXED)
    for k in range(1, ne + 1):
        header += [f"E-mail {k} - Label", f"E-mail {k} - Value"]
    for k in range(1, nph + 1):
        header += [f"Phone {k} - Label", f"Phone {k} - Value"]
    header += ["Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
               "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region",
               "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
               "Website 1 - Label", "Website 1 - Value"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    truth = []
    for i, (r, em, ph) in enumerate(rows):
        n = r["name"]
        b = r["bday"]
        bday = "" if not b else (f"{b[0]}-{b[1]:02d}-{b[2]:02d}" if b[0] else f"--{b[1]:02d}-{b[2]:02d}")
        labels = ["* myContacts"] + (["* starred"] if rng.random() < 0.05 else [])
        labels += r["labels"]
        row = [n["first"], n["middle"], n["last"], "", "", "", "", "", n["nick"], "",
               r["org"], r["title"], "", bday, r["note"], "", " ::: ".join(labels)]
        for k in range(ne):
            row += list(em[k]) if k < len(em) else ["", ""]
        for k in range(nph):
            row += list(ph[k]) if k < len(ph) else ["", ""]
        a = r["address"]
        if a:
            row += ["Home", f"{a[0]}\n{a[1]}, {a[2]} {a[3]}\nUS", a[0], a[1], "", a[2], a[3],
                    "US", ""]
        else:
            row += [""] * 9
        row += ["Profile", "http://www.linkedin.com/in/" + r["slug"]] if r["web"] else ["", ""]
        w.writerow(row)
        truth.append(("contacts.csv", i, r["pid"]))
    (out / "contacts.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return truth


def esc(v: str) -> str:
    return v.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str, width: int = 75) -> str:
    if len(line) <= width:
        return line
    parts = [line[:width]] + [" " + line[i:i + width - 1] for i in range(width, len(line), width - 1)]
    return "\r\n".join(parts)


def photo(rng: random.Random) -> str:
    raw = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(rng.getrandbits(8) for _ in range(rng.randint(900, 2400)))
    return base64.b64encode(raw).decode()


APPLE_LABEL = {"old work": "old work", "other": "_$!<Other>!$_"}
APPLE_TEL = {"mobile": "type=CELL;type=VOICE", "home": "type=HOME;type=VOICE",
             "work": "type=WORK;type=VOICE"}


def apple_card(r: dict, rng: random.Random) -> list[str]:
    n = r["name"]
    lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.2.1//EN",
             f"N:{esc(n['last'])};{esc(n['first'])};{esc(n['middle'])};;", f"FN:{esc(n['fn'])}"]
    if n["nick"]:
        lines.append(f"NICKNAME:{esc(n['nick'])}")
    if r["org"]:
        lines.append(f"ORG:{esc(r['org'])};")
    if r["title"]:
        lines.append(f"TITLE:{esc(r['title'])}")
    item = 0
    for k, (lab, addr) in enumerate(r["emails"]):
        pref = ";type=pref" if k == 0 else ""
        if lab in APPLE_LABEL:
            item += 1
            lines += [f"item{item}.EMAIL;type=INTERNET{pref}:{addr}",
                      f"item{item}.X-ABLabel:{APPLE_LABEL[lab]}"]
        else:
            lines.append(f"EMAIL;type=INTERNET;type={lab.upper()}{pref}:{addr}")
    for k, (lab, num) in enumerate(r["phones"]):
        t = APPLE_TEL.get(lab, "type=VOICE")
        if lab == "mobile" and rng.random() < 0.2:
            t = "type=IPHONE;type=CELL;type=VOICE"
        lines.append(f"TEL;{t}{';type=pref' if k == 0 else ''}:{num}")
    a = r["address"]
    if a:
        item += 1
        lines += [f"item{item}.ADR;type=HOME;type=pref:;;{esc(a[0])};{a[1]};{a[2]};{a[3]};United States",
                  f"item{item}.X-ABADR:us"]
    b = r["bday"]
    if b:
        lines.append(f"BDAY;value=date:{b[0]}-{b[1]:02d}-{b[2]:02d}" if b[0] else
                     f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{b[1]:02d}-{b[2]:02d}")
    if r["web"]:
        lines.append(f"X-SOCIALPROFILE;type=linkedin;x-user={r['slug']}:"
                     f"http\\://www.linkedin.com/in/{r['slug']}")
    if r["note"]:
        lines.append(f"NOTE:{esc(r['note'])}")
    if rng.random() < 0.06:
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + photo(rng))
    lines.append("END:VCARD")
    return lines


def write_apple(recs: list[dict], out: Path, rng: random.Random, name: str) -> list[tuple]:
    cards = [fold(line) for r in recs for line in apple_card(r, rng)]
    (out / name).write_bytes(("\r\n".join(cards) + "\r\n").encode("utf-8"))
    return [(name, i, r["pid"]) for i, r in enumerate(recs)]


def qp(value: str) -> str:
    """AOSP's encoder: every byte as =XX, soft break '=' + CRLF about every 67 chars."""
    out, line = [], ""
    for byte in value.encode("utf-8"):
        tok = f"={byte:02X}"
        if len(line) + len(tok) > 67:
            out.append(line + "=")
            line = ""
        line += tok
    return "\r\n".join(out + [line])


def a21(prop: str, value: str) -> str:
    """A 2.1 property; non-ASCII values go QP per component (the ';' stay literal)."""
    if value.isascii():
        return f"{prop}:{value}"
    return f"{prop};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + ";".join(
        qp(part) for part in value.split(";"))


def write_android(recs: list[dict], out: Path, rng: random.Random) -> list[tuple]:
    lines = []
    for r in recs:
        n = r["name"]
        lines += ["BEGIN:VCARD", "VERSION:2.1", a21("N", f"{n['last']};{n['first']};{n['middle']};;"),
                  a21("FN", n["fn"])]
        for k, (lab, num) in enumerate(r["phones"]):
            t = {"mobile": "CELL", "home": "HOME", "work": "WORK"}.get(lab, "VOICE")
            lines.append(f"TEL;{t}{';PREF' if k == 0 else ''}:{num}")
        for lab, addr in r["emails"]:
            t = {"home": "HOME", "work": "WORK"}.get(lab, "X-" + lab.upper().replace(" ", "-"))
            lines.append(f"EMAIL;{t}:{addr}")
        if r["org"]:
            lines.append(a21("ORG", r["org"]))
        if r["title"]:
            lines.append(a21("TITLE", r["title"]))
        if r["nick_android"]:
            lines.append(a21("X-ANDROID-CUSTOM",
                             f"vnd.android.cursor.item/nickname;{r['nick_android']};1;;;;;;;;;;;;;"))
        b = r["bday"]
        if b and b[0]:
            lines.append(f"BDAY:{b[0]}{b[1]:02d}{b[2]:02d}")
        if rng.random() < 0.04:
            p = photo(rng)
            lines += ["PHOTO;ENCODING=BASE64;JPEG:" + p[:74]] + \
                     ["  " + p[i:i + 74] for i in range(74, len(p), 74)] + [""]
        lines.append("END:VCARD")
    (out / "00001.vcf").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return [("00001.vcf", i, r["pid"]) for i, r in enumerate(recs)]


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
    "E-mail 3 Type,E-mail 3 Display Name,Gender,Government ID Number,Hobby,"
    "Home Address PO Box,Initials,Internet Free Busy,Keywords,Language,Location,"
    "Manager's Name,Mileage,Notes,Office Location,Organizational ID Number,"
    "Other Address PO Box,Priority,Private,Profession,Referred By,Sensitivity,Spouse,User 1,"
    "User 2,User 3,User 4,Web Page").split(",")


def write_outlook(recs: list[dict], out: Path, rng: random.Random) -> list[tuple]:
    """Outlook desktop: every cell quoted, CRLF, the ANSI code page (unmappable -> '?')."""
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(OUTLOOK_HEADER)
    col = {h: i for i, h in enumerate(OUTLOOK_HEADER)}
    for r in recs:
        n = r["name"]
        row = [""] * len(OUTLOOK_HEADER)
        vals = {"First Name": n["first"], "Middle Name": n["middle"], "Last Name": n["last"],
                "Company": r["org"], "Job Title": r["title"], "Anniversary": "0/0/00",
                "Gender": "Unspecified", "Priority": "Normal", "Private": "False",
                "Sensitivity": "Normal", "Notes": r["note"], "Categories": ";".join(r["labels"])}
        b = r["bday"]
        vals["Birthday"] = f"{b[1]}/{b[2]}/{b[0]}" if b and b[0] else "0/0/00"
        for k, (_, addr) in enumerate(r["emails"][:3]):
            pre = "E-mail" if k == 0 else f"E-mail {k + 1}"
            vals[f"{pre} Address"], vals[f"{pre} Type"] = addr, "SMTP"
            vals[f"{pre} Display Name"] = f"{n['fn']} ({addr})"
        for lab, num in r["phones"]:
            key = {"mobile": "Mobile Phone", "home": "Home Phone", "work": "Business Phone"}[lab]
            vals[key] = num
        a = r["address"]
        if a:
            vals.update({"Home Street": a[0], "Home City": a[1], "Home State": a[2],
                         "Home Postal Code": a[3], "Home Country/Region": "United States"})
        for k, v in vals.items():
            row[col[k]] = v
        w.writerow(row)
    (out / "outlook_contacts.CSV").write_bytes(buf.getvalue().encode("cp1252", errors="replace"))
    return [("outlook_contacts.CSV", i, r["pid"]) for i, r in enumerate(recs)]


def write_crm(recs: list[dict], out: Path, rng: random.Random) -> list[tuple]:
    """A CRM / mailing-tool export: five snake_case columns, in one of the cases tools use."""
    cols = ["first_name", "last_name", "email", "company", "phone"]
    case = rng.choice(["lower", "upper", "title"])
    head = [c.upper() if case == "upper" else c.title() if case == "title" else c for c in cols]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    for r in recs:
        n = r["name"]
        w.writerow([n["first"], n["last"], r["emails"][0][1] if r["emails"] else "", r["org"],
                    r["phones"][0][1] if r["phones"] else ""])
    name = "crm_export_2026-11-30.csv"
    (out / name).write_text(buf.getvalue(), encoding="utf-8")
    return [(name, i, r["pid"]) for i, r in enumerate(recs)]
