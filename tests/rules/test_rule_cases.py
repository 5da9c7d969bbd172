"""Runs every rule case of tests/rules: the rule fires, or stays silent, as the case says."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.rules
from tests.conftest import check_bundles
from tests.rules.cases import Case


def all_cases() -> list[Case]:
    cases = []
    for module in pkgutil.iter_modules(tests.rules.__path__):
        if module.name.startswith("test_") and module.name.endswith("_rules"):
            cases += getattr(importlib.import_module(f"tests.rules.{module.name}"), "CASES", [])
    return cases


def _case_id(case: Case) -> str:
    return f"{case.rule}-{'fires' if case.fires else 'silent'}"


@pytest.mark.parametrize("case", all_cases(), ids=_case_id)
def test_rule_case(case: Case, tmp_path, monkeypatch):
    root = case.build(tmp_path / "bundle")
    if case.environment:
        case.environment(monkeypatch, root)
    findings = [f for report in check_bundles(root, **case.settings) for f in report.findings]
    messages = [f.message for f in findings if f.rule == case.rule]
    if case.fires:
        assert messages, f"{case.rule} did not fire; findings: {findings}"
        assert any(case.message in m for m in messages), messages
    else:
        assert not messages, f"{case.rule} fired: {messages}"
