"""Bundle cases for the seal rules (tests/test_pixels.py and the calibration corpus test the
seal detector itself)."""

from __future__ import annotations

from functools import cache

from tests import docgen
from tests.bundles import CONTRACT_NAME
from tests.conftest import check_bundle
from tests.rules.cases import Case, contract, passport, silent_on_passport_example

CERTIFICATE = "rights/cn-trademark.jpg"


@cache
def _licence(kind: str) -> bytes:
    if kind == "unsealed":
        return docgen.jpeg_bytes(docgen.business_license(seal=False))
    if kind == "grey":
        return docgen.jpeg_bytes(docgen.grayscale_copy(docgen.business_license()))
    return docgen.jpeg_bytes(docgen.photographed(docgen.business_license(), docgen.Shot(angle=12)))


@cache
def _certificate(holder: str, kind: str) -> bytes:
    original = docgen.certificate_original(holder, "第12345678号")
    if kind == "grey":
        return docgen.jpeg_bytes(docgen.grayscale_copy(original))
    if kind == "stamped":
        return docgen.jpeg_bytes(docgen.stamped_copy(original, holder))
    return docgen.jpeg_bytes(original)


def _licence_file(kind: str):
    def change(manifest, files):
        files["identity/business-license.jpg"] = _licence(kind)

    return change


def _certificate_file(holder: str, kind: str):
    def change(manifest, files):
        files[CERTIFICATE] = _certificate(holder, kind)
        manifest["documents"].append({"file": CERTIFICATE, "type": "trademark_certificate", "language": "zh"})
        manifest.setdefault("rights", []).append(
            {"type": "trademark", "number": "12345678", "holder": holder, "certificate": CERTIFICATE})

    return change


ANNA = "Anna Maria Eriksson"

CASES = [
    Case("IPP-SEAL-001", contract(_licence_file("unsealed"))),
    Case("IPP-SEAL-001", contract(_licence_file("rotated-photo")), fires=False),
    Case("IPP-SEAL-002", contract(_licence_file("grey"))),
    Case("IPP-SEAL-002", contract(), fires=False),
    Case("IPP-SEAL-003", contract()),
    Case("IPP-SEAL-003", contract(_licence_file("rotated-photo"))),
    Case("IPP-SEAL-003", contract(_licence_file("unsealed")), fires=False),
    Case("IPP-SEAL-004", contract(_certificate_file(CONTRACT_NAME, "grey"))),
    Case("IPP-SEAL-004", contract(_certificate_file(CONTRACT_NAME, "stamped")), fires=False),
    Case("IPP-SEAL-004", contract(_certificate_file(CONTRACT_NAME, "colour")), fires=False),
    Case("IPP-SEAL-005", passport(_certificate_file(ANNA, "grey"))),
    Case("IPP-SEAL-005", passport(_certificate_file(ANNA, "colour")), fires=False),
    Case("IPP-SEAL-004", passport(_certificate_file(ANNA, "grey")), fires=False),
    *silent_on_passport_example(*(f"IPP-SEAL-00{n}" for n in range(1, 6))),
]


SCANNED = "rights/cn-trademark.pdf"


def test_a_page_with_red_on_it_is_not_called_black_and_white(tmp_path):
    certificate = docgen.certificate_original(CONTRACT_NAME, "第12345678号")

    def change(manifest, files):
        _certificate_file(CONTRACT_NAME, "grey")(manifest, files)
        del files[CERTIFICATE]
        files[SCANNED] = docgen.scanned_pdf_bytes([docgen.red_circle_copy(certificate)])
        manifest["documents"][-1]["file"] = manifest["rights"][-1]["certificate"] = SCANNED

    report = check_bundle(contract(change)(tmp_path / "certificate"))
    (finding,) = [f for f in report.findings if f.rule == "IPP-SEAL-004"]
    assert "black-and-white copy" not in finding.message and "red" in finding.message
    assert "no official seal" in finding.message

    licence = contract(lambda manifest, files: files.update(
        {"identity/business-license.jpg": docgen.jpeg_bytes(docgen.red_circle_copy(docgen.business_license(seal=False)))}))
    report = check_bundle(licence(tmp_path / "licence"))
    assert "IPP-SEAL-002" not in {f.rule for f in report.findings}
    (finding,) = [f for f in report.findings if f.rule == "IPP-SEAL-001"]
    assert "red" in finding.message and "black-and-white" not in finding.message
