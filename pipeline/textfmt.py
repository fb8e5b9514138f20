"""`fmt`: pl.format's template, built with pl.concat_str.

polars 2.1's `pl.format` panics ("assertion failed: i < self.len()", a PanicException that
stops the whole run) on a column of several chunks of which a filter emptied one: frames
joined, concatenated and then filtered are everyday shapes here (docs/adversarial31.md, P1:
the introductions' offers of a filtered cross join stopped a nightly run). concat_str reads
such columns right, and gives what format gives: the pieces as text, null when any is null.
kith never calls polars' format (ruff bans it: pyproject.toml, flake8-tidy-imports)."""

from __future__ import annotations

import polars as pl

SLOT = "{}"


def fmt(template: str, *args: pl.Expr | pl.Series | str) -> pl.Expr:
    """The text of `template` with each `{}` replaced by the next of `args` (an expression,
    a series or a column's name), as polars' format would give it, under the same name."""
    pieces = template.split(SLOT)
    if len(pieces) - 1 != len(args):
        raise ValueError(f"{template!r} has {len(pieces) - 1} slots for {len(args)} values")
    values = [_expr(a) for a in args]
    exprs: list[pl.Expr] = []
    for i, piece in enumerate(pieces):
        if piece:
            exprs.append(pl.lit(piece))
        if i < len(values):
            exprs.append(values[i])
    out = pl.concat_str(exprs)
    # named as format names it, after its first value (concat_str's first part is the text)
    name = values[0].meta.output_name(raise_if_undetermined=False) if values else None
    return out.alias(name) if name else out


def _expr(value: pl.Expr | pl.Series | str) -> pl.Expr:
    if isinstance(value, str):
        return pl.col(value)
    return pl.lit(value) if isinstance(value, pl.Series) else value
