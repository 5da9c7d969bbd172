from __future__ import annotations

import re

from tests.rules.test_rule_cases import all_cases
from validator.catalogue import CATEGORIES
from validator.rules import RULES, get_rule


def test_rule_ids_are_well_formed_and_registered_once():
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id
        assert re.fullmatch(r"IPP-[A-Z]+-\d{3}", rule.id)
        assert rule.category in CATEGORIES


def test_every_rule_is_documented_in_both_languages():
    for rule in RULES.values():
        for text in (rule.title, rule.rationale, rule.hint, rule.title_zh, rule.rationale_zh, rule.hint_zh):
            assert text.strip(), rule.id
        assert re.search(r"[\u4e00-\u9fff]", rule.title_zh + rule.rationale_zh + rule.hint_zh), rule.id


def test_every_rule_has_a_firing_and_a_silent_case():
    cases = all_cases()
    firing = {c.rule for c in cases if c.fires}
    silent = {c.rule for c in cases if not c.fires}
    assert set(RULES) - firing == set(), "rules without a case that makes them fire"
    assert set(RULES) - silent == set(), "rules without a case that shows them silent"


def test_unknown_rule_lookup_raises():
    try:
        get_rule("IPP-NOPE-001")
    except KeyError as exc:
        assert "IPP-NOPE-001" in str(exc)
    else:
        raise AssertionError("an unknown rule must raise")


def test_rule_links_point_at_the_rule_reference():
    rule = get_rule("ipp-file-003")
    assert rule.url.endswith("/reference/rules/#ipp-file-003")
