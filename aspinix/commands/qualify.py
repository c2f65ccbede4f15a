"""``aspinix qualify``: JSON Lines conversations in, one line of facts and lead score out per line.

Lines stream through one at a time (constant memory, however large the file); a malformed line gives
an error line in its place, a note on stderr, and the run goes on. Exit code: 0 when every line was
qualified, 1 when some line was not, 2 when the run could not start (unreadable input, unwritable
output, invalid rubric).
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import ExitStack
from typing import IO

from agent.extractor import OfflineExtractor
from agent.facts import RubricError, load_rubric
from agent.qualify import qualify_lines
from aspinix.commands.progress import progress_bar
from aspinix.startup import StartupError, report_startup_error

logger = logging.getLogger(__name__)
STDIN = "-"


def run_qualify(path: str, output: str | None, rubric_path: str | None, show_progress: bool) -> int:
    """Qualify every conversation in ``path`` (``-`` for stdin) into ``output`` (None: stdout)."""
    try:
        rubric = load_rubric(rubric_path)
    except RubricError as exc:
        return report_startup_error(StartupError(str(exc)))
    with ExitStack() as files:
        try:
            source: IO[bytes] = (
                sys.stdin.buffer if path == STDIN else files.enter_context(open(path, "rb"))
            )
            sink: IO[str] = (
                sys.stdout
                if output is None
                else files.enter_context(open(output, "w", encoding="utf-8"))
            )
        except OSError as exc:
            return report_startup_error(StartupError(f"cannot open {exc.filename}: {exc.strerror}"))
        conversations = failures = 0
        lines = files.enter_context(progress_bar(source, enabled=show_progress))
        for result in qualify_lines(lines, OfflineExtractor(), rubric):
            conversations += 1
            if "error" in result:
                failures += 1
                print(f"aspinix qualify: {result['error']}", file=sys.stderr)
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        sink.flush()
    logger.info("qualify finished", extra={"conversations": conversations, "failed": failures})
    return 1 if failures else 0
