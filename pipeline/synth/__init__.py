"""Synthetic contact exports with ground truth, for tests, the demo sample and the benchmark.

    from pipeline.synth import generate, records_target
    counts = generate(records_target(1_000_000), seed=1, out_dir=Path("bench/data"))

Writes the exports (LinkedIn archive zip, Google CSV, phone vCard, optional Outlook CSV) plus
``truth.parquet`` (one row per data row of every file: source_file, source_row, person_key,
true_networks, kind) and ``people_truth.parquet`` (person_key, name, networks, evidence, ...).
Same seed and arguments -> byte-identical files. person_key is null for LinkedIn ghost rows and
sponsored messages; kind is contact, interaction (messages, invitations, endorsements,
recommendations), owner (Profile, Positions, Skills, Ad_Targeting, the owner's own card) or ghost.
Kith ingests every file in a folder: pass truth paths outside it when kith will read the folder.

True networks are what the exports justify, collected while rendering: a Google/vCard/Outlook
label (Family, Friends, Gym, Book Club, Neighbors -> peer; Work, Clients, Networking ->
business; Church, Volunteering, Alumni, PTA -> community), an organisation shown that the owner
left (peer: former co-worker) or works at now (business), a LinkedIn connection or invitation
(business), a recruiting/HR title (business), a community organisation or an .edu/.gov/.org
e-mail shown (community). People with none of these have no network.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl

from pipeline.synth import people as pm
from pipeline.synth import writers
from pipeline.synth.people import Person, Population, Rng, build

__all__ = ["generate", "records_target", "expected_records_per_person", "namesake_rate",
           "format_phone", "build", "SOURCES"]

SOURCES = ("linkedin", "google", "vcard", "outlook")
# P(in LinkedIn, Google, vCard, Outlook) per role: about 60 / 45 / 40 / 15 % of people overall.
COVERAGE = {"family": (0.15, 0.70, 0.85, 0.05), "friend": (0.35, 0.65, 0.70, 0.05),
            "excoworker": (0.85, 0.40, 0.45, 0.20), "coworker": (0.80, 0.40, 0.35, 0.50),
            "recruiter": (0.95, 0.20, 0.10, 0.20), "professional": (0.75, 0.35, 0.25, 0.15),
            "community": (0.30, 0.55, 0.55, 0.05), "acquaintance": (0.20, 0.60, 0.55, 0.03)}
DUPLICATE_P = {"linkedin": 0.0, "google": 0.02, "vcard": 0.03, "outlook": 0.01}
INVITATION_P = 0.04  # LinkedIn people who are a pending invitation, not a connection
# P(labelled) and label sets per role (Google labels, vCard/Outlook categories).
LABELS = {"family": (1.0, (("Family",),)), "excoworker": (0.15, (("Work",),)),
          "coworker": (0.3, (("Work",),)),
          "friend": (0.9, (("Friends",), ("Friends",), ("Gym",), ("Book Club",), ("Neighbors",),
                           ("Friends", "Gym"))),
          "professional": (0.15, (("Clients",), ("Clients",), ("Networking",))),
          "community": (0.3, (("Church",), ("Volunteering",), ("Alumni",), ("PTA",),
                              ("Church", "Volunteering")))}
LABEL_NETWORK = {**dict.fromkeys(("Family", "Friends", "Gym", "Book Club", "Neighbors"), "peer"),
                 **dict.fromkeys(("Work", "Clients", "Networking"), "business"),
                 **dict.fromkeys(("Church", "Volunteering", "Alumni", "PTA"), "community")}
# Per-export noise: P(goes-by name), P(maiden name), P(one-letter typo), P(former employer).
NICK_P = {"linkedin": 0.6, "google": 0.75, "vcard": 0.85, "outlook": 0.4}
MAIDEN_P = {"linkedin": 0.1, "google": 0.5, "vcard": 0.6, "outlook": 0.4}
TYPO_P = {"linkedin": 0.005, "google": 0.03, "vcard": 0.04, "outlook": 0.02}
OLD_ORG_P = {"linkedin": 0.0, "google": 0.3, "vcard": 0.5, "outlook": 0.4}
US_STYLES = ("({a}) {b}-{c}", "{a}-{b}-{c}", "+1 {a}-{b}-{c}", "{a}.{b}.{c}", "+1 {a} {b} {c}",
             "+1{a}{b}{c}", "{a}{b}{c}", "1 ({a}) {b}-{c}", "+1 ({a}) {b}-{c}")
US_CUTS = (0.28, 0.46, 0.60, 0.68, 0.76, 0.88, 0.93, 0.97)
STREETS = ("Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Rd", "Elm St", "2nd Ave")
EXPORT_DATE = date(2025, 11, 14)
NASTY_NAME = "<script>alert(1)</script>"
NASTY_ORG = '=HYPERLINK("http://example.com/x","Click me")'


def format_phone(phone: tuple, rng: Rng) -> str:
    """One of the ways people type a number; valid when parsed with the number's own region
    (``0044 20 …`` and national ``020 …`` are not valid with a US default region)."""
    region, nsn, parts = phone
    style, cc, trunk = rng.random(), pm.CC[region], pm.TRUNK[region]
    if region == "US":
        return US_STYLES[bisect(US_CUTS, style)].format(a=parts[0], b=parts[1], c=parts[2])
    if style < 0.4:
        return f"+{cc} " + " ".join(parts)
    if style < 0.62:
        return f"+{cc}{nsn}"
    if style < 0.77 and region != "JP":  # Japan dials out with 010, not 00
        return f"00{cc} " + " ".join(parts)
    if style < 0.82 and trunk:
        return f"+{cc} ({trunk})" + " ".join(parts)
    return trunk + ("-" if region == "JP" else " ").join(parts)


def _typo(s: str, rng: Rng) -> str:
    """One slip of the thumb: a wrong, missing, doubled or swapped letter (plain names only)."""
    if len(s) < 4 or not s.isalpha():
        return s
    i, op = rng.randrange(1, len(s) - 1), rng.random()
    if op < 0.35:
        return s[:i] + rng.choice("aeiounrst") + s[i + 1 :]
    if op < 0.6:
        return s[:i] + s[i + 1 :]
    if op < 0.8:
        return s[:i] + s[i] + s[i:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2 :]


class Truth:
    """Ground-truth rows, column-wise: (source_file, source_row, person idx, kind)."""

    def __init__(self) -> None:
        self.file: list[str] = []
        self.row: list[int] = []
        self.idx: list[int] = []
        self.kind: list[str] = []

    def add(self, file: str, row: int, idx: int, kind: str) -> None:
        self.file.append(file)
        self.row.append(row)
        self.idx.append(idx)
        self.kind.append(kind)


class Render:
    """How one person looks in one export, and the network evidence each record shows.

    Writers ask for the noisy values (name, org, emails, phones, address), call observe() with
    what they wrote and add truth rows; `rng` is replaced per export.
    """

    def __init__(self, pop: Population):
        self.pop, self.rng, self.truth = pop, Rng(0), Truth()
        self.former = {q[0] for q in pop.positions if q[3] is not None}

    def members(self, src: str, extra: list | None = None) -> list[Person]:
        """The people in an export, duplicates repeated, in the exporter's (random) order."""
        out = [p for p in self.pop.people for _ in range(p.sources.get(src, 0))] + (extra or [])
        self.rng.shuffle(out)
        return out

    def name(self, p: Person, src: str) -> tuple[str, str]:
        rng = self.rng
        given = p.nick if p.nick and rng.random() < NICK_P[src] else p.given
        family = p.maiden if p.maiden and rng.random() < MAIDEN_P[src] else p.family
        if src != "linkedin" and not (given + family).isascii() and rng.random() < 0.35:
            given, family = pm.ascii_name(given), pm.ascii_name(family)  # accents dropped
        if rng.random() < TYPO_P[src]:
            if rng.random() < 0.5:
                given = _typo(given, rng)
            else:
                family = _typo(family, rng)
        if src == "linkedin":  # what members type into their profile
            family += f", {p.credential}" if p.credential else ""
            x = rng.random()
            if x < 0.006:
                given = f"{given} {rng.choice(('🌻', '🚀', '✨', '🌍', '📈'))}"
            elif x < 0.015:
                family += " (she/her)" if p.female else " (he/him)"
            elif x < 0.04:
                given = f" {given}" if x < 0.03 else given + " "
        return given, family

    def org(self, p: Person, src: str) -> tuple[str, str, int]:
        """(organisation as written, title, org index shown): stale books keep the old job."""
        rng = self.rng
        idx, title = p.org, p.title
        if p.old_org >= 0 and rng.random() < OLD_ORG_P[src]:
            idx, title = p.old_org, p.old_title
        if idx < 0 or (src != "linkedin" and rng.random() < 0.12):
            return "", "", -1
        o, x = self.pop.orgs[idx], rng.random()
        if not o.legal or x < (0.75 if src == "linkedin" else 0.55):
            name = o.name
        elif x < 0.9 or o.legal not in ("Inc.", "LLC", "Ltd."):
            name = f"{o.name} {o.legal}"
        else:
            name = f"{o.name}, {o.legal}"
        return name, (title if rng.random() < 0.85 else ""), idx

    def gmail(self, addr: str) -> str:
        """Same mailbox, written differently: dots, +tags, googlemail.com, capitals."""
        local, _, dom = addr.partition("@")
        rng = self.rng
        if dom not in ("gmail.com", "googlemail.com") or rng.random() > 0.2:
            return addr
        x = rng.random()
        if x < 0.35:
            return local.replace(".", "") + "@" + dom
        if x < 0.6:
            return f"{local}+{rng.choice(('linkedin', 'news', 'work', 'shop'))}@{dom}"
        if x < 0.8:
            return f"{local}@{'googlemail.com' if dom == 'gmail.com' else 'gmail.com'}"
        return f"{local.title()}@{dom}"

    def emails(self, p: Person, src: str) -> list[tuple[str, str]]:
        rng, out = self.rng, []
        if p.work and rng.random() < (0.9 if src == "outlook" else 0.55):
            out.append(("Work", p.work))
        for i, e in enumerate(p.personal):
            if rng.random() < (0.85 if i == 0 else 0.55) * (0.5 if src == "outlook" else 1):
                out.append(("Home", self.gmail(e)))
        return out[::-1] if out and src != "outlook" and rng.random() < 0.7 else out

    def phones(self, p: Person) -> list[tuple[str, str]]:
        rng, out = self.rng, []
        for label, ph, prob in (("Mobile", p.mobile, 0.9), ("Home", p.home, 0.85),
                                ("Work", p.work_phone, 0.6)):
            if ph and rng.random() < prob:
                out.append((label, format_phone(ph, rng)))
        return out

    def address(self, p: Person, prob: float) -> tuple | None:
        """(street, city, state, postcode, country) with probability `prob`."""
        if self.rng.random() >= prob:
            return None
        return (f"{self.rng.randint(1, 9999)} {self.rng.choice(STREETS)}", *p.city)

    def observe(self, p: Person, src: str, org: int = -1, title: str = "", emails=(),
                labels=(), linkedin: str = "") -> None:
        ev = p.evidence
        if linkedin:
            ev.setdefault("business", set()).add(f"LinkedIn {linkedin}")
        for lab in labels:
            ev.setdefault(LABEL_NETWORK[lab], set()).add(f"{src} label {lab}")
        if org >= 0:
            o = self.pop.orgs[org]
            if org in self.former:
                ev.setdefault("peer", set()).add(f"former co-worker: owner worked at {o.name}")
            elif org == self.pop.owner.org:
                ev.setdefault("business", set()).add(f"co-worker at {o.name}")
            if o.community:
                ev.setdefault("community", set()).add(f"organisation {o.name}")
        if title in pm.RECRUITER_TITLES:
            ev.setdefault("business", set()).add(f"recruiting/HR title {title}")
        for e in emails:
            if e.endswith((".edu", ".gov", ".org")):
                ev.setdefault("community", set()).add(f"e-mail domain .{e.rsplit('.', 1)[1]}")


def _assign_sources(pop: Population, sources: tuple[str, ...], rng: Rng) -> None:
    """The owner's labels for each person, and which exports they are in (twice: a duplicate)."""
    col = {s: SOURCES.index(s) for s in sources}
    for p in pop.people:
        p_lab, choices = LABELS.get(p.role, (0.0, ()))
        if p.role == "community" and (p.org < 0 or not pop.orgs[p.org].community):
            p_lab = 1.0  # no community organisation: the label is what shows it
        if choices and rng.random() < p_lab:
            p.labels = rng.choice(choices)
        cov = COVERAGE[p.role]
        chosen = {s: 1 for s in sources if rng.random() < cov[col[s]]}
        books = [s for s in ("vcard", "google") if s in sources]
        if p.household >= 0 and books and not chosen.keys() & set(books):
            chosen[books[0]] = 1  # households are phone-book people
        if not chosen:
            chosen[rng.choices(sources, weights=[cov[col[s]] for s in sources])[0]] = 1
        for s in chosen:
            chosen[s] += rng.random() < DUPLICATE_P[s]
        if "linkedin" in chosen and rng.random() < INVITATION_P:
            del chosen["linkedin"]
            chosen["invite"] = 1
        p.sources = chosen


def expected_records_per_person(sources=("linkedin", "google", "vcard")) -> float:
    """Expected contact rows (connections incl. ghosts, Google rows, cards, Outlook rows)."""
    total_w, exp = sum(pm.ROLES.values()), 0.0
    for role, w in pm.ROLES.items():
        c = {s: COVERAGE[role][SOURCES.index(s)] for s in sources}
        empty = math.prod(1 - v for v in c.values())
        for s, v in c.items():
            n = (v + empty * v / sum(c.values())) * (1 + DUPLICATE_P[s])
            if s == "linkedin":
                n *= (1 - INVITATION_P) / (1 - writers.GHOST_P)
            exp += w / total_w * n
    return exp


def records_target(n_records: int, sources=("linkedin", "google", "vcard")) -> int:
    """How many people to generate for about `n_records` contact rows over `sources`."""
    return max(1, round(n_records / expected_records_per_person(tuple(sources))))


def namesake_rate(pop: Population) -> float:
    """Share of people whose (given, family) name is shared with at least one other person."""
    seen = Counter((p.given, p.family) for p in pop.people)
    return sum(c for c in seen.values() if c > 1) / max(1, len(pop.people))


def _inject_nasty(pop: Population) -> None:
    """Hostile values for the demo sample: a script tag as a name, a spreadsheet-formula org."""
    friend = next((p for p in pop.people if p.role in ("friend", "family") and "vcard" in p.sources), None)
    if friend:
        friend.given, friend.nick = NASTY_NAME, ""
    pro = next((p for p in pop.people if p.role == "professional" and "linkedin" in p.sources), None)
    if pro:
        pop.orgs.append(pm.Org(NASTY_ORG, "", "example.com"))
        pro.org, pro.old_org = len(pop.orgs) - 1, -1


def generate(n_people: int, seed: int, out_dir: Path, sources=("linkedin", "google", "vcard"),
             owner: bool = True, nasty: bool = False, truth_path: Path | None = None,
             people_truth_path: Path | None = None, export_date: date = EXPORT_DATE) -> dict:
    """Write the exports for `n_people` contacts (plus the owner) into `out_dir`; return counts.

    `owner` adds the owner's own card to the vCard file (LinkedIn Profile/Positions always
    describe the owner). `nasty` plants a <script> name and a =HYPERLINK( organisation. Truth
    goes to out_dir/truth.parquet and out_dir/people_truth.parquet unless paths are given.
    """
    if not sources or set(sources) - set(SOURCES):
        raise ValueError(f"sources must be a non-empty subset of {SOURCES}")
    sources = tuple(s for s in SOURCES if s in sources)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects and no cycles: the collector only costs time here
    try:
        pop = build(n_people, seed)
        _assign_sources(pop, sources, Rng(f"{seed}-sources"))
        if nasty:
            _inject_nasty(pop)
        r, files = Render(pop), []
        for s in sources:
            r.rng = Rng(f"{seed}-{s}")
            files.append(writers.linkedin(r, out_dir, export_date) if s == "linkedin" else
                         writers.vcard(r, out_dir, owner) if s == "vcard" else
                         getattr(writers, s)(r, out_dir))
        counts = _write_truth(pop, r.truth, Path(truth_path or out_dir / "truth.parquet"),
                              Path(people_truth_path or out_dir / "people_truth.parquet"))
    finally:
        if enabled:
            gc.enable()
    return {**counts, "files": files, "namesake_rate": round(namesake_rate(pop), 4)}


def _write_truth(pop: Population, truth: Truth, path: Path, people_path: Path) -> dict:
    everyone = [pop.owner, *pop.people]

    def listcol(values: list[str], name: str) -> pl.Expr:  # "\x1f"-joined -> list column (fast)
        s = pl.Series(values, dtype=pl.String)
        empty = pl.lit([], pl.List(pl.String))
        return pl.when(s == "").then(empty).otherwise(s.str.split("\x1f")).alias(name)

    people = pl.DataFrame({
        "person_key": [p.key for p in everyone], "name": [f"{p.given} {p.family}" for p in everyone],
        "role": [p.role for p in everyone], "nickname": [p.nick for p in everyone],
        "maiden_name": [p.maiden for p in everyone], "locale": [p.locale for p in everyone],
        "household": pl.Series([p.household for p in everyone], dtype=pl.Int64).replace(-1, None),
    }).select(
        "person_key", "name",
        listcol(["\x1f".join(sorted(p.evidence)) for p in everyone], "networks"),
        listcol(["\x1f".join(sorted(f"{n}: {x}" for n, xs in p.evidence.items() for x in xs))
                 for p in everyone], "evidence"),
        pl.exclude("person_key", "name"),
        listcol(["\x1f".join(sorted(p.sources)) for p in everyone], "sources"))
    records = (
        pl.DataFrame({"source_file": truth.file, "source_row": truth.row, "idx": truth.idx,
                      "kind": truth.kind},
                     schema={"source_file": pl.String, "source_row": pl.Int64, "idx": pl.Int64,
                             "kind": pl.String})
        .join(people.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("idx"), "person_key",
                            pl.col("networks").alias("true_networks")),
              on="idx", how="left", maintain_order="left")
        .with_columns(pl.col("true_networks").fill_null(pl.lit([], pl.List(pl.String))))
        .select("source_file", "source_row", "person_key", "true_networks", "kind"))
    people = people.filter(pl.col("person_key").is_in(records["person_key"].unique().implode()))
    records.write_parquet(path)
    people.write_parquet(people_path)
    kinds = dict(records["kind"].value_counts().iter_rows())
    return {"people": people.filter(pl.col("person_key") != "owner").height,
            "contact_records": kinds.get("contact", 0) + kinds.get("ghost", 0),
            "rows": records.height, **{f"kind_{k}": v for k, v in sorted(kinds.items())}}
