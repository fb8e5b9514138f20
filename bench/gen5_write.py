"""gen5 export writers: one file per exporter, each with the quirks formats.md documents.

Every writer returns truth rows (file name, record index from 0 in file order, person_id):
a CSV record is a data row (after any preamble and the header), a vCard record is a card.
"""
import csv
import io
import uuid

try:
    import gen5_render as R
    import gen5_vcard as V
except ImportError:  # pragma: no cover
    from bench import gen5_render as R
    from bench import gen5_vcard as V

LI_PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing. You will only see email addresses for connections who have allowed '
    'their connections to see or download their email address using this setting '
    'https://www.linkedin.com/psettings/privacy/email. You can learn more here '
    'https://www.linkedin.com/help/linkedin/answer/261"\n\n')
GOOGLE_FIXED = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
                "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
                "Organization Title,Organization Department,Birthday,Notes,Photo,Labels").split(",")
LEGACY_FIXED = ("Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
                "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
                "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,"
                "Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,"
                "Language,Photo,Group Membership").split(",")
OUTLOOK = ("Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
           "Business Street,Business Street 2,Business Street 3,Business City,Business State,"
           "Business Postal Code,Business Country/Region,Home Street,Home Street 2,Home Street 3,"
           "Home City,Home State,Home Postal Code,Home Country/Region,Other Street,"
           "Other Street 2,Other Street 3,Other City,Other State,Other Postal Code,"
           "Other Country/Region,Assistant's Phone,Business Fax,Business Phone,"
           "Business Phone 2,Callback,Car Phone,Company Main Phone,Home Fax,Home Phone,"
           "Home Phone 2,ISDN,Mobile Phone,Other Fax,Other Phone,Pager,Primary Phone,"
           "Radio Phone,TTY/TDD Phone,Telex,Account,Anniversary,Assistant's Name,"
           "Billing Information,Birthday,Business Address PO Box,Categories,Children,"
           "Directory Server,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,"
           "E-mail 2 Type,E-mail 2 Display Name,E-mail 3 Address,E-mail 3 Type,"
           "E-mail 3 Display Name,Gender,Government ID Number,Hobby,Home Address PO Box,"
           "Initials,Internet Free Busy,Keywords,Language,Location,Manager's Name,Mileage,"
           "Notes,Office Location,Organizational ID Number,Other Address PO Box,Priority,"
           "Private,Profession,Referred By,Sensitivity,Spouse,User 1,User 2,User 3,User 4,"
           "Web Page").split(",")
NOTES = ["Met at the {} offsite", "Intro via Anna, follow up in spring",
         "Kids: two\nLikes climbing", "{} alumni dinner", "Call after 6pm"]


def _rows_for(people, source):
    return [p for p in people for s in p.sources if s == source]


def contact_points(rng, p, source, pick):
    """(emails [(label, addr)], phones [(label, number)]) this source holds for p."""
    emails, phones = [], []
    q_personal, q_work, q_family, q_mobile, q_land = pick
    _, _, work_mail = R.job_for(rng, p, source)
    if rng.random() < q_personal:
        emails.append(("Home", R.email_case(rng, p.email)))
    if work_mail and rng.random() < q_work:
        emails.append(("Work", work_mail))
    if p.family_mail and rng.random() < q_family:
        emails.append(("Home", p.family_mail))
    if rng.random() < q_mobile:
        phones.append(("Mobile", R.phone(rng, p.culture, p.mobile)))
    if p.landline and rng.random() < q_land:
        phones.append(("Home", R.phone(rng, *p.landline)))
    return emails, phones


def write_linkedin(rng, people, out):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])
    truth, k = [], 0
    for p in _rows_for(people, "linkedin"):
        if rng.random() < 0.015:  # ghost rows: a hidden/deleted member, only the date left
            w.writerow(["", "", "", "", "", "", R.connected_on(rng)])
            truth.append(("Connections.csv", k, f"G{p.pid[1:]}-{k}"))
            k += 1
        n = R.name_for(rng, p, "linkedin")
        last = n["family"] + (f" {n['suffix']}" if n["suffix"] else "")
        if p.credential and rng.random() < 0.7:
            last += rng.choice([", ", " "]) + p.credential
        first = n["given"] + (" " + n["middle"] if n["middle"] and rng.random() < 0.3 else "")
        if rng.random() < 0.02:
            first = " " + first + " "
        if rng.random() < 0.005:
            last += " \U0001f680"
        company, title, _ = p.new_job or ("", "", "")
        mail = p.email if rng.random() < 0.03 else ""
        w.writerow([first, last, f"https://www.linkedin.com/in/{V.url_slug(p.slug)}", mail,
                    company, title, R.connected_on(rng)])
        truth.append(("Connections.csv", k, p.pid))
        k += 1
    (out / "Connections.csv").write_text(LI_PREAMBLE + buf.getvalue(), encoding="utf-8")
    return truth


def _google_groups(rng, emails, phones):
    """Google packs same-label values into one cell joined by ' ::: ' and stars the primary."""
    packed = []
    for label, addr in emails:
        if packed and packed[-1][0] == label and rng.random() < 0.6:
            packed[-1] = (label, packed[-1][1] + " ::: " + addr)
        else:
            packed.append((label, addr))
    if packed:
        packed[0] = ("* " + packed[0][0] if rng.random() < 0.8 else "* ", packed[0][1])
    tel = [(lab if i else rng.choice([lab, "* " + lab]), v) for i, (lab, v) in enumerate(phones)]
    return packed, tel


def write_google(rng, people, out):
    recs, truth = [], []
    for p in _rows_for(people, "google"):
        if p.archetype == "email_only":  # "Other contacts": an address and nothing else
            recs.append(({}, [("* ", p.email)], [], "", p.pid))
            continue
        n = R.name_for(rng, p, "google")
        company, title, _ = R.job_for(rng, p, "google")
        emails, phones = contact_points(rng, p, "google", (0.85, 0.35, 0.3, 0.6, 0.3))
        emails, phones = _google_groups(rng, emails, phones)
        labels = "* myContacts"
        if rng.random() < 0.15:
            labels = rng.choice(["Family", "Work", "Friends", "Kita"]) + " ::: " + labels
        if rng.random() < 0.05:
            labels += " ::: * starred"
        bday = p.birthday
        row = {"First Name": n["given"], "Middle Name": n["middle"], "Last Name": n["family"],
               "Name Prefix": n["prefix"], "Name Suffix": n["suffix"], "Nickname": n["nick"],
               "Organization Name": company, "Organization Title": title, "Labels": labels,
               "Birthday": (f"{bday[0]:04d}-{bday[1]:02d}-{bday[2]:02d}" if bday[0] else
                            f"--{bday[1]:02d}-{bday[2]:02d}") if bday and rng.random() < 0.4
               else "",
               "Notes": rng.choice(NOTES).format(company or "Berlin") if rng.random() < 0.04
               else ""}
        if rng.random() < 0.05:
            row["Website 1 - Label"], row["Website 1 - Value"] = (
                "Profile", f"linkedin.com/in/{p.slug}/")
        recs.append((row, emails, phones, "", p.pid))
    n_mail = max([len(r[1]) for r in recs] + [1])
    n_tel = max([len(r[2]) for r in recs] + [1])
    header = list(GOOGLE_FIXED)
    header += [f"E-mail {i} - {x}" for i in range(1, n_mail + 1) for x in ("Label", "Value")]
    header += [f"Phone {i} - {x}" for i in range(1, n_tel + 1) for x in ("Label", "Value")]
    header += ["Website 1 - Label", "Website 1 - Value"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", restval="")
    w.writeheader()
    for k, (row, emails, phones, _, pid) in enumerate(recs):
        for i, (lab, v) in enumerate(emails, 1):
            row[f"E-mail {i} - Label"], row[f"E-mail {i} - Value"] = lab, v
        for i, (lab, v) in enumerate(phones, 1):
            row[f"Phone {i} - Label"], row[f"Phone {i} - Value"] = lab, v
        w.writerow(row)
        truth.append(("contacts.csv", k, pid))
    (out / "contacts.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    return truth


def write_google_legacy(rng, people, out):
    """The pre-2020 Gmail layout, UTF-16LE with a BOM as Gmail downloaded it."""
    header = LEGACY_FIXED + ["E-mail 1 - Type", "E-mail 1 - Value", "E-mail 2 - Type",
                             "E-mail 2 - Value", "Phone 1 - Type", "Phone 1 - Value",
                             "Phone 2 - Type", "Phone 2 - Value", "Organization 1 - Type",
                             "Organization 1 - Name", "Organization 1 - Title"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    truth = []
    for k, p in enumerate(_rows_for(people, "google_legacy")):
        n = R.name_for(rng, p, "google_legacy")
        company, title, _ = R.job_for(rng, p, "google_legacy")
        emails, phones = contact_points(rng, p, "google_legacy", (0.8, 0.4, 0.2, 0.6, 0.3))
        emails, phones = _google_groups(rng, emails, phones)
        row = dict.fromkeys(header, "")
        row.update({"Name": R.display(n), "Given Name": n["given"],
                    "Additional Name": n["middle"], "Family Name": n["family"],
                    "Name Prefix": n["prefix"], "Name Suffix": n["suffix"],
                    "Nickname": n["nick"], "Maiden Name": p.maiden if n["family"] != p.maiden
                    else "", "Group Membership": rng.choice(
                        ["* My Contacts", "* myContacts", "* Coworkers ::: * My Contacts"])})
        for i, (lab, v) in enumerate(emails[:2], 1):
            row[f"E-mail {i} - Type"], row[f"E-mail {i} - Value"] = lab, v
        for i, (lab, v) in enumerate(phones[:2], 1):
            row[f"Phone {i} - Type"], row[f"Phone {i} - Value"] = lab, v
        if company:
            row.update({"Organization 1 - Type": "unknown", "Organization 1 - Name": company,
                        "Organization 1 - Title": title})
        w.writerow([row[h] for h in header])
        truth.append(("google_legacy.csv", k, p.pid))
    (out / "google_legacy.csv").write_bytes(b"\xff\xfe" + buf.getvalue().encode("utf-16-le"))
    return truth


def write_outlook(rng, people, out):
    """Outlook desktop: every field quoted, CRLF, cp1252 (unmappable letters become '?')."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    w.writerow(OUTLOOK)
    truth = []
    for k, p in enumerate(_rows_for(people, "outlook")):
        n = R.name_for(rng, p, "outlook")
        company, title, _ = R.job_for(rng, p, "outlook")
        emails, phones = contact_points(rng, p, "outlook", (0.5, 0.8, 0.1, 0.5, 0.3))
        row = dict.fromkeys(OUTLOOK, "")
        row.update({"Title": n["prefix"], "First Name": n["given"], "Middle Name": n["middle"],
                    "Last Name": n["family"], "Suffix": n["suffix"], "Company": company,
                    "Job Title": title, "Anniversary": "0/0/00", "Gender": "Unspecified",
                    "Priority": "Normal", "Sensitivity": "Normal", "Private": "False",
                    "Birthday": (f"{p.birthday[1]}/{p.birthday[2]}/{p.birthday[0]}"
                                 if p.birthday and p.birthday[0] else "0/0/00"),
                    "Categories": rng.choice(["", "", "Business", "Business;Key Customer"])})
        for i, (_, addr) in enumerate(emails[:3], 1):
            key = "E-mail" if i == 1 else f"E-mail {i}"
            row[f"{key} Address"], row[f"{key} Type"] = addr, "SMTP"
            row[f"{key} Display Name"] = f"{R.display(n)} ({addr})"
        for label, num in phones:
            row["Mobile Phone" if label == "Mobile" else "Home Phone"] = num
        w.writerow([row[h] for h in OUTLOOK])
        truth.append(("outlook.csv", k, p.pid))
    (out / "outlook.csv").write_bytes(buf.getvalue().encode("cp1252", errors="replace"))
    return truth


def write_all(rng, people, out):
    truth = []
    truth += write_linkedin(rng, people, out)
    truth += write_google(rng, people, out)
    truth += write_google_legacy(rng, people, out)
    truth += write_outlook(rng, people, out)
    for source, fname, version in (("iphone", "iCloud vCards.vcf", "3.0"),
                                   ("android", "00001.vcf", "2.1"),
                                   ("vcard4", "contacts-nextcloud.vcf", "4.0")):
        cards = []
        for k, p in enumerate(_rows_for(people, source)):
            n = R.name_for(rng, p, source)
            emails, phones = contact_points(rng, p, source, (0.6, 0.3, 0.1, 0.95, 0.3))
            if p.archetype == "phone_only":
                emails, phones = [], phones or [("Mobile", R.phone(rng, p.culture, p.mobile))]
                if rng.random() < 0.2:
                    n = None  # saved from a call log: a number and no name
            job = R.job_for(rng, p, source)
            cards.append(V.card(rng, version, p, n, job, emails, phones, uuid.UUID(
                int=rng.getrandbits(128))))
            truth.append((fname, k, p.pid))
        (out / fname).write_bytes("".join(cards).encode("utf-8"))
    return truth
