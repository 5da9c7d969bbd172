from __future__ import annotations

from tests.rules.cases import Case, contract, silent_on_contract_example, silent_on_passport_example


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
    *silent_on_contract_example("IPP-CONTACT-001", "IPP-CONTACT-002", "IPP-CONTACT-003"),
    *silent_on_passport_example("IPP-CONTACT-001", "IPP-CONTACT-002", "IPP-CONTACT-003"),
]
