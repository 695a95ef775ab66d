"""The `briefbot` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from bot import __version__
from bot.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefbot", description="News briefings for Slack and Discord teams."
    )
    parser.add_argument("--version", action="version", version=f"briefbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", help="parse article files and print who / claims / sources / key points")
    p.add_argument("files", nargs="+", metavar="FILE", help="text, HTML, JSON or JSONL article files")
    p.add_argument("--format", choices=("json", "jsonl", "text"), default="text", help="output format")
    p.add_argument("--batch-size", type=int, default=16, help="articles per spaCy batch")

    from bot.ingest.cli import add_ingest_commands
    from bot.run import add_run_command
    from bot.store.cli import add_db_commands

    add_run_command(sub)
    add_ingest_commands(sub)
    add_db_commands(sub)

    b = sub.add_parser("bench", help="benchmarks that print figures")
    b.add_argument("what", choices=("parse",), help="what to measure")
    b.add_argument("files", nargs="*", metavar="FILE", help="articles to use (default: the bundled samples)")
    b.add_argument("--articles", type=int, default=300, help="how many articles to parse")
    b.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is kept")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "parse":
            return _parse(args)
        if args.command == "db":
            code: int = args.db_command(args)
            return code
        if args.command in {"ingest", "feeds"}:
            code = args.ingest_command(args)
            return code
        if args.command == "run":
            code = args.run_command(args)
            return code
        if args.command == "bench":
            from bot.bench import run_bench

            return run_bench(args)
    except UserError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    build_parser().print_help()
    return 0


def _parse(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.nlp.pipeline import load_nlp
    from bot.parse import load_inputs, parse_stream
    from bot.report import text_report

    settings = Settings.from_env()
    nlp = load_nlp(settings)
    ok = 0
    results = []
    for result in parse_stream(nlp, load_inputs(args.files, settings), batch_size=args.batch_size):
        if "error" in result:
            print(f"briefbot: {result['file']}: {result['error']}", file=sys.stderr)
        else:
            ok += 1
        if args.format == "jsonl":
            print(json.dumps(result, ensure_ascii=False), flush=True)
        elif args.format == "text":
            print(text_report(result))
        else:
            results.append(result)
    if args.format == "json":
        print(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
