"""Phone numbers: E.164 via phonenumbers, only for numbers it calls valid.

phonenumbers is exact but slow: pure Python, measured here at ~67k parses and ~30k
parse + is_valid_number per second (less for invalid +1 numbers, which it tries against all 25
NANPA regions); ~40k/s with the exact shortcuts in :func:`parse_keys`. So:

1. a cheap vectorised *pre-key* per value: `tel:` prefix and extension split off, formatting
   and letters dropped, a leading `+` (or `00`) kept -> `(415) 555-0134` and `415.555.0134`
   both become `4155550134`;
2. plain +1 numbers valid in the US plan and valid `+CC` numbers are settled column-wise with
   phonenumbers' own patterns (:mod:`pipeline.normalize.nanp`, :mod:`pipeline.normalize.intl`,
   exact); phonenumbers runs once per other
   distinct pre-key (in a 2-process pool from POOL_MIN keys on, importing while the caller
   goes on with the other columns);
3. results are joined back (a left join on the pre-key) and the lists rebuilt per row.

phonenumbers' own `format_number` happily returns `+102079460958` for a UK number parsed with
region US, so only numbers with `is_valid_number` true get an E.164; the rest go, as written,
to `phones_invalid`.
"""

from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import phonenumbers
import polars as pl

from pipeline.normalize import distinct_apply, explode_rows, implode_rows, intl, nanp
from pipeline.normalize.phone_split import split_several
from pipeline.startup import main_module_hidden, spawn_pool

POOL_MIN = 50_000  # phone values; below this the pool's start-up (~0.5 s) does not pay
POOL_WORKERS = 2
CHUNK = 20_000

# Extension or post-dial digits after the number: "x123", "ext. 123", "extension 123",
# ";ext=102" (RFC 3966), "#123", and pause/wait characters "p"/"w"/","/";" (dial strings).
_EXT = (
    r"^(?P<main>.*?\d[\d\s().\-/+]*?)\s*"
    r"(?:[;,]?\s*ext(?:ension)?\s*[.:=]?|x\.?|#|[pw,;]+)\s*(?P<ext>\d+)(?:\D.*)?$"
)
# Vanity numbers ("1-800-FLOWERS"): letters right after a hyphen, nothing but letters, digits
# and hyphens after them. Letters elsewhere ("mobile: 555 0134") are labels and are dropped.
_VANITY = r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*-[a-z]{2,}[a-z\d\-]*$"
# A number a spreadsheet re-saved as a float ("9.17795E+11": Google Contacts' CSV opened and
# saved in Excel): its trailing digits are gone, so it is no number at all. Its digits
# ("91779511") must neither be read as one nor vote on the book's region: in a real Indian
# book such values were a third of the national numbers and kept every other one unread.
_SCIENTIFIC = r"^[+-]?\d(?:[.,]\d+)?e[+-]?\d+$"
_KEYPAD = {c: str(d) for d, letters in enumerate(
    ["", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"]) for c in letters}


_V = pl.col("v")


def prekeys(values: pl.Series) -> pl.DataFrame:
    """Raw phone strings -> frame(raw, key, ext): trimmed value, pre-key, extension or "".

    The pre-key is `+digits` for international numbers (a leading `+`, or `00`), else the
    national `digits`; formatting, labels ("Mobile:") and pause characters are gone. A
    spreadsheet's float ("9.17795E+11") has no key: it is kept as written, as invalid.
    """
    frame = values.to_frame("raw").with_columns(raw=pl.col("raw").str.strip_chars())
    frame = frame.with_columns(
        v=pl.col("raw").str.to_lowercase().str.replace(r"^(?:tel|callto|phone):\s*", "")
    )
    # Only values with a letter or a separator can hold an extension; the capture groups of
    # _EXT cost ~2 us a value, so the plain ones skip them.
    v = frame["v"]
    odd = v.str.contains(r"[a-z#,;]").fill_null(False)
    main, ext = v.clone(), pl.Series("ext", [""] * v.len(), dtype=pl.String)
    if odd.any():
        groups = v.filter(odd).to_frame("v").select(
            main=pl.coalesce(_V.str.extract_groups(_EXT).struct.field("main"), _V),
            ext=pl.coalesce(_V.str.extract_groups(_EXT).struct.field("ext"), pl.lit("")),
        )
        at = odd.arg_true()
        main.scatter(at, groups["main"])  # in place, on the clones
        ext.scatter(at, groups["ext"])
    frame = frame.with_columns(v=main, ext=ext)
    frame = frame.with_columns(
        v=pl.when(_V.str.contains(_VANITY))
        .then(_V.str.replace_many(list(_KEYPAD), list(_KEYPAD.values())))
        .otherwise(_V)
    ).with_columns(digits=_V.str.replace_all(r"\D", ""), plus=_V.str.contains(r"^[^\d+]*\+"))
    digits = pl.col("digits")
    return frame.select(
        "raw",
        key=pl.when(pl.col("raw").str.to_lowercase().str.contains(_SCIENTIFIC)).then(None)
        .when("plus").then("+" + digits)
        .when(digits.str.starts_with("00")).then("+" + digits.str.slice(2))
        .otherwise(digits),
        ext="ext",
    )


_E164 = phonenumbers.PhoneNumberFormat.E164
_RUNS = ("0123456789", "9876543210")
SECOND_MIN_DIGITS = 7


def national_in(key: str, region: str) -> bool:
    """A national pre-key written as the region's own numbers are (with its trunk prefix, the
    0 of DE, GB or FR, where the region has one) and not a placeholder: only such keys get a
    second region's reading. `555 555 1111` is no German number, though Germany's plan
    accepts it once a 0 is put in front."""
    if not plausible_national(key):
        return False
    prefix = _written_prefix(region)
    return not prefix or key.startswith(prefix) or _mobile_without_prefix(key, region)


_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _mobile_without_prefix(key: str, region: str) -> bool:
    """A national number written without its region's trunk prefix, as Indians write their
    mobiles (`98330 19416`, not `098330 19416`): read there only when it is a mobile number
    of that region. Mobile ranges are narrow (Germany's are 15x-17x), so `555 555 1111`,
    which Germany's plan accepts as a fixed line, still gets no German reading. A range the
    plan leaves "fixed line or mobile" counts: India's 72x-88x mobiles are such, and passed
    over, 25 of them in a real Indian book (docs/realworld9.md, V5) were read as +1 numbers."""
    try:
        number = phonenumbers.parse(key, region)
    except phonenumbers.NumberParseException:
        return False
    return (phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number) in _MOBILE)


@functools.cache
def _written_prefix(region: str) -> str | None:
    """The trunk prefix people write in front of national numbers (DE, GB, FR, JP: 0), or
    None where the national format leaves it out (BR writes `(11) 96123-4567`)."""
    md = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    prefix = md.national_prefix if md is not None else None
    if not prefix:
        return None
    example = phonenumbers.example_number(region)
    written = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = "".join(ch for ch in written if ch.isdigit())  # AU writes "(02) 1234 5678"
    return prefix if example is not None and digits.startswith(prefix) else None


def plausible_national(key: str) -> bool:
    """A national pre-key worth a second region's reading: 7+ digits, not one digit repeated
    (`22222222`, `0300000000`) and not a run (`12345678`, `087654321`). Germany's plan calls
    such placeholders valid, and a placeholder several cards share must not become a shared
    number."""
    body = key.lstrip("0")
    return (len(key) >= SECOND_MIN_DIGITS and len(set(body)) > 1
            and not any(body in run or body.rstrip("0") in run for run in _RUNS))


def _main_region(country_code: int) -> str | None:
    """The region phonenumbers tries first for a shared country code (US for +1), when
    valid-for-that-region implies valid: it must have no leading-digits pattern, so that
    region_code_for_number picks it as soon as the number's type is known there."""
    regions = phonenumbers.region_codes_for_country_code(country_code)
    if len(regions) < 2:
        return None  # one region: is_valid_number has no region loop to save
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(regions[0], None)
    return regions[0] if metadata is not None and metadata.leading_digits is None else None


def parse_keys(keys: list[str], region: str) -> list[str | None]:
    """E.164 for each pre-key, or None when phonenumbers does not call it valid.

    Exactly `is_valid_number`, with two shortcuts that cannot change its answer:
    * validity and E.164 depend only on the parsed country code and national number, so one
      check serves every key that parses to the same number (`4155550134` and
      `+14155550134` with region US); keys arrive sorted by their last digits, which puts
      those side by side;
    * for +1 numbers is_valid_number first finds the region by testing US, then tests that
      region again; a number valid for US is therefore valid, and only the others take the
      full path (see :func:`_main_region`).
    Top-level (picklable) so that a spawned worker can run it.
    """
    out: list[str | None] = []
    checked: dict[tuple, str | None] = {}
    main_region: dict[int, str | None] = {}
    for key in keys:
        try:
            number = phonenumbers.parse(key, region)
        except phonenumbers.NumberParseException:
            out.append(None)
            continue
        cc = number.country_code
        ident = (cc, number.national_number, number.italian_leading_zero,
                 number.number_of_leading_zeros)
        if ident not in checked:
            if cc not in main_region:
                main_region[cc] = _main_region(cc)
            main = main_region[cc]
            valid = (
                main is not None and phonenumbers.is_valid_number_for_region(number, main)
            ) or phonenumbers.is_valid_number(number)
            checked[ident] = phonenumbers.format_number(number, _E164) if valid else None
        out.append(checked[ident])
    return out


def _parse_chunk(args: tuple[list[str], str]) -> list[str | None]:
    return parse_keys(*args)


def _warm_up(region: str) -> list[str | None]:
    return parse_keys(["+14155550134", "4155550134"], region)  # imports, metadata


class ParseJob:
    """:func:`parse_keys` over distinct keys in a 2-process pool, collected by :meth:`result`.

    The pool starts when `expected` (an upper bound on the number of keys) reaches POOL_MIN,
    so its workers import while the caller is still computing the keys; :meth:`submit` hands
    them the work. Without a pool (few keys, a daemonic pool worker, a sandbox without
    processes) the keys are parsed in-process when the result is asked for.
    """

    def __init__(self, region: str, expected: int) -> None:
        self.region = region
        self.keys: list[str] = []
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list = []
        self._warm: list = []
        if expected < POOL_MIN or multiprocessing.current_process().daemon:
            return
        try:
            self._pool = spawn_pool(POOL_WORKERS)
            with main_module_hidden():  # the workers are spawned by these submits
                self._warm = [self._pool.submit(_warm_up, region) for _ in range(POOL_WORKERS)]
        except (OSError, RuntimeError):
            self.close()

    def submit(self, keys: list[str]) -> ParseJob:
        self.keys = keys
        if self._pool is not None and len(keys) >= POOL_MIN // 10:
            chunks = [(keys[i : i + CHUNK], self.region) for i in range(0, len(keys), CHUNK)]
            try:
                with main_module_hidden():
                    self._futures = [self._pool.submit(_parse_chunk, c) for c in chunks]
            except (OSError, RuntimeError):
                self.close()
        return self

    def result(self) -> list[str | None]:
        try:
            if self._futures:
                return [e164 for f in self._futures for e164 in f.result()]
        except (OSError, RuntimeError):  # BrokenProcessPool is a RuntimeError
            pass
        finally:
            self.close()
        return parse_keys(self.keys, self.region)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._futures = []


def parse_unique(keys: list[str], region: str) -> list[str | None]:
    """:func:`parse_keys` over distinct keys, in a 2-process pool when there are many."""
    return ParseJob(region, len(keys)).submit(keys).result()


PHONES = pl.Struct(
    {"phones_e164": pl.List(pl.String), "phone_extensions": pl.List(pl.String),
     "phones_invalid": pl.List(pl.String)}
)


class PhoneJob:
    """:func:`normalize_phones` in two halves: pre-keys now and parsing started in the
    background; :meth:`result` waits and assembles the lists. A context manager, so the
    worker processes are shut down even when the caller fails in between."""

    def __init__(self, phones: pl.Series, region: str = "US", second: str | None = None
                 ) -> None:
        """`second`: the region national numbers `region` calls invalid are read in next
        (pipeline.normalize.region), or None. A first region other than the US with a second
        reading (the book's numbers are mostly that region's, and US numbers are the rest)
        reads only the national numbers written as its own (:func:`national_in`): India's
        plan calls three in four valid US numbers valid too."""
        self.n = phones.len()
        self.second = second
        self.rows, values = split_several(*explode_rows(phones))
        self.table = distinct_apply(values, prekeys)  # per element: raw, key, ext
        keys = self.table["key"].drop_nulls().unique()
        keys = keys.filter(keys.str.len_chars() > 0)
        # Plain valid +1 numbers and valid +CC numbers are settled column-wise
        # (pipeline.normalize.nanp, pipeline.normalize.intl); the rest
        # go to phonenumbers, sorted by the last digits so that one number's spellings share a
        # chunk (see parse_keys), then by the whole key for a deterministic order.
        known = keys.to_frame("key").with_columns(
            e164=pl.coalesce(nanp.e164_us(keys, region), intl.e164_plus(keys)))
        self.known = known.filter(pl.col("e164").is_not_null())
        rest = known.filter(pl.col("e164").is_null())["key"]
        rest = rest.to_frame("k").sort(pl.col("k").str.slice(-9), "k")["k"]
        self.unread = rest.clear()  # national keys the first region leaves to the second
        if second is not None and region != "US":
            own = pl.Series([k.startswith("+") or national_in(k, region) for k in rest],
                            dtype=pl.Boolean)
            rest, self.unread = rest.filter(own), rest.filter(~own)
        self.keys = rest
        self.job = ParseJob(region, self.keys.len()).submit(self.keys.to_list())

    def __enter__(self) -> PhoneJob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.job.close()

    def result(self) -> pl.DataFrame:
        rest = pl.concat([
            pl.DataFrame({"key": self.keys,
                          "e164": pl.Series(self.job.result(), dtype=pl.String)}),
            pl.DataFrame({"key": self.unread, "e164": pl.Series([None] * self.unread.len(),
                                                                dtype=pl.String)})])
        if self.second is not None:
            rest = self._second_reading(rest)
        rest = _plus_reading(rest)
        parsed = pl.concat([self.known, rest])
        table = self.table.join(parsed, on="key", how="left", maintain_order="left")
        rows, n = self.rows, self.n
        valid = table["e164"].is_not_null()
        pairs = pl.DataFrame({"r": rows, "e": table["e164"], "x": table["ext"]})
        keep = valid & pairs.select(pl.struct("r", "e", "x").is_first_distinct()).to_series()
        invalid = ~valid & (table["raw"].str.len_chars() > 0)
        return pl.DataFrame({
            "phones_e164": implode_rows(rows, table["e164"], n, dedupe=False, keep=keep),
            "phone_extensions": implode_rows(rows, table["ext"], n, dedupe=False, keep=keep),
            "phones_invalid": implode_rows(rows, table["raw"], n, keep=invalid),
        })


    def _second_reading(self, rest: pl.DataFrame) -> pl.DataFrame:
        """The national keys the first region left invalid, parsed in the second; not
        placeholders (see :func:`plausible_national`)."""
        miss = rest.filter(pl.col("e164").is_null() & ~pl.col("key").str.starts_with("+"))
        miss = miss.filter(pl.Series([national_in(k, self.second) for k in miss["key"]],
                                     dtype=pl.Boolean))
        if miss.height == 0:
            return rest
        found = parse_unique(miss["key"].to_list(), self.second)  # closes its pool
        second = miss.select("key").with_columns(e164=pl.Series(found, dtype=pl.String))
        return rest.update(second, on="key", how="left")


# E.164 numbers are at most 15 digits; no region's national numbers reach 11 digits without
# a trunk 0 as often as numbers copied with their country code do.
PLUS_DIGITS = (11, 15)


def without_plus(keys: list[str]) -> list[str | None]:
    """Per national pre-key: the E.164 it is as an international number with its `+` left
    out (`886912345678`, `447911123456`: WhatsApp tools and phone-book apps store numbers so),
    or None: 11-15 digits, no trunk 0, not a placeholder, and valid once the `+` is back."""
    low, high = PLUS_DIGITS
    eligible = [k for k in keys if low <= len(k) <= high and k.isdigit() and k[0] != "0"
                and plausible_national(k)]
    found = dict(zip(eligible, parse_unique(["+" + k for k in eligible], "US"), strict=True))
    return [found.get(k) for k in keys]


def _plus_reading(rest: pl.DataFrame) -> pl.DataFrame:
    """The national keys still invalid read by :func:`without_plus`. The book's own country
    code needs none (phonenumbers reads `919833019416` in an Indian book): this reads the
    others, which were kept as invalid."""
    miss = rest.filter(pl.col("e164").is_null() & ~pl.col("key").str.starts_with("+"))
    found = without_plus(miss["key"].to_list())
    if not any(found):
        return rest
    plus = miss.select("key").with_columns(e164=pl.Series(found, dtype=pl.String))
    return rest.update(plus, on="key", how="left")


class PhoneJobApart:
    """:class:`PhoneJob` for several owners' numbers in one column, each owner's read its own
    way: `scope` (one value a row) picks the row's (region, second) in `readings`. The rows of
    one reading are one PhoneJob; :meth:`result` gives every row, in row order, what a
    PhoneJob over its owner's numbers alone gives it (a row's numbers depend on its own values
    and readings only). A kith batch normalises a group of owners this way
    (pipeline/batch/group.py)."""

    def __init__(self, phones: pl.Series, scope: pl.Series,
                 readings: list[tuple[str, str | None]]) -> None:
        scopes: dict[tuple[str, str | None], list[int]] = {}
        for i, reading in enumerate(readings):
            scopes.setdefault(reading, []).append(i)
        self.parts: list[tuple[pl.Series, PhoneJob]] = []
        try:
            for (region, second), owners in scopes.items():
                rows = scope.is_in(owners).arg_true()
                if rows.len():
                    self.parts.append((rows, PhoneJob(phones.gather(rows), region, second)))
            if not self.parts:  # no rows at all: one job gives the empty frame
                self.parts.append((pl.Series([], dtype=pl.UInt32),
                                   PhoneJob(phones, *(readings[0] if readings else ("US",)))))
        except BaseException:
            self.__exit__()
            raise

    def __enter__(self) -> PhoneJobApart:
        return self

    def __exit__(self, *exc: object) -> None:
        for _rows, job in self.parts:
            job.__exit__()

    def result(self) -> pl.DataFrame:
        frames = [job.result() for _rows, job in self.parts]
        if len(frames) == 1:
            return frames[0]
        order = pl.concat([rows for rows, _job in self.parts])
        return pl.concat(frames).gather(order.arg_sort())


def normalize_phones(phones: pl.Series, region: str = "US") -> pl.DataFrame:
    """List[String] of raw phones -> frame(phones_e164, phone_extensions, phones_invalid).

    E.164 numbers are de-duplicated (with their extension) in order; `phone_extensions[i]`
    belongs to `phones_e164[i]` and is "" when there is none. phones_invalid holds the trimmed
    raw values that did not give a valid number. Empty lists (never null) when there is nothing.
    """
    with PhoneJob(phones, region) as job:
        return job.result()


def phones_struct(phones: pl.Expr, region: str = "US") -> pl.Expr:
    """Expression form of :func:`normalize_phones` (a Struct; unnest it)."""
    return phones.map_batches(
        lambda s: normalize_phones(s, region).to_struct(s.name), return_dtype=PHONES
    )
