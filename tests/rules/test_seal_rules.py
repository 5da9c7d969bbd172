"""Bundle cases for the seal rules (tests/test_pixels.py and the calibration corpus test the
seal detector itself)."""

from __future__ import annotations

from functools import cache

from tests import docgen
from tests.bundles import CONTRACT_NAME
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
