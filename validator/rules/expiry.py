"""`expiry` rules: no document is past, or close to, its expiry date."""

from __future__ import annotations

from validator.catalogue import Rule
from validator.context import BundleContext
from validator.findings import Finding, Severity

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

RULES = (EXPIRED, EXPIRES_SOON)


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
                f"({-days} days ago).", file=document.file, line=line))
        elif days <= window:
            findings.append(EXPIRES_SOON.finding(
                f"The {document.type.replace('_', ' ')} expires on {document.expires_on.isoformat()}, "
                f"in {days} days.", file=document.file, line=line))
    return findings


BUNDLE_CHECKS = (check_expiry_dates,)
