from __future__ import annotations

from pathlib import Path

from tests.bundles import rule_ids
from tests.rules.cases import Case, contract, silent_on_contract_example, silent_on_passport_example
from validator.config import Settings
from validator.context import BundleContext
from validator.manifest import parse_manifest_text
from validator.model import Manifest
from validator.rules import contact
from validator.templates import CONTACT_PLACEHOLDERS, manifest_template


def _complainant(**values):
    def change(manifest, files):
        for key, value in values.items():
            if value is None:
                manifest["complainant"].pop(key)
            else:
                manifest["complainant"][key] = value

    return change


CASES = [
    Case("IPP-CONTACT-001", contract(_complainant(email="ip@@brightstar.example")), message="not a valid email"),
    Case("IPP-CONTACT-001", contract(_complainant(email="ip.brightstar.example"))),
    Case("IPP-CONTACT-001", contract(_complainant(email="ip@localhost"))),
    Case("IPP-CONTACT-001", contract(_complainant(email="王明@明星科技.中国")), fires=False),
    Case("IPP-CONTACT-002", contract(_complainant(phone=None)), message="phone"),
    Case("IPP-CONTACT-002", contract(_complainant(phone="  ")), message="phone"),
    Case("IPP-CONTACT-003", contract(_complainant(address=None)), message="address"),
    Case("IPP-CONTACT-004", contract(_complainant(email="you@example.com")), message="you@example.com"),
    Case("IPP-CONTACT-004", contract(_complainant(phone="+00 000 000 0000")), message="phone"),
    Case("IPP-CONTACT-004", contract(_complainant(address=" street, City,  postcode, country")), message="address"),
    Case("IPP-CONTACT-004", contract(_complainant(email="you@brightstar.example")), fires=False),
    *silent_on_contract_example("IPP-CONTACT-001", "IPP-CONTACT-002", "IPP-CONTACT-003", "IPP-CONTACT-004"),
    *silent_on_passport_example("IPP-CONTACT-001", "IPP-CONTACT-002", "IPP-CONTACT-003", "IPP-CONTACT-004"),
]


def test_every_placeholder_of_the_init_template_is_an_error():
    """`validate init`'s manifest, with its documents filled in but its contact details left as
    written, fails once per placeholder; the email, being well formed, is not also 'invalid'."""
    for holder_type, region in (("individual", "outside_mainland_china"), ("company", "mainland_china")):
        parsed = parse_manifest_text(manifest_template(holder_type, region))
        bundle = BundleContext(Path("."), Manifest.from_data(parsed.data, parsed.lines), {}, Settings())
        findings = contact.check_email(bundle) + contact.check_placeholders(bundle)
        assert rule_ids(findings) == ["IPP-CONTACT-004"] * len(CONTACT_PLACEHOLDERS)
        assert all(f.severity.value == "error" for f in findings)
        assert {f.line for f in findings} == {11, 12, 13}

