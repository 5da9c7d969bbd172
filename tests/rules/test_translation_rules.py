"""Bundle cases for the translation rules (tests/test_translation_rules.py tests the checks)."""

from __future__ import annotations

from tests.rules.cases import Case, contract, passport, silent_on_contract_example, silent_on_passport_example

CERTIFICATE = 1
TRANSLATION = 2


def _drop_translation(manifest, files):
    manifest["documents"].pop(TRANSLATION)
    del files["rights/eutm-018123456-zh.pdf"]


def _translation(**values):
    def change(manifest, files):
        manifest["documents"][TRANSLATION].update(values)

    return change


def _certificate_declared(language: str):
    def change(manifest, files):
        manifest["documents"][CERTIFICATE]["language"] = language

    return change


def _untranslated_declared_english(manifest, files):
    _drop_translation(manifest, files)
    _certificate_declared("en")(manifest, files)


CASES = [
    Case("IPP-TRANSLATION-001", contract(_drop_translation), message="rights/eutm-018123456.pdf"),
    Case("IPP-TRANSLATION-002", contract(_translation(translation_of="rights/eutm-000000000.pdf")),
         message="rights/eutm-000000000.pdf"),
    # The original named in Windows spelling is the listed document: no orphan, no missing translation.
    Case("IPP-TRANSLATION-002", contract(_translation(translation_of="rights\\eutm-018123456.pdf")), fires=False),
    Case("IPP-TRANSLATION-001", contract(_translation(translation_of="rights\\eutm-018123456.pdf")), fires=False),
    Case("IPP-TRANSLATION-003", contract(_translation(notarized=False))),
    Case("IPP-TRANSLATION-003", contract(_translation(notarized=True)), fires=False),
    Case("IPP-TRANSLATION-004", contract(_untranslated_declared_english), message="German"),
    Case("IPP-TRANSLATION-004", contract(_certificate_declared("en")), fires=False),
    Case("IPP-TRANSLATION-005", contract(_certificate_declared("en")), message="German"),
    Case("IPP-TRANSLATION-005", contract(_certificate_declared("fr")), message="German"),
    *silent_on_contract_example(*(f"IPP-TRANSLATION-00{n}" for n in range(1, 6))),
    *silent_on_passport_example(*(f"IPP-TRANSLATION-00{n}" for n in range(1, 6))),
]
