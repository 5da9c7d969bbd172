"""Whose document is it: whether the holder of a rights certificate or the issuer of an
authorization letter is a company or an individual.

The seal rules need to know it (a company seals a black-and-white copy, an individual signs it).
The manifest names the holder (`rights[].holder` for a certificate, `issued_by` for a letter);
when that name is the complainant's, the account's own holder type answers. Otherwise the name
decides, read by validator.names.holder_kind (a legal-form word such as 有限公司, GmbH, Ltd
makes a company); a name whose form does not tell is taken as an individual's, so that the
seal rules ask for a signature (a warning) rather than report a missing seal (an error). With no
name at all, the rights are taken to be the account holder's own."""

from __future__ import annotations

from validator.locate import same_path
from validator.model import Document, Manifest
from validator.names import holder_kind

COMPANY = "company"
INDIVIDUAL = "individual"

def holder_name(manifest: Manifest, document: Document) -> str | None:
    if document.type == "authorization_letter":
        return document.issued_by
    return next((right.holder for right in manifest.rights if same_path(right.certificate, document.file)), None)


def holder_type(manifest: Manifest, document: Document) -> str:
    name = holder_name(manifest, document)
    if name is None or name == manifest.complainant.name:
        return manifest.account.holder_type
    return COMPANY if holder_kind(name) == COMPANY else INDIVIDUAL
