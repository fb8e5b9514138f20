"""Telephone numbers by country and the many ways people write the same number.

A number is held as (country calling code, national significant number, trunk prefix); how it
is written depends on who typed it: a domestic contact is usually saved in national form, a
foreign one in international form, with spaces, dashes, dots or parentheses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers

# locale -> (calling code, trunk prefix, mobile prefixes, mobile NSN length,
#            landline area codes, landline NSN length, grouping of the NSN when written)
PLANS = {
    "en_US": ("1", "", None, 10, None, 10, (3, 3, 4)),
    "en_GB": ("44", "0", ("7400", "7700", "7911", "7812", "7534"), 10, ("20", "161", "131", "117"), 10, (4, 6)),
    "de_DE": ("49", "0", ("151", "160", "170", "176", "152"), 11, ("30", "89", "40", "221", "69"), 10, (3, 8)),
    "fr_FR": ("33", "0", ("6", "7"), 9, ("1", "4", "5"), 9, (1, 2, 2, 2, 2)),
    "es_ES": ("34", "", ("6", "7"), 9, ("91", "93", "96"), 9, (3, 3, 3)),
    "es_MX": ("52", "", ("55", "33", "81"), 10, ("55", "33", "81"), 10, (2, 4, 4)),
    "it_IT": ("39", "", ("32", "33", "34", "39"), 10, ("06", "02", "011"), 9, (3, 3, 4)),
    "pt_BR": ("55", "0", ("119", "219", "319"), 11, ("11", "21", "31"), 10, (2, 5, 4)),
    "nl_NL": ("31", "0", ("6",), 9, ("20", "10", "70"), 9, (1, 8)),
    "pl_PL": ("48", "", ("50", "60", "69", "79"), 9, ("22", "12", "71"), 9, (3, 3, 3)),
    "hi_IN": ("91", "0", ("98", "99", "97", "88"), 10, ("11", "22", "80"), 10, (5, 5)),
    "ja_JP": ("81", "0", ("90", "80", "70"), 10, ("3", "6", "45"), 9, (2, 4, 4)),
    "zh_CN": ("86", "0", ("13", "15", "18"), 11, ("10", "21", "755"), 10, (3, 4, 4)),
    "ar": ("971", "0", ("50", "52", "55", "56"), 9, ("4", "2"), 8, (2, 3, 4)),
}


@dataclass(frozen=True)
class Number:
    cc: str
    nsn: str
    trunk: str
    groups: tuple[int, ...]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def new_number(rng: random.Random, loc: str, mobile: bool, taken: set[str]) -> Number:
    """A fresh number no one else holds (a mobile is personal; a landline is a household's)."""
    cc, trunk, mob, mob_len, land, land_len, groups = PLANS[loc]
    while True:
        if cc == "1":  # NANP: area code and exchange never start with 0 or 1
            nsn = (str(rng.randint(2, 9)) + _digits(rng, 2) + str(rng.randint(2, 9))
                   + _digits(rng, 6))
        else:
            prefixes, length = (mob, mob_len) if mobile else (land, land_len)
            p = rng.choice(prefixes)
            nsn = p + _digits(rng, length - len(p))
        # Real numbers are assigned ones: keep drawing until libphonenumber's metadata
        # (area codes, number ranges) accepts it.
        if cc + nsn not in taken and phonenumbers.is_valid_number(
                phonenumbers.parse(f"+{cc}{nsn}")):
            taken.add(cc + nsn)
            return Number(cc, nsn, trunk, groups)


def _grouped(nsn: str, groups: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for g in groups:
        if i >= len(nsn):
            break
        out.append(nsn[i:i + g])
        i += g
    if i < len(nsn):
        out[-1] += nsn[i:]
    return sep.join(out)


def write(rng: random.Random, n: Number, domestic: bool, ext: str = "") -> str:
    """The number as one person typed it. Domestic numbers are mostly national form;
    foreign ones mostly international (they had to be dialled from abroad)."""
    national = rng.random() < (0.65 if domestic else 0.05)
    sep = rng.choice((" ", " ", "-", ".", "")) if rng.random() < 0.9 else " "
    if national:
        if n.cc == "1" and rng.random() < 0.5:
            s = f"({n.nsn[:3]}) {n.nsn[3:6]}-{n.nsn[6:]}"
        else:
            s = n.trunk + _grouped(n.nsn, n.groups, sep)
    else:
        style = rng.random()
        if style < 0.35:
            s = f"+{n.cc}{n.nsn}"
        elif style < 0.8:
            s = f"+{n.cc} " + _grouped(n.nsn, n.groups, sep)
        elif style < 0.9 and n.trunk:
            s = f"+{n.cc} ({n.trunk}){_grouped(n.nsn, n.groups, ' ')}"
        elif n.cc == "1":
            s = f"1-{n.nsn[:3]}-{n.nsn[3:6]}-{n.nsn[6:]}"
        else:
            s = f"00{n.cc} " + _grouped(n.nsn, n.groups, sep)
    if ext:
        s += rng.choice((f" x{ext}", f" ext. {ext}", f" ext {ext}", f", ext. {ext}"))
    return s
