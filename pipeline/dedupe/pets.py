"""Pet forms of given names the nickname table lacks: "Eddy" for Edward, "Herbie" for
Herbert, "Steffi" for Stefanie. The given level (field_levels) and the given-name conflict
(conflicts) read the same test, so the two agree; a batch group computes its answers ahead
(pets_ahead)."""

from __future__ import annotations

import contextlib
import contextvars

import polars as pl

from pipeline.dedupe.similarity import _all_false, _names_where, unknown_band

# Pet-name endings: "eddy", "herbie", "charley", "steffi" (English -y / -ie / -ey, German and
# Scandinavian -i), the rest of the name the start of the formal one.
PET_ENDINGS = ("ie", "ey", "y", "i")
# The pet form's stem before its ending has at least this many letters ("herb" of "herbie",
# "rich" of "richey"), or one fewer with its last letter doubled ("edd" of "eddy", "add" of
# "addie"): three letters begin too many names ("mari" / "marta", "hari" / "harvey", "eloy" /
# "eloisa" are other people's names), and "jay" / "james", "may" / "mary" share only two.
PET_STEM_MIN = 4
# Jaro-Winkler of a pet form and its formal name is low where the stem's last letter doubles
# ("abby" / "abigail" 0.60, "eddie" / "edgar" 0.60), so pairs in [PET_JW, JW_HIGH) are looked at.
PET_JW = 0.55


def _stems(pet: pl.Expr) -> list[tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]]:
    """Per pet ending: (`pet` ends in it and its stem is long enough, the stem, the stem with
    a doubled last letter undoubled, whether it was doubled)."""
    out = []
    for ending in PET_ENDINGS:
        stem = pet.str.slice(0, pet.str.len_chars() - len(ending))
        doubled = stem.str.slice(-1) == stem.str.slice(-2, 1)
        undoubled = pl.when(doubled).then(
            stem.str.slice(0, stem.str.len_chars() - 1)).otherwise(stem)
        long_enough = (stem.str.len_chars() >= PET_STEM_MIN) \
            | (doubled & (stem.str.len_chars() == PET_STEM_MIN - 1))
        out.append((pet.str.ends_with(ending) & long_enough, stem, undoubled, doubled))
    return out


def pet_shaped(name: pl.Expr) -> pl.Expr:
    """Whether a name can be a pet form of some name: a pet ending after a long enough stem."""
    return pl.any_horizontal([ok for ok, _, _, _ in _stems(name)]).fill_null(False)


def pet_of(pet: pl.Expr, formal: pl.Expr) -> pl.Expr:
    """Whether `pet` is a pet form of `formal`: it ends in a pet ending and what comes before
    (its stem, PET_STEM_MIN letters or more; a doubled last letter undoubled: "edd" -> "ed")
    begins `formal` ("eddy" / "edward", "herbie" / "herbert", "hughie" / "hugh", "norrie" /
    "norman"), and the rest of `formal` is no mere ending of another form of the name: a vowel
    and at most one letter more makes a sister name, not a longer one ("kylie" / "kyle",
    "amelie" / "amelia", "brandi" / "brandon", "ella" / "elli"). Not where `pet` itself begins
    `formal` (a clip, see clipped). Read by the given level and by the given-name conflict, so
    the two agree."""
    def begins(stem: pl.Expr, whole: bool) -> pl.Expr:
        rest = formal.str.slice(stem.str.len_chars())
        longer = (rest.str.len_chars() == 0) if whole else pl.lit(False)
        longer = longer | ((rest.str.len_chars() > 0)
                           & (~rest.str.slice(0, 1).is_in(list("aeiouy"))
                              | (rest.str.len_chars() >= 3)))
        return formal.str.starts_with(stem) & longer

    hit = pl.lit(False)
    for shaped, stem, undoubled, doubled in _stems(pet):
        # the stem whole ("hughie" / "hugh"), or undoubled where the formal name goes on
        # otherwise ("eddy" / "edward"; not "gabrielly" / "gabriel", "isabelly" / "isabelle")
        hit = hit | (shaped & (begins(stem, True) | (doubled & ~formal.str.starts_with(stem)
                                                     & begins(undoubled, False))))
    return (hit & (pet != formal) & ~formal.str.starts_with(pet)).fill_null(False)


def pet_pair(a: pl.Expr, b: pl.Expr, known_a: pl.Expr, known_b: pl.Expr) -> pl.Expr:
    """One given name a pet form of the other, the pet form unknown to the nickname table (a
    table that knows "danny" has said what it stands for, and Danny is not Daniela)."""
    return ((pet_of(a, b) & ~known_a) | (pet_of(b, a) & ~known_b)).fill_null(False)


def pet_names(p: pl.DataFrame, values: pl.Series | None = None) -> pl.Series:
    """pet_pair over the pairs whose given names are apart in spelling (given_jw in [PET_JW,
    JW_HIGH): above, the spelling band credits them) and not both known to the table, by
    pet_hits on those pairs' names. values: the name columns hold codes. The shape is tested
    on the band's names only: tested on the whole dictionary of names, once per chunk of
    pairs, it was ~0.12 of ~0.3 CPU-s a million pairs."""
    band = unknown_band(p, PET_JW)
    out = _all_false("pet", p.height)
    if not band.any():
        return out
    return out.scatter(band.arg_true(), pet_hits(_names_where(p, band, values)))


def pet_hits(rows: pl.DataFrame) -> pl.Series:
    """pet_pair of rows (a, b: given names; ka, kb: known to the table), tested once per
    distinct row, and only where a name the table does not know is pet-shaped."""
    names = pl.concat([rows["a"], rows["b"]]).drop_nulls().unique()
    shaped = names.to_frame("n").filter(pet_shaped(pl.col("n")))["n"].implode()
    mask = rows.select(((pl.col("a").is_in(shaped) & ~pl.col("ka"))
                        | (pl.col("b").is_in(shaped) & ~pl.col("kb"))).fill_null(False)
                       ).to_series()
    out = _all_false("pet", rows.height)
    if not mask.any():
        return out
    sub = rows.filter(mask)
    todo = pet_answers(sub.unique())
    hit = sub.join(todo, on=["a", "b", "ka", "kb"], how="left", maintain_order="left")["hit"]
    return out.scatter(mask.arg_true(), hit)


# pet_pair's answers computed ahead (rows a, b, ka, kb, hit), for a batch group's records at
# once (pipeline/batch/grouped_dedupe.pets_apart): pet_pair is one expression of ~1,500 nodes
# whose planning and evaluation cost ~15 ms a query however few the rows, several times in
# each owner's run. It is a function of the four values alone, so an answer found here is
# the one the test gives; rows not found are tested as before.
PETS_AHEAD: contextvars.ContextVar[pl.DataFrame | None] = contextvars.ContextVar(
    "pets_ahead", default=None)
PET_KEYS = ["a", "b", "ka", "kb"]


@contextlib.contextmanager
def pets_ahead(answers: pl.DataFrame | None):
    """pet_answers finds the rows of `answers` (pet_table's) without testing them again,
    within this block (a dedupe run)."""
    token = PETS_AHEAD.set(answers)
    try:
        yield
    finally:
        PETS_AHEAD.reset(token)


def pet_table(rows: pl.DataFrame) -> pl.DataFrame:
    """Distinct rows (a, b: given names; ka, kb: known to the table) with pet_pair's `hit`."""
    return rows.lazy().with_columns(  # lazy: one plan for the expression's repeated parts
        pet_pair(pl.col("a"), pl.col("b"), pl.col("ka"), pl.col("kb")).alias("hit")).collect()


def pet_answers(todo: pl.DataFrame) -> pl.DataFrame:
    """pet_table(todo), its rows taken from the answers ahead (pets_ahead) where they are."""
    known = PETS_AHEAD.get()
    if known is None or todo.height == 0 \
            or known.select(PET_KEYS).schema != todo.select(PET_KEYS).schema:
        return pet_table(todo)
    found = todo.join(known, on=PET_KEYS, how="inner")
    if found.height == todo.height:
        return found
    rest = todo.join(known, on=PET_KEYS, how="anti")
    return pl.concat([found, pet_table(rest)])
