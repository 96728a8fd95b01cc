"""Benchmarks: `python -m bench.run` prints the core figures and writes bench/results.json."""
