"""gen5: a fifth, independent contact-export generator (written blind from formats.md).

    python -m bench.gen5 --people 2000 --seed 1 --out /tmp/gen5_2k [--truth F] [--people-truth F]

writes a folder of export files (LinkedIn Connections.csv, Google CSV in the 2024+ and the
older layout, iPhone/Android/4.0 vCards, an Outlook CSV) and, beside it, the truth parquet
(source_file, source_row, person_key, kind) bench/quality.py reads. Deterministic by seed: one
random.Random, no set or hash ordering.

Shape of the people (each with why; docs/gen5.md has the figures):
- names: Zipf within a culture, a curated head plus a syllable tail (real surname tails are
  long); 17 cultures, six written in their own script on phone sources and in Latin, with
  spelling variants, elsewhere (a phone book is typed by the owner, LinkedIn by the person).
- households share a landline and sometimes a family mailbox; namesakes arise from Zipf and a
  few are forced (two people called the same in one network is ordinary).
- each person's personal e-mail is unique; work e-mails follow the employer, and 35 % changed
  job: LinkedIn shows the new employer, the older Google/Outlook entries the old one.
- archetypes: LinkedIn-only, phone-only (some with no name), e-mail-only "other contacts",
  ghost LinkedIn rows; the rest on 2-4 sources.
"""
import random
from dataclasses import dataclass, field
from pathlib import Path

try:  # run as a script (python bench/gen5.py) or imported as bench.gen5
    import gen5_names as N
    import gen5_write as W
    from gen5_render import ascii_fold
except ImportError:  # pragma: no cover
    from bench import gen5_names as N
    from bench import gen5_write as W
    from bench.gen5_render import ascii_fold


def zipf_pick(rng, items, s=1.0):
    """Pick from a ranked list with weight rank^-s (rank 1 = first)."""
    weights = [1.0 / (k ** s) for k in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights, k=1)[0]


@dataclass
class Person:
    pid: str
    culture: str
    gender: str
    given: str                 # Latin given name as the person writes it
    family: str                # current family name (married name if married)
    native: tuple = ()         # (native given, native family) for other-script cultures
    variants: tuple = ()       # other Latin spellings of (given, family)
    middle: str = ""
    maiden: str = ""           # family name before marriage (older sources use it)
    prefix: str = ""
    credential: str = ""       # MBA, PhD... (LinkedIn last name "Smith, MBA")
    gen_suffix: str = ""       # Jr., III
    english_given: str = ""    # the Western name some Chinese/Korean people use at work
    email: str = ""            # personal, unique per person
    mobile: str = ""           # national significant number, digits only
    landline: tuple = ()       # (culture, number): shared by a household, in its country
    family_mail: str = ""      # shared family mailbox
    old_job: tuple = ()        # (company, title, email)
    new_job: tuple = ()        # (company, title, email); new == old when no job change
    slug: str = ""
    birthday: tuple = ()       # (year or 0, month, day)
    archetype: str = "multi"
    sources: list = field(default_factory=list)


def _latin_name(rng, culture):
    """(given, gender, family, native, variants) for one person of a culture."""
    if culture in N.NATIVE:
        fam, giv = N.native_lists(culture)
        # Kim is a fifth of Koreans, Mohamed very common; Chinese/Korean given names spread
        fn, flat = zipf_pick(rng, fam, 0.8 if culture == "ko" else 0.6)
        gn, gender, glat = zipf_pick(rng, giv, {"zh": 0.3, "ko": 0.3, "ar": 0.7}.get(culture, 0.5))
        if culture == "ru" and gender == "f":  # Russian family names agree in gender
            fn, flat = fn + "а", tuple(x + "a" for x in flat)
        return glat[0], gender, flat[0], (gn, fn), (glat[-1], flat[-1])
    if rng.random() < (0.3 if culture == "en_US" else 0.12):
        # names travel: a share of any country's people carry a name from elsewhere, which
        # is what keeps a real given-name distribution's head flat
        given, gender = rng.choice(ALL_GIVEN)
    else:
        given, gender = zipf_pick(rng, N.GIVEN[culture], 0.3)
    pre, suf, tail_p = N.TAIL.get(culture, ("", "", 0.0))
    if culture == "vi" and rng.random() < 0.6:  # the middle name is part of what people write
        middle = rng.choice(["Văn" if gender == "m" else "Thị", "Minh", "Đức", "Thanh", "Ngọc",
                             "Quang", "Hữu", "Xuân", "Thu", "Hoàng"])
        given = f"{middle} {given}"
    if tail_p and rng.random() < tail_p:
        family = zipf_pick(rng, pre.split(), 0.2) + zipf_pick(rng, suf.split(), 0.2)
    else:
        family = zipf_pick(rng, N.FAMILY[culture].split(), 0.7)
    if culture == "pl" and gender == "f" and family.endswith("ski"):
        family = family[:-1] + "a"
    return given, gender, family, (), ()


ALL_GIVEN = [g for names in N.GIVEN.values() for g in names]
US_AREAS = ("201 202 203 206 212 213 214 215 224 248 301 303 305 312 313 310 317 404 408 412 "
            "415 425 469 503 510 512 602 612 617 646 650 702 713 718 720 773 781 804 818 857 "
            "917 925 949 972").split()
MOBILE = {"en_GB": ("74 75 77 78 79", 10), "de": ("151 152 160 170 171 176", 11),
          "fr": ("6 75 76 77 78", 9), "es": ("6", 9), "it": ("32 33 34 36 38", 10), "pl": ("50 51 60 66 69 78", 9),
          "nordic": ("70 72 73 76", 9), "tr": ("50 53 54 55", 10), "vi": ("90 91 98", 9),
          "in": ("9 8 7", 10), "zh": ("135 138 139 186", 11), "ja": ("90 80", 10),
          "ko": ("10", 10), "ru": ("91 92 96", 10), "el": ("69", 10), "ar": ("50 52 55 56", 9)}


def take_family(p, donor, latin, native, variant):
    """p takes a family name (marriage, household); a native-script person only from a
    same-culture donor. Russian family names agree in gender (Ivanov / Ivanova)."""
    if p.culture != donor.culture and (p.native or donor.native):
        return
    if p.culture == "ru":
        def agree(x, fem):
            base = x[:-1] if x[-1:] in ("a", "а") else x
            return base + ("а" if base[-1:] > "\u0400" else "a") if fem else base
        fem = p.gender == "f"
        latin = agree(latin, fem)
        native = tuple(agree(x, fem) for x in native)
        variant = tuple(agree(x, fem) for x in variant)
    p.family, p.culture = latin, donor.culture
    if p.native and native:
        p.native = (p.native[0], native[0])
    if p.variants and variant:
        p.variants = (p.variants[0], variant[0])


class Builder:
    def __init__(self, rng, n_people):
        self.rng = rng
        self.n = n_people
        self.used_emails = set()
        self.used_slugs = set()
        self.used_mobiles = set()
        cultures = list(N.CULTURES)
        self.culture_w = [N.CULTURES[c][0] for c in cultures]
        self.cultures = cultures

    def unique(self, used, make):
        # thousands of tries: at half a million people "thesmiths@" needs more than 50 (the
        # values of the first 50 tries are as before, so smaller sets are unchanged)
        for attempt in range(5000):
            value = make(attempt)
            if value not in used:
                used.add(value)
                return value
        raise RuntimeError("could not make a unique value")

    def mail_local(self, given, family):
        g, f = (ascii_fold(x).lower().replace(" ", "").replace("'", "") for x in (given, family))
        r = self.rng
        return r.choice([f"{g}.{f}", f"{g}{f}", f"{g[0]}{f}", f"{g}_{f}", f"{f}.{g}",
                         f"{g}.{f}{r.randint(1, 99)}", f"{g}{r.randint(70, 2005)}"])

    def person(self, i):
        r = self.rng
        culture = r.choices(self.cultures, weights=self.culture_w, k=1)[0]
        given, gender, family, native, variants = _latin_name(r, culture)
        p = Person(pid=f"P{i:06d}", culture=culture, gender=gender, given=given,
                   family=family, native=native, variants=variants)
        if culture in ("en_US", "en_GB", "de") and r.random() < 0.12:
            p.middle = zipf_pick(r, N.GIVEN[culture], 0.7)[0]
        if culture in ("zh", "ko") and r.random() < 0.2:
            p.english_given = zipf_pick(r, N.GIVEN["en_US"], 0.7)[0]
        if gender == "f" and r.random() < 0.14 and culture not in ("es", "zh", "ko", "vi", "ar"):
            p.maiden = family  # married later: the new name comes from the same culture
            new = _latin_name(r, culture)
            take_family(p, p, new[2], new[3][1:], new[4][1:])
        p.prefix = r.choice(N.PREFIXES[:2]) if r.random() < 0.04 else ""
        p.credential = r.choice(N.CREDENTIALS) if r.random() < 0.06 else ""
        if culture in ("en_US",) and gender == "m" and r.random() < 0.03:
            p.gen_suffix = r.choice(N.GEN_SUFFIXES)
        return p

    def finish(self, p):
        """Addresses, numbers, profile and jobs: made after households and namesakes set the
        final names, so a child's address carries the family's surname."""
        r = self.rng
        given, family = p.given, (p.maiden if p.maiden and r.random() < 0.5 else p.family)
        domains = N.CULTURES[p.culture][4]
        p.email = self.unique(self.used_emails, lambda a: (
            self.mail_local(given, family) + (str(r.randint(2, 999)) if a else "")
            + "@" + r.choice(domains)))
        p.mobile = self.unique(self.used_mobiles, lambda a: self.mobile_number(p.culture))
        p.slug = self.unique(self.used_slugs, lambda a: self.make_slug(p, a))
        self.jobs(p)
        if r.random() < 0.6:
            p.birthday = (r.randint(1950, 2002) if r.random() < 0.7 else 0,
                          r.randint(1, 12), r.randint(1, 28))

    def mobile_number(self, culture):
        """A national significant number libphonenumber calls valid (real address books hold
        real numbers); US ones in the 555 exchange (not given to subscribers) behind real area
        codes, 10,000 a code so a 20k-person book still finds unique numbers."""
        r = self.rng
        if culture == "en_US":
            return f"{r.choice(US_AREAS)}555{r.randint(0, 9999):04d}"
        leads, length = MOBILE[culture]
        lead = r.choice(leads.split())
        return lead + "".join(str(r.randint(0, 9)) for _ in range(length - len(lead)))

    def make_slug(self, p, attempt):
        r = self.rng
        g, f = p.given.lower().replace(" ", "-"), p.family.lower().replace(" ", "-")
        if r.random() < 0.25 and attempt == 0:
            return f"{ascii_fold(g)}{ascii_fold(f)}".replace("-", "").replace("'", "")
        # LinkedIn keeps accented letters in slugs (percent-encoded in the URL)
        return f"{g}-{f}-{r.getrandbits(28):07x}".replace("'", "")

    def jobs(self, p):
        r = self.rng
        if r.random() < 0.12:
            return  # not employed / not on any work record
        old = zipf_pick(r, N.COMPANIES, 0.8)
        new = zipf_pick(r, N.COMPANIES, 0.8) if r.random() < 0.35 else old
        ttl_old, ttl_new = r.choice(N.TITLES), r.choice(N.TITLES)

        def mail(company):
            if company in ("Freelance", "Self-employed"):
                return ""
            dom = ascii_fold(company).lower().replace("&", "").replace("'", "")
            dom = "".join(ch for ch in dom if ch.isalnum() or ch == " ").split()
            domain = f"{dom[0]}{'-' + dom[1] if len(dom) > 1 and r.random() < 0.3 else ''}.com"
            # a company gives each employee their own address (a second Jie Wang gets jie.wang7)
            return self.unique(self.used_emails, lambda a: (
                self.mail_local(p.given, p.family) + (str(r.randint(2, 99)) if a else "")
                + "@" + domain))
        old_mail = mail(old)
        p.old_job = (old, ttl_old, old_mail)
        p.new_job = (new, ttl_new, mail(new) if new != old else old_mail)

    def households(self, people):
        """Families: same surname (or a mix after marriage) share a landline, some a mailbox."""
        r = self.rng
        i = 0
        while i < len(people):
            size = r.choice([1] * 40 + [2, 2, 2, 3, 4])  # a quarter of people in a family group
            group = people[i:i + size]
            i += size
            if len(group) < 2:
                continue
            head = group[0]
            for other in group[1:]:
                if r.random() < 0.8:  # mostly one culture: re-draw the member's given name
                    g = _latin_name(r, head.culture)
                    other.culture, other.given, other.gender = head.culture, g[0], g[1]
                    other.native, other.variants, other.maiden = g[3], g[4], ""
                    other.english_given = ""
                if r.random() < 0.75:  # most family members carry the head's surname
                    take_family(other, head, head.family, head.native[1:], head.variants[1:])
            line = (head.culture, self.mobile_number(head.culture))  # the home's country
            box = ""
            if r.random() < 0.4:
                box = self.unique(self.used_emails, lambda a, h=head: (
                    f"the{ascii_fold(h.family).lower().replace(' ', '')}s{a or ''}"
                    f"@{r.choice(N.CULTURES[h.culture][4])}"))
            for member in group:
                member.landline, member.family_mail = line, box

    def namesakes(self, people):
        """A few people get exactly another person's name (a real network has some)."""
        r = self.rng
        for _ in range(max(2, len(people) // 200)):
            a, b = r.sample(people, 2)
            b.given, b.family, b.culture = a.given, a.family, a.culture
            b.native, b.variants, b.gender = a.native, a.variants, a.gender


def assign_sources(rng, p):
    """Which exports a person appears in; the archetypes a real network has."""
    roll = rng.random()
    if roll < 0.17:
        p.archetype, p.sources = "linkedin_only", ["linkedin"]
    elif roll < 0.23:
        p.archetype, p.sources = "phone_only", [rng.choice(["iphone", "iphone", "android"])]
    elif roll < 0.27:
        p.archetype, p.sources = "email_only", ["google"]
    else:
        odds = {"linkedin": 0.6, "google": 0.5, "google_legacy": 0.15, "iphone": 0.35,
                "android": 0.15, "vcard4": 0.08, "outlook": 0.2}
        p.sources = [s for s, q in odds.items() if rng.random() < q] or ["google"]
        if len(p.sources) == 1 and rng.random() < 0.5:
            p.sources.append("iphone" if p.sources == ["linkedin"] else "linkedin")
        if "google" in p.sources and rng.random() < 0.03:  # a duplicate inside one export
            p.sources.append("google")


def build_people(n, seed):
    rng = random.Random(seed)
    b = Builder(rng, n)
    people = [b.person(i) for i in range(n)]
    b.households(people)
    b.namesakes(people)
    for p in people:
        b.finish(p)
        assign_sources(rng, p)
    return rng, people


def generate(n, seed, out, truth_path, people_truth=None):
    """Writes the exports into `out` (only what kith should read) and the truth (one row per
    written record: source_file, source_row from 0, person_key, kind, source) to
    `truth_path`; `people_truth` gets one row per person with the traits that explain errors."""
    import polars as pl

    rng, people = build_people(n, seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = W.write_all(rng, people, out)
    frame = pl.DataFrame(rows, schema=["source_file", "source_row", "person_key"],
                         orient="row").with_columns(kind=pl.lit("contact"))
    Path(truth_path).parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(truth_path)
    if people_truth is not None:
        pl.DataFrame([{"person_key": p.pid, "culture": p.culture, "archetype": p.archetype,
                       "household": bool(p.landline), "family_mailbox": bool(p.family_mail),
                       "maiden": bool(p.maiden), "native_script": bool(p.native),
                       "job_change": bool(p.old_job) and p.old_job[0] != p.new_job[0],
                       "sources": ",".join(p.sources)} for p in people]
                     ).write_parquet(people_truth)
    return frame


def main(argv=None):
    from bench.generator_cli import main as cli  # run as `python -m bench.gen5`

    # --records N: about N contact rows (194,551 rows of 100,000 people at seed 1)
    cli(generate, "python -m bench.gen5", __doc__, argv, records_per_person=1.95)


if __name__ == "__main__":
    main()
