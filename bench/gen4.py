"""`python -m bench.gen4 --people N --seed S --out DIR [--truth FILE] [--people-truth FILE]`

A fourth generator, in the shape a reviewer would write in an afternoon: Faker's names and
companies (its name lists carry real frequencies, so common names repeat across people), seven
locales, and the four exports of ../shared/formats.md as their exporters write them: LinkedIn
`Connections.csv` with the 2021+ `Notes:` preamble and the URL column (e-mail mostly empty),
Google's current CSV (UTF-8 with BOM, `* myContacts`, `* Home` labels), an iPhone vCard 3.0
(`item1.EMAIL` with `X-ABLabel`, `type=CELL;type=VOICE;type=pref`, CRLF) and an Outlook desktop
CSV in cp1252 with every cell quoted and Outlook's `0/0/00` for no birthday. Noise: English
nicknames, a lower-case given name, one transposed letter in a surname, US phone numbers in
five spellings, a capitalised e-mail address, and a card written twice in the Google CSV.

Written by kith's lead (session 18) from the formats' notes, not blind to kith: it checks
that nothing breaks on data in another shape, not that the model holds on unseen data (for
that see bench/gen3 and pipeline.synth_spec). Truth as pipeline.synth writes it.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import polars as pl
from faker import Faker
from faker.providers.address import it_IT

# Faker's Italian cities are a list made from a set, ordered by the process's hash seed:
# sorted, as bench/gen3/people.py does, one seed writes the same bytes in every process
it_IT.Provider.cities = sorted(it_IT.Provider.cities)

LOCALES = ["en_US"] * 6 + ["en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL"]
NICK = {"William": "Bill", "Robert": "Bob", "Elizabeth": "Liz", "Katherine": "Kate",
        "Michael": "Mike", "James": "Jim", "Jennifer": "Jen", "Christopher": "Chris",
        "Daniel": "Dan", "Matthew": "Matt", "Joseph": "Joe", "Thomas": "Tom",
        "Richard": "Rick", "Margaret": "Peggy", "Patricia": "Pat", "Anthony": "Tony",
        "Nicholas": "Nick", "Jonathan": "Jon", "Benjamin": "Ben", "Samuel": "Sam",
        "Alexander": "Alex", "Rebecca": "Becky", "Stephanie": "Steph", "Timothy": "Tim",
        "Andrew": "Andy", "Jessica": "Jess", "Victoria": "Vicky", "Edward": "Ed",
        "Francesco": "Franco", "Giuseppe": "Peppe", "Johannes": "Hans", "Francisco": "Paco"}
FREE_MAIL = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com"]
GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Address 1 - Label",
    "Address 1 - City"]
OUTLOOK_HEADER = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business City", "Mobile Phone", "Business Phone",
    "E-mail Address", "E-mail Type", "E-mail Display Name", "Birthday", "Notes"]
LINKEDIN_NOTES = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing. You will only see email addresses for connections who have allowed '
    'their connections to see or download their email address."\n\n')


def _letters(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalpha())


def make_people(n: int, rng: random.Random, fakers: dict[str, Faker]) -> list[dict]:
    us = fakers["en_US"]
    people = []
    for k in range(n):
        loc = rng.choice(LOCALES)
        f = fakers[loc]
        first, last = f.first_name(), f.last_name()
        company = us.company() if rng.random() < 0.6 else f.company()
        domain = (_letters(company.split()[0]) or "corp") + rng.choice([".com", ".com", ".io"])
        us_mobile = loc == "en_US" or rng.random() < 0.5
        people.append({
            "key": f"p{k:06d}", "first": first, "last": last, "company": company,
            "title": f.job() if loc in ("en_US", "en_GB") else us.job(),
            "personal": f"{_letters(first)}{rng.choice(['.', '', '_'])}{_letters(last)}"
                        f"{rng.choice(['', '', str(rng.randint(1, 99))])}@{rng.choice(FREE_MAIL)}",
            "work": f"{_letters(first)}.{_letters(last)}@{domain}",
            "mobile": (f"{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(1000, 9999)}"
                       if us_mobile else None),
            "city": f.city(),
            "bday": us.date_of_birth(minimum_age=22, maximum_age=70) if rng.random() < 0.4 else None,
            "slug": f"{_letters(first)}-{_letters(last)}-{rng.randint(10**5, 10**6):x}",
        })
    return people


class Noise:
    """How one source writes a person's name and number this time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def given(self, p: dict) -> str:
        r = self.rng.random()
        if r < 0.2 and p["first"] in NICK:
            return NICK[p["first"]]
        return p["first"].lower() if r > 0.97 else p["first"]

    def family(self, p: dict) -> str:
        s = p["last"]
        if self.rng.random() < 0.04 and len(s) > 4:  # two neighbouring letters swapped
            i = self.rng.randrange(1, len(s) - 2)
            s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
        return s

    def phone(self, p: dict) -> str:
        m = p["mobile"]
        if not m:
            return ""
        a, b, c = m[:3], m[3:6], m[6:]
        return self.rng.choice([f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"+1 {a}-{b}-{c}", m,
                                f"1-{a}-{b}-{c}"])


def write_linkedin(people, rng, noise, out: Path, truth: list) -> None:
    buf = io.StringIO()
    buf.write(LINKEDIN_NOTES)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                "Connected On"])
    row = 0
    for p in people:
        if rng.random() < 0.7:
            day = f"{rng.randint(1, 28):02d} {rng.choice(['Jan', 'Mar', 'Jun', 'Oct'])} " \
                  f"{rng.randint(2012, 2026)}"
            w.writerow([p["first"], p["last"], f"https://www.linkedin.com/in/{p['slug']}",
                        p["personal"] if rng.random() < 0.15 else "", p["company"], p["title"],
                        day])
            truth.append(("Connections.csv", row, p["key"]))
            row += 1
    (out / "Connections.csv").write_text(buf.getvalue(), "utf-8")


def _google_row(p: dict, rng: random.Random, noise: Noise) -> list[str]:
    e1 = p["personal"] if rng.random() < 0.7 else ""
    e2 = p["work"] if rng.random() < 0.3 else ""
    if e1 and rng.random() < 0.1:
        e1 = e1.capitalize()
    ph = noise.phone(p) if rng.random() < 0.7 else ""
    city = p["city"] if rng.random() < 0.3 else ""
    vals = {"First Name": noise.given(p), "Last Name": noise.family(p),
            "Organization Name": p["company"] if rng.random() < 0.5 else "",
            "Organization Title": p["title"] if rng.random() < 0.3 else "",
            "Birthday": p["bday"].isoformat() if p["bday"] and rng.random() < 0.6 else "",
            "Labels": "* myContacts", "E-mail 1 - Label": "* Home" if e1 else "",
            "E-mail 1 - Value": e1, "E-mail 2 - Label": "Work" if e2 else "",
            "E-mail 2 - Value": e2, "Phone 1 - Label": "Mobile" if ph else "",
            "Phone 1 - Value": ph, "Address 1 - Label": "Home" if city else "",
            "Address 1 - City": city}
    return [vals.get(h, "") for h in GOOGLE_HEADER]


def write_google(people, rng, noise, out: Path, truth: list) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GOOGLE_HEADER)
    row = 0
    for p in people:
        if rng.random() >= 0.5:
            continue
        row_data = _google_row(p, rng, noise)
        for _ in range(2 if rng.random() < 0.02 else 1):  # a sync tool writes a card twice
            w.writerow(row_data)
            truth.append(("contacts.csv", row, p["key"]))
            row += 1
    (out / "contacts.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def write_vcard(people, rng, noise, out: Path, truth: list) -> None:
    cards = []
    for p in people:
        if rng.random() >= 0.5:
            continue
        g, f = noise.given(p), noise.family(p)
        lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
                 f"N:{f};{g};;;", f"FN:{g} {f}"]
        if rng.random() < 0.4:
            lines.append(f"ORG:{p['company']};")
        if p["mobile"] and rng.random() < 0.85:
            lines.append(f"TEL;type=CELL;type=VOICE;type=pref:{noise.phone(p)}")
        if rng.random() < 0.5:
            lines += [f"item1.EMAIL;type=INTERNET;type=pref:{p['personal']}",
                      "item1.X-ABLabel:_$!<Other>!$_"]
        if p["bday"] and rng.random() < 0.3:
            lines.append(f"BDAY;value=date:{p['bday'].isoformat()}")
        lines.append("END:VCARD")
        truth.append(("iphone.vcf", len(cards), p["key"]))
        cards.append("\r\n".join(lines))
    (out / "iphone.vcf").write_text("\r\n".join(cards) + "\r\n", "utf-8")


def write_outlook(people, rng, noise, out: Path, truth: list) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    w.writerow(OUTLOOK_HEADER)
    row = 0
    for p in people:
        if rng.random() >= 0.15:
            continue
        e = p["work"] if rng.random() < 0.6 else p["personal"]
        b = p["bday"]
        vals = {"First Name": noise.given(p), "Last Name": noise.family(p),
                "Company": p["company"], "Job Title": p["title"] if rng.random() < 0.5 else "",
                "Mobile Phone": noise.phone(p), "E-mail Address": e, "E-mail Type": "SMTP",
                "E-mail Display Name": f"{p['first']} {p['last']} ({e})",
                "Birthday": f"{b.month}/{b.day}/{b.year}" if b else "0/0/00"}
        w.writerow([vals.get(h, "") for h in OUTLOOK_HEADER])
        truth.append(("outlook.csv", row, p["key"]))
        row += 1
    (out / "outlook.csv").write_bytes(buf.getvalue().encode("cp1252", "replace"))


def generate(n: int, seed: int, out: Path, truth_path: Path,
             people_truth: Path | None = None) -> pl.DataFrame:
    rng = random.Random(seed)
    fakers = {}
    for i, loc in enumerate(sorted(set(LOCALES))):
        fakers[loc] = Faker(loc)
        fakers[loc].seed_instance(seed * 100 + i)
    people = make_people(n, rng, fakers)
    noise = Noise(rng)
    out.mkdir(parents=True, exist_ok=True)
    truth: list = []
    for write in (write_linkedin, write_google, write_vcard, write_outlook):
        write(people, rng, noise, out, truth)
    frame = pl.DataFrame(truth, schema=["source_file", "source_row", "person_key"],
                         orient="row").with_columns(kind=pl.lit("contact"))
    frame.write_parquet(truth_path)
    if people_truth is not None:
        pl.DataFrame({"person_key": [p["key"] for p in people]}).write_parquet(people_truth)
    return frame


def main(argv: list[str] | None = None) -> None:
    from bench.generator_cli import main as cli  # run as `python -m bench.gen4` only

    cli(generate, "python -m bench.gen4", __doc__, argv)


if __name__ == "__main__":
    main()
