"""How one person shows up in one export: the name as that source spells it, the e-mails,
numbers and employer that source knows, each variation recorded in `quirks` so the errors
can later be classified by cause.

Sources differ the way real ones do: LinkedIn holds the professional name and the current
job and almost never an e-mail; a phone's vCards hold nicknames, first-names-only, mobiles
and home numbers; Google Contacts sits in between; an Outlook address book is older and
work-centred (former employers, old work addresses, the switchboard with an extension).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import phones
from .names import NICKNAMES, TRANSLIT, fold, short_form
from .people import Company, Person

LINKEDIN, GOOGLE, VCARD, OUTLOOK = "linkedin", "google", "vcard", "outlook"
_EAST_ASIAN = ("zh_CN", "ja_JP")


@dataclass
class Record:
    pid: str
    source: str
    given: str = ""
    middle: str = ""
    family: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)   # (label, address)
    phones: list[tuple[str, str]] = field(default_factory=list)   # (label, as written)
    company: str = ""
    title: str = ""
    birthday: str = ""        # ISO 'YYYY-MM-DD' or '--MM-DD'; writers reformat
    address: dict | None = None
    url: str = ""
    connected: str = ""
    quirks: list[str] = field(default_factory=list)


def _p(rng: random.Random, source: str, **odds: float) -> bool:
    return rng.random() < odds.get(source, 0.0)


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if kind == 1:
        return s[:i] + s[i + 1:]
    if kind == 2:
        return s[:i] + s[i] + s[i:]
    return s[:i] + rng.choice("aeinorst") + s[i + 1:]


def _given(rng: random.Random, p: Person, src: str, q: list[str]) -> str:
    if p.adopted and _p(rng, src, linkedin=0.75, outlook=0.75, google=0.35, vcard=0.25):
        q.append("adopted")
        return p.adopted
    if p.pref and _p(rng, src, linkedin=0.6, outlook=0.5, google=0.85, vcard=0.9):
        q.append("nickname")
        return p.pref
    forms = NICKNAMES.get(p.given, ()) or tuple(filter(None, [short_form(p.given)]))
    if forms and _p(rng, src, linkedin=0.06, outlook=0.05, google=0.15, vcard=0.3):
        q.append("nickname")
        return rng.choice(forms)
    return p.given


def _family(rng: random.Random, p: Person, src: str, q: list[str]) -> str:
    fam = p.family
    if p.maiden:
        if _p(rng, src, outlook=0.45, vcard=0.45, google=0.25, linkedin=0.05):
            q.append("maiden")
            fam = p.maiden
        elif _p(rng, src, linkedin=0.15, google=0.05):
            q.append("double_barrel")
            fam = f"{p.maiden}-{p.family}"
    if " " in fam and p.loc in ("es_ES", "es_MX") and _p(
            rng, src, linkedin=0.5, google=0.35, vcard=0.5, outlook=0.3):
        q.append("one_surname")
        fam = fam.split()[0]
    return fam


def _name(rng: random.Random, p: Person, src: str, r: Record) -> None:
    q = r.quirks
    given, fam = _given(rng, p, src, q), _family(rng, p, src, q)
    for part in ("given", "fam"):
        val = given if part == "given" else fam
        if val in TRANSLIT and rng.random() < 0.35:
            q.append("translit")
            val = rng.choice(TRANSLIT[val])
        given, fam = (val, fam) if part == "given" else (given, val)
    middle = ""
    if p.middle and _p(rng, src, outlook=0.65, google=0.3, vcard=0.05, linkedin=0.08):
        q.append("middle")
        middle = p.middle if rng.random() < 0.55 else p.middle[0] + "."
    if _p(rng, src, outlook=0.3, vcard=0.25, google=0.12, linkedin=0.03):
        if fold(given + fam + middle) != given + fam + middle:
            q.append("ascii")
        given, fam, middle = fold(given), fold(fam), fold(middle)
    if rng.random() < 0.04:
        q.append("typo")
        if rng.random() < 0.5:
            given = _typo(rng, given)
        else:
            fam = _typo(rng, fam)
    if _p(rng, src, vcard=0.03, google=0.01):
        q.append("case")
        given, fam = given.lower(), fam.lower()
    elif _p(rng, src, linkedin=0.02, outlook=0.02):
        q.append("case")
        fam = fam.upper()
    _order(rng, p, src, r, given, middle, fam)


def _order(rng, p: Person, src: str, r: Record, given: str, middle: str, fam: str) -> None:
    q = r.quirks
    if src == VCARD and _p(rng, src, vcard=0.1):
        q.append("given_only")  # "Mike" in a phone, nothing else
        r.given = given
        return
    if p.loc in _EAST_ASIAN and src in (GOOGLE, VCARD) and rng.random() < 0.3:
        q.append("swap")  # the whole name typed into one field, family name first
        r.given = f"{fam} {given}"
        return
    if _p(rng, src, vcard=0.04, google=0.03):
        q.append("swap")  # a directory's "Family, Given" pasted into one field
        r.given = f"{fam}, {given}"
        return
    if _p(rng, src, outlook=0.02, google=0.01):
        q.append("swap")  # first and last fields the wrong way round
        r.given, r.family = fam, given
        return
    if src == LINKEDIN and middle:
        given, middle = f"{given} {middle}", ""
    r.given, r.middle, r.family = given, middle, fam


def _job(rng: random.Random, p: Person, src: str, r: Record) -> Company | None:
    """The employer this source knows: LinkedIn is current; older sources lag behind."""
    if p.company is None:
        return None
    show = {LINKEDIN: 0.97, OUTLOOK: 0.8, GOOGLE: 0.5, VCARD: 0.25}[src]
    if rng.random() >= show:
        return None
    old = p.old_company is not None and _p(rng, src, outlook=0.55, google=0.3, vcard=0.4)
    c = p.old_company if old else p.company
    if old:
        r.quirks.append("old_job")
    r.company = company_name(rng, c, src)
    r.title = p.old_title if old else p.title
    return c


def company_name(rng: random.Random, c: Company, src: str) -> str:
    """One company written the many ways people write it."""
    x = rng.random()
    if x < 0.35:
        name = f"{c.core} {c.suffix}"
    elif x < 0.45 and c.suffix.endswith("."):
        name = f"{c.core}, {c.suffix}" if rng.random() < 0.5 else f"{c.core} {c.suffix[:-1]}"
    elif x < 0.5:
        name = c.core.upper()
    elif x < 0.55 and " " in c.core and "&" not in c.core:
        name = "".join(w[0] for w in c.core.split()).upper()
    elif x < 0.6 and "&" in c.core:
        name = c.core.replace("&", "and")
    else:
        name = c.core
    return fold(name) if src == OUTLOOK else name


def _contacts(rng: random.Random, p: Person, src: str, r: Record, c: Company | None,
              domestic: str) -> None:
    work = p.old_work_mail if c is not None and c is p.old_company else p.work_mail
    if src == LINKEDIN:
        if rng.random() < 0.03:
            r.emails.append(("", p.personal[0] if rng.random() < 0.7 or not work else work))
        return
    pe, we, fe = {GOOGLE: (0.75, 0.3, 0.4), VCARD: (0.45, 0.15, 0.3), OUTLOOK: (0.3, 0.7, 0.1)}[src]
    if rng.random() < pe:
        r.emails.append(("Home", rng.choice(p.personal)))
    if work and rng.random() < we:
        r.emails.append(("Work", work))
    if p.family_mail and rng.random() < fe:
        r.quirks.append("family_mail")
        r.emails.append(("Home", p.family_mail))
    mob, land, wk = {GOOGLE: (0.7, 0.3, 0.1), VCARD: (0.92, 0.3, 0.1),
                     OUTLOOK: (0.45, 0.15, 0.55)}[src]
    home = p.loc == domestic
    mobile = p.mobile
    if p.old_mobile and _p(rng, src, outlook=0.5, vcard=0.3, google=0.2):
        r.quirks.append("old_mobile")
        mobile = p.old_mobile
    if mobile and rng.random() < mob:
        r.phones.append(("Mobile", phones.write(rng, mobile, home)))
    if p.landline and rng.random() < land:
        r.quirks.append("landline")
        r.phones.append(("Home", phones.write(rng, p.landline, home)))
    if c is not None and rng.random() < wk:
        r.quirks.append("switchboard")
        r.phones.append(("Work", phones.write(rng, c.main, c.loc == domestic, p.ext)))


def render(rng: random.Random, p: Person, src: str, domestic: str = "en_US") -> Record:
    r = Record(p.pid, src)
    _name(rng, p, src, r)
    c = _job(rng, p, src, r)
    _contacts(rng, p, src, r, c, domestic)
    if p.birthday and _p(rng, src, google=0.45, vcard=0.45, outlook=0.25):
        bd = p.birthday
        if rng.random() < 0.02:
            r.quirks.append("birthday_typo")
            bd = bd.replace(day=min(28, bd.day + 1))
        r.birthday = bd.isoformat() if rng.random() < 0.75 or src == OUTLOOK else bd.strftime(
            "--%m-%d")
    if p.address and _p(rng, src, google=0.25, vcard=0.2, outlook=0.2):
        r.address = p.address
    if src == LINKEDIN:
        r.url = f"https://www.linkedin.com/in/{p.slug}"
        r.connected = p.connected.strftime("%d %b %Y") if p.connected else ""
    return r


def strip_name(r: Record) -> Record:
    """A card or row with no name at all (a number saved in a hurry, an address only)."""
    r.given = r.middle = r.family = ""
    r.quirks.append("nameless")
    return r
