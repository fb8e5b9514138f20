"""Population model for the synthetic exports: who exists and what is true about them.

Names follow faker's census-like frequency tables (en_US carries weights; the other locales are
uniform lists), so namesakes are rare in a small address book and common in a large one. Phone
numbers come from per-region shapes whose leading digits were checked with phonenumbers once.
"""

from __future__ import annotations

import functools
import random
from bisect import bisect
from collections import namedtuple
from dataclasses import dataclass, field
from itertools import accumulate

import phonenumbers
from anyascii import anyascii
from faker.providers.person import de_DE, en_US, es_ES, fr_FR, ja_JP, pl_PL, zh_CN


def _table(text: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(s.strip() for s in text.replace("\n", sep).split(sep) if s.strip())


# Formal given name -> the short forms people go by (about 95 names, ~140 pairs).
NICKNAMES = {k: tuple(v.split(",")) for k, v in (e.split(":") for e in _table("""
William:Bill,Will,Billy Robert:Bob,Rob,Bobby Richard:Rick,Rich,Dick James:Jim,Jimmy,Jamie
John:Jack,Johnny Michael:Mike,Mikey Joseph:Joe,Joey Thomas:Tom,Tommy Charles:Charlie,Chuck
Christopher:Chris Daniel:Dan,Danny Matthew:Matt Anthony:Tony Andrew:Andy,Drew Joshua:Josh David:Dave
Steven:Steve Stephen:Steve Edward:Ed,Eddie,Ted Timothy:Tim Kenneth:Ken,Kenny Ronald:Ron Donald:Don
Gregory:Greg Benjamin:Ben Samuel:Sam Alexander:Alex Nicholas:Nick Jonathan:Jon Patrick:Pat Raymond:Ray
Gerald:Jerry Lawrence:Larry Jeffrey:Jeff Douglas:Doug Peter:Pete Frederick:Fred Zachary:Zach
Nathaniel:Nate Nathan:Nate Jacob:Jake Leonard:Len,Leo Phillip:Phil Philip:Phil Walter:Walt Albert:Al
Eugene:Gene Vincent:Vince Theodore:Ted,Theo Francis:Frank Franklin:Frank Harold:Hal,Harry
Henry:Hank,Harry Jennifer:Jen,Jenny Elizabeth:Liz,Beth,Betty Katherine:Kate,Kathy,Katie
Catherine:Cathy,Kate Kathleen:Kathy Margaret:Maggie,Peggy,Meg Patricia:Pat,Patty,Trish Susan:Sue,Susie
Deborah:Deb,Debbie Rebecca:Becky,Becca Jessica:Jess Victoria:Vicky,Tori Christina:Tina,Chris
Christine:Chris Kimberly:Kim Pamela:Pam Abigail:Abby Samantha:Sam Alexandra:Alex,Lexi Cynthia:Cindy
Barbara:Barb Dorothy:Dot Jacqueline:Jackie Judith:Judy Theresa:Terri,Tess Melissa:Mel,Missy
Stephanie:Steph Allison:Ally Natalie:Nat Madeline:Maddie Olivia:Liv Isabella:Bella,Izzy Amanda:Mandy
Angela:Angie Danielle:Dani Sandra:Sandy Josephine:Jo Gabrielle:Gabby Francisco:Paco José:Pepe
Alejandro:Alex Guillermo:Memo Wojciech:Wojtek Katarzyna:Kasia Małgorzata:Gosia Aleksander:Olek
Johannes:Hannes Alexandre:Alex""", " "))}

CREDENTIALS = _table("MBA|PhD|CPA|PMP|CFA|PE|RN|MBA, PMP|Ph.D.|SHRM-CP|CISSP")
TITLES = _table("""Software Engineer|Senior Software Engineer|Staff Engineer|Engineering Manager|
Product Manager|Senior Product Manager|Data Scientist|Data Engineer|Data Analyst|UX Designer|
Account Executive|Account Manager|Sales Director|Marketing Manager|Marketing Director|Financial Analyst|
Controller|CFO|CEO|Founder|Co-Founder & CEO|Operations Manager|Project Manager|Program Manager|
Consultant|Senior Consultant|Principal|Partner|Attorney|Architect|Business Analyst|
Customer Success Manager|VP of Engineering|VP Sales|Director of Operations|Office Manager|
Executive Assistant|Pharmacist|Real Estate Agent|Graphic Designer|Supply Chain Manager|Quality Engineer|
DevOps Engineer|Security Engineer|Senior Engineer, Platform|Senior Engineer "Platform"|Owner""")
RECRUITER_TITLES = _table("""Technical Recruiter|Senior Technical Recruiter|Recruiter|
Talent Acquisition Partner|Talent Acquisition Manager|HR Business Partner|Head of People|HR Manager|
Recruiting Coordinator|Sourcer|Human Resources Generalist|Executive Recruiter""")
COMMUNITY_TITLES = _table("""Pastor|Youth Director|Volunteer Coordinator|Teacher|Principal|Librarian|
Registered Nurse|City Planner|Council Member|Program Director|Volunteer|Deacon|Professor""")
COMMUNITY_ORGS = tuple(tuple(e.split("=")) for e in _table("""St. Mary's Church=stmarys{c}.org|
First Baptist Church of {city}=fbc{c}.org|City of {city}={c}.gov|
{city} General Hospital={c}general.org|YMCA of {city}=ymca{c}.org|
Lincoln High School=lincolnhs{c}.org|Habitat for Humanity=habitat.org|
{city} Public Library={c}library.org|{city} State University={c}state.edu|
{city} Community College={c}cc.edu|American Red Cross=redcross.org|{city} Food Bank={c}foodbank.org"""))
ORG_A = _table("""Blue North Summit Pioneer Apex Cedar Harbor Silver Granite Bright Redoak Iron Maple
River Stone Eagle Pacific Atlantic Golden Green Lake Prairie Vertex Nova Quantum Clear Falcon Orchard
Beacon Crescent Evergreen Horizon Keystone Liberty Meridian Northwind Pinnacle Redwood Sterling Tidewater
Union Vanguard Willow Zenith Acme Globex Initech Hooli Umbrella Vandelay Stark Cyberdyne Soylent Tyrell
Aperture Monarch Atlas Orion Polaris Sequoia Cascade Copper Juniper Lumen Mosaic Nimbus Onyx Paragon
Quarry Sapphire Trident Upland Vista Westfield""", " ")
ORG_C = _table("point wood field stone bridge view gate works line star", " ")
ORG_B = _table("""Analytics|Systems|Labs|Logistics|Health|Partners|Capital|Foods|Media|Robotics|Software|
Solutions|Consulting|Energy|Financial|Insurance|Bank|Realty|Dynamics|Technologies|Networks|Pharma|
Biotech|Motors|Retail|Design|Ventures|Holdings|Manufacturing|Engineering|Security|Data|Cloud|Marketing|
Studios|Telecom|Apparel|Brewing|Construction|Advisors|Supply|Medical|Staffing|Talent Partners|
Search Group""")
LEGAL = ("", "Inc.", "LLC", "Corp.", "Ltd.", "Group", "& Co.", "Co., Ltd.")
LEGAL_W = (40, 27, 12, 7, 4, 3, 3, 4)
CITIES = tuple(tuple(e.split(",")) + ("United States",) for e in _table("""Springfield,IL,62701|
Portland,OR,97205|Austin,TX,78701|Denver,CO,80202|Raleigh,NC,27601|Columbus,OH,43215|
Madison,WI,53703|Boise,ID,83702|San Francisco,CA,94110|Oakland,CA,94612|Seattle,WA,98101|
Chicago,IL,60614|Boston,MA,02116|New York,NY,10001|Brooklyn,NY,11201|Atlanta,GA,30303|
Minneapolis,MN,55401|Phoenix,AZ,85004|Nashville,TN,37203|Pittsburgh,PA,15222"""))
FOREIGN_CITIES = {"GB": ("London", "", "SW1A 1AA", "United Kingdom"), "FR": ("Paris", "", "75011", "France"),
                  "DE": ("Köln", "", "50667", "Deutschland"), "ES": ("Madrid", "", "28013", "España"),
                  "PL": ("Kraków", "", "31-001", "Polska"), "CN": ("Shanghai", "", "200000", "China"),
                  "JP": ("Tokyo", "", "100-0001", "Japan")}
LOCALES = ("de_DE", "fr_FR", "es_ES", "pl_PL", "zh_CN", "ja_JP")
LOCALE_CUM = list(accumulate((3, 2.5, 3.5, 2, 2.5, 1.5)))  # 15 % of people, split by locale
LOCALE_REGION = dict(zip(LOCALES, ("DE", "FR", "ES", "PL", "CN", "JP"), strict=True))
DOMAIN_POOLS = {loc: (doms.split(), list(accumulate(w))) for loc, (doms, w) in {  # personal mail
    "en_US": ("gmail.com yahoo.com hotmail.com outlook.com icloud.com aol.com comcast.net googlemail.com",
              (50, 12, 8, 8, 10, 3, 4, 1)),
    "de_DE": ("gmail.com googlemail.com web.de gmx.de t-online.de", (35, 15, 20, 20, 10)),
    "fr_FR": ("gmail.com orange.fr free.fr hotmail.fr yahoo.fr", (45, 20, 15, 10, 10)),
    "es_ES": ("gmail.com hotmail.es yahoo.es outlook.es", (60, 20, 10, 10)),
    "pl_PL": ("gmail.com wp.pl onet.pl o2.pl", (45, 25, 15, 15)),
    "zh_CN": ("qq.com 163.com gmail.com 126.com", (40, 25, 25, 10)),
    "ja_JP": ("gmail.com yahoo.co.jp docomo.ne.jp icloud.com", (40, 35, 10, 15))}.items()}
# Phones. Head template: A = a real US area code, X = 2-9, d = any digit; then `tail` digits.
US_AREAS = _table("""201 202 206 212 213 214 217 303 305 310 312 314 404 407 408 410 412 415 469 503 510
512 602 608 614 615 617 619 646 650 702 703 704 713 718 720 773 801 804 808 813 816 818 831 858 860 901
904 916 917 919 925 949 971 972 978""", " ")
CC = {"US": "1", "GB": "44", "DE": "49", "FR": "33", "ES": "34", "PL": "48", "CN": "86", "JP": "81"}
TRUNK = {"US": "", "GB": "0", "DE": "0", "FR": "0", "ES": "", "PL": "", "CN": "", "JP": "0"}
PHONE_SHAPES = {  # region -> ((head template, tail digits, digit groups), ...)
    "US": (("AXdd", 4, (3, 3, 4)),),
    "GB": (("207ddd", 4, (2, 4, 4)), ("208ddd", 4, (2, 4, 4)), ("77dddd", 4, (4, 6)), ("79dddd", 4, (4, 6))),
    "DE": (("151ddd", 5, (3, 4, 4)), ("176ddd", 5, (3, 4, 4)), ("30dddd", 4, (2, 4, 4))),
    "FR": (("6ddddd", 3, (1, 2, 2, 2, 2)), ("7ddddd", 3, (1, 2, 2, 2, 2)), ("1ddddd", 3, (1, 2, 2, 2, 2))),
    "ES": (("6ddddd", 3, (3, 3, 3)), ("91dddd", 3, (3, 3, 3))),
    "PL": (("5ddddd", 3, (3, 3, 3)), ("6ddddd", 3, (3, 3, 3)), ("22dddd", 3, (3, 3, 3))),
    "CN": (("13dddd", 5, (3, 4, 4)), ("18dddd", 5, (3, 4, 4))),
    "JP": (("90dddd", 4, (2, 4, 4)), ("80dddd", 4, (2, 4, 4)), ("3ddddd", 3, (1, 4, 4)))}
# Relationship archetypes and their weights (labels and exports: see pipeline.synth).
ROLES = {"family": 4, "friend": 12, "excoworker": 7, "coworker": 6, "recruiter": 5, "professional": 48,
         "community": 10, "acquaintance": 8}


# name: base name ("Blue Harbor Analytics"); legal: "Inc.", "LLC" or ""; community: church, city...
Org = namedtuple("Org", "name legal domain community", defaults=(False,))
# The owner's (org, title, (y, m) started, (y, m) finished or None) are in `positions`.
Population = namedtuple("Population", "people owner orgs positions")


@dataclass(slots=True)
class Person:
    idx: int
    key: str
    role: str
    locale: str
    region: str  # ISO country of the phone numbers
    female: bool
    given: str
    family: str
    nick: str = ""  # the short name they go by, if any
    maiden: str = ""  # surname before a marriage
    credential: str = ""
    org: int = -1  # current organisation (index into Population.orgs); -1 none
    old_org: int = -1
    title: str = ""
    old_title: str = ""
    personal: list = field(default_factory=list)  # personal e-mails, main first
    work: str = ""
    mobile: tuple = ()  # phones: (region, national significant number, its digit groups)
    work_phone: tuple = ()
    home: tuple = ()  # landline, shared within a household
    bday: tuple = ()  # (year or 0, month, day)
    city: tuple = ()  # (city, state, postcode, country)
    slug: str = ""  # LinkedIn public profile id
    labels: tuple = ()  # the owner's labels / groups / categories for them
    household: int = -1
    sources: dict = field(default_factory=dict)  # export -> records in it (2 = duplicated)
    evidence: dict = field(default_factory=dict)  # network -> {reason, ...}


def _pools() -> dict[str, tuple]:
    """locale -> (male, female, family[, female family]); each (names, cum_weights or None)."""
    u, pl, zh, ja = en_US.Provider, pl_PL.Provider, zh_CN.Provider, ja_JP.Provider
    irish = ("Obrien", "Oconnor", "Oneill", "Oneal", "Odonnell", "Oconnell")  # faker drops the '
    fix = {n: "O'" + n[1:].title() if n in irish else n[:2] + n[2:].title()
           for n in u.last_names if n.startswith("Mc") or n in irish}
    last = {fix.get(n, n): v for n, v in u.last_names.items()}
    w = lambda d: (list(d), list(accumulate(d.values())))  # noqa: E731
    f = lambda *lists: tuple((list(x), None) for x in lists)  # noqa: E731
    return {"en_US": (w(u.first_names_male), w(u.first_names_female), w(last)),
            "pl_PL": f(pl.first_names_male, pl.first_names_female, pl.male_last_names,
                       [n[:-1] + "a" if n.endswith("ki") else n for n in pl.male_last_names]),
            "zh_CN": f(zh.first_romanized_names, zh.first_romanized_names, zh.last_romanized_names),
            "ja_JP": f(ja.first_romanized_names_male, ja.first_romanized_names_female,
                       ja.last_romanized_names),
            **{loc: f(m.Provider.first_names_male, m.Provider.first_names_female, m.Provider.last_names)
               for loc, m in (("de_DE", de_DE), ("fr_FR", fr_FR), ("es_ES", es_ES))}}


POOLS = _pools()


class Rng(random.Random):
    """random.Random with cheaper choice/randint/randrange (float based; the bias is negligible)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None) -> int:
        start, stop = (0, start) if stop is None else (start, stop)
        return start + int(self.random() * (stop - start))

    def pick(self, pool: tuple) -> str:
        """From (names, cumulative weights or None)."""
        names, cum = pool
        return names[bisect(cum, self.random() * cum[-1])] if cum else self.choice(names)


@functools.cache
def phone_heads(region: str) -> tuple:
    """(head, tail, groups) shapes whose numbers phonenumbers calls valid (fixed seed)."""
    rng, out, digit = Rng(f"kith-phones-{region}"), [], {"X": "23456789", "d": "0123456789"}
    for template, tail, groups in PHONE_SHAPES[region]:
        for _ in range(900 if region == "US" else 150):
            head = "".join(rng.choice(US_AREAS) if c == "A" else rng.choice(digit.get(c, c))
                           for c in template)
            numbers = (f"+{CC[region]}{head}{rng.randrange(10**tail):0{tail}d}" for _ in range(2))
            if all(phonenumbers.is_valid_number(phonenumbers.parse(n)) for n in numbers):
                out.append((head, tail, groups))
    return tuple(dict.fromkeys(out))


def new_phone(rng: Rng, region: str, used: set) -> tuple:
    heads = phone_heads(region)
    while True:
        head, tail, groups = rng.choice(heads)
        nsn = f"{head}{rng.randrange(10**tail):0{tail}d}"
        if (region, nsn) not in used:
            used.add((region, nsn))
            cuts = list(accumulate(groups, initial=0))
            return (region, nsn, tuple(nsn[a:b] for a, b in zip(cuts, cuts[1:], strict=False)))


def ascii_name(s: str) -> str:
    return s if s.isascii() else anyascii(s)


@functools.cache
def _alnum(s: str) -> str:
    return "".join(ch for ch in ascii_name(s).lower() if ch.isalnum())


def email_key(addr: str) -> str:
    """Mailbox identity: lower case; gmail/googlemail dots and +tags folded."""
    local, _, dom = addr.lower().partition("@")
    if dom in ("gmail.com", "googlemail.com"):
        return local.split("+")[0].replace(".", "") + "@gmail.com"
    return f"{local}@{dom}"


def unique_email(local: str, domain: str, used: set, rng: Rng) -> str:
    addr = f"{local}@{domain}"
    while (key := email_key(addr)) in used:
        addr = f"{local}{rng.randint(2, 999)}@{domain}"
    used.add(key)
    return addr


def _local(rng: Rng, given: str, family: str) -> str:
    g, f, k = _alnum(given), _alnum(family), int(rng.random() * 8)
    if k < 4:
        return (f"{g}.{f}", f"{g}{f}", f"{g[:1]}{f}", f"{g}_{f}")[k]
    return (f"{g}{f}{rng.randint(1, 99)}", f"{g}.{f}{rng.randint(60, 99)}", f"{f}.{g}", f"{g}{f[:1]}")[k - 4]


def make_orgs(rng: Rng, n: int) -> list[Org]:
    """Community organisations of the first 8 cities, then `n` companies (unique base names)."""
    orgs, seen, surnames = [], set(), POOLS["en_US"][2][0]
    for city, _st, _zip, _country in CITIES[:8]:
        for name, dom in COMMUNITY_ORGS:
            if (name := name.format(city=city)) not in seen:
                seen.add(name)
                orgs.append(Org(name, "", dom.format(c=city.lower().replace(" ", "")), True))
    n_comm = len(orgs)
    while len(orgs) - n_comm < n:
        x = rng.random()
        base = (f"{rng.choice(ORG_A)} {rng.choice(ORG_B)}" if x < 0.4 else
                f"{rng.choice(ORG_A)}{rng.choice(ORG_C)} {rng.choice(ORG_B)}" if x < 0.7 else
                f"{rng.choice(surnames)} {rng.choice(ORG_B)}" if x < 0.9 else
                f"{rng.choice(surnames)} & {rng.choice(surnames)}")  # a million of these
        if base not in seen:
            seen.add(base)
            dom = _alnum(base.replace("&", "and")) + rng.choice((".com", ".com", ".com", ".io", ".co"))
            orgs.append(Org(base, rng.choices(LEGAL, weights=LEGAL_W)[0], dom))
    return orgs


class _World:
    """Shared state while people are drawn: organisations, used e-mails, phones and slugs."""

    def __init__(self, rng: Rng, n_people: int):
        self.rng, self.emails, self.phones, self.slugs = rng, set(), set(), set()
        self.orgs = make_orgs(rng, max(30, min(n_people // 6, 50_000)))
        self.n_comm = sum(o.community for o in self.orgs)
        self.cum = list(accumulate(1 / (r + 3) ** 1.05 for r in range(len(self.orgs) - self.n_comm)))
        self.owner_family = ""

    def company(self) -> int:  # Zipf-like popularity
        return self.n_comm + bisect(self.cum, self.rng.random() * self.cum[-1])

    def person(self, idx: int, role: str, locale: str = "") -> Person:
        rng = self.rng
        locale = locale or ("en_US" if rng.random() < 0.85 else rng.pick((LOCALES, LOCALE_CUM)))
        female, pool = rng.random() < 0.5, POOLS[locale]
        given = rng.pick(pool[1] if female else pool[0])
        family = rng.pick(pool[3] if female and len(pool) > 3 else pool[2])
        if role == "family" and rng.random() < 0.5:
            family = self.owner_family
        x = rng.random()  # where their phone numbers are from
        region = ("GB" if x < 0.04 and role != "owner" else "US") if locale == "en_US" else (
            "US" if x < 0.35 else LOCALE_REGION[locale])
        p = Person(idx, f"p{idx:07d}", role, locale, region, female, given, family)
        if given in NICKNAMES and rng.random() < 0.55:
            p.nick = rng.choice(NICKNAMES[given])
        if female and rng.random() < 0.07:
            p.maiden = rng.pick(pool[2])
        if rng.random() < 0.05:
            p.credential = rng.choice(CREDENTIALS)
        p.city = rng.choice(CITIES) if region == "US" else FOREIGN_CITIES[region]
        if rng.random() < 0.35:
            year = rng.randint(1950, 2003) if rng.random() < 0.7 else 0
            p.bday = (year, rng.randint(1, 12), rng.randint(1, 28))
        domain = rng.pick(DOMAIN_POOLS[locale])
        p.personal.append(unique_email(_local(rng, given, family), domain, self.emails, rng))
        if rng.random() < 0.12:
            domain = rng.choice(DOMAIN_POOLS["en_US"][0][1:7])
            p.personal.append(unique_email(_local(rng, given, family), domain, self.emails, rng))
        if rng.random() < 0.9:
            p.mobile = new_phone(rng, region, self.phones)
        if role == "community" and rng.random() < 0.6:
            p.org, p.title = rng.randrange(self.n_comm), rng.choice(COMMUNITY_TITLES)
        elif role != "acquaintance" or rng.random() < 0.5:
            p.org, p.title = self.company(), rng.choice(RECRUITER_TITLES if role == "recruiter" else TITLES)
        if p.org >= self.n_comm and rng.random() < 0.35:
            p.old_org, p.old_title = self.company(), rng.choice(TITLES)
        return p

    def finish(self, p: Person) -> None:
        """LinkedIn slug, work e-mail and desk phone: once name and employer are final."""
        rng = self.rng
        g, f = (p.nick or p.given).lower().replace(" ", "-"), p.family.lower().replace(" ", "-").replace("'", "")
        if not (g + f).isascii() and rng.random() < 0.5:
            g, f = ascii_name(g), ascii_name(f)
        slug = f"{g}-{f}" if rng.random() < 0.85 else f"{g}{f}"
        if slug in self.slugs or rng.random() < 0.7:
            slug += f"-{rng.randrange(16**8):08x}" if rng.random() < 0.6 else f"-{rng.randrange(10**9):09d}"
        while slug in self.slugs:
            slug += str(rng.randint(0, 9))
        self.slugs.add(slug)
        p.slug = slug
        if p.org >= 0 and not p.work and (rng.random() < 0.45 or self.orgs[p.org].community):
            g, f = _alnum(p.nick or p.given), _alnum(p.family)
            local = rng.choice((f"{g}.{f}", f"{g[:1]}{f}", f"{g}{f[:1]}", g))
            p.work = unique_email(local, self.orgs[p.org].domain, self.emails, rng)
            if rng.random() < 0.35:
                p.work_phone = new_phone(rng, p.region, self.phones)


def build(n_people: int, seed: int) -> Population:
    """The owner and `n_people` contacts, all attributes decided; no export-specific noise yet."""
    rng = Rng(seed)
    w = _World(rng, n_people)
    owner, n_co = w.person(0, "owner", "en_US"), len(w.cum)
    owner.key, owner.bday, owner.old_org = "owner", (0, 3, 31), -1
    owner.org, owner.title = w.n_comm + rng.randrange(min(20, n_co)), rng.choice(TITLES)
    w.finish(owner)
    w.owner_family = owner.family
    years = sorted(rng.sample(range(2008, 2022), 3))
    positions = [(owner.org, owner.title, (years[2], rng.randint(1, 12)), None)]
    for i in range(2):  # two former employers
        o = w.n_comm + rng.randrange(min(20, n_co - 10), min(80, n_co))
        if o not in (q[0] for q in positions):
            positions.append((o, rng.choice(TITLES), (years[i], rng.randint(1, 12)),
                              (years[i + 1], rng.randint(1, 12))))
    former, people = [q[0] for q in positions[1:]], []
    for i, role in enumerate(rng.choices(list(ROLES), weights=list(ROLES.values()), k=n_people), 1):
        p = w.person(i, role)
        if role == "excoworker" and former:
            if rng.random() < 0.5:
                p.org = rng.choice(former)  # still there
            else:
                p.old_org, p.old_title = rng.choice(former), rng.choice(TITLES)
        elif role == "coworker":
            p.org, p.old_org = owner.org, -1
        people.append(p)
    _households(rng, people, w)
    for p in people:
        w.finish(p)
    return Population(people, owner, w.orgs, positions)


def _households(rng: Rng, people: list[Person], w: _World) -> None:
    """Pair some phone-book people into households sharing a landline and/or a family mailbox."""
    homes = [p for p in people if p.role in ("family", "friend", "community", "acquaintance")]
    for h, (a, b) in enumerate(zip(homes[0::2], homes[1::2], strict=False)):
        if rng.random() > 0.16 or a.given == b.given:
            continue
        a.household = b.household = h
        if b.family != a.family and rng.random() < 0.8:  # same surname; a wife may have had another
            b.maiden, b.family = (b.family if b.female else b.maiden), a.family
        b.city, b.region = a.city, a.region
        if rng.random() < 0.75:
            a.home = b.home = new_phone(rng, a.region, w.phones)
        if rng.random() < 0.45 or not a.home:
            fam = _alnum(a.family)
            local = rng.choice((f"the{fam}s", f"{fam}family", f"{fam}.family"))
            box = unique_email(local, rng.choice(("gmail.com", "comcast.net", "yahoo.com")), w.emails, rng)
            a.personal.append(box)
            b.personal.append(box)
