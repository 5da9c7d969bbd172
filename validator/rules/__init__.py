"""The rule registry: every rule of every category module, once. This is the one source for
`validate rules`, `validate explain`, the guide's rule reference and the checklists."""

from __future__ import annotations

from validator.catalogue import CATEGORIES, Rule
from validator.suggest import did_you_mean
from validator.rules import contact, expiry, file, identity, legibility, name, schema, seal, translation

_MODULES = (schema, file, identity, legibility, seal, name, translation, expiry, contact)

# Per-file checks run in the worker over the decoded document: PAGE_CHECKS once per page,
# DOCUMENT_CHECKS once per file. BUNDLE_CHECKS run over the manifest and every file's facts.
PAGE_CHECKS = tuple(check for module in _MODULES for check in getattr(module, "PAGE_CHECKS", ()))
DOCUMENT_CHECKS = tuple(check for module in _MODULES for check in getattr(module, "DOCUMENT_CHECKS", ()))
BUNDLE_CHECKS = tuple(check for module in _MODULES for check in getattr(module, "BUNDLE_CHECKS", ()))


def _registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in _MODULES:
        for rule in module.RULES:
            if rule.id in rules:
                raise ValueError(f"rule {rule.id} is registered twice")
            rules[rule.id] = rule
    return dict(sorted(rules.items(), key=lambda item: (CATEGORIES.index(item[1].category), item[0])))


RULES: dict[str, Rule] = _registry()


def rule_id(text: str) -> str:
    """The catalogue's ID for what a user typed: any case, with or without the `IPP-` prefix
    (`file-003` is IPP-FILE-003). KeyError, with the closest ID as a suggestion, otherwise."""
    wanted = text.strip().upper()
    full = wanted if wanted.startswith("IPP-") else f"IPP-{wanted}"
    if full in RULES:
        return full
    raise KeyError(f"unknown rule {text!r}{did_you_mean(full, RULES, cutoff=0.75)}")


def get_rule(text: str) -> Rule:
    return RULES[rule_id(text)]
