"""Writing test bundles: a bundle.yaml and the documents docgen draws, in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import yaml

import docgen

CONTRACT_COMPANY = "深圳市明星科技有限公司"


def write_bundle(root: Path, manifest: dict, files: dict[str, bytes | list[str] | tuple[str, list[str]]]) -> Path:
    """`files`: bytes to write, or the lines of a text PDF (a (face, lines) pair for CJK)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, tuple):
            docgen.text_pdf(path, content[1], face=content[0])
        else:
            docgen.text_pdf(path, content)
    (root / "bundle.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
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


def contract_example(root: Path) -> Path:
    """The bundle contract's example: a mainland company, its sealed business licence, a German
    trademark certificate PDF and its notarized Chinese translation."""
    documents = [
        {"file": "identity/business-license.jpg", "type": "business_registration",
         "name_on_document": CONTRACT_COMPANY, "language": "zh"},
        {"file": "rights/eutm-018123456.pdf", "type": "trademark_certificate", "language": "de"},
        {"file": "rights/eutm-018123456-zh.pdf", "type": "translation", "translation_of": "rights/eutm-018123456.pdf",
         "language": "zh", "notarized": True},
    ]
    rights = [{"type": "trademark", "number": "018123456", "holder": CONTRACT_COMPANY,
               "certificate": "rights/eutm-018123456.pdf"}]
    files = {
        "identity/business-license.jpg": docgen.jpeg_bytes(docgen.business_license()),
        "rights/eutm-018123456.pdf": docgen.german_certificate_lines(),
        "rights/eutm-018123456-zh.pdf": ("cjk", docgen.chinese_translation_lines()),
    }
    return write_bundle(root, manifest("company", "mainland_china", CONTRACT_COMPANY, documents, rights), files)


def bundle_context(data: dict, readings: dict | None = None, today=None):
    """A BundleContext over a manifest, with what each file 'said' (file -> DocumentReading),
    for testing the bundle checks without rendering or reading anything."""
    import datetime as dt

    from validator.config import Settings
    from validator.context import BundleContext, FileFacts
    from validator.model import Manifest

    facts = {file: FileFacts("JPEG", 1000, 1, decoded=True, reading=reading) for file, reading in (readings or {}).items()}
    settings = Settings(today=today or dt.date(2026, 1, 1))
    return BundleContext(Path("."), Manifest.from_data(data, {}), facts, settings)


def rule_ids(findings) -> list[str]:
    return sorted(finding.rule for finding in findings)
