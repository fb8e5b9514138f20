"""gen3: a third, independent generator of address-book exports with a truth file, written
blind to kith's own generators and dedupe (issue 12). `python -m bench.gen3 --help`."""
