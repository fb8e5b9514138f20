"""The people behind an address book: households, employers, e-mail addresses, numbers.

Everything here is the *truth* (one Person per real human); how a person shows up in each
export is decided in render.py.
"""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker
from faker.providers.address import it_IT

from .names import ADOPTED, COMMON_SUFFIX, LOCALES, NICKNAMES, NamePools, fold
from .phones import Number, new_number

# Faker's Italian cities are a list made from a set, in an order that changes with the hash
# seed of each process: sorted, the same seed writes the same bytes in every process
it_IT.Provider.cities = sorted(it_IT.Provider.cities)

PROVIDERS = {"en_US": ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com",
                       "aol.com", "comcast.net"),
             "en_GB": ("gmail.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com"),
             "de_DE": ("gmail.com", "web.de", "gmx.de", "t-online.de", "gmx.net"),
             "fr_FR": ("gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr"),
             "es_ES": ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"),
             "es_MX": ("gmail.com", "hotmail.com", "yahoo.com.mx", "outlook.com"),
             "it_IT": ("gmail.com", "libero.it", "virgilio.it", "alice.it"),
             "pt_BR": ("gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"),
             "nl_NL": ("gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl"),
             "pl_PL": ("gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"),
             "hi_IN": ("gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"),
             "ja_JP": ("gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"),
             "zh_CN": ("qq.com", "163.com", "126.com", "gmail.com", "sina.com"),
             "ar": ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com")}
TLD = {"en_US": "com", "en_GB": "co.uk", "de_DE": "de", "fr_FR": "fr", "es_ES": "es",
       "es_MX": "com.mx", "it_IT": "it", "pt_BR": "com.br", "nl_NL": "nl", "pl_PL": "pl",
       "hi_IN": "in", "ja_JP": "co.jp", "zh_CN": "cn", "ar": "ae"}
_SECTOR = ("Systems", "Logistics", "Analytics", "Consulting", "Partners", "Labs", "Capital",
           "Health", "Energy", "Foods", "Media", "Robotics", "Software", "Solutions", "Bank",
           "Insurance", "Engineering", "Pharma", "Motors", "Textiles", "Group", "Holdings")
_SYLL = ("zen", "tri", "nov", "ara", "vex", "lum", "qua", "tor", "mira", "sol", "kor", "ix",
         "dyn", "ova", "cel", "tek", "ly", "ro", "ma", "vi")


@dataclass
class Company:
    core: str
    suffix: str
    domain: str
    loc: str
    main: Number
    pattern: str  # how its mail system spells addresses


@dataclass
class Person:
    pid: str
    loc: str
    female: bool
    given: str
    family: str
    middle: str = ""
    maiden: str = ""          # family name before marriage, if it changed
    pref: str = ""            # a nickname this person goes by everywhere
    adopted: str = ""         # an adopted English given name used at work
    birthday: date | None = None
    personal: list[str] = field(default_factory=list)
    mobile: Number | None = None
    old_mobile: Number | None = None
    household: int = 0
    landline: Number | None = None
    family_mail: str = ""
    address: dict | None = None
    company: Company | None = None
    title: str = ""
    old_company: Company | None = None
    old_title: str = ""
    work_mail: str = ""
    old_work_mail: str = ""
    ext: str = ""
    slug: str = ""
    connected: date | None = None
    namesake_of: str = ""


def _ascii_slug(s: str) -> str:
    return "".join(c for c in fold(s).lower() if c.isalnum())


def _company(rng: random.Random, pools: NamePools, loc: str, taken: set[str],
             numbers: set[str]) -> Company:
    r = rng.random()
    if r < 0.45:
        core = f"{pools.surname(rng, loc).split()[0]} {rng.choice(_SECTOR)}"
    elif r < 0.75:
        core = "".join(rng.choice(_SYLL) for _ in range(rng.randint(2, 3))).capitalize()
        core += rng.choice(("", "", f" {rng.choice(_SECTOR)}"))
    else:
        a, b = pools.surname(rng, loc).split()[0], pools.surname(rng, loc).split()[0]
        core = f"{a} & {b}"
    base = _ascii_slug(core.split(" & ")[0] if "&" in core else core) or "co"
    domain = f"{base}.{TLD[loc] if rng.random() < 0.6 else 'com'}"
    n = 2
    while domain in taken:
        domain, n = f"{base}{n}.{TLD[loc]}", n + 1
    taken.add(domain)
    pattern = rng.choices(("first.last", "flast", "first", "firstl", "first_last"),
                          weights=(50, 25, 8, 7, 10))[0]
    return Company(core, rng.choice(COMMON_SUFFIX[loc]), domain, loc,
                   new_number(rng, loc, False, numbers), pattern)


def work_address(c: Company, given: str, family: str, taken: set[str]) -> str:
    g, f = _ascii_slug(given), _ascii_slug(family.split()[0] if family else "")
    local = {"first.last": f"{g}.{f}", "flast": f"{g[:1]}{f}", "first": g,
             "firstl": f"{g}{f[:1]}", "first_last": f"{g}_{f}"}[c.pattern]
    addr, n = f"{local}@{c.domain}", 2
    while addr in taken:  # a mail system never hands one address to two people
        addr, n = f"{local}{n}@{c.domain}", n + 1
    taken.add(addr)
    return addr


def personal_address(rng: random.Random, p: Person, taken: set[str], fk: Faker) -> str:
    g, f = _ascii_slug(p.pref or p.given), _ascii_slug(p.family.split()[0])
    year = str(p.birthday.year)[2:] if p.birthday and rng.random() < 0.5 else str(rng.randint(1, 99))
    local = rng.choice((f"{g}.{f}", f"{g}{f}", f"{g[:1]}{f}", f"{g}.{f}{year}", f"{g}{year}",
                        f"{f}.{g}", f"{g}_{f}", fk.user_name()))
    dom = rng.choice(PROVIDERS[p.loc])
    addr, n = f"{local}@{dom}", 2
    while addr in taken:
        addr, n = f"{local}{n}@{dom}", n + 1
    taken.add(addr)
    return addr


_TAKES_NAME = {"en_US": 0.7, "en_GB": 0.7, "de_DE": 0.7, "nl_NL": 0.6, "pl_PL": 0.75,
               "ja_JP": 0.9, "fr_FR": 0.6, "pt_BR": 0.4, "hi_IN": 0.6}  # others: keep own


def _household(rng: random.Random, pools: NamePools, loc: str, size: int) -> list[Person]:
    fam = pools.surname(rng, loc)
    first_female = rng.random() < 0.5
    members = []
    for k in range(size):
        female = first_female if k == 0 else (not first_female if k == 1 else rng.random() < .5)
        p = Person("", loc, female, pools.given(rng, loc, female), fam)
        if k == 1 and female and rng.random() < _TAKES_NAME.get(loc, 0.1):
            p.maiden = pools.surname(rng, loc)
        elif k == 1:
            p.family = pools.surname(rng, loc)  # spouse kept their own name
        members.append(p)
    return members


def build(n: int, seed: int, pools: NamePools) -> tuple[list[Person], list[Company]]:
    rng = random.Random(seed)
    fk = Faker("en_US")
    fk.seed_instance(seed)
    locs, weights = zip(*LOCALES, strict=True)
    fakers = {}
    for i, loc in enumerate(locs):  # one per locale, seeded once: cheap and deterministic
        fakers[loc] = Faker("en_IN" if loc == "hi_IN" else "en_US" if loc == "ar" else loc)
        fakers[loc].seed_instance(seed * 1_000_003 + i)
    numbers: set[str] = set()
    mails: set[str] = set()
    domains: set[str] = set()
    companies = [_company(rng, pools, rng.choices(locs, weights)[0], domains, numbers)
                 for _ in range(max(20, n // 7))]
    people: list[Person] = []
    by_key: dict[tuple, list[Person]] = {}
    hid = 0
    while len(people) < n:
        size = min(n - len(people), rng.choices((1, 2, 3, 4), (55, 27, 11, 7))[0])
        loc = rng.choices(locs, weights)[0]
        members = _household(rng, pools, loc, size)
        hid += 1
        shared_line = new_number(rng, loc, False, numbers) if rng.random() < (
            0.4 if size > 1 else 0.12) else None
        fam_mail = (f"{_ascii_slug(members[0].family.split()[0])}{rng.choice(('family', 's', 'home', '.family'))}"
                    f"@{rng.choice(PROVIDERS[loc])}") if size > 1 and rng.random() < 0.3 else ""
        if fam_mail in mails:
            fam_mail = ""
        mails.add(fam_mail)
        fake_loc = fakers[loc]
        addr = {"street": fake_loc.street_address(), "city": fake_loc.city(),
                "postcode": fake_loc.postcode()}
        for p in members:
            p.pid = f"p{len(people):06d}"
            if size == 1:
                _maybe_namesake(rng, p, by_key)
            if pools.common(p.loc, p.given, p.family):
                by_key.setdefault((p.loc, p.female), []).append(p)
            p.household, p.landline, p.family_mail, p.address = hid, shared_line, fam_mail, addr
            _individual(rng, p, pools, companies, numbers, mails, fk)
            people.append(p)
    return people, companies


def _individual(rng, p: Person, pools, companies, numbers, mails, fk) -> None:
    if rng.random() < 0.3:
        p.middle = pools.given(rng, p.loc, p.female)
    nicks = NICKNAMES.get(p.given, ())
    if nicks and rng.random() < 0.25:
        p.pref = rng.choice(nicks)
    if p.loc in ("zh_CN", "ja_JP", "hi_IN") and rng.random() < (0.3 if p.loc == "zh_CN" else 0.1):
        p.adopted = rng.choice(ADOPTED[10:] if p.female else ADOPTED[:10])
    if rng.random() < 0.4:
        p.birthday = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 52))
    p.mobile = new_number(rng, p.loc, True, numbers) if rng.random() < 0.85 else None
    if rng.random() < 0.08:
        p.old_mobile = new_number(rng, p.loc, True, numbers)
    p.personal = [personal_address(rng, p, mails, fk)]
    if rng.random() < 0.2:
        p.personal.append(personal_address(rng, p, mails, fk))
    if rng.random() < 0.75:
        _employ(rng, p, companies, mails, fk)
    g, f = _ascii_slug(p.adopted or p.given), _ascii_slug(p.family)
    p.slug = rng.choice((f"{g}-{f}", f"{g}-{f}-{rng.getrandbits(32):08x}", f"{g}{f}",
                         f"{g[:1]}{f}{rng.randint(1, 99)}"))
    p.connected = date(2009, 1, 1) + timedelta(days=rng.randrange(365 * 17))


@functools.cache
def _zipf_cum_weights(n: int) -> list[float]:
    """random.choices' cumulative weights for weights 1/(i+2): the same draws as passing the
    weights (choices accumulates them just so), built once instead of per person (a 520,000
    person book has 74,000 companies: the per-person list made generation quadratic)."""
    return list(itertools.accumulate(1.0 / (i + 2) for i in range(n)))


def _employ(rng, p: Person, companies, mails, fk) -> None:
    # Employers are Zipf-sized: a few firms hold many of one's contacts (colleagues).
    weights = _zipf_cum_weights(len(companies))
    p.company = rng.choices(companies, cum_weights=weights)[0]
    p.title = fk.job()
    work_given = p.adopted or p.given
    p.work_mail = work_address(p.company, work_given, p.family, mails)
    p.ext = str(rng.randint(100, 9999)) if rng.random() < 0.5 else ""
    if rng.random() < 0.35:
        old = rng.choices(companies, cum_weights=weights)[0]
        if old is not p.company:
            p.old_company, p.old_title = old, fk.job()
            p.old_work_mail = work_address(old, work_given, p.maiden or p.family, mails)


def _maybe_namesake(rng: random.Random, p: Person, by_key: dict) -> None:
    """Real namesakes beyond what the Zipf pools produce: an earlier person, same locale
    and gender, with exactly the same common name (the several "Maria Garcia" of a real
    book). `by_key` holds only people with common names: rare-name twins are rare."""
    earlier = by_key.get((p.loc, p.female))
    if earlier and rng.random() < 0.1:
        other = rng.choice(earlier)
        p.given, p.family, p.namesake_of = other.given, other.family, other.pid
