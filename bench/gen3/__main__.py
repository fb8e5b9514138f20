"""`python -m bench.gen3 (--people N | --records N) --seed S --out DIR [--truth FILE] [--people-truth FILE]`

Writes four exports into DIR and the truth beside it (DIR_truth.parquet unless --truth says
otherwise; never inside DIR, which holds only what kith should read). The flags match
pipeline.synth's, so bench/quality.py can run it like the other generators.
"""

from __future__ import annotations

from bench.generator_cli import main as cli

from .book import generate

# Contact rows per person: 1.88 sources on average (book._sources' 45/30/17/8% of one to four),
# plus second cards and nameless rows; measured 1.92 (191,968 rows of 100,000 people, seed 5)
RECORDS_PER_PERSON = 1.92


def main(argv: list[str] | None = None) -> None:
    cli(generate, "python -m bench.gen3", __doc__, argv, RECORDS_PER_PERSON)


if __name__ == "__main__":
    main()
