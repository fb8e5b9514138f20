"""gen6 people: who a person is (names, employers, mailboxes, phones), before any export.

Identity facts live here once per person; the exporters (gen6_render/gen6_write) decide
how each source shows them. Shared things are shared on purpose, as in life: a household's
landline, address and family mailbox; a small firm's info@ address and main number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

try:  # imported as bench.gen6_* (python -m bench.gen6) or from bench/ on sys.path (tests)
    from bench import gen6_names as N
except ImportError:
    import gen6_names as N


def pick(rng: random.Random, items: list[tuple[str, float]]) -> str:
    return rng.choices([a for a, _ in items], [w for _, w in items])[0]


BIG_EMPLOYERS = [  # (name variants seen across sources, domains over time, pattern)
    (["Google", "Google LLC", "Google Inc."], ["google.com"], "first"),
    (["Microsoft", "Microsoft Corporation", "MSFT"], ["microsoft.com"], "firstlast_init"),
    (["Amazon", "Amazon.com", "Amazon Web Services (AWS)", "AWS"], ["amazon.com"], "first"),
    (["Meta", "Facebook", "Meta Platforms"], ["fb.com", "meta.com"], "first"),
    (["Deloitte", "Deloitte Consulting", "Deloitte & Touche LLP"], ["deloitte.com"], "flast"),
    (["Accenture"], ["accenture.com"], "first.last"),
    (["JPMorgan Chase & Co.", "JP Morgan", "Chase"], ["jpmchase.com"], "first.m.last"),
    (["Infosys", "Infosys Limited"], ["infosys.com"], "first_last"),
    (["Tata Consultancy Services", "TCS"], ["tcs.com"], "first.last"),
    (["IBM", "International Business Machines"], ["us.ibm.com", "ibm.com"], "flast"),
    (["Kaiser Permanente"], ["kp.org"], "first.m.last"),
    (["Wells Fargo"], ["wellsfargo.com"], "first.m.last"),
    (["Salesforce", "salesforce.com"], ["salesforce.com"], "flast"),
    (["University of Michigan", "UMich"], ["umich.edu"], "uniq"),
    (["NHS", "NHS England", "Guy's and St Thomas' NHS Foundation Trust"], ["nhs.net"], "first.last"),
    (["Nubank", "Nu Pagamentos S.A."], ["nubank.com.br"], "first.last"),
    (["Allegro", "Allegro.pl"], ["allegro.pl"], "first.last"),
    (["Flutterwave"], ["flutterwavego.com"], "first"),
    (["Tencent", "腾讯"], ["tencent.com"], "uniq"),
    (["FPT Software", "FPT"], ["fpt.com"], "uniq"),
]
SMALL_KINDS = ["{s} & {t} LLP", "{p} Dental", "{s} Landscaping", "{p} Physical Therapy",
               "{s} Family Law", "{p} Coffee Roasters", "{s} Architects", "{p} Realty",
               "{s} Consulting", "{p} Yoga Studio", "{s} Plumbing & Heating", "{p} Pediatrics",
               "{s} Bakery", "{p} Veterinary Clinic", "{s} Accounting Ltd", "{p} Labs"]
PLACES = ("Oakridge Bayview Summit Riverside Northgate Cedar Lakeshore Harbor Maple Westfield "
          "Pinecrest Silverlake Brookhaven Elmwood Granite Willow Highland Meridian").split()
PERSONAL = {"US": "gmail.com:50 yahoo.com:14 hotmail.com:8 outlook.com:6 icloud.com:7 "
                  "aol.com:3 comcast.net:3 proton.me:1 me.com:2 sbcglobal.net:1",
            "GB": "gmail.com:40 hotmail.co.uk:15 yahoo.co.uk:12 btinternet.com:10 outlook.com:8",
            "IN": "gmail.com:70 yahoo.co.in:12 rediffmail.com:8 hotmail.com:5",
            "NG": "gmail.com:70 yahoo.com:25", "BR": "gmail.com:55 hotmail.com:20 uol.com.br:10 "
            "bol.com.br:5 yahoo.com.br:8", "PL": "gmail.com:40 wp.pl:20 o2.pl:15 onet.pl:15 "
            "interia.pl:8", "VN": "gmail.com:80 yahoo.com.vn:15", "CN": "qq.com:45 163.com:25 "
            "gmail.com:20 126.com:8", "NL": "gmail.com:45 ziggo.nl:15 kpnmail.nl:15 hotmail.nl:10",
            "AE": "gmail.com:60 hotmail.com:25 eim.ae:8"}
PERSONAL_T = {k: N.table(v) for k, v in PERSONAL.items()}
US_AREAS = ("212 415 312 617 206 303 512 404 305 713 214 602 503 612 919 703 718 646 408 650 "
            "510 480 702 858 734 313 216 412 615 704 801 971").split()
MOBILE = {  # country code, mobile prefixes in use, digits after the prefix
    "GB": ("44", ["74", "75", "77", "78", "79"], 8), "IN": ("91", ["9", "8", "7"], 9),
    "NG": ("234", ["803", "806", "807", "809", "813", "816"], 7), "BR": ("55", ["119"], 8),
    "PL": ("48", ["50", "51", "53", "60", "66", "69", "72", "78"], 7),
    "VN": ("84", ["90", "91", "93", "98", "97"], 7), "CN": ("86", ["13", "15", "18"], 9),
    "NL": ("31", ["61", "62", "63", "64", "65"], 7), "AE": ("971", ["50", "52", "55", "56"], 7)}


@dataclass
class Company:
    cid: str
    names: list[str]
    domains: list[str]
    pattern: str
    main_phone: str = ""
    role_email: str = ""


@dataclass
class Person:
    pid: str
    culture: str
    sex: str
    decade: int
    given: str
    family: str
    middle: str = ""
    maiden: str = ""
    nick: str = ""
    suffix: str = ""
    region: str = "US"
    jobs: list[tuple[Company, str, str]] = field(default_factory=list)  # company, title, email
    personal: list[str] = field(default_factory=list)
    mobile: str = ""
    landline: str = ""
    work_ext: str = ""
    family_mail: str = ""
    bday: tuple[int | None, int, int] | None = None
    address: tuple[str, str, str, str] | None = None
    slug: str = ""
    household: str = ""
    traits: list[str] = field(default_factory=list)


def phone_number(rng: random.Random, region: str, landline: bool = False) -> str:
    """An E.164 number of the right shape for the region (synthetic digits)."""
    if region == "US":
        ex = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
        if ex[1:] == "55":
            ex = ex[0] + "47"
        return f"+1{rng.choice(US_AREAS)}{ex}{rng.randint(0, 9999):04d}"
    cc, leads, n = MOBILE[region]
    if landline and region == "GB":
        return f"+4420{rng.choice('378')}{rng.randint(0, 9999999):07d}"
    body = rng.choice(leads) + "".join(str(rng.randint(0, 9)) for _ in range(n))
    return f"+{cc}{body}"


class Registry:
    """Mailboxes are unique per person, as mail systems enforce (gmail ignores dots/+tags)."""

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}

    @staticmethod
    def canon(addr: str) -> str:
        local, _, dom = addr.lower().partition("@")
        local = local.split("+")[0]
        if dom in ("gmail.com", "googlemail.com"):
            local = local.replace(".", "")
        return local + "@" + dom

    def claim(self, rng: random.Random, candidates: list[str], owner: str) -> str:
        for i in range(5000):
            base = candidates[i % len(candidates)]
            addr = base if i < len(candidates) else base.replace(
                "@", str(rng.randint(1, 99) if i < 60 else rng.randint(100, 99999)) + "@")
            if self.canon(addr) not in self.taken:
                self.taken[self.canon(addr)] = owner
                return addr
        raise RuntimeError("mailbox space exhausted")


def ascii_fold(s: str) -> str:
    import unicodedata
    s = s.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def local_parts(p: Person, pattern: str, rng: random.Random) -> list[str]:
    g = ascii_fold(p.nick if p.nick and rng.random() < 0.3 else p.given).lower()
    f = ascii_fold(p.family).lower().replace(" ", "").replace("'", "").replace("-", "")
    m = ascii_fold(p.middle[:1]).lower() or "x"
    forms = {"first": [g, g + f[:1], g + f[:2]], "flast": [g[:1] + f, g[:1] + m + f],
             "first.last": [f"{g}.{f}", f"{g}.{m}.{f}"], "first_last": [f"{g}_{f}"],
             "first.m.last": [f"{g}.{m}.{f}", f"{g}.{f}"], "firstlast_init": [g + f[:1], g[:3] + f[:2]],
             "uniq": [f"{g[:1]}{f[:6]}", f"{f}{g[:1]}"]}
    return forms.get(pattern, [f"{g}.{f}"])


def personal_email(p: Person, reg: Registry, rng: random.Random) -> str:
    dom = pick(rng, PERSONAL_T.get(p.region, PERSONAL_T["US"]))
    g = ascii_fold(p.nick or p.given).lower()
    f = ascii_fold(p.family).lower().replace(" ", "").replace("'", "").replace("-", "")
    yy = str((p.bday[0] or p.decade + 5) % 100).zfill(2) if p.bday else str(rng.randint(70, 99))
    style = rng.random()
    if dom == "qq.com" and style < 0.6:  # QQ mailboxes are numbers
        return reg.claim(rng, [f"{rng.randint(10**7, 10**10)}@qq.com"], p.pid)
    if style < 0.35:
        cands = [f"{g}.{f}@{dom}", f"{g}{f}@{dom}"]
    elif style < 0.55:
        cands = [f"{g[:1]}{f}@{dom}", f"{g[:1]}{f}{yy}@{dom}"]
    elif style < 0.7:
        cands = [f"{g}{f[:1]}{yy}@{dom}", f"{g}_{f}@{dom}"]
    elif style < 0.85:
        hobby = rng.choice("runner chef surf tennis jazz hiker gamer books yoga fish".split())
        cands = [f"{g}{hobby}@{dom}", f"{hobby}{g}{yy}@{dom}"]
    else:  # an address that does not spell the name at all
        word = rng.choice("bluesky tigerlily sunflower moonwalk redfox pixel mango orbit".split())
        cands = [f"{word}{rng.randint(1, 999)}@{dom}"]
    return reg.claim(rng, cands, p.pid)


def make_companies(rng: random.Random, n_people: int) -> list[tuple[Company, float]]:
    out = []
    n_small = max(30, n_people // 12)
    for i, (names, doms, pat) in enumerate(BIG_EMPLOYERS):  # about 40 % of all jobs
        out.append((Company(f"c{i}", names, doms, pat, phone_number(rng, "US", True)),
                    0.25 * n_small / (i + 2)))
    for j in range(n_small):
        kind = rng.choice(SMALL_KINDS)
        name = kind.format(s=pick(rng, N.US_SURNAMES[:80]), t=pick(rng, N.US_SURNAMES[:80]),
                           p=rng.choice(PLACES))
        slug = ascii_fold(name).lower().replace("&", "").replace(" ", "").replace(".", "")[:18]
        dom = slug + rng.choice([".com", ".com", ".net", ".co", ".org"])
        c = Company(f"s{j}", [name, name.replace(" LLP", "").replace(" Ltd", "")], [dom],
                    rng.choice(["first", "first.last", "flast"]), phone_number(rng, "US", True))
        if rng.random() < 0.5:  # small firms hand out a role address, shared by staff
            c.role_email = rng.choice(["info", "office", "hello", "contact", "admin"]) + "@" + dom
        out.append((c, 1.0))
    return out
