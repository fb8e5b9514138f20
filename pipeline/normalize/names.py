"""Person names: display forms without decoration, and ASCII match keys.

The structured fields every format carries (given/family from LinkedIn, Google, Outlook, vCard
N) come first; the exporter's full name is parsed only when both are empty. Parsing is plain
vectorised regex work, run on distinct values (see :func:`pipeline.normalize.on_unique_expr`).

CJK names written without a space (`王小明`, `山田太郎`) are kept whole in the family part: the
split point is ambiguous (Japanese family names are often two characters, Korean ones one) and
the whole string still keys and displays correctly. With a space (`王 小明`) the first token is
taken as the family name, CJK order. Display order for CJK-only names is family + given, no space.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import EMOJI, INVISIBLE, fold_key, on_unique_expr

# "she/her", "(they/them)", "he/him/his": only slash pairs, so no real name can match.
_PRONOUN_WORDS = r"she|her|hers|he|him|his|they|them|theirs|ze|zir|hir|xe|xem|it|its|any|all"
PRONOUNS = rf"(?i)\b(?:{_PRONOUN_WORDS})(?:\s*/\s*(?:{_PRONOUN_WORDS})\b)+"

# Credentials, certifications and generational suffixes seen after a comma in LinkedIn last
# names ("Smith, MBA": 5 % of real rows). Matched case-insensitively, dots optional.
_CREDENTIALS = [
    "mba", "phd", "dphil", "psyd", "edd", "md", "do", "dds", "dmd", "dvm", "jd", "llm", "llb",
    "esq", "cpa", "ca", "cma", "cfa", "cfp", "caia", "frm", "pmp", "pgmp", "capm", "csm", "cspo",
    "psm", "safe", "cissp", "cisa", "cism", "ceh", "oscp", "ccna", "ccnp", "ccie", "itil",
    "shrm-cp", "shrm-scp", "phr", "sphr", "gphr", "cipd", "acca", "fcca", "aca", "fca", "cima",
    "cia", "ea", "pe", "peng", "eit", "aia", "rn", "bsn", "msn", "np", "fnp", "pa-c", "lcsw",
    "lpc", "msw", "ms", "msc", "ma", "meng", "bs", "bsc", "ba", "beng", "bba", "mph", "mpa",
    "mfa", "mha", "facp", "facs", "frcs", "mrcp", "ceng", "miet", "mbcs", "pmi-acp", "cscp",
    "cpim", "cpsm", "gaicd", "chfc", "clu", "fsa", "leed ap", "jr", "sr", "ii", "iii", "iv",
]
# Safe to strip even without a comma ("Jane Doe PhD"); two-letter ones (Ma, Do, Ba) are surnames.
_CREDENTIALS_BARE = [
    "mba", "phd", "dphil", "psyd", "cpa", "pmp", "cfa", "cissp", "esq", "msc", "lcsw", "cfp",
    "shrm-cp", "shrm-scp", "sphr", "acca", "fcca", "cspo", "caia", "peng", "ceng", "cscp", "mph",
    "jr", "sr", "iii",
]


def _dotted(words: list[str]) -> str:
    # "phd" also matches "Ph.D.", "P.h.D"; "peng" matches "P.Eng.".
    alts = sorted(("".join(rf"{c}\.?" if c.isalnum() else rf"\{c}" if c == "-" else r"\s+"
                           for c in w) for w in words), key=len, reverse=True)
    return "(?:" + "|".join(alts) + ")"


_CRED = _dotted(_CREDENTIALS)
# A comma tail made only of credentials: ", MBA", ", PhD, PMP", ", CPA/CFA", ", Jr.".
_CRED_TAIL = rf"(?i)^(?:{_CRED})(?:[\s,/&+]+(?:{_CRED}))*[.\s]*$"
# Same, also accepting any short ALL-CAPS token ("CSCP", "P.ENG"): used only when the head has
# lower-case letters, so "SMITH, JOHN" stays a Last, First name.
_CAPS_TAIL = (
    rf"^(?:(?i:{_CRED})|[A-Z][A-Z0-9.&-]{{1,7}})(?:[\s,/&+]+(?:(?i:{_CRED})|[A-Z][A-Z0-9.&-]{{1,7}}))*[.\s]*$"
)
_BARE_TAIL = rf"(?i)(?:[\s,]+{_dotted(_CREDENTIALS_BARE)})+\.?$"
_PREFIXES = r"(?i)^(?:(?:dr|mr|mrs|ms|miss|mx|prof|sir|dame|rev|hon|herr|frau|mme|mlle)\.?\s+)+"
_PARTICLES = (
    r"(?i:van|von|de|da|del|della|delle|dei|der|den|des|di|du|dos|das|do|la|le|lo|ten|ter|te"
    r"|bin|binti|bint|ibn|ben|al|el|af|zu|st\.?|saint)"
)
# given [middle] family, with the family part taking every particle before the last token.
_WESTERN = (
    rf"^(?P<given>\S+)(?:\s+(?P<middle>.+?))??\s+(?P<family>(?:{_PARTICLES}\s+)*\S+)$"
)
_CJK_CHAR = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]"
_CJK_ONLY = rf"^{_CJK_CHAR}+(?:\s+{_CJK_CHAR}+)*$"
_EDGE_JUNK = " ,;:|/\\-–—·•*_~#+=&"


def _null_if_empty(e: pl.Expr) -> pl.Expr:
    return pl.when(e.str.len_chars() > 0).then(e).otherwise(None)


def _tidy(e: pl.Expr) -> pl.Expr:
    return e.str.replace_all(r"\s+", " ").str.strip_chars(_EDGE_JUNK)


def strip_decoration(e: pl.Expr) -> pl.Expr:
    """NFC; emoji, invisible characters, pronouns, quotes and bracketed asides removed.

    `john smith (Acme Inc.)` -> `john smith`; an unclosed `(` drops the rest of the value.
    """
    e = e.str.normalize("NFC").str.replace_all(EMOJI, " ").str.replace_all(INVISIBLE, "")
    e = e.str.replace_all(PRONOUNS, " ").str.replace_all(r"[\"“”„«»]", "")
    for _ in range(2):  # one level of nesting: "Jane (Acme (EU))"
        e = e.str.replace_all(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}", " ")
    e = e.str.replace_all(r"[(\[{].*$", "").str.replace_all(r"[)\]}]", " ")
    return _tidy(e)


def _cut_credential_tail(e: pl.Expr, *, always: bool) -> pl.Expr:
    """Drop a credential tail after the first comma (any tail at all when `always`)."""
    head = e.str.replace(r"^([^,]*),.*$", "$1")
    tail = e.str.replace(r"^[^,]*,(.*)$", "$1").str.strip_chars()
    has_comma = e.str.contains(",")
    is_cred = tail.str.contains(_CRED_TAIL) | (
        tail.str.contains(_CAPS_TAIL) & head.str.contains(r"\p{Ll}")
    )
    cut = has_comma if always else has_comma & is_cred
    return pl.when(cut).then(head).otherwise(e)


def clean_family(e: pl.Expr) -> pl.Expr:
    """Display form of a family-name field: `Smith, MBA` -> `Smith`, `Doe PhD` -> `Doe`."""
    e = _tidy(_cut_credential_tail(strip_decoration(e), always=True))
    return _null_if_empty(_tidy(e.str.replace(_BARE_TAIL, "")))


def clean_given(e: pl.Expr) -> pl.Expr:
    """Display form of a given-name field: honorific prefixes (`Dr.`, `Ms`) dropped."""
    e = _tidy(_cut_credential_tail(strip_decoration(e), always=False))
    return _null_if_empty(_tidy(e.str.replace(_PREFIXES, "")))


def clean_other(e: pl.Expr) -> pl.Expr:
    """Display form of a middle name or nickname: decoration removed only."""
    return _null_if_empty(strip_decoration(e))


PARTS = pl.Struct({"given": pl.String, "middle": pl.String, "family": pl.String})


def parse_full_name(e: pl.Expr) -> pl.Expr:
    """A free-text full name -> struct(given, middle, family) of display forms.

    Handles `Last, First`, prefixes, credential and generational suffixes, particles
    (`Jan van der Berg`), CJK order and a trailing company in parentheses. Values that are not
    names (an e-mail address, a phone number) give all-null parts.
    """
    e = _tidy(_cut_credential_tail(strip_decoration(e), always=False))
    e = _tidy(e.str.replace(_BARE_TAIL, "").str.replace(_PREFIXES, ""))
    e = _tidy(e.str.replace(r"(?i)(?:,\s*|\s+)(?:jr|sr|ii|iii|iv)\.?$", ""))
    is_name = e.str.contains(r"\p{L}") & ~e.str.contains("@")
    # "Smith, John Paul" / "van der Berg, Jan" -> family before the comma.
    last_first = e.str.contains(",")
    rest = _tidy(e.str.replace(r"^[^,]*,", "").str.replace_all(",", " "))
    lf_family = _tidy(e.str.replace(r"^([^,]*),.*$", "$1"))
    lf_given = rest.str.extract(r"^(\S+)")
    lf_middle = rest.str.extract(r"^\S+\s+(.+)$")
    western = e.str.extract_groups(_WESTERN)
    single = ~e.str.contains(r"\s")
    cjk = e.str.contains(_CJK_ONLY)
    # CJK: no space -> whole string as family; with spaces -> first token family, rest given.
    cjk_family = pl.when(single).then(e).otherwise(e.str.extract(r"^(\S+)"))
    cjk_given = e.str.extract(r"^\S+\s+(.+)$")
    given = (
        pl.when(~is_name).then(None)
        .when(cjk).then(cjk_given)
        .when(last_first).then(lf_given)
        .when(single).then(e)
        .otherwise(western.struct.field("given"))
    )
    middle = (
        pl.when(~is_name | cjk).then(None)
        .when(last_first).then(lf_middle)
        .otherwise(western.struct.field("middle"))
    )
    family = (
        pl.when(~is_name).then(None)
        .when(cjk).then(cjk_family)
        .when(last_first).then(lf_family)
        .when(single).then(None)
        .otherwise(western.struct.field("family"))
    )
    return pl.struct(
        given=_null_if_empty(_tidy(given)),
        middle=_null_if_empty(_tidy(middle)),
        family=_null_if_empty(_tidy(family)),
    )


def is_cjk(e: pl.Expr) -> pl.Expr:
    return e.str.contains(_CJK_ONLY)


def join_display(given: pl.Expr, middle: pl.Expr, family: pl.Expr) -> pl.Expr:
    """`given middle family`, or `familygiven` when both parts are CJK-only; null when empty."""
    western = pl.concat_str([given, middle, family], separator=" ", ignore_nulls=True)
    cjk = pl.concat_str([family, given], separator="", ignore_nulls=True)
    out = pl.when(is_cjk(given) & is_cjk(family) & middle.is_null()).then(cjk).otherwise(western)
    return _null_if_empty(out)


def name_key(given_key: pl.Expr, family_key: pl.Expr) -> pl.Expr:
    """`"given family"` from the folded keys; null when both are null."""
    return _null_if_empty(
        pl.concat_str([given_key, family_key], separator=" ", ignore_nulls=True)
    )


def full_name_key(full_name: pl.Expr) -> pl.Expr:
    """The name key of a free-text full name (interaction counterparts)."""
    parts = on_unique_expr(full_name, parse_full_name, PARTS)
    return name_key(fold_key(parts.struct.field("given")), fold_key(parts.struct.field("family")))
