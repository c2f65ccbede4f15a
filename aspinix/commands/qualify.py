"""``aspinix qualify``: JSON Lines conversations in, one line of facts and lead score out per line.

With OPENAI_API_KEY set the configured model reads the facts (pseudonymised, checked at the wire,
one audit entry per run; see ``aspinix.commands.model_run``); without it, or with ``--offline``,
the offline parsers do and nothing leaves the machine. Lines stream through one at a time (constant
memory, however large the file); a malformed line gives an error line in its place, a note on
stderr, and the run goes on. Exit code: 0 when every line was qualified, 1 when some line was not
(or the run's audit entry could not be written), 2 when the run could not start (unreadable input,
unwritable output, invalid rubric, no guardrail or store for a model run).
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import ExitStack
from typing import IO, TYPE_CHECKING

from agent.extractor import FactExtractor, OfflineExtractor
from agent.facts import RubricError, load_rubric
from agent.qualify import qualify_lines
from aspinix.commands.progress import progress_bar
from aspinix.settings import Settings
from aspinix.startup import StartupError, report_startup_error

if TYPE_CHECKING:
    from aspinix.commands.model_run import ModelRun

logger = logging.getLogger(__name__)
STDIN = "-"


def run_qualify(
    settings: Settings,
    path: str,
    output: str | None,
    rubric_path: str | None,
    *,
    show_progress: bool,
    offline: bool,
) -> int:
    """Qualify every conversation in ``path`` (``-`` for stdin) into ``output`` (None: stdout),
    with the configured model unless ``offline`` or no API key is set."""
    try:
        rubric = load_rubric(rubric_path)
        run = None if offline else _model_run(settings)
    except RubricError as exc:
        return report_startup_error(StartupError(str(exc)))
    except StartupError as exc:
        return report_startup_error(exc)
    extractor: FactExtractor = OfflineExtractor() if run is None else run.extractor
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
        if run is not None:
            recipient = run.config.recipient
            print(
                f"aspinix qualify: facts read by {recipient.model} at {recipient.provider}, "
                "pseudonymised (--offline keeps everything on this machine)",
                file=sys.stderr,
            )
        conversations = failures = 0
        try:
            lines = files.enter_context(progress_bar(source, enabled=show_progress))
            for result in qualify_lines(lines, extractor, rubric):
                conversations += 1
                if "error" in result:
                    failures += 1
                    print(f"aspinix qualify: {result['error']}", file=sys.stderr)
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
            sink.flush()
        finally:
            audited = run is None or run.finish()  # one entry however the run ends
    logger.info(
        "qualify finished",
        extra={"conversations": conversations, "failed": failures, "extractor": extractor.name},
    )
    return 1 if failures or not audited else 0


def _model_run(settings: Settings) -> ModelRun | None:
    """The model run when an API key is configured, else None (the offline parsers read)."""
    if settings.openai_api_key is None:
        return None
    # Imported here: LangChain and the guardrail's NLP load only when a model is used.
    from aspinix.commands.assistant import model_config
    from aspinix.commands.model_run import ModelRun

    config = model_config(settings)
    return None if config is None else ModelRun.start(settings, config)
