"""Phone numbers: E.164 via phonenumbers, only for numbers it calls valid.

phonenumbers is exact but slow: pure Python, measured here at ~67k parses and ~30k
parse + is_valid_number per second (less for invalid +1 numbers, which it tries against all 25
NANPA regions); ~40k/s with the exact shortcuts of :func:`phone_parse.parse_keys`. So:

1. a cheap vectorised *pre-key* per value: `tel:` prefix and extension split off, formatting
   and letters dropped, a leading `+` (or `00`) kept -> `(415) 555-0134` and `415.555.0134`
   both become `4155550134`;
2. plain +1 numbers valid in the US plan and valid `+CC` numbers are settled column-wise with
   phonenumbers' own patterns (:mod:`pipeline.normalize.nanp`, :mod:`pipeline.normalize.intl`,
   exact); phonenumbers runs once per other
   distinct pre-key (:mod:`pipeline.normalize.phone_parse`: in a 2-process pool from
   POOL_MIN keys on, importing while the caller goes on with the other columns);
3. results are joined back (a left join on the pre-key) and the lists rebuilt per row.

phonenumbers' own `format_number` happily returns `+102079460958` for a UK number parsed with
region US, so only numbers with `is_valid_number` true get an E.164; the rest go, as written,
to `phones_invalid`.
"""

from __future__ import annotations

import phonenumbers
import polars as pl

from pipeline.normalize import distinct_apply, explode_rows, implode_rows, intl, nanp
from pipeline.normalize.phone_parse import (
    ParseJob,
    national_in,
    parse_unique,
    personal_elsewhere,
    without_doubled_code,
    without_plus,
    writes_prefix,
)
from pipeline.normalize.phone_split import split_several

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
# A number written as North America writes one with its country code: `1-777-777-7777`,
# `1 (777) 777-7777`, `1.777.777.7777`. Its 1 is the code of +1, so a region that always writes
# its own numbers with a trunk 0 (writes_prefix) does not read it as one of its mobiles that
# lost the 0: beside a German card, Apple's test card's `1-777-777-7777` became
# +49 177 77777777 (docs/realworld37.md). China's mobiles written so by an Android phone in a
# US locale (`1-370-200-1000`, docs/realworld9.md V2) are China's own way, without a 0, and
# still read there.
NANP_WRITTEN = r"^1(?:\s*[.\-]\s*\(?|\s+\(?|\s*\()\d{3}\)?[\s.\-]*\d{3}[\s.\-]*\d{4}$"
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


PHONES = pl.Struct(
    {"phones_e164": pl.List(pl.String), "phone_extensions": pl.List(pl.String),
     "phones_invalid": pl.List(pl.String)}
)


class PhoneJob:
    """:func:`normalize_phones` in two halves: pre-keys now and parsing started in the
    background; :meth:`result` waits and assembles the lists. A context manager, so the
    worker processes are shut down even when the caller fails in between."""

    def __init__(self, phones: pl.Series, region: str = "US", second: str | None = None,
                 rivals: tuple[str, ...] = ()) -> None:
        """`second`: the region national numbers `region` calls invalid are read in next
        (pipeline.normalize.region), or None. A first region other than the US with a second
        reading (the book's numbers are mostly that region's, and US numbers are the rest)
        reads only the national numbers written as its own (:func:`national_in`): India's
        plan calls three in four valid US numbers valid too. `rivals`: the other regions the
        book's `+` numbers name (region.RegionChoice.rivals); the second reading leaves a
        number that is a personal number in one of them as written (:func:`personal_elsewhere`)."""
        self.n = phones.len()
        self.second = second
        self.rivals = rivals
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
        # the keys of values written as +1 numbers (NANP_WRITTEN), for _national
        written = self.table.filter(pl.col("raw").str.contains(NANP_WRITTEN))["key"]
        self.nanp = frozenset(written.drop_nulls())
        if second is not None and region != "US":
            own = pl.Series([k.startswith("+") or self._national(k, region) for k in rest],
                            dtype=pl.Boolean)
            rest, self.unread = rest.filter(own), rest.filter(~own)
        elif self.nanp and phonenumbers.country_code_for_region(region) != 1:
            own = pl.Series([self._national(k, region, only_nanp=True) for k in rest],
                            dtype=pl.Boolean)
            rest, self.unread = rest.filter(own), rest.filter(~own)
        self.keys = rest
        self.job = ParseJob(region, self.keys.len()).submit(self.keys.to_list())

    def _national(self, key: str, region: str, only_nanp: bool = False) -> bool:
        """Whether `region` may read the national `key` as its own: written as its numbers are
        (national_in; with `only_nanp`, any key), and not a +1 number's digits (NANP_WRITTEN)
        that the region could read only as one of its numbers without its 0."""
        if key.startswith("+"):
            return True
        if not only_nanp and not national_in(key, region):
            return False
        return key not in self.nanp or not writes_prefix(key, region)

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
        rest = _doubled_code_reading(_plus_reading(rest))
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
        placeholders (see :func:`plausible_national`), nor numbers a rival region reads as
        someone's (:func:`personal_elsewhere`): those are ambiguous and stay as written."""
        miss = rest.filter(pl.col("e164").is_null() & ~pl.col("key").str.starts_with("+"))
        miss = miss.filter(pl.Series([self._national(k, self.second) for k in miss["key"]],
                                     dtype=pl.Boolean))
        if miss.height == 0:
            return rest
        found = parse_unique(miss["key"].to_list(), self.second)  # closes its pool
        if self.rivals:  # only the numbers read here need the rivals' parses
            found = [None if e is not None and personal_elsewhere(k, self.second, self.rivals)
                     else e for k, e in zip(miss["key"], found, strict=True)]
        second = miss.select("key").with_columns(e164=pl.Series(found, dtype=pl.String))
        return rest.update(second, on="key", how="left")


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


def _doubled_code_reading(rest: pl.DataFrame) -> pl.DataFrame:
    """The international keys still invalid read by :func:`without_doubled_code`."""
    miss = rest.filter(pl.col("e164").is_null() & pl.col("key").str.starts_with("+"))
    found = without_doubled_code(miss["key"].to_list())
    if not any(found):
        return rest
    once = miss.select("key").with_columns(e164=pl.Series(found, dtype=pl.String))
    return rest.update(once, on="key", how="left")


class PhoneJobApart:
    """:class:`PhoneJob` for several owners' numbers in one column, each owner's read its own
    way: `scope` (one value a row) picks the row's (region, second, rivals) in `readings`. The rows of
    one reading are one PhoneJob; :meth:`result` gives every row, in row order, what a
    PhoneJob over its owner's numbers alone gives it (a row's numbers depend on its own values
    and readings only). A kith batch normalises a group of owners this way
    (pipeline/batch/group.py)."""

    def __init__(self, phones: pl.Series, scope: pl.Series,
                 readings: list[tuple[str, str | None, tuple[str, ...]]]) -> None:
        scopes: dict[tuple[str, str | None, tuple[str, ...]], list[int]] = {}
        for i, reading in enumerate(readings):
            scopes.setdefault(reading, []).append(i)
        self.parts: list[tuple[pl.Series, PhoneJob]] = []
        try:
            for (region, second, rivals), owners in scopes.items():
                rows = scope.is_in(owners).arg_true()
                if rows.len():
                    self.parts.append((rows, PhoneJob(phones.gather(rows), region, second,
                                                      rivals)))
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


def spreadsheet_numbers(phones_invalid: pl.Series) -> int:
    """How many of the numbers not read are a spreadsheet's scientific notation
    ("4.15555E+09"): their digits were lost when the export was saved, so the run log says
    so and how to get them back (export again; do not save the file from Excel)."""
    values = phones_invalid.explode(empty_as_null=False, keep_nulls=False)
    return int(values.str.to_lowercase().str.strip_chars().str.contains(_SCIENTIFIC).sum())

