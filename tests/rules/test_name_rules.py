"""Bundle cases for the name rules (tests/test_name_rules.py tests the checks one by one)."""

from __future__ import annotations

from functools import cache

from tests import docgen
from tests.bundles import CONTRACT_NAME
from tests.rules.cases import Case, contract, passport, silent_on_contract_example, silent_on_passport_example

OTHER_COMPANY = "广州市恒达贸易有限公司"


@cache
def _licence_of(name: str) -> bytes:
    return docgen.jpeg_bytes(docgen.business_license(docgen.Company(name=name)))


@cache
def _certificate_with_latin_holder() -> bytes:
    return docgen.text_pdf_bytes(docgen.german_certificate_lines(), "Markenurkunde")


def _complainant(name: str):
    def change(manifest, files):
        manifest["complainant"]["name"] = name

    return change


def _right_holder(holder: str, role: str = "rights_holder"):
    def change(manifest, files):
        manifest["rights"][0]["holder"] = holder
        manifest["account"]["role"] = role

    return change


def _licence_shows_another_company(manifest, files):
    files["identity/business-license.jpg"] = _licence_of(OTHER_COMPANY)


def _certificate_names_holder_in_latin(manifest, files):
    files["rights/eutm-018123456.pdf"] = _certificate_with_latin_holder()


def _agent_with_letter(manifest, files):
    _right_holder(OTHER_COMPANY, "authorized_agent")(manifest, files)
    manifest["documents"].append({"file": "legal/authorization.pdf", "type": "authorization_letter",
                                  "issued_by": OTHER_COMPANY, "language": "zh"})
    files["legal/authorization.pdf"] = docgen.text_pdf_bytes(
        [f"授权方：{OTHER_COMPANY}", f"被授权方：{CONTRACT_NAME}", "兹授权被授权方在阿里巴巴知识产权保护平台维护上述商标权利。"],
        "授权委托书", "cjk")


CASES = [
    Case("IPP-NAME-001", contract(_complainant(CONTRACT_NAME.replace("有限公司", "有限责任公司"))),
         message="company-suffix"),
    Case("IPP-NAME-001", passport(_complainant("Anna-Maria Eriksson")), message="hyphen"),
    Case("IPP-NAME-002", contract(_right_holder(CONTRACT_NAME.replace("深圳市", "深圳市 ")))),
    Case("IPP-NAME-003", contract(_right_holder("王明"))),
    Case("IPP-NAME-004", contract(_right_holder(OTHER_COMPANY)), message=OTHER_COMPANY),
    Case("IPP-NAME-004", contract(_agent_with_letter), fires=False),
    Case("IPP-NAME-005", contract(_right_holder(OTHER_COMPANY, "authorized_agent")), message=OTHER_COMPANY),
    Case("IPP-NAME-005", contract(_agent_with_letter), fires=False),
    Case("IPP-NAME-006", contract(_licence_shows_another_company), message="does not contain it"),
    Case("IPP-NAME-007", contract(_certificate_names_holder_in_latin)),
    *silent_on_contract_example(*(f"IPP-NAME-00{n}" for n in range(1, 9))),
    *silent_on_passport_example(*(f"IPP-NAME-00{n}" for n in range(1, 9))),
]

CASES.append(Case("IPP-NAME-008", passport(), settings={"ocr": False}, message="--no-ocr"))


def test_turning_ocr_off_is_not_a_missing_tesseract(tmp_path):
    from tests.conftest import check_bundle

    (finding,) = [f for f in check_bundle(passport()(tmp_path / "b"), ocr=False).findings if f.rule == "IPP-NAME-008"]
    assert finding.hint == "Run the validator again without --no-ocr to do these checks."
