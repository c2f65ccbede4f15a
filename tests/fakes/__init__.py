"""Tests of the loopback fakes themselves (the fakes live in the top-level ``fakes`` package)."""
