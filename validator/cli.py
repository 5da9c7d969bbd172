"""The `validate` command. It parses arguments and wires the layers together; it decides
nothing itself."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from validator import __version__
from validator.checklist import KINDS, LANGUAGES
from validator.checklist import load as load_checklist
from validator.config import MB, Settings, available_cpus
from validator.config_file import CONFIG_NAME, TOOL_TABLE, ConfigError, ConfigFile, option_values
from validator.config_file import find as find_config
from validator.config_file import load as load_config
from validator.engine import UsageError, discover, validate
from validator.findings import EXIT_PASS, EXIT_USAGE, exit_code
from validator.isolation import Interrupted, interrupted
from validator.manifest import MANIFEST_NAME
from validator.output import OutputError, check_output, write_atomically, write_output
from validator.reporters import REPORTERS, RenderOptions, RunReport, statistics
from validator.rules import RULES, get_rule, rule_id
from validator.rules.schema import TODO
from validator.suggest import did_you_mean
from validator.ocr import cache_folder_problem, default_cache_folder, describe_engine
from validator.templates import manifest_template

PROGRESS_MIN_FILES = 8


def _number(kind: type, low: float, high: float, above_low: bool = True) -> Callable[[str], float]:
    """An option's type: a finite number of `kind` in (low, high] (or [low, high]). Infinity and
    NaN would switch a limit off, or overflow when converted to bytes or pixels."""
    bound = f"{'more than' if above_low else 'at least'} {low:g} and at most {high:g}"

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(
                f"expected {'a whole number' if kind is int else 'a number'} {bound}, not {text!r}") from None
        inside = (low < value if above_low else low <= value) and value <= high
        if not math.isfinite(value) or not inside:
            raise argparse.ArgumentTypeError(f"must be {bound}, not {text}")
        return value

    return parse


# The bounds keep every limit a limit: far above any real registration document, far below what
# would let one file take the machine.
_JOBS = _number(int, 0, 64)


class _Version(argparse.Action):
    """--version: the validator's version and the OCR engine it found (which one reads the
    documents, or why none can)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        _emit(f"{parser.prog} {__version__}\nOCR: {describe_engine()}\n", None)
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse that suggests the closest option for a mistyped one."""

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_args(args, namespace)

    def error(self, message: str):  # type: ignore[override]
        known = [option for option in self._option_string_actions if option.startswith("--")]
        for token in getattr(self, "_given", ()):
            name = token.split("=", 1)[0]
            if name.startswith("--") and name not in known and not any(o.startswith(name) for o in known):
                message += did_you_mean(name, known)
                break
        super().error(message)


def _rule_ids(text: str) -> list[str]:
    """--ignore A,B: each a rule ID in any case, with or without its IPP- prefix."""
    try:
        return [rule_id(part) for part in text.split(",") if part.strip()]
    except KeyError as exc:
        raise argparse.ArgumentTypeError(f"{exc.args[0]} (see `validate rules`)") from None


# Options a configuration file may not set: what to check, where to write, and the file itself.
_NOT_CONFIGURABLE = {"help", "version", "paths", "output", "config", "today"}


def _check_parser() -> _Parser:
    defaults = Settings()
    parser = _Parser(
        prog="validate",
        description="Check IPP registration bundles before they are uploaded. "
        "Other commands: validate rules | explain ID | init DIR | draft FOLDER | prepare BUNDLE -o NEW | checklist [KIND].",
        epilog="Exit status: 0 every bundle passes, 1 a bundle has an error, 2 the tool could not run. "
               f"Options can also be set in {CONFIG_NAME} or [tool.{TOOL_TABLE}] in pyproject.toml, found in "
               "the bundle's folder or above it; the command line wins.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="bundle folder, or a folder of bundle folders")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the HTML report")
    parser.add_argument("--strict", action="store_true", help="warnings fail a bundle too")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit with 0 even when a bundle fails (2 still means the tool could not run)")
    parser.add_argument("--jobs", "-j", type=_JOBS, default=None, metavar="N",
                        help="files analysed in parallel (default: one per CPU); never more than the CPUs, "
                             "nor than --run-memory holds at --file-memory each")
    parser.add_argument("--ignore", action="extend", type=_rule_ids, default=[], metavar="RULE[,RULE]",
                        help="leave out these rules' findings (IDs such as IPP-CONTACT-002 or contact-002)")
    parser.add_argument("--statistics", action="store_true",
                        help="print how many findings each rule made instead of the findings")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true",
                           help="text report: list errors only (the counts still include everything)")
    verbosity.add_argument("-v", "--verbose", action="store_true",
                           help="text report: each finding's reference link; on standard error, the configuration used")
    parser.add_argument("--config", metavar="FILE",
                        help=f"use this configuration file instead of looking for {CONFIG_NAME} or pyproject.toml")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    parser.add_argument("--no-ocr", action="store_true",
                        help="read only PDF text layers, never run OCR: faster, and the checks that need OCR "
                             "say they were not done")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the OCR cache (~/.cache/ipp-preflight, by file content hash)")
    limits = parser.add_argument_group("limits (the validator's defaults, not platform rules, except the file size)")
    limits.add_argument("--max-file-size", type=_number(float, 0, 1024), default=defaults.max_file_bytes / MB,
                        metavar="MB",
                        help="largest accepted file (default: %(default)g, the limit reported for the platform's uploads)")
    limits.add_argument("--max-megapixels", type=_number(float, 0, 1000), default=defaults.max_pixels / 1e6,
                        metavar="N", help="largest image decoded (default: %(default)g)")
    limits.add_argument("--max-pdf-pages", type=_number(int, 0, 10_000), default=defaults.max_pdf_pages,
                        metavar="N", help="most PDF pages analysed (default: %(default)s)")
    limits.add_argument("--max-documents", type=_number(int, 0, 10_000), default=defaults.max_documents,
                        metavar="N", help="most documents a bundle.yaml may list (default: %(default)s)")
    limits.add_argument("--file-timeout", type=_number(float, 0, 3600), default=defaults.file_timeout_seconds,
                        metavar="S", help="seconds allowed to analyse one file (default: %(default)g)")
    limits.add_argument("--file-memory", type=_number(int, 0, 64 * 1024), default=defaults.file_memory_bytes // MB,
                        metavar="MB", help="memory allowed to analyse one file (default: %(default)s)")
    limits.add_argument("--run-memory", type=_number(int, 0, 1024 * 1024), default=defaults.run_memory_bytes // MB,
                        metavar="MB", help="memory all files analysed at once may be allowed together: "
                                           "bounds --jobs (default: %(default)s)")
    limits.add_argument("--expiry-warning-days", type=_number(int, 0, 3650, above_low=False),
                        default=defaults.expiry_warning_days, metavar="N",
                        help="warn of documents expiring within N days (default: %(default)s)")
    limits.add_argument("--ocr-max-pages", type=_number(int, 0, 1000), default=defaults.ocr_max_pages,
                        metavar="N", help="pages without a text layer OCR'd per document (default: %(default)s)")
    limits.add_argument("--ocr-timeout", type=_number(float, 0, 3600), default=defaults.ocr_timeout_seconds,
                        metavar="S", help="seconds allowed to one OCR call (default: %(default)g)")
    limits.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="judge expiry as of this date (default: today)")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and the OCR engine found, and exit")
    return parser


def _configurable(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The options a configuration file may set, by their long name without dashes."""
    return {option[2:]: action for action in parser._actions if action.dest not in _NOT_CONFIGURABLE
            for option in action.option_strings if option.startswith("--")}


def _configuration(args: argparse.Namespace) -> ConfigFile | None:
    """The configuration file that applies: --config, else the one found from the paths given,
    which must all find the same one (a run has one set of options)."""
    if args.config:
        return load_config(Path(args.config))
    found = {config.path.resolve(): config for config in map(find_config, args.paths) if config}
    if len(found) > 1:
        raise ConfigError("the paths given have different configuration files ("
                          + ", ".join(map(str, found)) + "); validate them separately or pass --config FILE")
    return next(iter(found.values()), None)


def _run_check(argv: Sequence[str]) -> int:
    parser = _check_parser()
    args = parser.parse_args(argv)
    try:
        config = _configuration(args)
        if config:
            parser.set_defaults(**option_values(config, _configurable(parser)))
            args = parser.parse_args(argv)
    except ConfigError as exc:
        return _usage(str(exc))
    if args.verbose:
        sys.stderr.write(f"validate: configuration: {config.where if config else 'none found, the defaults'}\n")
    if args.output:
        check_output(args.output)
    settings = Settings(
        max_file_bytes=int(args.max_file_size * MB),
        max_pixels=int(args.max_megapixels * 1e6),
        max_pdf_pages=args.max_pdf_pages,
        max_documents=args.max_documents,
        file_timeout_seconds=args.file_timeout,
        file_memory_bytes=args.file_memory * MB,
        run_memory_bytes=args.run_memory * MB,
        expiry_warning_days=args.expiry_warning_days,
        jobs=args.jobs,
        previews=args.format == "html" and not args.statistics,
        ocr_cache=not args.no_cache,
        ocr=not args.no_ocr,
        ocr_max_pages=args.ocr_max_pages,
        ocr_timeout_seconds=args.ocr_timeout,
        **({"today": args.today} if args.today else {}),
    )
    if args.verbose:
        sys.stderr.write(f"validate: files analysed at once: {settings.worker_count()} ({available_cpus()} CPUs; "
                         f"--run-memory {args.run_memory} MB holds {args.run_memory // args.file_memory} "
                         f"at --file-memory {args.file_memory} MB)\n")
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
    reports = validate(targets, settings, frozenset(args.ignore), progress)
    color = args.color == "always" or (args.color == "auto" and not args.output and _stdout_wants_color())
    run = RunReport(tuple(reports), args.strict)
    options = RenderOptions(color=color, lang=args.lang, quiet=args.quiet, verbose=args.verbose)
    rendered = (statistics.render(run, options, as_json=args.format == "json") if args.statistics
                else REPORTERS[args.format](run, options))
    _emit(rendered, args.output)
    return EXIT_PASS if args.exit_zero else exit_code(reports, args.strict)


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


def _emit(content: str | bytes, output: str | None) -> None:
    """Raises OutputError when the output cannot be written."""
    if output:
        write_output(output, content.encode("utf-8") if isinstance(content, str) else content)
        return
    try:
        if isinstance(content, str):
            sys.stdout.write(content)
        else:
            sys.stdout.buffer.write(content)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader has gone (`validate ... | head`): what it did not read is not wanted, and
        # Python's own flush at exit must not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        raise OutputError(f"standard output: the output could not be written ({exc.strerror or exc})") from None


def _usage(message: str) -> int:
    sys.stderr.write(f"validate: error: {message}\n")
    return EXIT_USAGE


def _run_rules(argv: Sequence[str]) -> int:
    parser = _Parser(prog="validate rules", description="List every rule.")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.format == "json":
        _emit(json.dumps([rule.as_dict() for rule in RULES.values()], ensure_ascii=False, indent=2) + "\n", None)
    else:
        _emit("".join(f"{rule.id:<20} {rule.category:<12} {rule.severity.value:<8} {rule.title}\n"
                      for rule in RULES.values()), None)
    return EXIT_PASS


_EXPLAIN_LABELS = {
    "en": {"category": "category", "severity": "severity", "why": "Why", "fix": "Fix", "more": "More",
           "error": "error", "warning": "warning", "info": "info", "colon": ": "},
    "zh": {"category": "类别", "severity": "严重程度", "why": "原因", "fix": "修改方法", "more": "详见",
           "error": "错误", "warning": "警告", "info": "提示", "colon": "："},
}


def _run_explain(argv: Sequence[str]) -> int:
    parser = _Parser(prog="validate explain", description="Explain one rule.")
    parser.add_argument("rule", metavar="ID", help="a rule ID, in any case, with or without IPP- (file-003)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="English or Simplified Chinese (default: en)")
    args = parser.parse_args(argv)
    try:
        rule = get_rule(args.rule)
    except KeyError as exc:
        return _usage(f"{exc.args[0]} (see `validate rules`)")
    if args.format == "json":
        _emit(json.dumps(rule.as_dict(), ensure_ascii=False, indent=2) + "\n", None)
        return EXIT_PASS
    zh = args.lang == "zh"
    label = _EXPLAIN_LABELS[args.lang]
    c = label["colon"]
    title, rationale, hint = ((rule.title_zh, rule.rationale_zh, rule.hint_zh) if zh and rule.title_zh
                              else (rule.title, rule.rationale, rule.hint))
    _emit(
        f"{rule.id}{c}{title}\n\n{label['category']}{c}{rule.category}\n"
        f"{label['severity']}{c}{label[rule.severity.value]}\n\n"
        f"{label['why']}{c}{rationale}\n\n{label['fix']}{c}{hint}\n\n{label['more']}{c}{rule.url_in(args.lang)}\n", None
    )
    return EXIT_PASS


def _run_init(argv: Sequence[str]) -> int:
    parser = _Parser(prog="validate init", description="Write a bundle.yaml template into DIR.")
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
    parser = _Parser(
        prog="validate checklist",
        description="Print a checklist, or write it as a printable A4 PDF handout. Without KIND, list the checklists.")
    parser.add_argument("kind", metavar="KIND", nargs="?", choices=KINDS)
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="English or Simplified Chinese (default: en)")
    parser.add_argument("--format", choices=("text", "pdf"), default="text")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    args = parser.parse_args(argv)
    if args.output:
        check_output(args.output)
    # Imported by the command that uses it, as the draft and prepare commands' modules are: a
    # check run, whose start delays every file's analysis, loads none of them.
    from validator.checklist_render import HandoutUnavailable, render_pdf, render_text

    if args.kind is None:
        _emit("".join(f"{kind:<22} {load_checklist(kind).title(args.lang)}\n" for kind in KINDS), None)
        return EXIT_PASS
    checklist = load_checklist(args.kind)
    if args.format == "pdf" and not args.output:
        return _usage("a PDF handout needs -o FILE")
    try:
        _emit(render_text(checklist, args.lang) if args.format == "text" else render_pdf(checklist, args.lang),
              args.output)
    except HandoutUnavailable as exc:
        return _usage(str(exc))
    return EXIT_PASS


def _run_draft(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="validate draft",
        description="Read every file in FOLDER and propose its bundle.yaml: each value says where it came from, "
                    "and what the documents do not tell is left TODO.")
    parser.add_argument("folder", metavar="FOLDER")
    parser.add_argument("--holder-type", choices=("individual", "company"))
    parser.add_argument("--region", choices=("mainland_china", "outside_mainland_china"))
    parser.add_argument("-o", "--output", metavar="FILE", help="where to write (default: FOLDER/bundle.yaml)")
    parser.add_argument("--force", action="store_true", help="replace an existing bundle.yaml")
    parser.add_argument("--no-ocr", action="store_true", help="read only PDF text layers")
    parser.add_argument("--jobs", "-j", type=_JOBS, default=None, metavar="N",
                        help="files read in parallel (default: one per CPU)")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        return _usage(f"{folder} is not a folder")
    target = Path(args.output) if args.output else folder / MANIFEST_NAME
    if (target.exists() or target.is_symlink()) and not args.force:
        return _usage(f"{target} already exists; it was left as it is (--force replaces it)")
    check_output(str(target))
    from validator.draft import AccountChoice, render_manifest, survey_folder

    surveys = survey_folder(folder, Settings(jobs=args.jobs, ocr=not args.no_ocr, ocr_cache=False))
    text = render_manifest(surveys, AccountChoice(args.holder_type, args.region))
    try:
        write_atomically(target, text)
    except OSError as exc:
        return _usage(f"{target}: {exc.strerror}")
    todos = text.count(f": {TODO}")
    sys.stdout.write(f"Wrote {target}: {len(surveys)} document(s), {todos} value(s) left TODO. "
                     f"Check it, fill in every TODO, then run: validate {folder}\n")
    return EXIT_PASS


def _run_prepare(argv: Sequence[str]) -> int:
    defaults = Settings()
    parser = _Parser(
        prog="validate prepare",
        description="Write a corrected copy of BUNDLE into NEW_FOLDER (the original is never changed): upright "
                    "pages, HEIC/WebP/TIFF converted to JPEG, oversized images reduced, photo metadata removed, "
                    "bundle.yaml rewritten to the new names; then validate the copy.")
    parser.add_argument("bundle", metavar="BUNDLE")
    parser.add_argument("-o", "--output", metavar="NEW_FOLDER", required=True)
    parser.add_argument("--max-file-size", type=_number(float, 0, 1024), default=defaults.max_file_bytes / MB,
                        metavar="MB", help="reduce images above this size (default: %(default)g)")
    parser.add_argument("--no-ocr", action="store_true", help="no orientation detection, and validate without OCR")
    args = parser.parse_args(argv)
    settings = Settings(max_file_bytes=int(args.max_file_size * MB), ocr=not args.no_ocr)
    from validator.prepare import PrepareRefused, prepare_bundle

    try:
        changes = prepare_bundle(Path(args.bundle), Path(args.output), settings)
    except PrepareRefused as exc:
        return _usage(str(exc))
    for change in changes:
        sys.stdout.write(f"{change.describe()}\n")
    reports = validate(discover([args.output]), settings)
    sys.stdout.write("\n" + REPORTERS["text"](RunReport(tuple(reports), False), RenderOptions(color=False, lang="en")))
    return exit_code(reports, False)


def _command(word: str) -> str | None:
    """Which command `word` names: a subcommand's name, unless a folder of that name is here
    (a path that exists is a bundle, and is said to be); a word that is neither a path nor a
    command but close to one is a mistyped command. None: check the paths."""
    if Path(word).exists() or word.startswith("-"):
        if word in SUBCOMMANDS:
            sys.stderr.write(f"validate: note: {word!r} is checked as the folder ./{word}; for the {word!r} "
                             "command, run it from another folder\n")
        return None
    if word in SUBCOMMANDS or did_you_mean(word, SUBCOMMANDS, cutoff=0.75):
        return word
    return None


SUBCOMMANDS = {"rules": _run_rules, "explain": _run_explain, "init": _run_init, "checklist": _run_checklist,
               "draft": _run_draft, "prepare": _run_prepare}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        with interrupted():
            command = _command(argv[0]) if argv else None
            if command in SUBCOMMANDS:
                return SUBCOMMANDS[command](argv[1:])
            if command:
                return _usage(f"{argv[0]}: no such folder or command{did_you_mean(argv[0], SUBCOMMANDS)}")
            return _run_check(argv)
    except OutputError as exc:
        return _usage(str(exc))
    except Interrupted as stop:
        sys.stderr.write(f"\nvalidate: stopped by {stop}; no report was written\n")
        return stop.exit_status
