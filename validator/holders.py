"""Whose document is it: whether the holder of a rights certificate or the issuer of an
authorization letter is a company or an individual.

The seal rules need to know it (a company seals a black-and-white copy, an individual signs it).
The manifest names the holder (`rights[].holder` for a certificate, `issued_by` for a letter);
when that name is the complainant's, the account's own holder type answers. Otherwise the name
decides: a legal-form word (有限公司, GmbH, Ltd, Inc, S.A., ...) makes a company, any other
name an individual. With no name at all, the rights are taken to be the account holder's own."""

from __future__ import annotations

import re

from validator.model import Document, Manifest

COMPANY = "company"
INDIVIDUAL = "individual"

_CJK_LEGAL_FORMS = ("公司", "集团", "企业", "工作室", "商行", "事务所", "研究院", "研究所", "合作社", "株式会社", "会社")
_LATIN_LEGAL_FORMS = (
    "ltd", "limited", "inc", "incorporated", "llc", "llp", "lp", "plc", "corp", "corporation", "company", "co",
    "gmbh", "ag", "kg", "ug", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "oy", "as", "aps",
    "pty", "kk", "sl", "sae", "group", "holdings",
)
_LATIN_WORDS = re.compile(r"[a-z]+(?:\.[a-z]+)*\.?", re.IGNORECASE)


def looks_like_company(name: str) -> bool:
    if any(form in name for form in _CJK_LEGAL_FORMS):
        return True
    words = {word.replace(".", "").lower() for word in _LATIN_WORDS.findall(name)}
    return bool(words & set(_LATIN_LEGAL_FORMS))


def holder_name(manifest: Manifest, document: Document) -> str | None:
    if document.type == "authorization_letter":
        return document.issued_by
    return next((right.holder for right in manifest.rights if right.certificate == document.file), None)


def holder_type(manifest: Manifest, document: Document) -> str:
    name = holder_name(manifest, document)
    if name is None or name == manifest.complainant.name:
        return manifest.account.holder_type
    return COMPANY if looks_like_company(name) else INDIVIDUAL
