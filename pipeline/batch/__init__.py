"""`kith batch`: one kith run per owner, for thousands of owners, on this machine or on Spark.

    from pipeline.batch import run_batch
    report = run_batch(Path("owners"), Path("batch-out"), engine="local", as_of=date(2025, 12, 1))

OWNERS_DIR/<owner_id>/ holds one owner's exports (any layout `kith run` accepts) and optionally
their own kith.toml. Every owner is processed by `pipeline.run.run` exactly as `kith run` would
process them alone; the batch adds the layout below and a manifest (see pipeline/batch/layout.py
for the owner rules and pipeline/batch/driver.py for skipping and failures):

    DIR/<table>/owner_id=<id>/part-0.parquet   people, records, networks, targets, interactions,
                                               rejects, files (hive-partitioned by owner_id)
    DIR/worksheets/<id>/                       the owner's worksheets
    DIR/warm_paths.parquet                     target -> owner -> contact, for opted-in owners
    DIR/manifest.json                          the batch: owners ok / unchanged / failed, figures
    DIR/owners/<id>/out/                       the owner's own kith output folder (state, runs)
"""

from pipeline.batch.driver import BatchError, run_batch
from pipeline.batch.layout import TABLES, scan

__all__ = ["BatchError", "TABLES", "run_batch", "scan"]
