"""Writes the training kit's exercise bundles in checklists/training/bundles/ from documents
rendered by tests/docgen.py.

    python scripts/make_training.py

Each exercise is a bundle with defects planted on purpose. What was planted, and what a trainee
should find, is written by hand in checklists/training/keys/<exercise>.yaml; the test
tests/test_training.py checks that the validator reports exactly those findings. Rerun this
script after changing the renderer; never edit the bundles."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import bundles, docgen  # noqa: E402

OUT = ROOT / "checklists" / "training" / "bundles"

Change = Callable[[dict[str, Any], dict[str, bytes]], None]

HONG_KONG_COMPANY = "Bright Harbour Trading Limited"


def expired_passport(manifest, files):
    """An expired passport (with its date printed to match) and an email without its @."""
    manifest["documents"][0]["expires_on"] = "2025-03-31"
    files["identity/passport.jpg"] = docgen.jpeg_bytes(docgen.passport(docgen.Person(expiry="250331")))
    manifest["complainant"]["email"] = "anna.eriksson.mail.example"


def manifest_typos(manifest, files):
    """A misspelt field name and a document type that is not one of the contract's."""
    manifest["complainant"]["adress"] = manifest["complainant"].pop("address")
    manifest["documents"][0]["type"] = "business_licence"


def licence_not_listed(manifest, files):
    """The business licence is in the folder but its entry was deleted; no phone number."""
    manifest["documents"].pop(0)
    manifest["complainant"].pop("phone")


def renamed_formats(manifest, files):
    """An iPhone HEIC photo renamed .jpg, a translation cut short, and an old draft left in."""
    files["identity/business-license.jpg"] = docgen.heic_header_bytes()
    whole = bundles.translation_pdf()
    files["rights/eutm-018123456-zh.pdf"] = whole[: len(whole) * 2 // 3]
    files["drafts/business-license-old.png"] = docgen.png_bytes(docgen.grayscale_copy(docgen.business_license()))


def mainland_individual_with_passport(manifest, files):
    """An individual in mainland China who prepared a passport (not needed: face scan), a
    national ID listed by a path outside the bundle, and no address."""
    manifest["account"]["region"] = "mainland_china"
    manifest["complainant"].pop("address")
    manifest["documents"].append({"file": "../anna-national-id.jpg", "type": "national_id",
                                  "name_on_document": "Anna Maria Eriksson", "language": "en"})


def listed_twice(manifest, files):
    """The translation's entry points at the certificate itself (the real translation sits
    unlisted), and the licence is a PNG named .jpg."""
    manifest["documents"][2]["file"] = "rights/eutm-018123456.pdf"
    files["identity/business-license.jpg"] = docgen.png_bytes(docgen.business_license())


def locked_certificate(manifest, files):
    """The certificate is a PDF that needs a password to open, and the licence is listed with
    capital letters its file name does not have."""
    files["rights/eutm-018123456.pdf"] = docgen.encrypted_pdf_bytes(bundles.certificate_pdf(), user_password="ipp2026")
    manifest["documents"][0]["file"] = "identity/Business-License.jpg"


def hong_kong_company(manifest, files):
    """A Hong Kong company: its Business Registration Certificate expired last month, the
    trademark certificate expires within weeks, and the translation carries a permissions
    password."""
    del files["identity/business-license.jpg"]
    files["identity/business-registration.jpg"] = docgen.jpeg_bytes(docgen.text_page([
        "BUSINESS REGISTRATION CERTIFICATE",
        "Inland Revenue Department, Hong Kong",
        f"Name of Business: {HONG_KONG_COMPANY.upper()}",
        "Nature of Business: Trading of electronic products",
        "Date of Commencement: 01/11/2019",
        "Date of Expiry: 31/10/2026",
    ], size=(1654, 2339)))
    manifest["account"]["region"] = "outside_mainland_china"
    manifest["complainant"].update(name=HONG_KONG_COMPANY, email="ip@brightharbour.example",
                                   phone="+852 2123 4567", address="1 Harbour Road, Wan Chai, Hong Kong")
    manifest["documents"][0] = {"file": "identity/business-registration.jpg", "type": "business_registration",
                                "name_on_document": HONG_KONG_COMPANY, "language": "en", "expires_on": "2026-10-31"}
    manifest["documents"][1]["expires_on"] = "2027-01-10"
    files["rights/eutm-018123456-zh.pdf"] = docgen.encrypted_pdf_bytes(bundles.translation_pdf())
    manifest["rights"] = []


# (folder name, the bundle it starts from, the defects planted), easy to hard.
EXERCISES: tuple[tuple[str, Callable, Change], ...] = (
    ("ex01-expired-passport", bundles.passport_bundle, expired_passport),
    ("ex02-manifest-typos", bundles.contract_bundle, manifest_typos),
    ("ex03-licence-not-listed", bundles.contract_bundle, licence_not_listed),
    ("ex04-renamed-formats", bundles.contract_bundle, renamed_formats),
    ("ex05-mainland-individual", bundles.passport_bundle, mainland_individual_with_passport),
    ("ex06-listed-twice", bundles.contract_bundle, listed_twice),
    ("ex07-locked-certificate", bundles.contract_bundle, locked_certificate),
    ("ex08-hong-kong-company", bundles.contract_bundle, hong_kong_company),
)


def write(out: Path = OUT) -> list[Path]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    return [start(out / name, change) for name, start, change in EXERCISES]


if __name__ == "__main__":
    written = write()
    print(f"wrote {len(written)} exercise bundles to {OUT}")
