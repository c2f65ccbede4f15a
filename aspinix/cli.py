"""The ``aspinix`` command. Subcommands import their heavy dependencies only when they run,
so ``aspinix --help`` is instant and ``aspinix redact`` never loads LangChain or torch."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aspinix.settings import Settings


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
    qualify = commands.add_parser(
        "qualify",
        help="extract lead facts and score from JSON Lines conversations",
        description='Read JSON Lines {"id", "messages": [{"from", "text", "ts"}]} from FILE or '
        'stdin; write {"id", "facts", "score", "priority", "reasons", "extractor"} per line, in '
        "order. The configured model reads the facts when OPENAI_API_KEY is set, pseudonymised; "
        "the offline parsers otherwise. Exit code 0 when every line was qualified, 1 when some "
        "line was not, 2 when it cannot start.",
    )
    qualify.add_argument("file", nargs="?", default="-", help="input file, - for stdin (default)")
    qualify.add_argument("--output", help="file to write (default: stdout)")
    qualify.add_argument("--rubric", help="scoring rubric YAML (default: the shipped rubric)")
    qualify.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    qualify.add_argument(
        "--offline", action="store_true", help="the offline parsers only, even with a model set"
    )
    commands.add_parser(
        "demo", help="show a scripted prospect conversation pseudonymised turn by turn"
    )

    db = commands.add_parser("db", help="database schema").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="apply pending migrations (on PostgreSQL, as the table owner)")

    keys = commands.add_parser("keys", help="encryption keys").add_subparsers(
        dest="keys_command", required=True
    )
    keys.add_parser("generate", help="print a new master key for ASPINIX_MASTER_KEY")
    rotate = keys.add_parser("rotate", help="re-wrap every key under the current master key")
    rotate.add_argument(
        "--new-data-keys", action="store_true", help="also start new data keys for new writes"
    )

    consent = commands.add_parser("consent", help="a contact's consent records")
    consent.add_argument("action", choices=["show", "grant", "withdraw"])
    consent.add_argument("contact", help="contact id, e-mail address or phone number")
    consent.add_argument("purpose", nargs="?", help="purpose (for grant and withdraw)")
    consent.add_argument("--channel", default="admin", help="where the consent was given")
    consent.add_argument("--evidence", help="id of the stored message that carries it")

    audit = commands.add_parser("audit", help="the hash-chained audit log").add_subparsers(
        dest="audit_command", required=True
    )
    verify = audit.add_parser("verify", help="verify the chain; name the first bad entry")
    verify.add_argument("--workspace", help="one workspace slug (default: all)")
    verify.add_argument("--expect-head", help="a signed head (JSON or a file) from `audit head`")
    audit.add_parser("head", help="print the chain's head, signed")

    ropa = commands.add_parser("ropa", help="record of processing activities").add_subparsers(
        dest="ropa_command", required=True
    )
    export = ropa.add_parser("export", help="export the ROPA (GDPR Art. 30)")
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument("--output", help="file to write (default: stdout)")

    chat = commands.add_parser(
        "chat", help="talk to the assistant as a prospect (the model, or the playbook offline)"
    )
    chat.add_argument(
        "--show-egress", action="store_true", help="print what the AI provider receives"
    )
    chat.add_argument("--name", help="the prospect's profile name, as a channel would know it")
    chat.add_argument("--phone", help="the prospect's phone number (continues their chat)")
    chat.add_argument("--email", help="the prospect's e-mail address (continues their chat)")

    serve = commands.add_parser(
        "serve", help="run the API (webhooks, drafts) and, on the embedded default, a worker"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--certfile", help="TLS certificate (PEM); TLS 1.3 only")
    serve.add_argument("--keyfile", help="TLS private key (PEM)")
    serve.add_argument(
        "--forwarded-allow-ips",
        help="proxies whose X-Forwarded-* headers are trusted (comma-separated, or *)",
    )
    serve.add_argument("--api-processes", type=int, default=1, help="API processes (default: 1)")
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="on the embedded queue, do not start a worker (run `aspinix worker` yourself)",
    )
    commands.add_parser("worker", help="run queued jobs: answer messages, send replies")

    gmail = commands.add_parser("gmail", help="the Gmail mailbox").add_subparsers(
        dest="gmail_command", required=True
    )
    connect = gmail.add_parser(
        "connect", help="give Aspinix a mailbox (Google's consent flow, or a credentials file)"
    )
    connect.add_argument(
        "--authorized-user-file",
        type=Path,
        help="import authorized-user JSON (client_id, client_secret, refresh_token, token_uri)",
    )
    disconnect = gmail.add_parser("disconnect", help="revoke the mailbox's token and delete it")
    disconnect.add_argument("--address", help="which mailbox, when several are connected")
    gmail.add_parser("status", help="each mailbox: connected, revoked or disconnected")

    users = commands.add_parser("users", help="console users").add_subparsers(
        dest="users_command", required=True
    )
    create = users.add_parser(
        "create",
        help="create a console user (the first admin, say)",
        description="Create a console user. The password is read from a prompt, or from the "
        "first line of stdin when stdin is not a terminal. For a role that must use MFA, the "
        "TOTP enrolment URI (otpauth://totp/...) and recovery codes are printed once.",
    )
    create.add_argument("--email", required=True, help="the address they sign in with")
    create.add_argument("--role", required=True, choices=["admin", "rep", "auditor"])
    create.add_argument("--workspace", help="workspace slug (default: ASPINIX_WORKSPACE)")
    listing = users.add_parser("list", help="each user: id, role, MFA, disabled")
    listing.add_argument("--workspace", help="workspace slug (default: ASPINIX_WORKSPACE)")

    kb = commands.add_parser("kb", help="the company knowledge base").add_subparsers(
        dest="kb_command", required=True
    )
    ingest = kb.add_parser(
        "ingest",
        help="index a folder of Markdown, text and PDF files (mirrors it: removed files go)",
    )
    ingest.add_argument("directory", help="folder of .md, .txt and .pdf files (or one file)")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    search = kb.add_parser("search", help="the passages closest in meaning to a question")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=4, help="how many passages (default: 4)")
    return parser


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch to the subcommand, importing only what it needs."""
    if args.command == "redact":
        from aspinix.commands.redact import run_redact

        return run_redact(args.file, settings)
    if args.command == "qualify":
        from aspinix.commands.qualify import run_qualify

        return run_qualify(
            settings,
            args.file,
            args.output,
            args.rubric,
            show_progress=not args.no_progress,
            offline=args.offline,
        )
    if args.command == "demo":
        from aspinix.commands.demo import run_demo

        return run_demo(settings)
    if args.command == "db":
        from aspinix.commands.db import run_db_upgrade

        return run_db_upgrade(settings)
    if args.command == "keys":
        from aspinix.commands.keys import run_keys_generate, run_keys_rotate

        if args.keys_command == "generate":
            return run_keys_generate()
        return run_keys_rotate(settings, args.new_data_keys)
    if args.command == "consent":
        from aspinix.commands.consent import run_consent

        return run_consent(
            settings, args.action, args.contact, args.purpose, args.channel, args.evidence
        )
    if args.command == "audit":
        from aspinix.commands.audit import run_audit_head, run_audit_verify

        if args.audit_command == "head":
            return run_audit_head(settings)
        return run_audit_verify(settings, args.workspace, args.expect_head)
    if args.command == "chat":
        from aspinix.commands.chat import run_chat

        return run_chat(
            settings,
            show_egress=args.show_egress,
            name=args.name,
            phone=args.phone,
            email=args.email,
        )
    if args.command == "serve":
        from aspinix.commands.serve import ServeOptions, run_serve

        return run_serve(
            settings,
            ServeOptions(
                host=args.host,
                port=args.port,
                certfile=args.certfile,
                keyfile=args.keyfile,
                forwarded_allow_ips=args.forwarded_allow_ips,
                api_processes=args.api_processes,
                run_worker=not args.no_worker,
            ),
        )
    if args.command == "worker":
        from aspinix.commands.worker import run_worker

        return run_worker(settings)
    if args.command == "gmail":
        from aspinix.commands.gmail import (
            run_gmail_connect,
            run_gmail_disconnect,
            run_gmail_status,
        )

        if args.gmail_command == "connect":
            return run_gmail_connect(settings, args.authorized_user_file)
        if args.gmail_command == "disconnect":
            return run_gmail_disconnect(settings, args.address)
        return run_gmail_status(settings)
    if args.command == "users":
        from aspinix.commands.users import run_users_create, run_users_list

        if args.users_command == "create":
            return run_users_create(settings, args.email, args.role, args.workspace)
        return run_users_list(settings, args.workspace)
    if args.command == "kb":
        from aspinix.commands.kb import run_kb_ingest, run_kb_search

        if args.kb_command == "ingest":
            return run_kb_ingest(settings, args.directory, not args.no_progress)
        return run_kb_search(settings, args.query, args.k)
    from aspinix.commands.ropa import run_ropa_export

    return run_ropa_export(settings, args.format, args.output)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = _parser().parse_args(argv)
    from aspinix.logs import configure_logging
    from aspinix.startup import StartupError, report_startup_error

    settings = Settings()
    configure_logging(settings.log_level)
    try:
        return _run(args, settings)
    except StartupError as error:
        return report_startup_error(error)


if __name__ == "__main__":
    sys.exit(main())
