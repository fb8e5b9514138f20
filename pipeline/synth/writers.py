"""Byte-faithful export writers: LinkedIn archive, Google Contacts CSV, phone vCard, Outlook CSV.

Each writer takes the people assigned to its export, asks the Render (pipeline.synth) for their
noisy values, writes them with that exporter's quirks (docs/formats.md sections 1-4) and records
ground truth: (source_file, source_row, person idx, kind); idx 0 is the owner, -1 a row that
belongs to nobody (a ghost connection, a sponsored message).
"""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from pipeline.synth.people import ORG_B, Person, Rng

if TYPE_CHECKING:
    from pipeline.synth import Render

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email '
         "addresses are missing. You will only see email addresses for connections who have "
         "allowed their connections to see or download their email address using this setting "
         "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
         'https://www.linkedin.com/help/linkedin/answer/261"\n\n')
H_CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
H_MESSAGES = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE "
              "URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT")
H_INVITATIONS = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
H_ENDORSEMENTS = ("Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
                  "Endorser Public Url,Endorsement Status")
H_RECOMMENDATIONS = "First Name,Last Name,Company,Job Title,Text,Creation Date,Status"
H_PROFILE = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
             "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers")
H_POSITIONS = "Company Name,Title,Description,Location,Started On,Finished On"
H_AD_TARGETING = (  # a synthetic full export's header (silkyrich); real ones vary
    "Member Age,Buyer Groups,Company Names,Company Names,Company Follower of,Company Names,Company "
    "Category,Company Size,Degrees,degreeClass,Recent Device OS,Member Schools,Company Growth Rate,"
    "Fields of Study,Company Connections,Function By Size,Job Functions,Member Gender,Graduation "
    "Year,Member Groups,Company Industries,Member Interests,Interface Locales,interfaceLocale,Member "
    "Traits,High Value Audience Segments,Profile Locations,Company Revenue,Job Seniorities,Member "
    "Skills,Standard Audience Segments,Job Titles,Job Titles,Job Titles,Years of Experience")
H_GOOGLE = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
            "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
            "Organization Title,Organization Department,Birthday,Notes,Photo,Labels")
GOOGLE_ADDR = ("Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code",
               "Country", "Extended Address")
H_OUTLOOK = ",".join(
    ["Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title"]
    + [f"{k} {f}" for k in ("Business", "Home", "Other") for f in
       ("Street", "Street 2", "Street 3", "City", "State", "Postal Code", "Country/Region")]
    + ["Assistant's Phone,Business Fax,Business Phone,Business Phone 2,Callback,Car Phone,Company "
       "Main Phone,Home Fax,Home Phone,Home Phone 2,ISDN,Mobile Phone,Other Fax,Other Phone,Pager,"
       "Primary Phone,Radio Phone,TTY/TDD Phone,Telex,Account,Anniversary,Assistant's Name,Billing "
       "Information,Birthday,Business Address PO Box,Categories,Children,Directory Server"]
    + [f"E-mail{n} {f}" for n in ("", " 2", " 3") for f in ("Address", "Type", "Display Name")]
    + ["Gender,Government ID Number,Hobby,Home Address PO Box,Initials,Internet Free Busy,"
       "Keywords,Language,Location,Manager's Name,Mileage,Notes,Office Location,Organizational ID "
       "Number,Other Address PO Box,Priority,Private,Profession,Referred By,Sensitivity,Spouse,"
       "User 1,User 2,User 3,User 4,Web Page"])
SKILLS = ("Python", "SQL", "Project Management", "Leadership", "Data Analysis", "Negotiation",
          "Public Speaking", "Machine Learning", "Customer Service", "Strategic Planning")
TEXTS = ("Hi {g}, great to connect!", "Thanks for the intro, {g}. Coffee next week?",
         "Are you hiring for the data team?", "<p>Hi {g},&nbsp;following up on our call.</p>",
         "Congrats on the new role!", "Sure, Tuesday works.", "Thanks, talk soon.",
         "Happy to help, send me your resume.", "Would love to hear more about {o}, any openings?")
EMOJI = ("🌻", "🚀", "✨", "🌍", "📈")
GHOST_P = 0.02  # hidden-member rows per connection
TEL = {"Mobile": "CELL", "Home": "HOME", "Work": "WORK"}


def _csv(rows, header: str, eol: str = "\n", quoting: int = csv.QUOTE_MINIMAL) -> str:
    buf = io.StringIO()
    buf.write(header + eol)
    csv.writer(buf, lineterminator=eol, quoting=quoting).writerows(rows)
    return buf.getvalue()


def _url(slug: str, scheme: bool = True) -> str:
    s = slug if slug.isascii() else quote(slug, safe="-")  # percent-encoded UTF-8, upper-case hex
    return f"https://www.linkedin.com/in/{s}" if scheme else f"www.linkedin.com/in/{s}"


def _mdy(t: datetime, pad_hour: bool = False) -> str:
    """LinkedIn's "12/15/24, 7:47 AM" (Recommendations pad the hour: "05:28 AM")."""
    h, ampm = t.hour % 12 or 12, "AM" if t.hour < 12 else "PM"
    return f"{t.month}/{t.day}/{t.year % 100:02d}, {h:0{2 if pad_hour else 1}d}:{t.minute:02d} {ampm}"


def _day(t: datetime) -> str:
    return f"{t.day:02d} {MONTHS[t.month - 1]} {t.year}"


def _cid(rng: Rng) -> str:
    return "2-" + base64.b64encode(f"{rng.getrandbits(64):016x}_0{rng.randint(10, 99)}".encode()).decode()


def _ago(end: datetime, rng: Rng, days: int) -> datetime:
    return end - timedelta(seconds=rng.randrange(days * 86400))


def linkedin(r: Render, out: Path, export: date) -> str:
    """Basic_LinkedInDataExport_MM-DD-YYYY.zip (fixed timestamps); returns its file name."""
    pop, rng, zname = r.pop, r.rng, f"Basic_LinkedInDataExport_{export:%m-%d-%Y}.zip"
    end = datetime(export.year, export.month, export.day, 9, 0)
    conns = [(_ago(end, rng, 16 * 365), p) for p in pop.people if "linkedin" in p.sources]
    conns.sort(key=lambda c: (c[0], c[1].idx), reverse=True)  # newest first
    files, shown = _connections(r, zname, conns)
    files["messages.csv"] = _messages(r, zname, conns, shown, end)
    o, o_url, rows, member = pop.owner, _url(pop.owner.slug), [], f"{zname}!Invitations.csv"
    me = f"{o.given} {o.family}"
    for p in (p for p in pop.people if "invite" in p.sources):  # pending, not connections
        first, last = r.name(p, "linkedin")
        r.observe(p, "linkedin", linkedin="invitation")
        when, url, them = _mdy(_ago(end, rng, 180)), _url(p.slug), f"{first} {last}"
        msg = rng.choice(("", "", "", f"Hi {first}, we met at the meetup, let's connect!",
                          "I'd like to add you to my professional network."))
        r.truth.add(member, len(rows), p.idx, "interaction")
        rows.append((me, them, when, msg, "OUTGOING", o_url, url) if rng.random() < 0.6 else
                    (them, me, when, msg, "INCOMING", url, o_url))
    files["Invitations.csv"] = _csv(rows, H_INVITATIONS)
    rows, member = [], f"{zname}!Endorsement_Received_Info.csv"
    for p in (p for _t, p in conns if rng.random() < 0.06):
        first, last, _c = shown[p.idx]
        for skill in rng.sample(SKILLS, rng.randint(1, 3)):
            r.truth.add(member, len(rows), p.idx, "interaction")
            rows.append((f"{_ago(end, rng, 700):%Y/%m/%d %H:%M:%S} UTC", skill, first, last,
                         _url(p.slug, False), "ACCEPTED"))
    files["Endorsement_Received_Info.csv"] = _csv(rows, H_ENDORSEMENTS)
    rows, member = [], f"{zname}!Recommendations_Received.csv"
    for _t, p in conns[: max(1, min(25, len(conns) // 60))]:
        first, last, company = shown[p.idx]
        text = f"{o.given} is talented, reliable and quick to learn.\nI recommend {o.given}."
        r.truth.add(member, len(rows), p.idx, "interaction")
        rows.append((first, last, company, p.title, text, _mdy(_ago(end, rng, 900), True), "VISIBLE"))
    files["Recommendations_Received.csv"] = _csv(rows, H_RECOMMENDATIONS)
    files.update(_owner_files(r, zname))
    with zipfile.ZipFile(out / zname, "w") as zf:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(export.year, export.month, export.day, 9, 0, 0))
            info.compress_type, info.external_attr, info.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 3
            zf.writestr(info, text.encode("utf-8"))
    return zname


def _connections(r: Render, zname: str, conns: list) -> tuple[dict, dict]:
    rng, rows, member = r.rng, [], f"{zname}!Connections.csv"
    shown: dict[int, tuple[str, str, str]] = {}  # idx -> (first, last, company) as on LinkedIn
    for t, p in conns:
        while rng.random() < GHOST_P:  # hidden or deleted members: only the date survives
            r.truth.add(member, len(rows), -1, "ghost")
            rows.append(("", "", "", "", "", "", _day(t)))
        first, last = r.name(p, "linkedin")
        company, position, org = r.org(p, "linkedin")
        mail = (p.personal + [p.work])[0] if rng.random() < 0.03 else ""
        r.observe(p, "linkedin", org=org, title=position, emails=(mail,), linkedin="connection")
        shown[p.idx] = (first, last, company)
        r.truth.add(member, len(rows), p.idx, "contact")
        rows.append((first, last, _url(p.slug), mail, company, position, _day(t)))
    return {"Connections.csv": NOTES + _csv(rows, H_CONNECTIONS)}, shown


def _messages(r: Render, zname: str, conns: list, shown: dict, end: datetime) -> str:
    """~8 % of connections have a conversation; rows contiguous per conversation, newest first."""
    rng, o, convs = r.rng, r.pop.owner, []
    for t, p in conns:
        if rng.random() < 0.08:
            t0 = max(t, end - timedelta(days=900))
            span = max(1, int((end - t0).total_seconds()))
            times = sorted((t0 + timedelta(seconds=rng.randrange(span))
                            for _ in range(rng.randint(1, 6))), reverse=True)
            subject, cid = rng.choice(("", "", "", "Quick question", "Re: intro")), _cid(rng)
            convs.append((times[0], [(cid, subject, p, tm) for tm in times]))
    for _ in range(len(convs) // 15 + (1 if convs else 0)):  # sponsored rows, no sender
        tm = _ago(end, rng, 400)
        convs.append((tm, [(_cid(rng), "", None, tm)]))
    me, my_url, rows, member = f"{o.given} {o.family}", _url(o.slug), [], f"{zname}!messages.csv"
    for _, msgs in sorted(convs, key=lambda c: c[0], reverse=True):
        for cid, subj, p, tm in msgs:
            when = f"{tm:%Y-%m-%d %H:%M:%S} UTC"
            r.truth.add(member, len(rows), p.idx if p else -1, "interaction")
            if p is None:
                rows.append((cid, "", "", "", me, my_url, when, "Sponsored", "Try Premium for free",
                             "INBOX", "No", "No"))
                continue
            first, last, company = shown[p.idx]
            them, url, incoming = f"{first.strip()} {last}", _url(p.slug), rng.random() < 0.5
            text = rng.choice(TEXTS).format(g=o.given if incoming else first.strip(),
                                            o=company or "your team")
            sender, recipient = ((them, url), (me, my_url))[:: 1 if incoming else -1]
            folder = rng.choice(("INBOX", "INBOX", "ARCHIVE")) if incoming else "INBOX"
            rows.append((cid, subj, *sender, *recipient, when, subj, text, folder, "No", "No"))
    return _csv(rows, H_MESSAGES)


def _owner_files(r: Render, zname: str) -> dict[str, str]:
    """Profile, Positions (the owner's employers, former ones included), Skills, Ad_Targeting."""
    pop, rng, o = r.pop, r.rng, r.pop.owner
    orgs, where, rows = pop.orgs, f"{o.city[0]}, {o.city[1]}", []
    summary = f"I build things at {orgs[o.org].name}.\nBefore: " + ", ".join(
        orgs[q[0]].name for q in pop.positions[1:])
    for i, (org, title, (sy, sm), fin) in enumerate(pop.positions):
        name = orgs[org].name + (f" {orgs[org].legal}" if orgs[org].legal and i % 2 else "")
        rows.append((name, title, f"• Led {rng.choice(ORG_B).lower()} projects\n• Mentored the team",
                     where, f"{MONTHS[sm - 1]} {sy}", f"{MONTHS[fin[1] - 1]} {fin[0]}" if fin else ""))
    skills = rng.sample(SKILLS, 6)
    ad = [""] * 35
    ad[0], ad[1], ad[2], ad[29] = "30-40", "Software Decision Makers", orgs[o.org].name, "|".join(skills)
    files = {
        "Profile.csv": _csv([(o.given, o.family, "", "", "Mar 31", f"{o.title} at {orgs[o.org].name}",
                              summary, "Software Development", o.city[2], f"{where}, United States",
                              "", "", "")], H_PROFILE),
        "Positions.csv": _csv(rows, H_POSITIONS),
        "Skills.csv": _csv([(s,) for s in skills], "Name"),
        "Ad_Targeting.csv": _csv([ad], H_AD_TARGETING)}
    for name, n in (("Profile.csv", 1), ("Positions.csv", len(rows)), ("Skills.csv", 6),
                    ("Ad_Targeting.csv", 1)):
        for i in range(n):
            r.truth.add(f"{zname}!{name}", i, 0, "owner")
    return files


def _pack(values: list[tuple[str, str]], rng: Rng) -> list[tuple[str, str]]:
    """Google packs values sharing a label into one cell with ' ::: '; marks the primary '* '."""
    out: list[tuple[str, str]] = []
    for label, v in values:
        if out and out[-1][0] == label and rng.random() < 0.5:
            out[-1] = (label, f"{out[-1][1]} ::: {v}")
        else:
            out.append((label if rng.random() < 0.9 else "Other", v))
    if out and rng.random() < 0.7:
        out[0] = ("* " + out[0][0] if rng.random() < 0.85 else "* ", out[0][1])
    return out


def google(r: Render, out: Path) -> str:
    """Google Contacts 'Google CSV' (current layout): UTF-8 with BOM, LF, dynamic groups."""
    rng, fname, recs = r.rng, "contacts.csv", []
    for p in r.members("google"):
        first, last = r.name(p, "google")
        company, title, org = r.org(p, "google")
        emails, phones, x = r.emails(p, "google"), r.phones(p), rng.random()
        if x < 0.02:
            first, last = f"{first} {last}", ""  # the whole name typed into one field
        elif x > 0.99 and phones:
            first = last = ""  # a number without a name
        y, m, d = p.bday or (0, 0, 0)
        bday = "" if not m or rng.random() < 0.2 else f"{y:04d}-{m:02d}-{d:02d}" if y else f"--{m:02d}-{d:02d}"
        system = ["* myContacts"] * (rng.random() > 0.04) + ["* starred"] * (rng.random() < 0.05)
        fixed = [first, "", last, "", "", "", "", p.credential if rng.random() < 0.3 else "",
                 p.nick if p.nick and first == p.given and rng.random() < 0.3 else "",
                 f"{last}, {first}" if last and rng.random() < 0.05 else "", company, title, "", bday,
                 "Met at the spring conference.\nAsk about the kids, the house." if x < 0.03 else "",
                 f"https://lh3.googleusercontent.com/contacts/A{rng.getrandbits(80):020x}" * (x > 0.95),
                 " ::: ".join([*p.labels, *system])]
        if a := r.address(p, 0.2):  # Label, Formatted, Street, City, PO Box, Region, Postal Code, ...
            a = ("Home", f"{a[0]}\n{a[1]}, {a[2]} {a[3]}\n{a[4]}".replace(",  ", ", "), *a[:2], "", *a[2:], "")
        site = None
        if rng.random() < (0.1 if "linkedin" in p.sources else 0.03):
            site = ("Profile", rng.choice((f"linkedin.com/in/{p.slug}/", f"http://www.linkedin.com/in/{p.slug}",
                                           f"www.linkedin.com/in/{p.slug}")))
        r.observe(p, "google", org=org, title=title, emails=[e for _, e in emails], labels=p.labels)
        r.truth.add(fname, len(recs), p.idx, "contact")
        recs.append((fixed, _pack(emails, rng), _pack(phones, rng), a, site))
    ne, nph = (max((len(x[k]) for x in recs), default=0) for k in (1, 2))
    has_addr, has_site = any(x[3] for x in recs), any(x[4] for x in recs)
    header = H_GOOGLE + "".join(f",{g} {i} - Label,{g} {i} - Value"
                                for g, n in (("E-mail", ne), ("Phone", nph)) for i in range(1, n + 1))
    header += "".join(f",Address 1 - {k}" for k in GOOGLE_ADDR) if has_addr else ""
    header += ",Website 1 - Label,Website 1 - Value" if has_site else ""
    rows = []
    for fixed, em, ph, addr, site in recs:
        row = fixed + [v for e in em for v in e] + [""] * (2 * (ne - len(em)))
        row += [v for e in ph for v in e] + [""] * (2 * (nph - len(ph)))
        row += list(addr or [""] * 9) if has_addr else []
        rows.append(row + list(site or ("", "")) if has_site else row)
    (out / fname).write_bytes(("\ufeff" + _csv(rows, header)).encode("utf-8"))
    return fname


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold at 75 octets (continuations start with one space), never inside a UTF-8 sequence."""
    if len(line) <= 75 and line.isascii():
        return line
    raw, parts, start, limit = line.encode("utf-8"), [], 0, 75
    while len(raw) - start > limit:
        cut = start + limit
        while raw[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(raw[start:cut].decode("utf-8"))
        start, limit = cut, 74
    return "\r\n ".join([*parts, raw[start:].decode("utf-8")])


def _qp(value: str) -> str:
    """Android's quoted-printable: every byte escaped, soft break once a line reaches 67 chars."""
    out, n, raw = [], 0, value.encode("utf-8")
    for i, b in enumerate(raw):
        out.append(f"={b:02X}")
        n += 3
        if n >= 67 and i + 1 < len(raw):
            out.append("=\r\n")
            n = 0
    return "".join(out)


def _a21(prop: str, parts: list[str]) -> str:
    if all(s.isascii() for s in parts):
        return prop + ":" + ";".join(s.replace(";", "\\;") for s in parts)
    return prop + ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + ";".join(_qp(s) for s in parts)


def _card(r: Render, p: Person, first: str, last: str, company: str, title: str, emails, phones) -> str:
    rng, (y, m, d), fn = r.rng, p.bday or (0, 0, 0), f"{first} {last}".strip()
    a, nick = r.address(p, 0.15), p.nick if p.nick and first != p.nick and rng.random() < 0.2 else ""
    slug = p.slug if rng.random() < (0.15 if "linkedin" in p.sources else 0.04) else ""
    bday = m and rng.random() < 0.9
    if rng.random() < 0.6:  # iPhone: vCard 3.0, lower-case type=, item groups, folded lines
        lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iOS 17.5.1//EN",
                 f"N:{_esc(last)};{_esc(first)};;;", f"FN:{_esc(fn)}", nick and f"NICKNAME:{_esc(nick)}",
                 company and f"ORG:{_esc(company)};", title and f"TITLE:{_esc(title)}"]
        lines += [f"EMAIL;type=INTERNET;type={lab.upper()}{';type=pref' * (j == 0)}:{e}"
                  for j, (lab, e) in enumerate(emails)]
        lines += [f"TEL;type={TEL[lab]};type=VOICE{';type=pref' * (j == 0)}:{t}"
                  for j, (lab, t) in enumerate(phones)]
        if a:
            lines += [f"item1.ADR;type=HOME;type=pref:;;{';'.join(_esc(v) for v in a)}",
                      f"item1.X-ABADR:{p.region.lower()}"]
        lines += [slug and f"X-SOCIALPROFILE;type=linkedin;x-user={slug}:http\\://www.linkedin.com/in/{slug}",
                  bday and (f"BDAY;value=date:{y:04d}-{m:02d}-{d:02d}" if y else
                            f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{m:02d}-{d:02d}"),
                  p.labels and "CATEGORIES:" + ",".join(_esc(x) for x in p.labels), "END:VCARD"]
        return "".join(_fold(x) + "\r\n" for x in lines if x)
    lines = ["BEGIN:VCARD", "VERSION:2.1", _a21("N", [last, first, "", "", ""]), _a21("FN", [fn]),
             nick and _a21("X-ANDROID-CUSTOM", ["vnd.android.cursor.item/nickname", nick, "1"] + [""] * 12)]
    lines += [f"TEL;{TEL[lab]}{';PREF' * (j == 0)}:{t}" for j, (lab, t) in enumerate(phones)]
    lines += [f"EMAIL;{lab.upper()}:{e}" for lab, e in emails]
    lines += [a and _a21("ADR;HOME", ["", "", *a]), company and _a21("ORG", [company]),
              title and _a21("TITLE", [title]), slug and f"URL:https://www.linkedin.com/in/{slug}",
              bday and (f"BDAY:{y:04d}-{m:02d}-{d:02d}" if y else f"BDAY:--{m:02d}-{d:02d}"),
              p.labels and _a21("CATEGORIES", [",".join(p.labels)]),
              rng.random() < 0.05 and _a21("NOTE", ["Met at Café Müller in Köln — ask about the kids' school"]),
              "END:VCARD"]
    return "".join(x + "\r\n" for x in lines if x)


def vcard(r: Render, out: Path, owner: bool) -> str:
    """A phone's contacts.vcf: iOS-style 3.0 cards mixed with Android 2.1 cards, CRLF."""
    fname, cards = "contacts.vcf", []
    for i, p in enumerate(r.members("vcard", [r.pop.owner] if owner else [])):
        me = p is r.pop.owner
        first, last = (p.given, p.family) if me else r.name(p, "vcard")
        company, title, org = r.org(p, "vcard")
        emails, phones = r.emails(p, "vcard"), r.phones(p)
        cards.append(_card(r, p, first, last, company, title, emails, phones))
        r.truth.add(fname, i, p.idx, "owner" if me else "contact")
        if not me:
            r.observe(p, "vcard", org=org, title=title, emails=[e for _, e in emails], labels=p.labels)
    (out / fname).write_bytes("".join(cards).encode("utf-8"))
    return fname


def outlook(r: Render, out: Path) -> str:
    """Outlook desktop 'Comma Separated Values': every field quoted, cp1252, CRLF, 0/0/00."""
    fname, cols, rows = "outlook_contacts.csv", H_OUTLOOK.split(","), []
    at = {c: i for i, c in enumerate(cols)}
    for p in r.members("outlook"):
        first, last = r.name(p, "outlook")
        company, title, org = r.org(p, "outlook")
        emails, phones, (y, m, d) = r.emails(p, "outlook")[:3], r.phones(p), p.bday or (0, 0, 0)
        vals = {"First Name": first, "Last Name": last, "Company": company, "Job Title": title,
                "Anniversary": "0/0/00", "Birthday": f"{m}/{d}/{y}" if y else "0/0/00",
                "Categories": ";".join(p.labels), "Gender": "Unspecified", "Priority": "Normal",
                "Private": "False", "Sensitivity": "Normal", "Initials": f"{first[:1]}.{last[:1]}.",
                "Suffix": p.credential if r.rng.random() < 0.4 else ""}
        for j, (_lab, e) in enumerate(emails):
            n = f"E-mail {j + 1} " if j else "E-mail "
            vals |= {n + "Address": e, n + "Type": "SMTP", n + "Display Name": f"{first} {last} ({e})"}
        vals |= {{"Mobile": "Mobile Phone", "Home": "Home Phone", "Work": "Business Phone"}[lab]: t
                 for lab, t in phones}
        row = [""] * len(cols)
        for k, v in vals.items():
            row[at[k]] = v
        r.observe(p, "outlook", org=org, title=title, emails=[e for _, e in emails], labels=p.labels)
        r.truth.add(fname, len(rows), p.idx, "contact")
        rows.append(row)
    text = _csv(rows, ",".join(f'"{c}"' for c in cols), "\r\n", csv.QUOTE_ALL)
    (out / fname).write_bytes(text.encode("cp1252", errors="replace"))  # what Outlook does: '?'
    return fname
