"""Value formats shared by the exporters: phone numbers as people type them, dates, CSV text."""

from __future__ import annotations

import polars as pl

from pipeline.synth_spec import names as N

_CODE = {c: v[0] for c, v in N.PHONES.items()}


def phone_text(e164: pl.Expr, country: pl.Expr, style: pl.Expr) -> pl.Expr:
    """A number as an address book shows it: E.164, spaced international, or (US) national.

    `country` is the number's country; the owner is in the US, so only US numbers are written
    in national form, as the owner's phone would show them.
    """
    code_len = country.replace_strict(_CODE, return_dtype=pl.String).str.len_chars() + 1
    nsn = e164.str.slice(code_len)
    cc = e164.str.slice(0, code_len)
    spaced = pl.concat_str(cc, pl.lit(" "), nsn.str.slice(0, 3), pl.lit(" "), nsn.str.slice(3))
    us_nat = pl.concat_str(pl.lit("("), nsn.str.slice(0, 3), pl.lit(") "), nsn.str.slice(3, 3),
                           pl.lit("-"), nsn.str.slice(6))
    us_dash = pl.concat_str(nsn.str.slice(0, 3), pl.lit("-"), nsn.str.slice(3, 3), pl.lit("-"),
                            nsn.str.slice(6))
    is_us = e164.str.starts_with("+1")
    return (pl.when(e164.is_null()).then(None)
            .when(style == 0).then(e164)
            .when(is_us & (style == 1)).then(us_nat)
            .when(is_us & (style == 2)).then(us_dash)
            .otherwise(spaced))


def iso_date(d: pl.Expr) -> pl.Expr:
    return d.dt.strftime("%Y-%m-%d")


def csv_text(df: pl.DataFrame, eol: str = "\n", always_quote: bool = False) -> str:
    return df.write_csv(None, line_terminator=eol,
                        quote_style="always" if always_quote else "necessary")
