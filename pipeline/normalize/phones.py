"""Phone numbers: E.164 via phonenumbers, only for numbers it calls valid.

phonenumbers is exact but slow (pure Python; measured ~26-30k parse+validate per second here,
less for invalid NANPA numbers, which it tries against all 25 +1 regions). So:

1. a cheap vectorised *pre-key* per value: `tel:` prefix and extension split off, formatting
   and letters dropped, a leading `+` (or `00`) kept -> `(415) 555-0134` and `415.555.0134`
   both become `4155550134`;
2. phonenumbers runs once per distinct pre-key (in a 2-process pool above POOL_MIN keys);
3. results are joined back with `replace_strict`.

phonenumbers' own `format_number` happily returns `+102079460958` for a UK number parsed with
region US, so only numbers with `is_valid_number` true get an E.164; the rest go, as written,
to `phones_invalid`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import phonenumbers
import polars as pl

POOL_MIN = 50_000  # distinct keys; below this the pool's start-up (~0.5 s) does not pay
POOL_WORKERS = 2
CHUNK = 20_000

# Extension or post-dial digits after the number: "x123", "ext. 123", "extension 123",
# ";ext=102" (RFC 3966), "#123", and pause/wait characters "p"/"w"/","/";" (dial strings).
_EXT = (
    r"^(?P<main>.*?\d[\d\s().\-/+]*?)\s*"
    r"(?:;?\s*ext(?:ension)?\s*[.:=]?|x\.?|#|[pw,;]+)\s*(?P<ext>\d+)(?:\D.*)?$"
)
# Vanity numbers ("1-800-FLOWERS"): letters right after a hyphen, nothing but letters, digits
# and hyphens after them. Letters elsewhere ("mobile: 555 0134") are labels and are dropped.
_VANITY = r"^\+?[\d\s().\-/]*\d[\d\s().\-/]*-[a-z]{2,}[a-z\d\-]*$"
_KEYPAD = {c: str(d) for d, letters in enumerate(
    ["", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"]) for c in letters}


def _split(value: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """-> (number part, extension digits or "") of one trimmed, lower-case value."""
    value = value.str.replace(r"^(?:tel|callto|phone):\s*", "")
    groups = value.str.extract_groups(_EXT)
    main = pl.coalesce(groups.struct.field("main"), value)
    ext = pl.coalesce(groups.struct.field("ext"), pl.lit(""))
    return main, ext


def _prekey(main: pl.Expr) -> pl.Expr:
    """Number part -> `+digits` when it is international (`+`, `00`), else `digits`."""
    vanity = main.str.contains(_VANITY)
    main = pl.when(vanity).then(
        main.str.replace_many(list(_KEYPAD), list(_KEYPAD.values()))
    ).otherwise(main)
    digits = main.str.replace_all(r"\D", "")
    plus = main.str.contains(r"^[^\d+]*\+")
    return (
        pl.when(plus).then("+" + digits)
        .when(digits.str.starts_with("00")).then("+" + digits.str.slice(2))
        .otherwise(digits)
    )


_E164 = phonenumbers.PhoneNumberFormat.E164


def parse_keys(keys: list[str], region: str) -> list[str | None]:
    """E.164 for each pre-key, or None when phonenumbers does not call it valid.

    Top-level (picklable) so that a spawned worker can run it.
    """
    out: list[str | None] = []
    for key in keys:
        try:
            number = phonenumbers.parse(key, region)
        except phonenumbers.NumberParseException:
            out.append(None)
            continue
        valid = phonenumbers.is_valid_number(number)
        out.append(phonenumbers.format_number(number, _E164) if valid else None)
    return out


def _parse_chunk(args: tuple[list[str], str]) -> list[str | None]:
    return parse_keys(*args)


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Spawned workers normally re-import the parent's __main__ script; a script that calls
    the pipeline at top level without an `if __name__ == "__main__"` guard would then run
    again in every worker. The workers only need this module, so while they start, __main__
    has no file or spec for multiprocessing to re-import. Restored right after."""
    main = sys.modules.get("__main__")
    saved = {a: getattr(main, a) for a in ("__file__", "__spec__") if hasattr(main, a)}
    try:
        if "__file__" in saved:
            del main.__file__
        if "__spec__" in saved:
            main.__spec__ = None
        yield
    finally:
        for attr, value in saved.items():
            setattr(main, attr, value)


def parse_unique(keys: list[str], region: str) -> list[str | None]:
    """:func:`parse_keys` over distinct keys, in a 2-process pool when there are many."""
    if len(keys) < POOL_MIN or multiprocessing.current_process().daemon:
        return parse_keys(keys, region)  # daemonic pool workers may not have children
    chunks = [(keys[i : i + CHUNK], region) for i in range(0, len(keys), CHUNK)]
    try:
        # spawn, not fork: forking a process that runs polars' thread pool can deadlock.
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(POOL_WORKERS, mp_context=ctx) as pool:
            with _main_module_hidden():
                futures = [pool.submit(_parse_chunk, c) for c in chunks]
            return [e164 for f in futures for e164 in f.result()]
    except (OSError, RuntimeError):  # no processes allowed here, or a worker died
        return parse_keys(keys, region)


_PHONE = pl.Struct({"key": pl.String, "ext": pl.String, "raw": pl.String})
PHONES = pl.Struct(
    {"phones_e164": pl.List(pl.String), "phone_extensions": pl.List(pl.String),
     "phones_invalid": pl.List(pl.String)}
)


def _split_all(phones: pl.Series) -> pl.Series:
    """List[String] -> List[Struct{key, ext, raw}], empty values dropped."""
    raw = pl.element().str.strip_chars()
    main, ext = _split(raw.str.to_lowercase())
    return phones.to_frame("p").select(
        pl.col("p").list.eval(
            pl.struct(key=_prekey(main), ext=ext, raw=raw).filter(raw.str.len_chars() > 0)
        )
    ).to_series()


def normalize_phones(phones: pl.Series, region: str) -> pl.Series:
    """List[String] of raw phones -> Struct{phones_e164, phone_extensions, phones_invalid}.

    E.164 numbers are de-duplicated (with their extension) in order; `phone_extensions[i]`
    belongs to `phones_e164[i]` and is "" when there is none.
    """
    split = _split_all(phones)
    keys = split.explode(empty_as_null=False, keep_nulls=False).struct.field("key")
    distinct = keys.filter(keys.str.len_chars() > 0).unique().sort()
    e164 = pl.Series(parse_unique(distinct.to_list(), region), dtype=pl.String)
    el = pl.element()
    # Pair each value's E.164 with its extension in one string to de-duplicate the pairs.
    pair = el.struct.field("key").replace_strict(distinct, e164, default=None) + "\x1f" + (
        el.struct.field("ext")
    )
    frame = split.to_frame("s").select(
        pairs=pl.col("s").list.eval(pair.drop_nulls().unique(maintain_order=True)),
        phones_invalid=pl.col("s").list.eval(
            el.struct.field("raw")
            .filter(el.struct.field("key").replace_strict(distinct, e164, default=None).is_null())
            .unique(maintain_order=True)
        ),
    )
    return frame.select(
        phones_e164=pl.col("pairs").list.eval(el.str.extract(r"^([^\x1f]*)")),
        phone_extensions=pl.col("pairs").list.eval(el.str.extract(r"\x1f(.*)$")),
        phones_invalid=pl.col("phones_invalid"),
    ).to_struct(phones.name)


def phones(expr: pl.Expr, region: str = "US") -> pl.Expr:
    """Expression form of :func:`normalize_phones` (a Struct; unnest it)."""
    return expr.map_batches(lambda s: normalize_phones(s, region), return_dtype=PHONES)
