"""Synthetic registries and the benchmark runner (`make bench`)."""
