"""Given-name equivalence: the `nicknames` package (a hand-curated English set, Apache-2.0)
with kith's own multilingual groups (`pipeline/data/nicknames.csv`) on top.

A name's groups are the formal names it can stand for: "bill" -> {william}, "william" ->
{william}, "al" -> {albert, alfred, alexander, ...}. Two names share a group when one can stand
for the same formal name as the other. Tables like these are noisy ("al" stands for a dozen
names), so a shared group is evidence that raises a match score, never a merge rule alone.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from anyascii import anyascii


def table_key(name: str) -> str:
    """A name as the table holds it: ASCII letters, lower case."""
    return anyascii(name.strip()).lower()


def _package_pairs() -> list[tuple[str, str]]:
    """(formal, variant) from the nicknames package: nicknames and English-Spanish
    translations alike (Robert / Roberto). A variant that is a formal name in its own right
    (the package lists "peter" as a nickname of Patrick) is left out: two formal names are two
    names unless kith's own table says otherwise, or the variant is a pet form of the formal
    name (_pet_shaped: "eddy" of Edward)."""
    import nicknames

    pairs = [(table_key(formal), table_key(variant))
             for formal, _, variant in nicknames.name_triplets()]
    formal_names = {formal for formal, _ in pairs}
    # ...unless the package lists the two as nicknames of each other (Sandra / Sandy, Melissa /
    # Missy): leaving them out made them "clearly different given names" that no shared phone
    # or e-mail could join. Of such a pair the shorter name stands for the longer (a nickname
    # shortens), not the other way round: kept both ways, "bill" became a formal name of
    # William and of Robert alike, so William and Robert shared a group, and so did Fred and
    # William (the package lists "fred" under "bill"). Names of one length (Allan / Allen,
    # Harry / Henry) are spellings of each other: both ways.
    both_ways = set(pairs) & {(v, f) for f, v in pairs}
    pet_shaped = _pet_shaped(pairs)
    return [(formal, variant) for formal, variant in pairs
            if variant not in formal_names
            or ((formal, variant) in both_ways and len(formal) >= len(variant))
            or (formal, variant) in pet_shaped]


def _pet_shaped(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs whose variant is a pet form of the longer formal name (pets.pet_of:
    Edward / Eddy, Edmund / Eddie, Walter / Wally): the package lists "eddy" as a formal name
    too (its own nickname is "ed"), which is no reason to read Eddy as another name than
    Edward. A formal name no longer than its variant (Emil / Emily, Kent / Kenny) is not
    one of these."""
    import polars as pl

    from pipeline.dedupe.pets import pet_of  # here: pets reads similarity, which reads blocking

    frame = pl.DataFrame([p for p in pairs if len(p[0]) > len(p[1])], schema=["f", "v"],
                         orient="row")
    return set(frame.filter(pet_of(pl.col("v"), pl.col("f"))).rows())


def _kith_pairs() -> list[tuple[str, str]]:
    """(canonical, variant) from kith's table: the first name on a line is the canonical one."""
    text = resources.files("pipeline").joinpath("data/nicknames.csv").read_text("utf-8")
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [table_key(n) for n in line.split(",") if n.strip()]
        pairs += [(names[0], n) for n in names]
    return pairs


@cache
def nickname_groups() -> dict[str, tuple[str, ...]]:
    """given key -> the formal names of every group it belongs to (a formal name belongs to
    its own group)."""
    groups: dict[str, set[str]] = {}
    for formal, variant in [*_package_pairs(), *_kith_pairs()]:
        groups.setdefault(formal, set()).add(formal)
        groups.setdefault(variant, set()).add(formal)
    return {k: tuple(sorted(v)) for k, v in groups.items() if k}


def share_group(a: str, b: str) -> bool:
    """Whether two given keys (first words) can stand for the same formal name."""
    return bool(set(groups_of(a)) & set(groups_of(b)))


@cache
def _package_formal_names() -> frozenset[str]:
    import nicknames

    return frozenset(table_key(formal) for formal, _, _ in nicknames.name_triplets())


# A pet form is spelt several ways ("tommy", "tommie", "tommi"; "mickey", "mickie"; "richie",
# "ritchie"; "jimmy", "jimi"), and the table holds one or two of them: another spelling of its
# ending, or of its stem's last consonant, is the same pet form. Not "-ee": Renee, Aimee and
# Desiree are names of their own, and "renee" respelt "renny" stood for Reginald.
_PET_ENDINGS = ("ie", "ey", "y", "i")
_STEM_MIN = 3


def _respellings(name: str) -> list[str]:
    """Other spellings of a pet-shaped name: the ending swapped for another, the stem's last
    letter doubled or undoubled, "tch" for "ch" and back. Empty where the name has no pet
    ending after a stem of _STEM_MIN letters or more."""
    for ending in _PET_ENDINGS:
        stem = name[: len(name) - len(ending)]
        if not name.endswith(ending) or len(stem) < _STEM_MIN or not stem[-1].isalpha():
            continue
        stems = {stem, stem + stem[-1]}
        if stem[-1] == stem[-2]:
            stems.add(stem[:-1])
        stems |= {s.replace("tch", "ch") for s in stems} | {
            s[:-2] + "tch" for s in stems if s.endswith("ch") and not s.endswith("tch")}
        return [s + e for s in sorted(stems) for e in _PET_ENDINGS if s + e != name]
    return []


@cache
def groups_of(name: str) -> tuple[str, ...]:
    """The formal names a given key (one word) can stand for: the table's groups, or for a
    name the table lacks, those groups of the table's spellings of the same pet form ("tommie"
    -> tommy's {thomas}) whose formal name begins with the name's letter. A guessed spelling
    is weaker evidence than a listed one: the table lists Bill / William and Dick / Richard
    in their common spellings, and what a guessed one reaches beyond its own letter is mostly
    another name's pet form ("haley" respelt "hallie", which stands for Mahala; "lacey" respelt
    "laci", Hungarian for Wladyslaw). Not a formal name of the package's that kith's loader
    left out ("jamey"): two formal names are two names unless a table says otherwise
    (_package_pairs). The name itself where nothing is found."""
    table = nickname_groups()
    if name in table:
        return table[name]
    if name in _package_formal_names():
        return (name,)
    found = {g for other in _respellings(name) for g in table.get(other, ())
             if g[:1] == name[:1]}
    return tuple(sorted(found | {name})) if found else (name,)
