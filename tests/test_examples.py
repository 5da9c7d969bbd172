"""The example bundles in examples/ say what examples/README.md promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import check_bundle, fired

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EXPECTED = {
    "brightstar": {"IPP-SEAL-003"},
    "anna-eriksson": set(),
    "expired-passport": {"IPP-EXPIRY-001", "IPP-CONTACT-001", "IPP-CONTACT-002"},
    "wrong-formats": {"IPP-FILE-003", "IPP-FILE-004", "IPP-FILE-008"},
    "manifest-typos": {"IPP-SCHEMA-004", "IPP-SCHEMA-005", "IPP-SCHEMA-009"},
    "missing-identity": {"IPP-IDENTITY-001", "IPP-FILE-001", "IPP-FILE-008"},
}


def test_every_example_is_described():
    folders = {p.name for p in EXAMPLES.iterdir() if p.is_dir()}
    assert folders == set(EXPECTED)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in folders)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_findings(name):
    assert fired(check_bundle(EXAMPLES / name)) == EXPECTED[name]
