"""The training kit: every exercise bundle has a hand-written answer key, and the validator
reports exactly the findings in it, judged on the key's fixed date so expiry never drifts."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import assert_valid_report
from validator.config import Settings
from validator.engine import discover, validate
from validator.manifest import MANIFEST_NAME
from validator.reporters import REPORTERS, RenderOptions, RunReport
from validator.rules import RULES
from validator.training import load_keys

KIT = Path(__file__).resolve().parent.parent / "checklists" / "training"
KEYS = load_keys(KIT / "keys")


def test_the_kit_has_at_least_eight_exercises_from_easy_to_hard():
    assert len(KEYS) >= 8
    assert {key.difficulty for key in KEYS} == {"easy", "medium", "hard"}
    assert sorted(path.name for path in (KIT / "bundles").iterdir()) == [key.exercise for key in KEYS]


def test_exercises_plant_defects_of_different_kinds():
    planted = Counter(finding.rule for key in KEYS for finding in key.findings)
    assert len({rule.split("-")[1] for rule in planted}) >= 5  # categories
    # Two to four planted defects each; one defect may show as more than one finding (ex06's file
    # listed twice is also a translation of itself, in the wrong language), hence up to six.
    assert all(2 <= len(key.findings) <= 6 for key in KEYS)


@pytest.mark.parametrize("key", KEYS, ids=lambda key: key.exercise)
def test_the_validator_reports_exactly_the_answer_key(key):
    bundle = KIT / "bundles" / key.exercise
    assert (bundle / MANIFEST_NAME).is_file()
    assert all(finding.rule in RULES for finding in key.findings)
    (report,) = validate(discover([str(bundle)]), Settings(today=key.today))
    assert_valid_report(REPORTERS["json"](RunReport((report,)), RenderOptions()))
    reported = Counter((finding.rule, finding.file) for finding in report.findings)
    assert reported == key.expected()


def test_the_committed_bundles_are_what_the_script_writes(tmp_path):
    """The bundles are generated, never hand-edited: the script writes the same manifests and
    the same files (encrypted PDFs differ byte for byte, their keys being random)."""
    sys.path.insert(0, str(KIT.parents[1] / "scripts"))
    try:
        import make_training
    finally:
        sys.path.pop(0)
    make_training.write(tmp_path)
    committed, written = KIT / "bundles", tmp_path

    def listing(root: Path) -> list[str]:
        return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())

    assert listing(committed) == listing(written)
    for manifest in committed.glob(f"*/{MANIFEST_NAME}"):
        assert manifest.read_text(encoding="utf-8") == (written / manifest.relative_to(committed)).read_text(encoding="utf-8")
