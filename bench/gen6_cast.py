"""gen6 cast: draws the people of an address book, with households and careers.

Households (partners, grown children, a Jr. named after his father) share a street
address, often a landline and sometimes a family mailbox; that is where honest data puts
two different people behind one identifier. Careers put several work mailboxes behind one
person; married names put two surnames behind one person.
"""

from __future__ import annotations

import itertools
import random

try:  # imported as bench.gen6_cast or from bench/ on sys.path (tests)
    from bench import gen6_names as N
    from bench.gen6_people import (
        Company,
        Person,
        Registry,
        ascii_fold,
        local_parts,
        make_companies,
        personal_email,
        phone_number,
        pick,
    )
except ImportError:
    import gen6_names as N
    from gen6_people import (
        Company,
        Person,
        Registry,
        ascii_fold,
        local_parts,
        make_companies,
        personal_email,
        phone_number,
        pick,
    )


TITLES = N.table(
    "Software_Engineer:30 Senior_Software_Engineer:20 Product_Manager:12 Registered_Nurse:10 "
    "Account_Executive:8 Director_of_Marketing:5 VP,_Engineering:3 Teacher:10 Attorney:6 "
    "Dentist:3 Owner:8 Founder_&_CEO:4 Data_Scientist:8 Recruiter:6 "
    "Talent_Acquisition_Partner:4 Consultant:8 Senior_Consultant:6 Financial_Analyst:6 "
    "HR_Business_Partner:4 Office_Manager:5 Physical_Therapist:3 Chef:2 Architect:3 "
    "Graduate_Student:4 Professor:3 Engenheiro_de_Software:2 Kierownik_projektu:1 "
    "Analista_de_Sistemas:2 Project_Manager:8 Operations_Lead:3 Customer_Success_Manager:5 "
    "Sr._Manager,_Strategy_&_Ops:2 Staff_Engineer_II:2 Partner:2")
STREETS = ("Maple Oak Cedar Pine Elm Washington Lake Hill Park Main Church Mill Sunset "
           "Highland Ridge Willow").split()
CITIES = [("Springfield", "IL", "627"), ("Portland", "OR", "972"), ("Austin", "TX", "787"),
          ("Ann Arbor", "MI", "481"), ("Brooklyn", "NY", "112"), ("Oakland", "CA", "946"),
          ("Columbus", "OH", "432"), ("Raleigh", "NC", "276"), ("Denver", "CO", "802"),
          ("Seattle", "WA", "981")]
GENDERED = (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"))


def surname(rng: random.Random, culture: str, sex: str, tail: list) -> str:
    share, _, table, _ = N.CULTURES[culture]
    if culture == "us" and rng.random() < 0.4:
        return pick(rng, tail)
    fam = pick(rng, table)
    if culture == "pl" and sex == "F":
        for m, f in GENDERED:
            if fam.endswith(m):
                fam = fam[: -len(m)] + f
    if culture == "hisp" and rng.random() < 0.35:  # two surnames, both carried
        fam = fam + " " + pick(rng, table)
    if culture == "br" and rng.random() < 0.5:
        fam = rng.choice(["", "", "da ", "dos ", "de "]) + pick(rng, table) + " " + fam
        fam = fam.replace("dos Silva", "da Silva").strip()
    return fam


def given_name(rng: random.Random, culture: str, sex: str, decade: int) -> str:
    if culture == "us":
        m, f = N.US_GIVEN[decade]
        return pick(rng, N.table(m if sex == "M" else f))
    return pick(rng, N.CULTURES[culture][1][sex])


def new_person(rng, pid, ctx, culture=None, sex=None, decade=None) -> Person:
    culture = culture or pick(rng, [(k, v[0]) for k, v in N.CULTURES.items()])
    sex = sex or rng.choice("MF")
    decade = decade or int(pick(rng, N.DECADES))
    home = N.CULTURES[culture][3]
    region = "US" if home == "US" or rng.random() < 0.55 else home
    p = Person(pid, culture, sex, decade, given_name(rng, culture, sex, decade),
               surname(rng, culture, sex, ctx["tail"]), region=region)
    if culture == "us" and rng.random() < 0.45:
        p.middle = given_name(rng, culture, sex, decade)
    elif culture == "vn":
        p.middle = pick(rng, N.VN_MIDDLE[sex])
    if p.given in N.NICKNAMES_SPLIT and rng.random() < 0.4:
        forms = N.NICKNAMES_SPLIT[p.given]
        p.nick = forms[0] if rng.random() < 0.6 else rng.choice(forms)
        p.traits.append("goes_by_nickname")
    if culture in ("cn", "vn") and rng.random() < 0.3:
        p.nick = pick(rng, N.ADOPTED)
        p.traits.append("adopted_english_name")
    if sex == "F" and decade <= 1990 and rng.random() < 0.12:
        p.maiden = surname(rng, culture, sex, ctx["tail"])
        p.traits.append("married_name")
    if rng.random() < 0.4:
        year = decade + rng.randint(0, 9)
        p.bday = (year if rng.random() < 0.7 else None, rng.randint(1, 12), rng.randint(1, 28))
    finish(rng, p, ctx)
    return p


def finish(rng: random.Random, p: Person, ctx: dict) -> None:
    """Mailboxes, phones, jobs, profile slug: the identifiers."""
    reg: Registry = ctx["reg"]
    if rng.random() < 0.86:
        for _ in range(rng.choices([1, 2, 3], [55, 30, 15])[0]):
            firms, cum = ctx["company_draw"]
            comp: Company = rng.choices(firms, cum_weights=cum)[0]
            title = pick(rng, TITLES)
            dom = comp.domains[-1] if rng.random() < 0.7 else comp.domains[0]
            mail = reg.claim(rng, [f"{lp}@{dom}" for lp in local_parts(p, comp.pattern, rng)], p.pid)
            if comp.role_email and rng.random() < 0.12:  # the owner of a shop, say
                mail = comp.role_email
                p.traits.append("role_email")
            p.jobs.append((comp, title, mail))
        if len(p.jobs) > 1:
            p.traits.append("changed_employer")
    n_personal = rng.choices([0, 1, 2], [8, 64, 28])[0]
    p.personal = [personal_email(p, reg, rng) for _ in range(n_personal)]
    if rng.random() < 0.93:
        p.mobile = phone_number(rng, p.region)
    if p.jobs and rng.random() < 0.3:
        p.work_ext = str(rng.randint(100, 4999))
    if rng.random() < 0.6:
        g, f = p.given.lower(), p.family.lower().replace(" ", "-")
        hexs = "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([6, 8])))
        raw = rng.choice([f"{g}-{f}-{hexs}", f"{g}{f}", f"{g}-{f}-{rng.randint(1, 999)}",
                          f"{g[:1]}{f}{rng.randint(1, 99)}"])
        p.slug = raw.replace("'", "") if raw.isascii() else (
            raw if rng.random() < 0.5 else ascii_fold(raw))
        if p.slug in ctx["slugs"]:
            p.slug += "-" + hexs
        ctx["slugs"].add(p.slug)
    if rng.random() < 0.2:
        street = f"{rng.randint(10, 9999)} {rng.choice(STREETS)} {rng.choice(['St', 'Ave', 'Rd', 'Dr', 'Ln'])}"
        city, st, z = rng.choice(CITIES)
        p.address = (street, city, st, f"{z}{rng.randint(0, 99):02d}")


def household(rng: random.Random, head: Person, ctx: dict, next_pid) -> list[Person]:
    hid = "h" + head.pid
    head.household = hid
    members = [head]
    size = rng.choices([2, 3, 4], [70, 20, 10])[0]
    for k in range(size - 1):
        if k == 0:  # partner
            sex = "F" if head.sex == "M" or rng.random() < 0.1 else "M"
            m = new_person(rng, next_pid(), ctx, head.culture, sex,
                           max(1950, min(2000, head.decade + rng.choice([-10, 0, 0, 10]))))
            if sex == "F" and head.culture in ("us", "uk", "in", "ng", "nl", "ar") and rng.random() < 0.75:
                m.maiden, m.family = m.family, head.family
                if "married_name" not in m.traits:
                    m.traits.append("married_name")
        else:  # grown child
            dec = min(2000, head.decade + 30)
            m = new_person(rng, next_pid(), ctx, head.culture, None, dec)
            m.family, m.maiden = head.family, ""
            if m.sex == "M" and head.sex == "M" and rng.random() < 0.3:
                m.given, m.suffix, head.suffix = head.given, "Jr.", "Sr."
                forms = N.NICKNAMES_SPLIT.get(m.given, [])  # "Bobby" to his father's "Bob"
                m.nick = forms[-1] if forms and rng.random() < 0.5 else ""
                m.traits = [t for t in m.traits if t not in ("goes_by_nickname",
                                                             "adopted_english_name")]
                m.traits.append("junior_namesake")
        while m.given == head.given and not m.suffix:  # parents do not share a given name
            m.given = given_name(rng, m.culture, m.sex, m.decade)
            m.nick = ""  # the nickname belonged to the name drawn first
            m.traits = [t for t in m.traits if t not in ("goes_by_nickname", "adopted_english_name")]
        m.region, m.household = head.region, hid
        members.append(m)
    if head.address is None:
        finish_addr = Person("x", "us", "M", 1970, "", "")
        while finish_addr.address is None:
            finish(rng, finish_addr, {**ctx, "slugs": set(), "reg": Registry()})
        head.address = finish_addr.address
    shared_line = phone_number(rng, head.region, True) if rng.random() < 0.5 else ""
    fam_mail = ""
    if rng.random() < 0.25:
        f = ascii_fold(head.family.split()[-1]).lower().replace("'", "")
        fam_mail = ctx["reg"].claim(rng, [f"the{f}s@comcast.net", f"{f}family@gmail.com",
                                          f"{f}.home@yahoo.com"], hid)
    for m in members:
        m.address = head.address
        m.traits.append("household")
        if shared_line:
            m.landline = shared_line
            m.traits.append("shared_landline")
        if fam_mail:
            m.family_mail = fam_mail
            m.traits.append("family_mailbox")
    return members


def make_people(n: int, rng: random.Random) -> list[Person]:
    companies = make_companies(rng, n)
    # pick(rng, companies)'s draw with its cumulative weights summed once: pick summed them
    # per job (n / 12 small firms: quadratic; 1M records did not finish in 44 minutes);
    # random.choices with cum_weights draws exactly as with the weights they accumulate
    ctx = {"reg": Registry(), "tail": N.tail_surnames(), "slugs": set(),
           "company_draw": ([c for c, _ in companies],
                            list(itertools.accumulate(w for _, w in companies)))}
    people: list[Person] = []
    counter = iter(range(10**9))

    def next_pid() -> str:
        return f"p{next(counter):07d}"

    while len(people) < n:
        p = new_person(rng, next_pid(), ctx)
        if rng.random() < 0.09 and len(people) + 4 <= n:
            people.extend(household(rng, p, ctx, next_pid))
        else:
            if rng.random() < 0.08:
                p.landline = phone_number(rng, p.region, True)
            people.append(p)
    return people[:n]
