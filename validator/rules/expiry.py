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
)
EXPIRES_SOON = Rule(
    "IPP-EXPIRY-002", "expiry", Severity.WARNING,
    "A document expires soon",
    "A document that expires while verification is under review, or soon after, will have to be "
    "replaced. The 60-day window is the validator's own default, not a platform rule "
    "(--expiry-warning-days).",
    "Renew the document now if you can, and plan to update it on the platform.",
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
