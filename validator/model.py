"""The manifest as typed records, built once the manifest has passed its schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from validator.locate import same_path
from validator.manifest import nearest_line

INDIVIDUAL_IDENTITY_TYPES = ("passport", "national_id", "drivers_license")
COMPANY_IDENTITY_TYPES = ("business_registration", "incorporation_certificate")
CERTIFICATE_TYPES = ("trademark_certificate", "copyright_certificate", "patent_certificate")
# Each document type's name in the messages of reports in Chinese.
TYPE_NAMES_ZH = {
    "passport": "护照",
    "national_id": "身份证",
    "drivers_license": "驾驶证",
    "business_registration": "营业执照（商业登记证）",
    "incorporation_certificate": "公司注册证书",
    "trademark_certificate": "商标注册证",
    "copyright_certificate": "著作权登记证书",
    "patent_certificate": "专利证书",
    "authorization_letter": "授权书",
    "translation": "译文",
    "other": "材料",
}


@dataclass(frozen=True)
class Account:
    holder_type: str
    region: str
    role: str

    @property
    def identity_types(self) -> tuple[str, ...]:
        """The document types that prove this account holder's identity."""
        return INDIVIDUAL_IDENTITY_TYPES if self.holder_type == "individual" else COMPANY_IDENTITY_TYPES


@dataclass(frozen=True)
class Complainant:
    name: str
    email: str
    phone: str | None
    address: str | None


@dataclass(frozen=True)
class Document:
    index: int
    file: str
    type: str
    name_on_document: str | None = None
    language: str | None = None
    expires_on: dt.date | None = None
    translation_of: str | None = None
    notarized: bool | None = None
    issued_by: str | None = None

    @property
    def field_path(self) -> str:
        return f"documents[{self.index}]"


@dataclass(frozen=True)
class Right:
    index: int
    type: str
    number: str
    holder: str
    certificate: str | None = None

    @property
    def field_path(self) -> str:
        return f"rights[{self.index}]"


@dataclass(frozen=True)
class Ignore:
    """bundle.yaml's `ignore:` entry: a rule's findings (on one file, or anywhere) left out of the
    status, for the reason given."""

    index: int
    rule: str
    file: str | None = None
    reason: str | None = None

    @property
    def field_path(self) -> str:
        return f"ignore[{self.index}]"


@dataclass(frozen=True)
class Manifest:
    account: Account
    complainant: Complainant
    documents: tuple[Document, ...]
    rights: tuple[Right, ...]
    lines: dict[tuple, int]
    ignores: tuple[Ignore, ...] = ()

    def line_of(self, *path: str | int) -> int | None:
        return nearest_line(self.lines, path)

    def identity_documents(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.type in self.account.identity_types)

    def document(self, file: str) -> Document | None:
        return next((d for d in self.documents if same_path(d.file, file)), None)

    def declared_names(self, document: Document) -> tuple[str, ...]:
        """The names the document must show: the complainant's when it proves the account holder's
        identity, and the holder of each right it is the certificate of."""
        names = [document.name_on_document] if document.type in self.account.identity_types and \
            document.name_on_document else []
        names += [right.holder for right in self.rights if same_path(right.certificate, document.file)]
        return tuple(dict.fromkeys(names))

    @classmethod
    def from_data(cls, data: dict[str, Any], lines: dict[tuple, int]) -> Manifest:
        account = data["account"]
        complainant = data["complainant"]
        return cls(
            account=Account(
                holder_type=account["holder_type"],
                region=account["region"],
                role=account.get("role", "rights_holder"),
            ),
            complainant=Complainant(
                name=complainant["name"],
                email=complainant["email"],
                phone=complainant.get("phone"),
                address=complainant.get("address"),
            ),
            documents=tuple(
                Document(index=i, **{**d, "expires_on": _date(d.get("expires_on"))})
                for i, d in enumerate(data.get("documents") or [])
            ),
            rights=tuple(Right(index=i, **r) for i, r in enumerate(data.get("rights") or [])),
            lines=lines,
            ignores=tuple(Ignore(index=i, **entry) for i, entry in enumerate(data.get("ignore") or [])),
        )


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)
