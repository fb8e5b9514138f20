"""Person names: display forms without decoration, and ASCII match keys.

The structured fields every format carries (given/family from LinkedIn, Google, Outlook, vCard
N) come first; the exporter's full name is parsed only when both are empty. Parsing is plain
vectorised regex work, run on distinct values (see :func:`pipeline.normalize.on_unique`).

CJK names written without a space: a Chinese name of two to four Han characters and a Korean
one of three or four Hangul syllables are split after the family name (`王小明` -> 王 + 小明;
the rule and its exceptions, Japanese books among them, in pipeline.normalize.cjk_names); any
other (`山田太郎`, `はなこ`) is kept whole in the family part. With a space (`王 小明`) the first
token is taken as the family name, CJK order. Display order for CJK-only names is family +
given, no space.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipeline.normalize import EMOJI, INVISIBLE, fold_series, on_unique
from pipeline.normalize.cjk_names import family_length, japanese_family_length
from pipeline.normalize.emails import ADDRESS_AS_TEXT
from pipeline.normalize.mojibake import repairing, unmangled
from pipeline.normalize.name_patterns import (
    BARE_TAIL,
    CAPS_TAIL,
    CJK_ONLY,
    CRED_TAIL,
    EDGE_JUNK,
    GENERATION_ABBREVIATED,
    MARKED_TAIL,
    NAME_SYMBOLS,
    NAME_TAIL,
    ONLY_HONORIFIC,
    PATRONYMIC_LAST,
    PLUS_ONE_OF,
    PREFIXES,
    PRIVATE_USE,
    PRONOUNS,
    QUOTED_ASIDE,
    REPEATED_NAN,
    STYLED_LETTERS,
    THAI_TITLES,
    WESTERN,
)
from pipeline.normalize.script_keys import script_key


def _null_if_empty(e: pl.Expr) -> pl.Expr:
    """Null unless a letter or digit is left: "?", ".", "…", "★" (a phone's contact saved
    under a mark, to sort it first or to say "unknown") name no one, so the card falls back to
    the organisation, e-mail or phone, not a card titled "?". Every cleaner ends here, after
    its last cut, so a cleaned name cleans to itself."""
    return pl.when(e.str.contains(r"[\p{L}\p{N}]")).then(e).otherwise(None)


def _untitled(e: pl.Expr) -> pl.Expr:
    """Honorifics before a name cut: "Dr. Ann" -> "Ann", "นายบุญส่ง" -> "บุญส่ง"."""
    return e.str.replace(PREFIXES, "").str.replace(THAI_TITLES, "${1}")


def _tidy(e: pl.Expr) -> pl.Expr:
    return e.str.replace_all(r"\s+", " ").str.strip_chars(EDGE_JUNK)


def strip_decoration(e: pl.Expr) -> pl.Expr:
    """NFC (NFKC for styled letters); emoji and other symbols, invisible characters, pronouns,
    quotes and bracketed asides removed.

    `john smith (Acme Inc.)` -> `john smith`; an unclosed `(` drops the rest of the value.
    A linear chain: safe to use as an expression anywhere.
    """
    # styled letters shown as typed would reach a greeting; only such values take NFKC, so
    # nothing else a compatibility mapping touches (full-width forms, ligatures) changes
    e = pl.when(e.str.contains(STYLED_LETTERS)).then(e.str.normalize("NFKC")).otherwise(e)
    e = e.str.normalize("NFC").str.replace(MARKED_TAIL, "")
    e = e.str.replace_all(EMOJI, " ").str.replace_all(NAME_SYMBOLS, " ")
    e = e.str.replace_all(PRIVATE_USE, " ")
    e = e.str.replace_all(INVISIBLE, "")
    # edge junk goes first: "_she/her" hides its pronouns from the word boundary, and the
    # tidy at the end would expose them to a second cleaning (not idempotent)
    # a quoted nickname after a name ('Robert "Bob" Smith', LinkedIn's and Outlook's way) is an
    # aside like a bracketed one: kept, "Bob" was a middle name and "robert bob" a given key;
    # a quoted name with nothing before it ('"Bob" Smith') is the name, its quotes dropped
    e = _tidy(e).str.replace_all(PRONOUNS, " ").str.replace_all(QUOTED_ASIDE, "${1} ")
    e = e.str.replace_all(r"[\"“”„«»]", "")
    # "nan nan": the empty cells of a table pandas wrote out as text, joined into a name (a
    # 5,394-card iPhone book, 356 of its names: "تامر nan nan nan", docs/realworld14.md A5);
    # one lowercase "nan" may be a name (Nan), a repeated one is not
    e = e.str.replace_all(REPEATED_NAN, " ")
    for _ in range(2):  # one level of nesting: "Jane (Acme (EU))"
        e = e.str.replace_all(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}", " ")
    e = e.str.replace_all(r"[(\[{].*$", "").str.replace_all(r"[)\]}]", " ")
    # a sort prefix typed in front of a name to order a phone book ("1-Budi", "02. Sari":
    # docs/realworld10.md, A1); last, so that nothing it uncovers is left for a second cleaning
    e = _tidy(e).str.replace(r"^(?:[0-9]{1,3}\s*[-.]\s*)+(\p{L})", "${1}")
    # a party size after a guest's name ("Thomas +2", "Ann Lee + 1": an RSVP list,
    # docs/realworld17.md): one or two digits after a word, never a number typed as a name
    e = e.str.replace(r"(\p{L}[\p{L}.'’]*)(?:\s*\+\s*[0-9]{1,2})+$", "${1}")
    # NFC again: removing a control character can join a letter and a combining mark
    # ("A\x1f\u0300" -> "A\u0300"), which NFC then composes; cleaning stays idempotent.
    return _tidy(e).str.normalize("NFC")


_V = pl.col("v")

# A value strip_decoration leaves as it is: ASCII letters in words joined by one space, hyphen
# or apostrophe (no edge to tidy, nothing NFC changes, no bracket, quote, pronoun pair, emoji,
# invisible character or sort prefix). Most distinct names; the ~15 passes run on the rest.
_PLAIN = r"^[A-Za-z]+(?:[ '-][A-Za-z]+)*$"


def _decorated(values: pl.Series) -> pl.DataFrame:
    """strip_decoration of `values` as frame column v."""
    todo = (~values.str.contains(_PLAIN).fill_null(False)
            | values.str.contains(REPEATED_NAN).fill_null(False)).arg_true()
    if todo.len() == 0:
        return values.to_frame("v")
    if todo.len() == values.len():
        return values.to_frame("v").select(v=strip_decoration(_V))
    stripped = values.gather(todo).to_frame("v").select(v=strip_decoration(_V)).to_series()
    return values.clone().scatter(todo, stripped).to_frame("v")  # never the caller's Series


def _cut_credential_tail(frame: pl.DataFrame, *, always: bool) -> pl.DataFrame:
    """Column v without a credential tail after its first comma (any tail when `always`)."""
    frame = frame.with_columns(
        head=_V.str.extract(r"^([^,]*),"), tail=_V.str.extract(r"^[^,]*,\s*(.*)$")
    )
    tail, head = pl.col("tail"), pl.col("head")
    if always:
        cut = head.is_not_null()
    else:
        cut = head.is_not_null() & (
            tail.str.contains(CRED_TAIL)
            | (tail.str.contains(CAPS_TAIL) & head.str.contains(r"\p{Ll}"))
        )
    return frame.select(v=_tidy(pl.when(cut).then(head).otherwise(_V)))


def _plain_family(values: pl.Series) -> pl.Series:
    # a generation typed after the family name ("MENSAH JNR", "Baker Jr.") is the suffix, cut
    # as from a full name (generation_of still reads it from the raw field for the display);
    # cut before the credential tail too, or "X MBA . Jr." keeps a tail a second cleaning cuts
    cut_generation = _tidy(_V.str.replace(GENERATION_ABBREVIATED, ""))
    frame = _decorated(values).with_columns(v=cut_generation)
    frame = _cut_credential_tail(frame, always=True)
    frame = frame.with_columns(v=_tidy(_V.str.replace(BARE_TAIL, "")))
    return frame.select(_null_if_empty(cut_generation)).to_series()


def _plain_given(values: pl.Series) -> pl.Series:
    # honorifics go before the credential tail is judged: cut after them, "Dr. ,0,MA" would
    # keep "0,MA" (its tail judged beside "Dr. ") for a second cleaning to cut (not idempotent)
    frame = _decorated(values).select(v=_tidy(_untitled(_V)))
    frame = _cut_credential_tail(frame, always=False)
    return frame.select(_null_if_empty(_V)).to_series()


def _plain_other(values: pl.Series) -> pl.Series:
    return _decorated(values).select(_null_if_empty(_V)).to_series()


_clean_family = repairing(_plain_family)
_clean_given = repairing(_plain_given)
_clean_other = repairing(_plain_other)


def clean_family(e: pl.Expr) -> pl.Expr:
    """Display form of a family-name field: `Smith, MBA` -> `Smith`, `Doe PhD` -> `Doe`."""
    return on_unique(e, _clean_family, pl.String)


def clean_given(e: pl.Expr) -> pl.Expr:
    """Display form of a given-name field: honorific prefixes (`Dr.`, `Ms`) dropped."""
    return on_unique(e, _clean_given, pl.String)


def clean_other(e: pl.Expr) -> pl.Expr:
    """Display form of a middle name or nickname: decoration removed only."""
    return on_unique(e, _clean_other, pl.String)


CLEAN_KEY = pl.Struct({"clean": pl.String, "key": pl.String})


# A whole e-mail address in a name slot (emails.ADDRESS_AS_TEXT) is no name: shown as one it
# would stand in for the person's given name, and its key would match names.


# A '?' between letters is a letter the file's code page could not hold (Outlook's cp1252 CSV
# writes "Y?ld?z" for Yıldız, "Koz?owska" for Kozłowska: docs/gen5.md F2): one lost letter,
# not a word break. Folded as a space it split the key ("y ld z"), far from "yildiz".
_LOST_LETTER = r"(\p{L})\?+(\p{L})"


def _lost_letters_joined(values: pl.Series) -> pl.Series:
    # twice: a match consumes the letter after it, so "a?b?c" needs a second pass
    return values.str.replace_all(_LOST_LETTER, "${1}${2}").str.replace_all(
        _LOST_LETTER, "${1}${2}")


def _with_key(clean: Callable[[pl.Series], pl.Series], no_key: str | None = None,
              family: bool = False) -> Callable[[pl.Series], pl.Series]:
    """`no_key`: a pattern of cleaned values that keep their display form but get no key.
    `family`: a family name (keyed by script_keys' family tables).
    A value that is an e-mail address gets neither (the address stays in the raw field).
    The display form keeps a code page's '?'; the key joins the letters around it."""
    def run(values: pl.Series) -> pl.Series:
        cleaned = clean(values)
        cleaned = cleaned.set(cleaned.str.contains(ADDRESS_AS_TEXT).fill_null(False), None)
        key = script_key(cleaned, fold_series(_lost_letters_joined(cleaned)), family)
        # a name has a letter: "9818962667" or "007" typed as a name is no name to match on
        key = key.set(~cleaned.str.contains(r"\p{L}").fill_null(True), None)
        if no_key is not None:
            key = key.set(cleaned.str.contains(no_key).fill_null(False), None)
        return pl.DataFrame({"clean": cleaned, "key": key}).to_struct("parts")

    return run


def given_parts(e: pl.Expr) -> pl.Expr:
    """Struct(clean, key): :func:`clean_given` and its folded key, in one distinct-value pass."""
    return on_unique(e, _with_key(_clean_given, ONLY_HONORIFIC), CLEAN_KEY)


def family_parts(e: pl.Expr) -> pl.Expr:
    """Struct(clean, key): :func:`clean_family` and its folded key, in one distinct-value pass."""
    return on_unique(e, _with_key(_clean_family, family=True), CLEAN_KEY)


PARTS = pl.Struct({
    "given": pl.String, "middle": pl.String, "family": pl.String, "clean": pl.String,
    "given_key": pl.String, "family_key": pl.String,
})


def not_a_name(e: pl.Expr) -> pl.Expr:
    """A value that is no person's name: no letter in it (a number, punctuation) or an "@"
    (an e-mail address)."""
    return ~e.str.contains(r"\p{L}") | e.str.contains("@")


def parse_full_name_series(values: pl.Series, split_cjk: bool = True) -> pl.DataFrame:
    """Free-text full names -> frame(given, middle, family, clean, given_key, family_key).

    Display forms, and the folded keys of given and family. `clean` is the whole name with
    decoration removed (the display fallback when the value is not a name). Handles `Last, First`, prefixes, credential and generational suffixes,
    particles (`Jan van der Berg`), CJK order and a trailing company in parentheses. Values
    that are not names (an e-mail address, a phone number) give null given/middle/family.
    `split_cjk`: whole Chinese and Korean names split (cjk_names.family_length); in a
    Japanese-written book only at a listed Japanese family name.
    """
    frame = _decorated(unmangled(values)).with_columns(clean=_null_if_empty(_V))
    frame = _cut_credential_tail(frame, always=False).with_columns(frame["clean"])
    frame = frame.with_columns(v=_tidy(_untitled(_V.str.replace(BARE_TAIL, ""))))
    frame = frame.with_columns(v=_tidy(_V.str.replace(NAME_TAIL, "${1}")))
    frame = frame.with_columns(
        kind=pl.when(not_a_name(_V) | _V.str.contains(PLUS_ONE_OF)).then(pl.lit("none"))
        .when(_V.str.contains(CJK_ONLY)).then(pl.lit("cjk"))
        .when(_V.str.contains(PATRONYMIC_LAST)).then(pl.lit("patronymic_last"))
        .when(_V.str.contains(",")).then(pl.lit("last_first"))
        .when(~_V.str.contains(r"\s")).then(pl.lit("single"))
        .otherwise(pl.lit("western")),
        western=_V.str.extract_groups(WESTERN),
        # "Smith, John Paul" / "van der Berg, Jan": family before the comma, then given, middle.
        lf_family=_tidy(_V.str.extract(r"^([^,]*),")),
        lf_rest=_tidy(_V.str.replace(r"^[^,]*,", "").str.replace_all(",", " ")),
        # CJK: no space -> all family; with spaces -> first token family, the rest given.
        first=_V.str.extract(r"^(\S+)\s"),
        after_first=_V.str.extract(r"^\S+\s+(.+)$"),
        cut=family_length(_V) if split_cjk else japanese_family_length(_V),
    )
    kind, w = pl.col("kind"), pl.col("western").struct
    rest, cut = pl.col("lf_rest"), pl.col("cut")
    given = (
        pl.when(kind == "cjk").then(pl.coalesce("after_first", _V.str.slice(cut)))
        .when(kind == "last_first").then(rest.str.extract(r"^(\S+)"))
        .when(kind == "patronymic_last").then(_V.str.extract(r"^\S+\s+(\S+)"))
        .when(kind == "single").then(_V)
        .when(kind == "western").then(w.field("given"))
    )
    middle = (
        pl.when(kind == "last_first").then(rest.str.extract(r"^\S+\s+(.+)$"))
        .when(kind == "patronymic_last").then(_V.str.extract(r"(\S+)$"))
        .when(kind == "western").then(w.field("middle"))
    )
    family = (
        pl.when(kind == "cjk").then(pl.coalesce("first", _V.str.slice(0, cut), _V))
        .when(kind == "last_first").then(pl.col("lf_family"))
        .when(kind == "patronymic_last").then(pl.col("first"))
        .when(kind == "western").then(w.field("family"))
    )
    parts = frame.select(
        given=_null_if_empty(_tidy(given)),
        middle=_null_if_empty(_tidy(middle)),
        family=_null_if_empty(_tidy(family)),
        clean=pl.col("clean"),
    )
    return parts.with_columns(
        given_key=script_key(parts["given"], fold_series(parts["given"]), family=False),
        family_key=script_key(parts["family"], fold_series(parts["family"]), family=True),
    )


def parse_full_name(e: pl.Expr, split_cjk: bool = True) -> pl.Expr:
    """Expression form of :func:`parse_full_name_series` (a Struct, see PARTS)."""
    return on_unique(e, lambda d: parse_full_name_series(d, split_cjk).to_struct("parts"), PARTS)


def is_cjk(e: pl.Expr) -> pl.Expr:
    return e.str.contains(CJK_ONLY)


def join_display(given: pl.Expr, middle: pl.Expr, family: pl.Expr) -> pl.Expr:
    """`given middle family`, or `familygiven` when both parts are CJK-only; null when empty.
    CJK additional names are other names (`N:孫;中山;文,逸仙`, RFC 9554): shown 孫中山, as FN is.
    Use with column references (the parts appear twice in the expression)."""
    western = pl.concat_str([given, middle, family], separator=" ", ignore_nulls=True)
    cjk = pl.concat_str([family, given], separator="", ignore_nulls=True)
    cjk_middle = middle.is_null() | is_cjk(middle)
    out = pl.when(is_cjk(given) & is_cjk(family) & cjk_middle).then(cjk).otherwise(western)
    return pl.when(out.str.len_chars() > 0).then(out)


def name_key(given_key: pl.Expr, family_key: pl.Expr) -> pl.Expr:
    """`"given family"` from the folded keys; null when both are null."""
    key = pl.concat_str([given_key, family_key], separator=" ", ignore_nulls=True)
    return pl.when(key.str.len_chars() > 0).then(key)


def _full_name_key(values: pl.Series) -> pl.Series:
    parts = parse_full_name_series(values)
    return parts.select(name_key(pl.col("given_key"), pl.col("family_key"))).to_series()


def full_name_key(full_name: pl.Expr) -> pl.Expr:
    """The name key of a free-text full name (interaction counterparts)."""
    return on_unique(full_name, _full_name_key, pl.String)


# An organisation's card: no given, middle or family name and a full name that is the
# organisation (vCard FN = ORG on Apple "company cards" and on a phone card saved under a
# company, or kith's own display fallback to ORG for a card with neither FN nor N; Google's
# `File As` of a company-only contact). docs/formats.md §4.4: ORG is the display name of such a
# card, not a person's name. Parsed as one, "Meng Insurance, Ltd." became given "Ltd", family
# "Meng Insurance": a person nobody is called, whose names disagree with the real ones.
def _folded(e: pl.Expr) -> pl.Expr:
    return e.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def is_organisation_card(full_name: pl.Expr, given: pl.Expr, middle: pl.Expr, family: pl.Expr,
                         organization: pl.Expr, title: pl.Expr) -> pl.Expr:
    """True where the record's only name is its organisation's (see above), or its job title
    beside an organisation (RFC 9554's `FN;DERIVED=TRUE:Research Scientist` = TITLE, no N)."""
    empty = [p.fill_null("").str.strip_chars() == "" for p in (given, middle, family)]
    has_org = organization.fill_null("").str.strip_chars() != ""
    same = (_folded(full_name) == _folded(organization)).fill_null(False) | (
        has_org & (_folded(full_name) == _folded(title))).fill_null(False)
    return (empty[0] & empty[1] & empty[2] & same).fill_null(False)


# A name whose N (or family-name column) gives the family name alone, beside a full name. Das
# Telefonbuch's vCards (the German phone directory's download, read by Tine 2.0's importer) put
# the family name in N and the given name in FN: `N:Spahn` + `FN:Michael`; and a full name that
# is more and the same family name (`N:Lindqvist;;;;` + `FN:Hanna Lindqvist`, `N:王` + `FN:王小明`)
# is the whole name. Read from the structured fields alone, both were shown by the family name
# and the given name was in no key (docs/realworld25.md).
def beside_lone_family(given_unwritten: pl.Expr, family_key: pl.Expr,
                       parsed: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(the full name is the whole name, the full name is the given name) for records with no
    given or middle name written and a family name; `parsed` is the full name's PARTS."""
    given, full_family = parsed.struct.field("given_key"), parsed.struct.field("family_key")
    lone = given_unwritten & family_key.is_not_null() & given.is_not_null()
    whole = (lone & (full_family == family_key)).fill_null(False)
    # a given name holds no digit: a test card's `FN:αβγ1αβγ1…` beside its N is no given name
    given_only = (lone & full_family.is_null() & (given != family_key)
                  & ~parsed.struct.field("given").str.contains(r"\d")).fill_null(False)
    return whole, given_only


def whole_name_in_one_slot(given_clean: pl.Expr, family_clean: pl.Expr,
                           parsed: pl.Expr) -> pl.Expr:
    """A name written whole (no space) in one name field, the other empty, that is the full
    name and that the full name's rule splits: a phone's `N:이지은;;;;` or `N:;이지은;;;` beside
    `FN:이지은` (script34). Read as the full name is (이 + 지은, keys lee / jieun), not kept as
    one word ("ijieun"). Three characters at least: two Han characters alone are as often a
    given name alone (大輔, 敏娜: gen5's first-name cards) as a whole name; and in the given
    field only Hangul (a Korean given name is two syllables; a Japanese one may be three kanji,
    由美子). A Latin one-word name never splits, so it stays as it was."""
    one = pl.coalesce(family_clean, given_clean)
    alone = given_clean.is_null() | family_clean.is_null()
    slot = pl.when(family_clean.is_null()).then(one.str.contains(r"^\p{Hangul}+$"))
    split = (parsed.struct.field("given_key").is_not_null()
             & parsed.struct.field("family_key").is_not_null())
    return (alone & slot.otherwise(True) & (one.str.len_chars() >= 3)
            & ~one.str.contains(r"\s") & (one == parsed.struct.field("clean")) & split
            ).fill_null(False)
