"""`contact` rules: the complainant can be reached."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from validator.catalogue import Rule
from validator.context import BundleContext
from validator.findings import Finding, Severity
from validator.manifest import MANIFEST_NAME
from validator.templates import CONTACT_PLACEHOLDERS

INVALID_EMAIL = Rule(
    "IPP-CONTACT-001", "contact", Severity.ERROR,
    "The email address is not valid",
    "The account is registered with the email, verified with a code sent to it, and the email is "
    "one of the two details disclosed to the party complained of. It reportedly cannot be "
    "changed once the account exists.",
    "Enter the full address of a mailbox that is read often (name@example.com).",
    title_zh="电子邮箱地址无效",
    rationale_zh="账户以该邮箱注册并通过发送到该邮箱的验证码验证，邮箱也是向被投诉方披露的两项信息之一。据报道账户创建后邮箱无法修改。",
    hint_zh="填写一个经常查看的邮箱的完整地址（name@example.com）。",
)
MISSING_PHONE = Rule(
    "IPP-CONTACT-002", "contact", Severity.WARNING,
    "No phone number is given",
    "Alibaba asks complainants to keep their contact information, phone included, up to date so "
    "that it can reach them about their cases.",
    "Add complainant.phone with the country code (+86 755 1234 5678).",
    title_zh="未填写电话号码",
    rationale_zh="阿里巴巴要求投诉人保持联系方式（包括电话）最新，以便就案件联系。",
    hint_zh="添加带国家代码的 complainant.phone（如 +86 755 1234 5678）。",
)
MISSING_ADDRESS = Rule(
    "IPP-CONTACT-003", "contact", Severity.WARNING,
    "No postal address is given",
    "Alibaba asks complainants to keep their contact information, address included, up to date.",
    "Add complainant.address.",
    title_zh="未填写通讯地址",
    rationale_zh="阿里巴巴要求投诉人保持联系方式（包括地址）最新。",
    hint_zh="添加 complainant.address。",
)

PLACEHOLDER = Rule(
    "IPP-CONTACT-004", "contact", Severity.ERROR,
    "A template placeholder was left in a contact detail",
    "`validate init` writes example contact details (you@example.com, +00 000 000 0000, "
    "Street, city, postcode, country) for the user to replace. They are well formed, so nothing "
    "else catches them, but an account registered with them cannot be reached, and its email "
    "reportedly cannot be changed once the account exists.",
    "Replace the placeholder in bundle.yaml with the complainant's real detail.",
    title_zh="联系方式中留有模板占位内容",
    rationale_zh="`validate init` 会写入示例联系方式（you@example.com、+00 000 000 0000、Street, city, postcode, "
    "country），供用户替换。它们格式正确，其他检查发现不了；但用它们注册的账户无法联系到，且据报道账户创建后邮箱无法修改。",
    hint_zh="把 bundle.yaml 中的占位内容换成投诉人的真实信息。",
)

RULES = (INVALID_EMAIL, MISSING_PHONE, MISSING_ADDRESS, PLACEHOLDER)


def _folded(text: str) -> str:
    # A placeholder half-edited in case or spacing is still the placeholder.
    return " ".join(text.casefold().split())


def check_email(bundle: BundleContext) -> list[Finding]:
    email = bundle.manifest.complainant.email
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        line = bundle.manifest.line_of("complainant", "email")
        return [INVALID_EMAIL.finding(f"{email!r} is not a valid email address: {exc}", file=MANIFEST_NAME, line=line,
                                      message_zh=f"{email!r} 不是有效的电子邮箱地址。")]
    return []


def check_phone_and_address(bundle: BundleContext) -> list[Finding]:
    complainant = bundle.manifest.complainant
    line = bundle.manifest.line_of("complainant")
    findings = []
    if not (complainant.phone or "").strip():
        findings.append(MISSING_PHONE.finding("complainant.phone is missing.", file=MANIFEST_NAME, line=line,
                                              message_zh="缺少 complainant.phone。"))
    if not (complainant.address or "").strip():
        findings.append(MISSING_ADDRESS.finding("complainant.address is missing.", file=MANIFEST_NAME, line=line,
                                                message_zh="缺少 complainant.address。"))
    return findings


def check_placeholders(bundle: BundleContext) -> list[Finding]:
    complainant = bundle.manifest.complainant
    return [
        PLACEHOLDER.finding(f"complainant.{field} is still the template's placeholder {placeholder!r}.",
                            file=MANIFEST_NAME, line=bundle.manifest.line_of("complainant", field),
                            message_zh=f"complainant.{field} 仍是模板的占位内容 {placeholder!r}。")
        for field, placeholder in CONTACT_PLACEHOLDERS.items()
        if _folded(getattr(complainant, field) or "") == _folded(placeholder)
    ]


BUNDLE_CHECKS = (check_email, check_phone_and_address, check_placeholders)
