"""The `validate` command. It parses arguments and wires the layers together; it decides
nothing itself."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from validator import __version__
from validator.checklist import KINDS, LANGUAGES
from validator.checklist import load as load_checklist
from validator.checklist_render import HandoutUnavailable, render_pdf, render_text
from validator.config import MB, Settings
from validator.engine import UsageError, discover, validate
from validator.findings import EXIT_PASS, EXIT_USAGE, exit_code
from validator.manifest import MANIFEST_NAME
from validator.ocr import cache_folder_problem, default_cache_folder
from validator.reporters import REPORTERS, RenderOptions, RunReport
from validator.rules import RULES, get_rule
from validator.templates import manifest_template

PROGRESS_MIN_FILES = 8


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _check_parser() -> argparse.ArgumentParser:
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="validate",
        description="Check IPP registration bundles before they are uploaded. "
        "Other commands: validate rules | explain ID | init DIR | checklist [KIND].",
        epilog="Exit status: 0 every bundle passes, 1 a bundle has an error, 2 the tool could not run.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="bundle folder, or a folder of bundle folders")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the HTML report")
    parser.add_argument("--strict", action="store_true", help="warnings fail a bundle too")
    parser.add_argument("--jobs", "-j", type=_positive_int, default=1, metavar="N", help="files analysed in parallel")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULE", help="leave out a rule's findings")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    parser.add_argument("--no-ocr", action="store_true",
                        help="read only PDF text layers, never run OCR: faster, and the checks that need OCR "
                             "say they were not done")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the OCR cache (~/.cache/ipp-preflight, by file content hash)")
    limits = parser.add_argument_group("limits (the validator's defaults, not platform rules, except the file size)")
    limits.add_argument("--max-file-size", type=_positive_float, default=defaults.max_file_bytes / MB, metavar="MB",
                        help="largest accepted file (default: %(default)g, the limit reported for the platform's uploads)")
    limits.add_argument("--max-megapixels", type=_positive_float, default=defaults.max_pixels / 1e6, metavar="N",
                        help="largest image decoded (default: %(default)g)")
    limits.add_argument("--max-pdf-pages", type=_positive_int, default=defaults.max_pdf_pages, metavar="N",
                        help="most PDF pages analysed (default: %(default)s)")
    limits.add_argument("--max-documents", type=_positive_int, default=defaults.max_documents, metavar="N",
                        help="most documents a bundle.yaml may list (default: %(default)s)")
    limits.add_argument("--file-timeout", type=_positive_float, default=defaults.file_timeout_seconds, metavar="S",
                        help="seconds allowed to analyse one file (default: %(default)g)")
    limits.add_argument("--file-memory", type=_positive_int, default=defaults.file_memory_bytes // MB, metavar="MB",
                        help="memory allowed to analyse one file (default: %(default)s)")
    limits.add_argument("--expiry-warning-days", type=int, default=defaults.expiry_warning_days, metavar="N",
                        help="warn of documents expiring within N days (default: %(default)s)")
    limits.add_argument("--ocr-max-pages", type=_positive_int, default=defaults.ocr_max_pages, metavar="N",
                        help="pages without a text layer OCR'd per document (default: %(default)s)")
    limits.add_argument("--ocr-timeout", type=_positive_float, default=defaults.ocr_timeout_seconds, metavar="S",
                        help="seconds allowed to one OCR call (default: %(default)g)")
    limits.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="judge expiry as of this date (default: today)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _run_check(argv: Sequence[str]) -> int:
    args = _check_parser().parse_args(argv)
    unknown = [rule for rule in args.ignore if rule.upper() not in RULES]
    if unknown:
        return _usage(f"unknown rule for --ignore: {', '.join(unknown)} (see `validate rules`)")
    settings = Settings(
        max_file_bytes=int(args.max_file_size * MB),
        max_pixels=int(args.max_megapixels * 1e6),
        max_pdf_pages=args.max_pdf_pages,
        max_documents=args.max_documents,
        file_timeout_seconds=args.file_timeout,
        file_memory_bytes=args.file_memory * MB,
        expiry_warning_days=args.expiry_warning_days,
        jobs=args.jobs,
        previews=args.format == "html",
        ocr_cache=not args.no_cache,
        ocr=not args.no_ocr,
        ocr_max_pages=args.ocr_max_pages,
        ocr_timeout_seconds=args.ocr_timeout,
        **({"today": args.today} if args.today else {}),
    )
    try:
        targets = discover(args.paths)
    except UsageError as exc:
        return _usage(str(exc))
    if args.output and any(_is_inside(Path(args.output), target.root) for target in targets):
        return _usage(f"{args.output}: the report may not be written into a bundle")
    if settings.ocr and settings.ocr_cache and (untrusted := cache_folder_problem(default_cache_folder())):
        sys.stderr.write(f"validate: the OCR cache is not used: {untrusted}\n")
        settings = dataclasses.replace(settings, ocr_cache=False)
    progress = _progress_printer() if not args.no_progress and sys.stderr.isatty() else None
    reports = validate(targets, settings, frozenset(r.upper() for r in args.ignore), progress)
    color = args.color == "always" or (args.color == "auto" and not args.output and _stdout_wants_color())
    rendered = REPORTERS[args.format](RunReport(tuple(reports), args.strict), RenderOptions(color=color, lang=args.lang))
    _emit(rendered, args.output)
    return exit_code(reports, args.strict)


def _is_inside(path: Path, folder: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def _stdout_wants_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _progress_printer():
    def show(done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        width = 30
        filled = width * done // total
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files{end}")
        sys.stderr.flush()

    return show


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _usage(message: str) -> int:
    sys.stderr.write(f"validate: error: {message}\n")
    return EXIT_USAGE


def _run_rules(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="validate rules", description="List every rule.")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.format == "json":
        sys.stdout.write(json.dumps([rule.as_dict() for rule in RULES.values()], ensure_ascii=False, indent=2) + "\n")
    else:
        for rule in RULES.values():
            sys.stdout.write(f"{rule.id:<20} {rule.category:<12} {rule.severity.value:<8} {rule.title}\n")
    return EXIT_PASS


def _run_explain(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="validate explain", description="Explain one rule.")
    parser.add_argument("rule", metavar="ID")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    try:
        rule = get_rule(args.rule)
    except KeyError as exc:
        return _usage(f"{exc.args[0]} (see `validate rules`)")
    if args.format == "json":
        sys.stdout.write(json.dumps(rule.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(
            f"{rule.id}: {rule.title}\n\ncategory: {rule.category}\nseverity: {rule.severity.value}\n\n"
            f"Why: {rule.rationale}\n\nFix: {rule.hint}\n\nMore: {rule.url}\n"
        )
    return EXIT_PASS


def _run_init(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="validate init", description="Write a bundle.yaml template into DIR.")
    parser.add_argument("folder", metavar="DIR")
    parser.add_argument("--holder-type", choices=("individual", "company"), required=True)
    parser.add_argument("--region", choices=("mainland_china", "outside_mainland_china"), required=True)
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    target = folder / MANIFEST_NAME
    if target.exists() or target.is_symlink():
        return _usage(f"{target} already exists; it was left as it is")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(manifest_template(args.holder_type, args.region))
    except OSError as exc:
        return _usage(f"{target}: {exc.strerror}")
    sys.stdout.write(f"Wrote {target}. Fill it in, add the documents, then run: validate {folder}\n")
    return EXIT_PASS


def _run_checklist(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="validate checklist",
        description="Print a checklist, or write it as a printable A4 PDF handout. Without KIND, list the checklists.")
    parser.add_argument("kind", metavar="KIND", nargs="?", choices=KINDS)
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="English or Simplified Chinese (default: en)")
    parser.add_argument("--format", choices=("text", "pdf"), default="text")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    args = parser.parse_args(argv)
    if args.kind is None:
        for kind in KINDS:
            sys.stdout.write(f"{kind:<22} {load_checklist(kind).title(args.lang)}\n")
        return EXIT_PASS
    checklist = load_checklist(args.kind)
    if args.format == "text":
        _emit(render_text(checklist, args.lang), args.output)
        return EXIT_PASS
    if not args.output:
        return _usage("a PDF handout needs -o FILE")
    try:
        Path(args.output).write_bytes(render_pdf(checklist, args.lang))
    except HandoutUnavailable as exc:
        return _usage(str(exc))
    except OSError as exc:
        return _usage(f"{args.output}: {exc.strerror}")
    return EXIT_PASS


SUBCOMMANDS = {"rules": _run_rules, "explain": _run_explain, "init": _run_init, "checklist": _run_checklist}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    return _run_check(argv)
