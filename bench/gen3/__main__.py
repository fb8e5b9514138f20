"""`python -m bench.gen3 --people N --seed S --out DIR [--truth FILE] [--people-truth FILE]`

Writes four exports into DIR and the truth beside it (DIR_truth.parquet unless --truth says
otherwise; never inside DIR, which holds only what kith should read). The flags match
pipeline.synth's, so bench/quality.py can run it like the other generators.
"""

from __future__ import annotations

from bench.generator_cli import main as cli

from .book import generate


def main(argv: list[str] | None = None) -> None:
    cli(generate, "python -m bench.gen3", __doc__, argv)


if __name__ == "__main__":
    main()
