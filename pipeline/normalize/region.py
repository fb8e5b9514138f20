"""Phone numbers written without a country code, when `default_region = "auto"` (the default).

A UK user's address book holds `07400 123456`; read as a US number it is invalid, so it gives
dedupe no evidence and the worksheets no number to dial. With "auto", every national number
(no `+`, no `00`) is still read as a US number first, and only the numbers US calls invalid
get a second reading in one other region: the region, among those the book's own numbers
written with a country code name (`+44 ...`), under which most of them are valid, when that
is more than half of them (an evenly spaced sample of up to 400 distinct numbers decides).
Numbers shorter than 7 digits (extensions, short codes) and placeholders (`22222222`,
`0300000000`, `12345678`) neither vote nor get the second reading: phonenumbers calls many of
them valid somewhere, and a placeholder several cards share must not become a shared number.

Why a second reading and not a region for the whole book: phonenumbers calls most national
numbers valid in several regions. Germany's plan accepts nearly any number after a 0 and
every ten-digit US number as well, so on the shared corpus (US and German files together) a
book-wide choice of DE turned valid US numbers into German ones. And why only regions the
book names: a vote over every region picked Italy for French numbers and Indonesia for Indian
ones on phonenumbers' own examples. A number valid in both (an Italian mobile,
`312 345 6789`, is a valid NANP number) goes to the side with more numbers only it can
read (:func:`_first_or_second`): an Indian book reads its Indian mobiles that are valid US
numbers too as Indian, an American book with Indian friends keeps them American.

Symmetrically, a few numbers valid in the US in a foreign book that names no region (a
Mexican directory without one `+52`, docs/realworld9.md V7) are no basis for reading national
numbers as American: they are foreign numbers that fit the NANP plan by chance, and none is
read (:func:`_unread`).

The choice depends on the set of distinct phone values alone (not their order or count), so
the same inputs give the same readings. It costs at most a few thousand phonenumbers parses.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
import polars as pl

from pipeline.normalize import nanp, region_hint, script_region, shared_plans
from pipeline.normalize.phone_parse import (
    parse_keys,
    plausible_national,
    without_plus,
)
from pipeline.normalize.phone_parse import valid_in as _valid_second
from pipeline.normalize.phone_split import split_values
from pipeline.normalize.phones import prekeys

AUTO = "auto"
FIRST = "US"
NONE = "ZZ"  # phonenumbers' unknown region: no national number is read in it
US_LOCAL = 7  # digits of a US number without its area code: an old book's local numbers
MIN_DIGITS = 7
SAMPLE = 400  # national numbers in the vote; it is about a majority, not a count
HOME_REGIONS = 3  # the book's most frequent `+` regions a number without `+` may be national in
FEW = 10  # a second region is chosen only when 1 in FEW sampled numbers or more need one
RAW_SAMPLE = 4_000  # distinct raw values pre-keyed to find that many national numbers


@dataclass(frozen=True)
class RegionChoice:
    region: str  # every national number is read here first
    second: str | None  # ... and, if invalid there, here
    reason: str  # counts and region codes, never a phone number
    inferred: bool  # False: kith.toml names the region
    doubtful: bool = False  # most numbers are valid nowhere kith may look: ask for the setting
    rivals: tuple[str, ...] = ()  # the book's other `+` regions: phone_parse.personal_elsewhere

    @property
    def key(self) -> str:
        """What the normalised numbers depend on: 'US', or 'US>GB' with a second reading,
        'US>IN/GB,NG' with its rivals."""
        rivals = f"/{','.join(self.rivals)}" if self.rivals else ""
        return self.region if self.second is None else f"{self.region}>{self.second}{rivals}"

    @property
    def reading(self) -> tuple[str, str | None, tuple[str, ...]]:
        """(region, second, rivals): what phones.PhoneJob reads the numbers with."""
        return self.region, self.second, self.rivals


def _evenly(values: pl.Series, n: int) -> pl.Series:
    """At most n of the sorted distinct values, evenly spaced: a sample that depends on the
    set of values only."""
    values = values.unique().sort()
    if values.len() <= n:
        return values
    step = values.len() / n
    return values.gather([int(i * step) for i in range(n)])


def _keys(phones: pl.Series) -> pl.Series:
    """Pre-keys of a sample of the distinct raw phone strings (a List[String] column)."""
    return _raw_keys(phones.explode())


def _raw_keys(raw: pl.Series) -> pl.Series:
    """Pre-keys of a sample of the distinct raw phone strings (a String column)."""
    raw = split_values(raw.drop_nulls()).str.strip_chars()
    raw = raw.filter(raw.str.len_chars() > 0)
    return prekeys(_evenly(raw, RAW_SAMPLE))["key"].drop_nulls().unique().sort()


def _named_regions(international: pl.Series) -> list[str]:
    """Regions of the numbers written with a country code, the most frequent first."""
    counts: dict[str, int] = {}
    for key in _evenly(international, SAMPLE).to_list():
        try:
            cc = phonenumbers.parse(key, None).country_code
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_country_code(cc)
        if region not in ("ZZ", "001", FIRST):
            counts[region] = counts.get(region, 0) + 1
    return [r for r, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _home_number(key: str, e164: str, home: list[str]) -> bool:
    """Whether `key`, read as `e164` without its `+`, is rather a national number of one of the
    book's own regions (`home`): valid there, while `e164`'s country is none of them."""
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return False
    return region not in home and any(_valid_second([key], r) for r in home)


def _invalid_in_first(keys: list[str]) -> list[str]:
    """The keys phonenumbers calls invalid in FIRST, in their order; those nanp's exact
    shortcut settles as valid (most, in a North American book) skip phonenumbers."""
    settled = nanp.e164_us(pl.Series(keys, dtype=pl.String), FIRST).is_not_null().to_list()
    rest = [k for k, ok in zip(keys, settled, strict=True) if not ok]
    return [k for k, e in zip(rest, parse_keys(rest, FIRST), strict=True) if e is None]


def _national(keys: pl.Series) -> pl.Series:
    """The national pre-keys among `keys` that vote: 7+ digits, no placeholder."""
    national = keys.filter(~keys.str.starts_with("+") & (keys.str.len_chars() >= MIN_DIGITS))
    return national.filter(pl.Series([plausible_national(k) for k in national],
                                     dtype=pl.Boolean))


def infer(phones: pl.Series, keys: pl.Series | None = None,
          named_by: pl.Series | None = None, scripts: tuple[str, ...] = (),
          name_rows: pl.DataFrame | None = None) -> RegionChoice:
    """US first, and the second reading for the numbers US calls invalid, from the raw phone
    lists of every contact (`keys`: their _keys, when the caller has them already).
    `named_by`: pre-keys whose numbers written with a country code name the regions to try,
    when not only these contacts' own (a folder's, :func:`choose_apart`). `scripts`: regions
    the script of the book's names names (script_region.script_regions), tried after those.
    `name_rows`: the contacts' script_region.row_regions, for the hint when kith must ask."""
    keys = _keys(phones) if keys is None else keys
    named_by = keys if named_by is None else named_by
    sample = _evenly(_national(keys), SAMPLE).to_list()
    invalid = _invalid_in_first(sample)
    # international numbers written without their `+` are read as such (phone_parse.without_plus),
    # whatever the region: they are no national numbers to vote with; but not one that is a
    # valid national number of a region the book's own `+` numbers name, when its `+` reading
    # is another country's (a Brazilian book's `(66) 99222-1146`, area code 66, was Thai)
    home = _named_regions(named_by.filter(named_by.str.starts_with("+")))[:HOME_REGIONS]
    abroad = {k for k, e in zip(invalid, without_plus(invalid), strict=True)
              if e is not None and not _home_number(k, e, home)}
    if abroad:
        sample = [k for k in sample if k not in abroad]
        invalid = [k for k in invalid if k not in abroad]
    if not invalid:
        return RegionChoice(FIRST, None, f"all {len(sample)} sampled numbers without a "
                            f"country code are valid in {FIRST}", True)
    if len(invalid) * FEW < len(sample):
        # A few foreign numbers in a US book (a London office, a Berlin mobile, a Beijing
        # one) are no basis for a region: China's and Germany's plans accept London's
        # `020 7946 0958`, and on such a handful the vote went to whichever plan is widest.
        return RegionChoice(FIRST, None, f"{len(sample) - len(invalid)} of {len(sample)} "
                            f"sampled numbers without a country code are valid in {FIRST}; "
                            f"the other {len(invalid)} are too few to choose a region for",
                            True)
    best, best_valid = None, 0
    # the numbers written with a country code, `+` or not, name the regions to try
    written = pl.concat([named_by.filter(named_by.str.starts_with("+")),
                         pl.Series([f"+{k}" for k in sorted(abroad)], dtype=pl.String)])
    named = _named_regions(written)
    # then the regions of a named one's national plan (+262's Réunion names France's plan)
    plan = shared_plans.companions(named)
    tried = named + plan
    # a script of several countries names the one of them that alone reads most numbers
    half = len(invalid) // 2  # "most of them": more than half
    scripts = script_region.choose_in_group(
        scripts, lambda r: _valid_second(invalid, r, half, decided=True) > half)
    for region in tried + [r for r in scripts if r not in tried and r != FIRST]:
        valid = _valid_second(invalid, region, best_valid)  # exact when it beats the best
        if valid > best_valid:
            best, best_valid = region, valid
    m = len(invalid)
    if best is not None and 2 * best_valid > m:
        why = ("a region of the numbers written with one" if best in named
               else "in the national plan of a region the numbers written with one name"
               if best in plan
               else "the country whose script most of the book's names are written in")
        return _first_or_second(sample, invalid, best, best_valid, why, named)
    # (with none valid in the US, the US reading reads nothing either: the choice stays "US")
    if 0 < (len(sample) - m) * FEW < len(sample) and \
            2 * sum(len(k) > US_LOCAL for k in invalid) > len(sample):
        return _unread(len(sample), m, invalid, name_rows)
    doubtful = 2 * m > len(sample)
    doubt = region_hint.ask(invalid, name_rows) if doubtful else ""
    return RegionChoice(FIRST, None, f"{len(sample) - m} of {len(sample)} sampled numbers "
                        f"without a country code are valid in {FIRST} and no region the "
                        f"book's numbers with a country code name fits the rest{doubt}", True,
                        doubtful)


def _unread(n: int, m: int, invalid: list[str], name_rows: pl.DataFrame | None) -> RegionChoice:
    """No region for national numbers: most of them are longer than a US local number and not
    valid in the US, no region the book names reads them, and fewer than 1 in FEW are valid
    in the US. Those few are then foreign numbers that happen to fit the NANP plan (a Mexico
    City number often does), not American ones: reading them as +1 invented numbers nobody
    has. NONE makes phonenumbers read no national number; those written with a country code
    are still read. (More than a few valid US numbers may be a US book's, in a folder with a
    foreign one: the readings are book-wide, so they keep the US reading.)"""
    return RegionChoice(NONE, None, f"{n - m} of {n} sampled numbers without a country code "
                        f"are valid in {FIRST}, most are not and no region the book's numbers "
                        f"with a country code name fits them, so none is read as a {FIRST} "
                        f"number{region_hint.ask(invalid, name_rows)}", True, True)


def _first_or_second(sample: list[str], invalid: list[str], best: str, best_valid: int,
                     why: str, named: list[str]) -> RegionChoice:
    """US first and `best` second; or, when `best`'s own numbers outnumber the US's, `best`
    first (its own numbers only, phones.PhoneJob) and US second. A number valid in both (43%
    of Indian mobiles are valid US numbers) goes to the side with more numbers only it can
    read: in an Indian book, those valid in India alone; in an American book with Indian
    friends, those valid in the US alone. Every other region `named` is a rival of the second
    reading (RegionChoice.rivals; not only the HOME_REGIONS first: gen6's CRM file names NG
    fifth, and its `0803 123 4567` mobiles were read as Indian, docs/phone35.md)."""
    m = len(invalid)
    rivals = tuple(sorted(r for r in named if r not in (best, FIRST)))
    also = f"; those {', '.join(rivals)} read too stay as written" if rivals else ""
    said = (f"{best_valid} of the {m} sampled numbers without a country code that are not "
            f"valid in {FIRST} are valid in {best}, {why}")
    invalid_set = set(invalid)
    valid_first = [k for k in sample if k not in invalid_set]
    # exact when best_valid > first_only (the only case the count is said), at most
    # len(valid_first) - best_valid otherwise
    both = _valid_second(valid_first, best, max(0, len(valid_first) - best_valid))
    first_only = len(valid_first) - both
    if both and best_valid > first_only:
        return RegionChoice(best, FIRST, f"{said}; more than the {first_only} valid in "
                            f"{FIRST} alone, so numbers valid in both read as {best}{also}",
                            True, rivals=rivals)
    return RegionChoice(FIRST, best, said + also, True, rivals=rivals)


def choose(setting: str, phones: pl.Series) -> RegionChoice:
    """The readings for this run: kith.toml's `default_region`, or inferred for "auto"."""
    if setting.lower() != AUTO:
        return RegionChoice(setting.upper(), None, "default_region in kith.toml", False)
    return infer(phones)


# Distinct national numbers (7+ digits, no placeholder) a file needs for a reading of its own;
# a file with fewer takes the folder's. The inference is a vote of ratios (a second region only
# when 1 in FEW numbers needs one, then a majority of those valid in it): on 20 numbers no
# single number tips it (two must fail in the US, and two agree on the region), and 20 is the
# smallest real phone book read so far (docs/realworld9.md, V1: 20 distinct national numbers).
# A LinkedIn file (no numbers) or a CSV with a handful keeps the folder's reading, which its
# few numbers helped choose.
FILE_MIN = 20


@dataclass(frozen=True)
class Readings:
    """A run's readings of national numbers: the folder's choice, and the files (source_file)
    whose own numbers choose another (docs/realworld9.md, "Per-file phone region")."""

    folder: RegionChoice
    files: tuple[tuple[str, RegionChoice], ...] = ()  # by path; only those unlike the folder

    @property
    def key(self) -> str:
        return self.folder.key

    def keys(self) -> dict[str, str]:
        """source_file -> RegionChoice.key of the files read their own way."""
        return {path: choice.key for path, choice in self.files}

    def row_keys(self, source_file: pl.Series) -> pl.Series:
        """Each row's reading key: its file's own, else the folder's."""
        return row_keys(source_file, self.key, self.keys())

    def apart(self, source_file: pl.Series
              ) -> tuple[pl.Series, list[tuple[str, str | None, tuple[str, ...]]]] | None:
        """(each row's index into the list, the list of RegionChoice.reading) for
        phones.PhoneJobApart; None when every file takes the folder's reading."""
        if not self.files:
            return None
        readings = [self.folder.reading]
        index = {}
        for path, choice in self.files:
            reading = choice.reading
            if reading not in readings:
                readings.append(reading)
            index[path] = readings.index(reading)
        scope = source_file.replace_strict(index, default=0, return_dtype=pl.UInt32)
        return scope, readings


def row_keys(source_file: pl.Series, folder: str, files: dict[str, str]) -> pl.Series:
    """Each row's reading key (RegionChoice.key): files' own, else `folder`."""
    if not files:
        return pl.repeat(folder, source_file.len(), dtype=pl.String, eager=True)
    return source_file.replace_strict(files, default=folder, return_dtype=pl.String)


def choose_apart(setting: str, contacts: pl.DataFrame) -> Readings:
    """`choose` for the folder's contacts (`phones`, `source_file`), then, for "auto", each
    file with FILE_MIN national numbers or more inferred on its own numbers: fifteen phone
    books of eight countries in one folder are each read as each alone (an explicit setting
    is the user's word for every file)."""
    if setting.lower() != AUTO:
        return Readings(choose(setting, contacts["phones"]))
    every = _keys(contacts["phones"])  # the folder's; they also name the regions to try below
    scripts = script_region.row_regions(contacts)
    folder = infer(contacts["phones"], every, scripts=script_region.named(scripts),
                   name_rows=scripts)
    raw = (contacts.select("source_file", "phones").explode("phones")
           .filter(pl.col("phones").str.strip_chars().str.len_chars() > 0).unique())
    if raw["source_file"].n_unique() < 2:
        # one file's numbers: its choice is the folder's (it depends on the set of numbers)
        return Readings(folder)
    owns = {}
    for (path,), part in sorted(raw.group_by("source_file"), key=lambda g: g[0][0] or ""):
        keys = _raw_keys(part["phones"])
        if path is not None and _national(keys).len() >= FILE_MIN:
            own_names = scripts.filter(pl.col("source_file") == path)
            owns[path] = infer(part["phones"], keys, scripts=script_region.named(own_names),
                               name_rows=own_names)
    apart = [path for path, own in owns.items() if own.key != folder.key]
    if apart:
        # The folder's reading is for the files that take it: a book read its own way must
        # not choose it for them. A Thai book's 300 national numbers (no region named fits
        # them, so it reads none) once chose Germany's wide plan for the folder, on four +49
        # numbers of another file, and a small Nigerian file took that reading: numbers nobody
        # has (docs/realworld15.md, F9). The regions to try are still named by every file.
        rest = raw.filter(~pl.col("source_file").is_in(apart).fill_null(False))
        rest_names = scripts.filter(~pl.col("source_file").is_in(apart).fill_null(False))
        folder = infer(rest["phones"], _raw_keys(rest["phones"]), named_by=every,
                       scripts=script_region.named(rest_names), name_rows=rest_names)
    files = [(path, own) for path, own in owns.items() if own.key != folder.key]
    return Readings(folder, tuple(files))
