"""Regions whose national numbers are one plan: a region the book's `+` numbers name also names
these as regions to try for its national numbers (region.infer).

A French wedding list from La Réunion (docs/realworld17.md, W9) wrote 29 numbers as
`+262 692 …` and 33 as metropolitan `06 …`/`07 …` without a country code: RE was the only region
named, those 33 are not valid there, and kith read none of them, although one dials them from
Saint-Denis exactly as written. The overseas departments and collectivities are in France's
own ten-digit plan (ARCEP's plan: `0262`/`0692` Réunion, `0269`/`0639` Mayotte, `0590`/`0690`
Guadeloupe, Saint-Barthélemy and Saint-Martin, `0596`/`0696` Martinique, `0594`/`0694` Guiana,
`0508` Saint-Pierre-et-Miquelon), dialled nationally from metropolitan France and back.

Which region a national number belongs to is phonenumbers' word (its metadata: `0692 …` is
valid in RE and YT, not in FR; `06 12 …` in FR and not in RE): this module only widens the
regions tried, and region.infer's vote decides among them as for a named region. Two kinds
of companions:

- regions that share the named region's country calling code, from phonenumbers' metadata
  (`+262`: RE and YT; `+590`: GP, BL, MF; `+44`: GB, GG, IM, JE; `+7`: RU, KZ). The NANP
  (`+1`) is left out: every national number is read as a US number first already;
- France's plan, whose regions have calling codes of their own. phonenumbers' metadata does
  not link them (each is its own territory with its own code), so the plan is written here
  once, as regions; which numbers are whose stays the metadata's.

Companions are tried after every named region, so a named region that reads as many numbers
keeps them (region.infer takes a later region only when it reads more).
"""

from __future__ import annotations

import phonenumbers

NANP = 1
# France's national plan (ARCEP): metropolitan France and the overseas regions dialled from it
# with a 0 and nine digits, no international prefix
FRENCH_PLAN = ("FR", "RE", "YT", "GP", "BL", "MF", "MQ", "GF", "PM")


def companions(named: list[str]) -> list[str]:
    """The regions sharing a national plan with one of `named` and not in it, in the order of
    `named` (each region's companions sorted): the regions to try after the named ones."""
    seen = set(named)
    out = []
    for region in named:
        for other in _plan(region):
            if other not in seen:
                seen.add(other)
                out.append(other)
    return out


def _plan(region: str) -> list[str]:
    code = phonenumbers.country_code_for_region(region)
    same_code = [] if code in (0, NANP) else list(phonenumbers.region_codes_for_country_code(code))
    french = list(FRENCH_PLAN) if region in FRENCH_PLAN else []
    return sorted(set(same_code + french) - {region, "001"})
