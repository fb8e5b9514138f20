"""gen6 render: how one source shows one person (name form, typos, mailboxes, phones).

Each source has habits: a phone book holds nicknames, first-name-only cards and
"Kate (yoga)"; an old Android phone holds maiden names and old work mail; Outlook holds
work data; a CRM holds one e-mail, often plus-tagged, and a phone as bare digits.
"""

from __future__ import annotations

import random

try:  # imported as bench.gen6_* (python -m bench.gen6) or from bench/ on sys.path (tests)
    from bench import gen6_names as N
    from bench.gen6_people import Person, ascii_fold
except ImportError:
    import gen6_names as N
    from gen6_people import Person, ascii_fold

KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEAR = {}
for r, row in enumerate(KEYS):
    for c, ch in enumerate(row):
        near = [row[c + d] for d in (-1, 1) if 0 <= c + d < len(row)]
        for rr in (r - 1, r + 1):
            if 0 <= rr < 3:
                near += [KEYS[rr][cc] for cc in (c, c + 1) if cc < len(KEYS[rr])]
        NEAR[ch] = near
CONTEXTS = ["{n} (yoga)", "{n} yoga", "Mom's friend {n}", "{n} dentist", "{n} from work",
            "{n} neighbor", "Dr. {n}", "{n} (Sam's mom)", "{n} plumber", "{n} - book club"]
NICK_RATE = {"apple": 0.75, "android": 0.7, "google": 0.5, "linkedin": 0.4,
             "outlook": 0.15, "crm": 0.3}
FOLD_RATE = {"apple": 0.08, "android": 0.1, "google": 0.2, "linkedin": 0.15,
             "outlook": 0.4, "crm": 0.6}


def typo(s: str, rng: random.Random) -> tuple[str, str]:
    """One human slip: a neighbouring key, a doubled or dropped letter, a swap, OCR rn/m."""
    if len(s) < 3:
        return s, ""
    i = rng.randrange(1, len(s) - 1)
    kind = rng.choice(["key", "key", "double", "drop", "swap", "ocr"])
    ch = s[i].lower()
    if kind == "key" and ch in NEAR:
        rep = rng.choice(NEAR[ch])
        return s[:i] + (rep.upper() if s[i].isupper() else rep) + s[i + 1:], "typo_key"
    if kind == "double":
        return s[:i] + s[i] + s[i:], "typo_double"
    if kind == "drop":
        return s[:i] + s[i + 1:], "typo_drop"
    if kind == "swap" and s[i] != s[i + 1]:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:], "typo_swap"
    if kind == "ocr":
        if "m" in s[1:]:
            j = s.index("m", 1)
            return s[:j] + "rn" + s[j + 1:], "typo_ocr"
        if "rn" in s:
            return s.replace("rn", "m", 1), "typo_ocr"
    return s[:i] + s[i] + s[i:], "typo_double"


def render_name(p: Person, src: str, rng: random.Random, old: bool) -> dict:
    """First/middle/last/fn/nickname as this source would hold them, plus quirk tags."""
    tags: list[str] = []
    given, fam, middle = p.given, p.family, p.middle
    if old and p.maiden and rng.random() < 0.7:
        fam = p.maiden
        tags.append("maiden_name")
    nickfield = ""
    if p.nick and rng.random() < NICK_RATE[src]:
        given = p.nick
        tags.append("nickname")
    elif p.nick and src in ("apple", "google") and rng.random() < 0.3:
        nickfield = p.nick
    elif p.given in N.NICKNAMES_SPLIT and rng.random() < 0.05:
        given = rng.choice(N.NICKNAMES_SPLIT[p.given])
        tags.append("nickname_occasional")
    if p.given in N.ARABIC_TRANSLIT and rng.random() < 0.4:
        given = rng.choice(N.ARABIC_TRANSLIT[p.given])
        tags.append("transliteration")
    if " " in fam and p.culture in ("hisp", "br") and rng.random() < 0.5:
        parts = fam.split()
        r = rng.random()
        if p.culture == "hisp":
            fam = parts[0] if r < 0.6 else "-".join(parts)
        else:
            fam = parts[-1] if r < 0.7 else " ".join(parts[-2:])
        tags.append("surname_shortened")
    if fam.startswith("al-") and rng.random() < 0.4:
        fam = rng.choice(["Al " + fam[3:], "Al-" + fam[3:], "Al" + fam[3:].lower(), fam[3:]])
        tags.append("particle_variant")
    if fam.split()[0] in ("van", "de", "ter", "von") and rng.random() < 0.3:
        fam = fam[0].upper() + fam[1:]
        tags.append("particle_case")
    if not (given + fam).isascii() and rng.random() < FOLD_RATE[src]:
        given, fam = ascii_fold(given), ascii_fold(fam)
        tags.append("diacritics_dropped")
    mid = ""
    if middle and src in ("google", "outlook", "apple") and rng.random() < 0.25:
        mid = middle if rng.random() < 0.4 else middle[0] + "."
        tags.append("middle")
    suffix = p.suffix if p.suffix and rng.random() < 0.6 else ""
    first, last = given, fam + (" " + suffix if suffix else "")
    r = rng.random()
    phone = src in ("apple", "android", "google")
    # bands: phone books hold first-name-only and context cards; LinkedIn shows "Mary L."
    # when a member hides the surname; elsewhere an initial is rare
    initial, sur_initial = {"linkedin": (0.005, 0.025)}.get(src, (0.09, 0.10) if phone else (0.02, 0.025))
    if phone and r < 0.04:
        last = ""
        tags.append("first_name_only")
    elif phone and r < 0.07:
        first, last = rng.choice(CONTEXTS).format(n=given), ""
        tags.append("context_name")
    elif r < initial:
        first = given[0] + rng.choice([".", ""])
        tags.append("initial")
    elif r < sur_initial and last:
        last = fam[0] + "."
        tags.append("surname_initial")
    swap = 0.35 if p.culture in ("cn", "vn") else 0.015
    if phone and last and rng.random() < swap:
        first, last = last, first
        tags.append("family_first")
    for part in ("first", "last"):
        if rng.random() < 0.035:
            val = first if part == "first" else last
            new, kind = typo(val, rng)
            if kind:
                first, last = (new, last) if part == "first" else (first, new)
                tags.append(kind)
    fn = " ".join(x for x in (first, mid, last) if x)
    if rng.random() < 0.025 and src != "linkedin":
        first, last, mid, fn = first.upper(), last.upper(), mid.upper(), fn.upper()
        tags.append("all_caps")
    elif rng.random() < 0.03 and src in ("apple", "android", "crm"):
        first, last, mid, fn = first.lower(), last.lower(), mid.lower(), fn.lower()
        tags.append("all_lower")
    return {"first": first, "middle": mid, "last": last, "fn": fn, "nick": nickfield,
            "tags": tags}


def gmail_variant(addr: str, rng: random.Random, plus_rate: float) -> tuple[str, str]:
    local, _, dom = addr.partition("@")
    if dom != "gmail.com":
        return addr, ""
    if rng.random() < plus_rate:
        return f"{local}+{rng.choice(['news', 'shop', 'crm', 'lists', 'promo'])}@{dom}", "plus_tag"
    if rng.random() < 0.12:
        if "." in local:
            return local.replace(".", "") + "@" + dom, "gmail_dots"
        if len(local) > 4:
            k = rng.randrange(2, len(local) - 1)
            return local[:k] + "." + local[k:] + "@" + dom, "gmail_dots"
    return addr, ""


def choose_emails(p: Person, src: str, rng: random.Random, old: bool) -> tuple[list, list]:
    """(label, address) pairs and the quirk tags used."""
    out, tags = [], []
    cur = p.jobs[-1] if p.jobs else None
    past = p.jobs[:-1]
    want = {"apple": (0.75, 0.55, 0.2, 0.6), "android": (0.7, 0.3, 0.6, 0.4),
            "google": (0.85, 0.45, 0.25, 0.5), "outlook": (0.3, 0.85, 0.5, 0.1),
            "crm": (0.5, 0.6, 0.0, 0.05), "linkedin": (0.03, 0.0, 0.0, 0.0)}[src]
    for i, addr in enumerate(p.personal):
        if rng.random() < want[0] * (1 if i == 0 else 0.6):
            new, t = gmail_variant(addr, rng, 0.25 if src == "crm" else 0.0)
            out.append(("home" if i == 0 else "other", new))
            tags += [t] if t else []
    if cur and rng.random() < (want[1] if not old else 0.2):
        out.append(("work", cur[2]))
        tags += ["role_email"] if cur[2].split("@")[0] in ("info", "office", "hello", "contact", "admin") else []
    for job in past:
        if rng.random() < (want[2] if not old else 0.8):
            out.append(("old work", job[2]))
            tags.append("old_work_email")
    if p.family_mail and rng.random() < want[3]:
        out.append(("home", p.family_mail))
        tags.append("family_mailbox")
    if src == "crm":
        out = out[:1]
    if out and rng.random() < 0.03:
        lab, a = out[0]
        out[0] = (lab, a[0].upper() + a[1:].replace("@g", "@G"))
        tags.append("email_case")
    return out, tags


def swap_digit(e164: str, rng: random.Random) -> str:
    body = e164[-7:]
    i = rng.randrange(0, 6)
    if body[i] == body[i + 1]:
        body = body[:i] + str((int(body[i]) + 1) % 10) + body[i + 1:]
    else:
        body = body[:i] + body[i + 1] + body[i] + body[i + 2:]
    return e164[:-7] + body


def fmt_phone(e164: str, style: str, ext: str = "") -> str:
    """International or national rendering, as people and exporters type them."""
    if e164.startswith("+1"):
        a, e, ln = e164[2:5], e164[5:8], e164[8:]
        out = {"intl": f"+1 {a}-{e}-{ln}", "paren": f"({a}) {e}-{ln}", "e164": e164,
               "dots": f"{a}.{e}.{ln}", "digits": f"{a}{e}{ln}", "one": f"1-{a}-{e}-{ln}",
               "intl_paren": f"+1 ({a}) {e}-{ln}"}.get(style, f"{a}-{e}-{ln}")
    else:
        cc = next(c for c in GROUPS if e164[1:].startswith(c))
        nat = e164[1 + len(cc):]
        trunk, sizes = GROUPS[cc]
        cut, groups = 0, []
        for size in sizes:
            groups.append(nat[cut:cut + size])
            cut += size
        if style in ("intl", "intl_paren", "one"):
            out = f"+{cc} " + " ".join(groups)
        elif style == "e164":
            out = e164
        elif style == "digits":
            out = "00" + cc + nat
        elif cc == "55":
            out = f"({groups[0]}) {groups[1]}-{groups[2]}"
        else:  # national form: ambiguous unless the reader knows the country
            out = trunk + " ".join(groups)
    if ext:
        out += {0: f" x{ext}", 1: f" ext. {ext}", 2: f";ext={ext}"}[len(ext) % 3]
    return out


GROUPS = {"234": ("0", (3, 3, 4)), "971": ("0", (2, 3, 4)), "44": ("0", (4, 6)),
          "91": ("0", (5, 5)), "55": ("", (2, 5, 4)), "48": ("", (3, 3, 3)),
          "84": ("0", (3, 3, 3)), "86": ("", (3, 4, 4)), "31": ("0", (1, 8))}
STYLES = {"apple": ["paren", "intl_paren", "intl", "e164"], "android": ["e164", "plain", "paren"],
          "google": ["intl", "intl", "paren", "e164"], "outlook": ["paren", "paren", "intl"],
          "crm": ["digits", "dots", "one", "plain"], "linkedin": ["intl"]}


def choose_phones(p: Person, src: str, rng: random.Random) -> tuple[list, list]:
    out, tags = [], []
    if src in ("linkedin",):
        return out, tags
    cur = p.jobs[-1][0] if p.jobs else None
    cands = [("mobile", p.mobile, "", 0.9), ("home", p.landline, "", 0.6)]
    if cur and p.work_ext:
        cands.append(("work", cur.main_phone, p.work_ext, 0.5 if src != "outlook" else 0.9))
    elif cur and src in ("outlook", "crm") and rng.random() < 0.15:
        cands.append(("work", cur.main_phone, "", 0.8))  # the switchboard, shared by staff
    for label, num, ext, rate in cands:
        if not num or rng.random() > rate:
            continue
        if rng.random() < 0.03:
            num = swap_digit(num, rng)
            tags.append("phone_digit_swap")
        style = rng.choice(STYLES[src])
        if not num.startswith("+1") and src != "crm" and rng.random() < 0.7:
            style = "intl"
        out.append((label, fmt_phone(num, style, ext)))
        if ext:
            tags.append("phone_extension")
        if label == "work" and not ext:
            tags.append("company_switchboard")
    if src == "crm":
        out = out[:1]
    return out, tags
