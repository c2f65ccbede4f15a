"""The progress bar every line-by-line command shows: on stderr, and only for a person to see."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any


def progress_bar(lines: Iterable[Any], *, enabled: bool = True) -> Any:
    """``lines`` wrapped in a tqdm bar on stderr (a context manager that iterates them).

    Off when ``enabled`` is False or stderr is not a terminal, so pipes, CI logs and tests get no
    bar characters mixed into their output.
    """
    from tqdm import tqdm

    return tqdm(
        lines, unit=" lines", file=sys.stderr, disable=not (enabled and sys.stderr.isatty())
    )
