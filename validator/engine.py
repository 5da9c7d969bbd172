"""Running the validator: find the bundles, read each manifest, analyse every listed file in
an isolated worker, then run the bundle-level checks. Nothing here decides a finding; the
rule modules do. Nothing here prints; the reporters do."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from validator import ignores
from validator.analysis import analyse_file
from validator.config import Settings
from validator.context import BundleContext, FileFacts, FileResult, FileTask
from validator.findings import BundleReport, Finding, printable
from validator.holders import holder_type
from validator.isolation import Limits, WorkerFailure, run_isolated
from validator.locate import CaseIndex, FolderProblem, LocationProblem, bundle_path, list_bundle_files, locate
from validator.manifest import MANIFEST_NAME, ManifestProblem, read_manifest
from validator.model import Document, Manifest
from validator.previews import Preview
from validator.reading import name_text_language
from validator.rules import BUNDLE_CHECKS
from validator.rules import file as file_rules
from validator.rules import schema as schema_rules

MAX_LISTED_FOLDER_FILES = 2000


class UsageError(Exception):
    """The tool cannot run as asked (exit status 2)."""


@dataclass(frozen=True)
class BundleTarget:
    root: Path
    display: str
    # Why the folder is not checked as a bundle, when it is not.
    problem: FolderProblem | None = None


def discover(paths: Sequence[str]) -> list[BundleTarget]:
    """Each path is a bundle, or a batch folder whose sub-folders are bundles. A folder that cannot
    be read is a target with its problem, so that it is reported and the others still run."""
    targets: list[BundleTarget] = []
    for raw in paths:
        root = Path(raw)
        try:
            is_folder = root.is_dir()
        except OSError as exc:  # a folder above it denies access
            raise UsageError(f"{raw}: cannot be reached ({exc.strerror})") from None
        if not is_folder:
            raise UsageError(f"{raw}: not a folder" if root.exists() else f"{raw}: no such folder")
        display = printable(str(root))
        try:
            with os.scandir(root) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            targets.append(BundleTarget(root, display, FolderProblem("unreadable", exc.strerror or str(exc))))
            continue
        if any(entry.name == MANIFEST_NAME for entry in entries):
            targets.append(BundleTarget(root, display))
            continue
        children = [
            BundleTarget(Path(entry.path), printable(str(Path(display, entry.name))), _sub_folder_problem(entry))
            for entry in entries if entry.is_dir()
        ]
        if any(child.problem is None for child in children):
            targets.extend(children)
        else:
            targets.append(BundleTarget(root, display))
    return targets


def _sub_folder_problem(entry: os.DirEntry) -> FolderProblem | None:
    """Why a batch's sub-folder is not a bundle to check. A link among the sub-folders leads out of
    the batch folder: it is not followed."""
    if entry.is_symlink():
        return FolderProblem("link", "it is a link to a folder; links are not followed out of the batch folder")
    if entry.name.startswith("."):
        return FolderProblem("hidden", "it is a hidden folder")
    try:
        os.lstat(os.path.join(entry.path, MANIFEST_NAME))
    except FileNotFoundError:
        return FolderProblem("no_manifest", f"it holds no {MANIFEST_NAME}, so it is not a bundle")
    except OSError as exc:
        return FolderProblem("unreadable", exc.strerror or str(exc))
    return None


@dataclass
class _BundlePlan:
    target: BundleTarget
    findings: list[Finding] = field(default_factory=list)
    manifest: Manifest | None = None
    tasks: list[FileTask] = field(default_factory=list)


def _plan(target: BundleTarget, settings: Settings) -> _BundlePlan:
    plan = _BundlePlan(target)
    if target.problem:
        plan.findings.append(file_rules.check_folder(target.problem))
        return plan
    parsed = read_manifest(target.root, settings.max_manifest_bytes)
    if isinstance(parsed, ManifestProblem):
        plan.findings.append(schema_rules.check_problem(parsed))
        return plan
    # Counted before the schema is checked, whose cost grows with the documents listed.
    plan.findings += schema_rules.check_document_count(parsed, settings.max_documents)
    if not plan.findings:
        plan.findings += schema_rules.check_parsed(parsed)
    if any(f.severity.value == "error" for f in plan.findings):
        plan.findings.append(schema_rules.skipped_because_invalid())
        return plan
    manifest = Manifest.from_data(parsed.data, parsed.lines)
    plan.manifest = manifest
    plan.findings += schema_rules.check_references(manifest) + schema_rules.check_ignores(manifest)
    seen: set[str] = set()
    case_index = CaseIndex()
    for document in manifest.documents:
        if bundle_path(document.file) in seen:
            continue
        seen.add(bundle_path(document.file))
        location = locate(target.root, document.file, case_index)
        if isinstance(location, LocationProblem):
            plan.findings.append(file_rules.check_location(document.file, location))
        else:
            plan.tasks.append(FileTask(location.real_path, document, manifest.account, settings, location.size,
                                       holder_type=holder_type(manifest, document),
                                       names=manifest.declared_names(document)))
    return plan


def _bundle_previews(results: list[FileResult | WorkerFailure]) -> tuple[Preview, ...]:
    return tuple(p for result in results if isinstance(result, FileResult) for p in result.previews)


def _bundle_findings(plan: _BundlePlan, results: list[FileResult | WorkerFailure], settings: Settings) -> list[Finding]:
    findings = list(plan.findings)
    if plan.manifest is None:
        return findings
    facts: dict[str, FileFacts] = {}
    for task, result in zip(plan.tasks, results):
        if isinstance(result, WorkerFailure):
            findings += file_rules.check_size(task.document.file, task.size, settings)
            findings.append(file_rules.check_worker_failure(task.document.file, result))
            continue
        findings += result.findings
        if result.facts:
            facts[task.document.file] = result.facts
    bundle = BundleContext(plan.target.root, plan.manifest, facts, settings)
    for check in BUNDLE_CHECKS:
        findings += check(bundle)
    listing = list_bundle_files(plan.target.root, MAX_LISTED_FOLDER_FILES)
    findings += file_rules.check_unlisted(listing, {d.file for d in plan.manifest.documents})
    return findings


def _listings(plans: list[_BundlePlan]) -> list[tuple[Document, ...]]:
    """For each task of the plans, in order, every listing of its file in its manifest (a file
    listed twice, with another type or language, is analysed once)."""
    found = []
    for plan in plans:
        by_path: dict[str, list[Document]] = {}
        for document in plan.manifest.documents if plan.manifest else ():
            by_path.setdefault(bundle_path(document.file), []).append(document)
        found += [tuple(by_path[bundle_path(task.document.file)]) for task in plan.tasks]
    return found


def _with_languages_judged(result: FileResult, settings: Settings, listings: tuple[Document, ...]) -> FileResult:
    """The file's result with a language verdict for each of its listings, and the language its
    text is in named where the worker left it to this process (reading.name_text_language): in
    this process, so that the language model is never held by a worker for it, while the last
    workers finish (isolation.run_isolated's `settle`)."""
    if result.facts is None or result.facts.reading is None:
        return result
    reading = name_text_language(result.facts.reading, settings, listings)
    return replace(result, facts=replace(result.facts, reading=reading))


def _decoded_cleanly(result: FileResult) -> bool:
    """Whether the worker may take another file: only after one its decoders read without a
    complaint (a decoder that rejected a file may have been left in a bad state)."""
    return result.facts is not None and result.facts.decoded


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def validate(
    targets: Sequence[BundleTarget],
    settings: Settings,
    ignore: frozenset[str] = frozenset(),
    on_file_done: Callable[[int, int], None] | None = None,
) -> list[BundleReport]:
    plans = [_plan(target, settings) for target in targets]
    tasks = [task for plan in plans for task in plan.tasks]
    done = 0

    def progress(_: int) -> None:
        nonlocal done
        done += 1
        if on_file_done:
            on_file_done(done, len(tasks))

    limits = Limits(settings.file_timeout_seconds, settings.file_memory_bytes)
    # The largest files (a long scanned PDF) start first, so that they do not run alone at the end.
    order = sorted(range(len(tasks)), key=lambda index: -_size(tasks[index].real_path))
    listings = _listings(plans)

    def judge_languages(position: int, result: FileResult) -> FileResult:
        return _with_languages_judged(result, settings, listings[order[position]])

    ordered = run_isolated(analyse_file, [tasks[index] for index in order], limits, jobs=settings.worker_count(),
                           on_done=progress, reusable=_decoded_cleanly, settle=judge_languages)
    results: list[FileResult | WorkerFailure] = [None] * len(tasks)  # type: ignore[list-item]
    for index, result in zip(order, ordered):
        results[index] = result
    reports = []
    start = 0
    for plan in plans:
        own = results[start:start + len(plan.tasks)]
        start += len(plan.tasks)
        findings = [f for f in _bundle_findings(plan, own, settings) if f.rule not in ignore]
        if plan.manifest:
            findings = ignores.apply(findings, plan.manifest.ignores)
        reports.append(BundleReport(plan.target.display, tuple(sorted(findings, key=Finding.sort_key)),
                                    _bundle_previews(own)))
    return reports
