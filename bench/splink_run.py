"""Splink 5 on kith's normalised records (runs inside the bench-only virtualenv).

    python bench/splink_run.py RECORDS.parquet CLUSTERS.parquet

Set up as its documentation recommends for deduplication: DuckDB backend, comparisons with
term-frequency adjustments, u by random sampling, m by expectation maximisation on two
blocking rules, prediction with blocking equivalent to kith's, connected-components
clustering at match probability 0.5. Everything after reading the input is timed by the caller.
"""

from __future__ import annotations

import sys

import duckdb
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI


def main(src: str, dst: str) -> None:
    con = duckdb.connect()
    con.execute(f"create table recs as select * from read_parquet('{src}')")
    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            cl.NameComparison("family").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("linkedin"),
            cl.ExactMatch("org").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("city"),
        ],
        # the same kinds of keys as kith's blocking rules
        blocking_rules_to_generate_predictions=[
            block_on("linkedin"), block_on("email"), block_on("phone"),
            block_on("given", "family"), block_on("family", "org"), block_on("given", "org"),
            block_on("dob"), block_on("family", "city"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    df = db_api.register("recs")
    linker = Linker(df, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("linkedin"), block_on("phone")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given", "family"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.5)
    con.execute(f"copy (select record_id, cluster_id from {clusters.physical_name}) "
                f"to '{dst}' (format parquet)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
