"""Phone numbers through phonenumbers: which keys are valid numbers and their E.164, the
regions a national number may be read in, and the pool of processes the parsing runs in
(pipeline.normalize.phones builds the keys and puts the lists back together).

phonenumbers is exact but slow (pure Python, ~30k parse + is_valid_number per second), so
:func:`parse_keys` takes only distinct pre-keys, with shortcuts that cannot change its answer,
and :class:`ParseJob` runs it in a 2-process pool from POOL_MIN keys on.
"""

from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import phonenumbers
from phonenumbers.phonenumberutil import _choose_formatting_pattern_for_number

from pipeline.startup import main_module_hidden, spawn_pool

POOL_MIN = 50_000  # phone values; below this the pool's start-up (~0.5 s) does not pay
POOL_WORKERS = 2
CHUNK = 20_000
_E164 = phonenumbers.PhoneNumberFormat.E164
_RUNS = ("0123456789", "9876543210")
SECOND_MIN_DIGITS = 7
SLICE = 16  # keys read between two checks of a bounded count (valid_in's `above`)


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


def writes_prefix(key: str, region: str) -> bool:
    """Whether `region` writes this national number with its trunk prefix, and not as an
    option: Germany writes `0177 7777777` and Nigeria `0803 123 4567`; China writes its mobiles
    without it (`137 0200 1000`) and India's is optional (`98201 20000`). A number such a region
    always writes with its 0 cannot be one of its numbers that lost it when it is written as a
    North American number (phones.NANP_WRITTEN). phonenumbers' own choice of format for the
    number decides (a private helper of the pinned 9.0.43, as the library formats with it)."""
    prefix = _written_prefix(region)
    try:
        number = phonenumbers.parse(key, region)
    except phonenumbers.NumberParseException:
        return False
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if not prefix or not "".join(ch for ch in written if ch.isdigit()).startswith(prefix):
        return False
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    pattern = _choose_formatting_pattern_for_number(
        metadata.number_format, phonenumbers.national_significant_number(number))
    return not (pattern is not None and pattern.national_prefix_optional_when_formatting)


# Numbers a person has: a second reading must not take one another region of the book reads
# as such. Premium-rate, toll-free, shared-cost, UAN and pager numbers are nobody's own (India's
# `098450 12345` is a UK premium-rate number too), so they make no rival reading.
PERSONAL = frozenset({
    phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE, phonenumbers.PhoneNumberType.VOIP,
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER})


def personal_elsewhere(key: str, second: str, rivals: tuple[str, ...]) -> bool:
    """Whether a national pre-key is, read as `rivals`' numbers are (:func:`national_in`), a
    valid personal number (PERSONAL) in one of them: the rival regions of a second reading in
    `second` (region.RegionChoice.rivals), the other regions the book's `+` numbers name. Such
    a number is ambiguous and the second reading leaves it as written: a UK mobile
    `07997 648750` is a valid Indian mobile too, and in a book naming GB, NG and IN that reads
    its other national numbers as Indian, `+91 79976 48750` is a number nobody has.
    A rival's fixed line does not contest `second`'s mobile: mobile ranges are narrow, fixed
    plans wide (Germany's reads most numbers after a 0, Brazil's most Indian mobiles written
    without it), and on such readings a +49 friend left a Nigerian book's mobiles unread
    (tests/test_phone_region_files.py, docs/phone35.md)."""
    if not rivals:
        return False
    own = _personal_type(key, second)
    for rival in rivals:
        kind = _personal_type(key, rival) if national_in(key, rival) else None
        if kind is not None and not (own in _MOBILE and kind == _FIXED):
            return True
    return False


_FIXED = phonenumbers.PhoneNumberType.FIXED_LINE


def _personal_type(key: str, region: str) -> int | None:
    """The PERSONAL type of the key read in `region`, None when it is no valid such number."""
    try:
        number = phonenumbers.parse(key, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    kind = phonenumbers.number_type(number)
    return kind if kind in PERSONAL else None


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


def valid_in(keys: list[str], region: str, above: int | None = None,
             decided: bool = False) -> int:
    """How many of `keys` a second reading in `region` makes valid: those :func:`national_in`
    lets it read and :func:`parse_keys` calls valid (region.infer's vote).

    With `above`, the reading stops once the count is known to be at most `above` (it can
    no longer pass it: the count returned is then some number <= `above`), and with `decided`
    also once it has passed it (some number > `above`): a vote asks only "more than `above`?"
    and a region that cannot beat the best so far is not read to the end. The keys are read
    in slices of SLICE; every key read is read as without `above` (one parse per key and
    region is nearly all of an inference's cost: ~26,000 at 100k people, ~1 CPU-s)."""
    if above is None:
        return sum(e is not None for e in parse_keys([k for k in keys if national_in(k, region)],
                                                     region))
    valid = 0
    for start in range(0, len(keys), SLICE):
        if valid + len(keys) - start <= above or (decided and valid > above):
            break
        part = keys[start:start + SLICE]
        eligible = [k for k in part if national_in(k, region)]
        valid += sum(e is not None for e in parse_keys(eligible, region))
    return valid


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


def without_doubled_code(keys: list[str]) -> list[str | None]:
    """Per international pre-key phonenumbers calls invalid: the E.164 it is with its country
    code, written twice, taken once (`+880 880 1812-345678`: a Bangladeshi book of 2026 holds
    three, docs/realworld16.md R2: an app put `+880` before numbers that had it already), or
    None. Only when the number is invalid as written and valid once the repeat is gone; the
    digits are the number's own, none is added."""
    out: list[str | None] = []
    for key in keys:
        found = None
        try:
            cc = str(phonenumbers.parse(key, None).country_code)
        except phonenumbers.NumberParseException:
            cc = ""
        rest = key[1 + len(cc):]
        if cc and key.startswith("+" + cc) and rest.startswith(cc) and len(rest) > 2 * len(cc):
            found = parse_keys(["+" + rest], "US")[0]
        out.append(found)
    return out
