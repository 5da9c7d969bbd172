"""`expiry` rules: no document is past, or close to, its expiry date."""

from __future__ import annotations

from validator.catalogue import Rule
from validator.context import BundleContext
from validator.findings import Finding, Region, Severity
from validator.model import TYPE_NAMES_ZH
from validator.mrz import Mrz

EXPIRED = Rule(
    "IPP-EXPIRY-001", "expiry", Severity.ERROR,
    "A document has expired",
    "Identity documents are verified only within their validity; a Hong Kong company's Business "
    "Registration Certificate, for one, must be within its valid period.",
    "Provide the renewed document (a new passport, the current year's certificate) and update "
    "expires_on.",
    title_zh="材料已过期",
    rationale_zh="身份证明材料只在有效期内才能通过认证；例如香港公司的商业登记证必须在有效期内。",
    hint_zh="提供更新后的材料（新护照、当年的登记证），并更新 expires_on。",
)
EXPIRES_SOON = Rule(
    "IPP-EXPIRY-002", "expiry", Severity.WARNING,
    "A document expires soon",
    "A document that expires while verification is under review, or soon after, will have to be "
    "replaced. The 60-day window is the validator's own default, not a platform rule "
    "(--expiry-warning-days).",
    "Renew the document now if you can, and plan to update it on the platform.",
    title_zh="材料即将过期",
    rationale_zh="在审核期间或审核后不久过期的材料将需要更换。60 天的提醒期是校验器自己的默认值，不是平台规则（--expiry-warning-days）。",
    hint_zh="尽可能现在就更新材料，并计划在平台上同步更新。",
)

MRZ_EXPIRED = Rule(
    "IPP-EXPIRY-003", "expiry", Severity.ERROR,
    "The document's machine-readable zone shows it has expired",
    "The expiry date in a passport's or ID card's machine-readable zone, verified by its check "
    "digit, is the document's own: an expired identity document is not accepted, whatever the "
    "manifest says.",
    "Provide a valid identity document and list its expiry date as expires_on.",
    title_zh="材料机读区显示已过期",
    rationale_zh="护照或身份证机读区中经校验位验证的有效期是证件本身的信息：过期的身份证件不被接受，无论清单如何填写。",
    hint_zh="提供有效的身份证件，并以 expires_on 填写其有效期。",
)
MRZ_DISAGREES = Rule(
    "IPP-EXPIRY-004", "expiry", Severity.WARNING,
    "The declared expiry date is not the one in the machine-readable zone",
    "The machine-readable zone's expiry date is verified by its check digit; a different "
    "expires_on was typed wrongly or belongs to another document, and the expiry checks rely on it.",
    "Set expires_on to the date printed on the document (the message gives the MRZ's date).",
    title_zh="声明的有效期与机读区不一致",
    rationale_zh="机读区的有效期经校验位验证；不同的 expires_on 要么填错，要么属于另一份证件，而有效期检查依赖它。",
    hint_zh="把 expires_on 设为证件上印刷的日期（提示中给出了机读区的日期）。",
)
MRZ_UNVERIFIED = Rule(
    "IPP-EXPIRY-005", "expiry", Severity.INFO,
    "The machine-readable zone was found but its check digits do not verify",
    "A machine-readable zone whose check digits fail was misread (or is damaged), so its expiry "
    "date and name are not used. This is not an error by itself.",
    "Nothing to do if the document is valid; a sharper, glare-free photo of the MRZ lets the "
    "validator read it.",
    title_zh="找到了机读区但校验位不符",
    rationale_zh="校验位不符的机读区被误读（或已损坏），因此不使用其中的有效期和姓名。这本身不是错误。",
    hint_zh="如证件有效则无需处理；更清晰、无反光的机读区照片能让校验器读取。",
)

RULES = (EXPIRED, EXPIRES_SOON, MRZ_EXPIRED, MRZ_DISAGREES, MRZ_UNVERIFIED)

# The check digits of validator/mrz.py, by name, for messages in Chinese.
_CHECKS_ZH = {"document number": "证件号码", "date of birth": "出生日期", "date of expiry": "有效期",
              "composite": "综合校验位", "personal number": "个人号码"}


def check_expiry_dates(bundle: BundleContext) -> list[Finding]:
    today = bundle.settings.today
    window = bundle.settings.expiry_warning_days
    findings = []
    for document in bundle.manifest.documents:
        if document.expires_on is None:
            continue
        days = (document.expires_on - today).days
        line = bundle.manifest.line_of("documents", document.index, "expires_on")
        if days < 0:
            findings.append(EXPIRED.finding(
                f"The {document.type.replace('_', ' ')} expired on {document.expires_on.isoformat()} "
                f"({-days} days ago).", file=document.file, line=line,
                message_zh=f"该{TYPE_NAMES_ZH[document.type]}已于 {document.expires_on.isoformat()} 过期（{-days} 天前）。"))
        elif days <= window:
            findings.append(EXPIRES_SOON.finding(
                f"The {document.type.replace('_', ' ')} expires on {document.expires_on.isoformat()}, "
                f"in {days} days.", file=document.file, line=line,
                message_zh=f"该{TYPE_NAMES_ZH[document.type]}将于 {document.expires_on.isoformat()} 过期，还有 {days} 天。"))
    return findings


def check_mrz_expiry(bundle: BundleContext) -> list[Finding]:
    today = bundle.settings.today
    findings = []
    for document in bundle.manifest.documents:
        reading = bundle.reading(document.file)
        mrz = reading.mrz if reading else None
        if mrz is None:
            continue
        if not mrz.valid:
            findings.append(MRZ_UNVERIFIED.finding(
                f"The {mrz.format} machine-readable zone (document {mrz.number_masked}) fails its check digits: "
                f"{', '.join(mrz.failed_checks)}.", file=document.file,
                message_zh=f"{mrz.format} 机读区（证件 {mrz.number_masked}）的校验位不符："
                           f"{'、'.join(_CHECKS_ZH.get(check, check) for check in mrz.failed_checks)}。", **_where(mrz)))
            continue
        if mrz.expiry is None:
            continue
        line = bundle.manifest.line_of("documents", document.index, "expires_on")
        declared_past = document.expires_on is not None and document.expires_on < today
        if mrz.expiry < today and not declared_past:
            findings.append(MRZ_EXPIRED.finding(
                f"The machine-readable zone gives the expiry date {mrz.expiry.isoformat()} "
                f"({(today - mrz.expiry).days} days ago).", file=document.file, line=line,
                message_zh=f"机读区给出的有效期为 {mrz.expiry.isoformat()}（{(today - mrz.expiry).days} 天前已过期）。",
                **_where(mrz)))
        if document.expires_on is not None and document.expires_on != mrz.expiry:
            findings.append(MRZ_DISAGREES.finding(
                f"expires_on is {document.expires_on.isoformat()}, but the machine-readable zone gives "
                f"{mrz.expiry.isoformat()}.", file=document.file, line=line,
                hint=f"Set expires_on: {mrz.expiry.isoformat()} if that is the date printed on the document.",
                message_zh=f"expires_on 为 {document.expires_on.isoformat()}，但机读区给出的是 {mrz.expiry.isoformat()}。",
                hint_zh=f"如果证件上印的就是这个日期，请设为 expires_on: {mrz.expiry.isoformat()}。",
                **_where(mrz)))
    return findings


def _where(mrz: Mrz) -> dict:
    """The MRZ's place on the document's first page, when it was found in the image, so that a
    report can box it."""
    return {"page": 1, "region": Region(*mrz.region)} if mrz.region else {}


BUNDLE_CHECKS = (check_expiry_dates, check_mrz_expiry)
