"""Start-up failures: what a command reports when configuration or a dependency is wrong."""

from __future__ import annotations

import sys


class StartupError(Exception):
    """A command could not start; the message says what to fix."""


def report_startup_error(error: StartupError) -> int:
    """Print a start-up failure for a person and return the exit code (2)."""
    print(f"aspinix: {error}", file=sys.stderr)
    return 2
