"""Building bundles for tests: the contract's example bundle, and variations of it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tests import docgen

CONTRACT_NAME = CONTRACT_COMPANY = "深圳市明星科技有限公司"


def contract_manifest() -> dict[str, Any]:
    """The example manifest of shared/bundle-contract.md, field for field."""
    return {
        "schema_version": 1,
        "account": {"holder_type": "company", "region": "mainland_china", "role": "rights_holder"},
        "complainant": {
            "name": CONTRACT_NAME,
            "email": "ip@brightstar.example",
            "phone": "+86 755 1234 5678",
            "address": "...",
        },
        "documents": [
            {"file": "identity/business-license.jpg", "type": "business_registration",
             "name_on_document": CONTRACT_NAME, "language": "zh"},
            {"file": "rights/eutm-018123456.pdf", "type": "trademark_certificate", "language": "de"},
            {"file": "rights/eutm-018123456-zh.pdf", "type": "translation",
             "translation_of": "rights/eutm-018123456.pdf", "language": "zh", "notarized": True},
        ],
        "rights": [
            {"type": "trademark", "number": "018123456", "holder": CONTRACT_NAME,
             "certificate": "rights/eutm-018123456.pdf"},
        ],
    }


def passport_manifest(expires_on: str = "2032-04-15") -> dict[str, Any]:
    """An individual outside mainland China, as in the contract's passport example."""
    return {
        "schema_version": 1,
        "account": {"holder_type": "individual", "region": "outside_mainland_china"},
        "complainant": {"name": "Anna Maria Eriksson", "email": "anna@eriksson.example",
                        "phone": "+46 8 123 456 78", "address": "Storgatan 1, 111 22 Stockholm, Sweden"},
        "documents": [
            {"file": "identity/passport.jpg", "type": "passport", "name_on_document": "Anna Maria Eriksson",
             "language": "en", "expires_on": expires_on},
        ],
    }


@cache
def license_jpeg() -> bytes:
    return docgen.jpeg_bytes(docgen.business_license())


@cache
def passport_jpeg() -> bytes:
    return docgen.jpeg_bytes(docgen.passport())


GERMAN_CERTIFICATE = [
    "Eintragungsurkunde",
    "Die nachstehende Unionsmarke wurde in das Register eingetragen.",
    "Nummer der Marke: 018123456",
    f"Inhaber: {CONTRACT_NAME}",
    "Waren und Dienstleistungen: Klasse 9, elektronische Geräte und Zubehör.",
]
CHINESE_TRANSLATION = [
    "注册证书",
    "下列欧盟商标已在登记簿中注册。",
    "商标号：018123456",
    f"所有人：{CONTRACT_NAME}",
    "商品和服务：第9类，电子设备及配件。",
]


@cache
def certificate_pdf() -> bytes:
    return docgen.text_pdf_bytes(GERMAN_CERTIFICATE, "Unionsmarke", "cjk")


@cache
def translation_pdf() -> bytes:
    return docgen.text_pdf_bytes(CHINESE_TRANSLATION, "欧盟商标注册证书（译文）", "cjk")


def write_bundle(root: Path, manifest: dict[str, Any] | str | None,
                 files: dict[str, bytes | list[str] | tuple[str, list[str]]]) -> Path:
    """`files`: bytes to write, or the lines of a text PDF (a (face, lines) pair for CJK)."""
    root.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        text = manifest if isinstance(manifest, str) else yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False)
        (root / "bundle.yaml").write_text(text, encoding="utf-8")
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple):
            docgen.text_pdf(target, content[1], face=content[0])
        elif isinstance(content, list):
            docgen.text_pdf(target, content)
        else:
            target.write_bytes(content)
    return root


def manifest(holder_type: str, region: str, name: str, documents: list[dict], rights: list[dict] | None = None,
             role: str = "rights_holder") -> dict:
    data = {
        "schema_version": 1,
        "account": {"holder_type": holder_type, "region": region, "role": role},
        "complainant": {"name": name, "email": "ip@brightstar.example", "phone": "+86 755 1234 5678",
                        "address": "深圳市南山区科技园科苑路15号"},
        "documents": documents,
    }
    if rights:
        data["rights"] = rights
    return data


def contract_files() -> dict[str, bytes]:
    return {
        "identity/business-license.jpg": license_jpeg(),
        "rights/eutm-018123456.pdf": certificate_pdf(),
        "rights/eutm-018123456-zh.pdf": translation_pdf(),
    }


def contract_bundle(root: Path, change=None) -> Path:
    """The contract's example bundle; `change(manifest, files)` may alter it before it is written."""
    manifest = contract_manifest()
    files = contract_files()
    if change:
        change(manifest, files)
    return write_bundle(root, manifest, files)


@cache
def _passport_jpeg_expiring(expiry_yymmdd: str) -> bytes:
    return docgen.jpeg_bytes(docgen.passport(docgen.Person(expiry=expiry_yymmdd)))


def expired_passport(expires_on: str = "2020-01-31"):
    """A change for passport_bundle: the passport (its printed date and MRZ) and the manifest
    both give this expiry date."""
    def change(manifest, files):
        manifest["documents"][0]["expires_on"] = expires_on
        files["identity/passport.jpg"] = _passport_jpeg_expiring(expires_on[2:].replace("-", ""))

    return change


def passport_bundle(root: Path, change=None) -> Path:
    manifest = passport_manifest()
    files = {"identity/passport.jpg": passport_jpeg()}
    if change:
        change(manifest, files)
    return write_bundle(root, manifest, files)


def contract_example(root: Path) -> Path:
    """The bundle contract's example: a mainland company, its sealed business licence, a German
    trademark certificate PDF and its notarized Chinese translation."""
    return contract_bundle(root)


def bundle_context(data: dict, readings: dict | None = None, today=None):
    """A BundleContext over a manifest, with what each file 'said' (file -> DocumentReading),
    for testing the bundle checks without rendering or reading anything."""
    import datetime as dt

    from validator.config import Settings
    from validator.context import BundleContext, FileFacts
    from validator.model import Manifest
    from validator.language import classify_latin
    from validator.reading import name_text_language, with_declared_language

    parsed = Manifest.from_data(data, {})
    settings = Settings(today=today or dt.date(2026, 1, 1), ocr_cache=False)
    # As the bundle checks receive it: judged by the worker, its text's language named by the
    # main process where the worker left it.
    facts = {}
    for file, reading in (readings or {}).items():
        document = parsed.document(file)
        if document and reading:
            listings = tuple(d for d in parsed.documents if d.file == file)
            reading = name_text_language(with_declared_language(reading, document, classify_latin), settings, listings)
        facts[file] = FileFacts("JPEG", 1000, 1, decoded=True, reading=reading)
    return BundleContext(Path("."), parsed, facts, settings)


def rule_ids(findings) -> list[str]:
    return sorted(finding.rule for finding in findings)
