"""How one person looks in one export (gen5): names, phones, e-mails, jobs per source.

Why the odds differ by source: LinkedIn is typed by the person themself (their own spelling,
current employer, credentials after the surname, almost never an e-mail); phone books and
Google are typed by the owner, often years ago (nicknames, typos, dropped accents, the maiden
name, the old employer, the native script); Outlook is a work address book on a Windows code
page (cp1252: letters outside it become '?').
"""
import datetime as dt
import unicodedata

try:
    import gen5_names as N
except ImportError:  # pragma: no cover
    from bench import gen5_names as N


def ascii_fold(text):
    """What someone typing on a US keyboard writes: accents dropped (Müller -> Muller)."""
    table = {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}
    text = "".join(table.get(ch, ch) for ch in text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))

# per source: (nickname, typo, ascii-fold, native script, maiden name, old job, given only)
STYLE = {
    "linkedin": (0.06, 0.004, 0.04, 0.0, 0.0, 0.0, 0.0),
    "google": (0.12, 0.03, 0.12, 0.35, 0.3, 0.7, 0.04),
    "google_legacy": (0.12, 0.03, 0.15, 0.3, 1.0, 1.0, 0.04),
    "iphone": (0.2, 0.03, 0.10, 0.7, 0.5, 0.5, 0.08),
    "android": (0.2, 0.04, 0.15, 0.6, 0.8, 0.8, 0.08),
    "vcard4": (0.15, 0.03, 0.08, 0.6, 0.4, 0.4, 0.05),
    "outlook": (0.05, 0.02, 0.05, 0.1, 0.8, 1.0, 0.0),
}
NICKNAMES = {
    "William": "Bill Will Billy", "Robert": "Bob Rob Bobby", "Richard": "Rick Dick Rich",
    "James": "Jim Jimmy Jamie", "Michael": "Mike Mick", "Elizabeth": "Liz Beth Betsy Lizzie",
    "Katherine": "Kate Kathy Katie", "Christopher": "Chris", "Jennifer": "Jen Jenny",
    "Margaret": "Maggie Peggy Meg", "Alexander": "Alex Sasha", "Joseph": "Joe Joey",
    "Thomas": "Tom Tommy", "Daniel": "Dan Danny", "Matthew": "Matt", "Anthony": "Tony",
    "Steven": "Steve", "Andrew": "Andy Drew", "Nicholas": "Nick", "Benjamin": "Ben",
    "Samuel": "Sam", "Patrick": "Pat Paddy", "Jonathan": "Jon", "Rebecca": "Becky Becca",
    "Samantha": "Sam", "Victoria": "Vicky Tori", "Stephanie": "Steph", "Christina": "Tina",
    "Patricia": "Pat Patty Trish", "Susan": "Sue Suzy", "Abigail": "Abby", "Nathan": "Nate",
    "Jacob": "Jake", "David": "Dave", "Charlotte": "Lottie", "Eleanor": "Ellie Nell",
    "Johannes": "Hannes", "Maximilian": "Max", "Franziska": "Franzi", "Sebastian": "Basti",
    "Francisco": "Paco Pancho", "José": "Pepe", "Alejandro": "Álex", "Dolores": "Lola",
    "Giuseppe": "Beppe Peppe", "Francesco": "Franco", "Małgorzata": "Gosia", "Katarzyna": "Kasia",
    "Aleksandr": "Sasha", "Alexander/ru": "Sasha", "Dmitry": "Dima", "Natalia": "Natasha",
    "Venkatesh": "Venky", "Srinivas": "Srini", "Aishwarya": "Aish", "Emily": "Em",
}
KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm".split()


def typo(rng, word):
    """One human slip: a swapped, dropped, doubled or neighbouring-key letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    row = next((r for r in KEYBOARD if word[i].lower() in r), None)
    if not row:
        return word
    j = row.index(word[i].lower())
    return word[:i] + row[max(0, j - 1) if j else 1] + word[i + 1:]


def nickname(rng, given):
    nicks = NICKNAMES.get(given)
    return rng.choice(nicks.split()) if nicks else given


def name_for(rng, p, source):
    """dict(given, middle, family, prefix, suffix, nick, native) as this source shows it."""
    nick_p, typo_p, fold_p, native_p, maiden_p, _, given_only_p = STYLE[source]
    given, family, middle = p.given, p.family, p.middle
    if p.maiden and rng.random() < maiden_p:
        family = p.maiden
    native = bool(p.native) and rng.random() < native_p
    if native:
        given, family = p.native[0], p.native[1]
        if p.maiden:  # the owner typed the native name once; keep it consistent
            family = p.native[1]
    elif p.variants and source != "linkedin" and rng.random() < 0.3:
        given, family = p.variants
    elif p.english_given and (source == "linkedin" or rng.random() < 0.5):
        given = p.english_given
    out = {"prefix": "", "suffix": "", "nick": "", "native": native, "middle": ""}
    if not native:
        if rng.random() < nick_p:
            nick = nickname(rng, given)
            if nick != given:
                if source in ("iphone", "vcard4", "google") and rng.random() < 0.3:
                    out["nick"] = nick  # stored in the Nickname field, the given name kept
                else:
                    given = nick
        if rng.random() < typo_p:
            if rng.random() < 0.5:
                given = typo(rng, given)
            else:
                family = typo(rng, family)
        if rng.random() < fold_p:
            given, family = ascii_fold(given), ascii_fold(family)
        if source in ("iphone", "android") and rng.random() < 0.02:
            given, family = given.lower(), family.lower()
        if middle and rng.random() < 0.5:
            out["middle"] = middle if rng.random() < 0.6 else middle[0] + "."
    if rng.random() < given_only_p:
        family = ""
    out.update(given=given, family=family)
    if p.prefix and source in ("google", "google_legacy", "outlook", "iphone"):
        out["prefix"] = p.prefix if rng.random() < 0.6 else ""
    if p.gen_suffix and rng.random() < 0.7:
        out["suffix"] = p.gen_suffix
    if p.credential and source in ("google", "outlook") and rng.random() < 0.3:
        out["suffix"] = (out["suffix"] + " " + p.credential).strip()
    return out


def display(name, native_joiner=""):
    """The full name as one string; CJK native names are written family-first, unspaced."""
    if name["native"] and native_joiner == "" and name["family"][:1] > "\u2e80":
        return name["family"] + name["given"]
    parts = [name["prefix"], name["given"], name["middle"], name["family"], name["suffix"]]
    return " ".join(x for x in parts if x)


def job_for(rng, p, source):
    if not p.old_job:
        return ("", "", "")
    if source == "linkedin":
        return p.new_job
    return p.old_job if rng.random() < STYLE[source][5] else p.new_job


def phone(rng, culture, digits, style=None):
    """A number of `culture`'s country in one of the ways people store them: E.164, spaced
    international, national."""
    cc, trunk = N.CULTURES[culture][2], N.CULTURES[culture][3]
    if style is None:  # the owner lives in the US: local numbers are stored nationally,
        # foreign ones mostly with their country code (a tenth typed as the person said them)
        local = culture == "en_US"
        style = rng.choices(["e164", "intl", "national"],
                            weights=[2, 3, 5] if local else [4, 5, 1], k=1)[0]
    if cc == "1":
        a, b, c = digits[:3], digits[3:6], digits[6:]
        return {"e164": f"+1{digits}", "intl": f"+1 {a}-{b}-{c}",
                "national": rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}"])}[style]
    if style == "e164":
        return f"+{cc}{digits}"
    if style == "intl":
        return f"+{cc} {digits[:3]} {digits[3:6]} {digits[6:]}".rstrip()
    return f"{trunk}{digits[:3]} {digits[3:]}"


def connected_on(rng):
    day = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 5100))
    return day.strftime("%d %b %Y")


def email_case(rng, addr):
    """Some people type Capitals in addresses; e-mail matching must not care."""
    if rng.random() < 0.03:
        local, _, dom = addr.partition("@")
        return local.title() + "@" + dom.capitalize()
    return addr
