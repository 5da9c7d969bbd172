from __future__ import annotations

from tests.bundles import passport_jpeg
from tests.rules.cases import Case, contract, passport, silent_on_contract_example, silent_on_passport_example


def _drop_license(manifest, files):
    manifest["documents"].pop(0)
    del files["identity/business-license.jpg"]


def _license_as_other(manifest, files):
    manifest["documents"][0]["type"] = "other"


def _drop_passport(manifest, files):
    manifest["documents"] = []
    files.clear()


def _mainland_individual(manifest, files):
    manifest["account"]["region"] = "mainland_china"
    manifest["documents"] = []
    files.clear()


def _mainland_individual_with_passport(manifest, files):
    manifest["account"]["region"] = "mainland_china"


CASES = [
    Case("IPP-IDENTITY-001", contract(_drop_license), message="business registration certificate"),
    Case("IPP-IDENTITY-001", contract(_license_as_other)),
    Case("IPP-IDENTITY-001", passport(_drop_passport), message="passport, national ID card or driving licence"),
    Case("IPP-IDENTITY-002", passport(_mainland_individual), message="Taobao"),
    Case("IPP-IDENTITY-002", passport(_mainland_individual_with_passport), message="not needed"),
    Case("IPP-IDENTITY-001", passport(_mainland_individual), fires=False),
    *silent_on_contract_example("IPP-IDENTITY-001", "IPP-IDENTITY-002"),
    *silent_on_passport_example("IPP-IDENTITY-001", "IPP-IDENTITY-002"),
]
