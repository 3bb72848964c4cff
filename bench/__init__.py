"""Benchmarks and the digit metric: what the README's measured tables come from."""
