"""The ``aspinix`` command. Subcommands import their heavy dependencies only when they run,
so ``aspinix --help`` is instant and ``aspinix redact`` never loads LangChain or torch."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aspinix", description="Privacy-first AI sales assistant."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    redact = commands.add_parser(
        "redact",
        help="redact personal data from JSON Lines {id, text}",
        description='Read JSON Lines {"id": ..., "text": ...} from FILE or stdin; write '
        '{"id", "redacted", "entities"} per line, in order, to stdout.',
    )
    redact.add_argument("file", nargs="?", help="input file (default: stdin)")
    commands.add_parser(
        "demo", help="show a scripted prospect conversation pseudonymised turn by turn"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = _parser().parse_args(argv)
    from aspinix.logs import configure_logging
    from aspinix.settings import Settings

    settings = Settings()
    configure_logging(settings.log_level)
    if args.command == "redact":
        from aspinix.commands.redact import run_redact

        return run_redact(args.file, settings)
    from aspinix.commands.demo import run_demo

    return run_demo(settings)


if __name__ == "__main__":
    sys.exit(main())
