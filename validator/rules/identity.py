"""`identity` rules: the bundle holds the documents the account's holder type and region need."""

from __future__ import annotations

from validator.catalogue import Rule
from validator.context import BundleContext
from validator.findings import Finding, Severity
from validator.model import TYPE_NAMES_ZH

MISSING_IDENTITY = Rule(
    "IPP-IDENTITY-001", "identity", Severity.ERROR,
    "The identity document the account needs is missing",
    "Alibaba's help centre asks an individual outside mainland China for a scan or photo of a "
    "passport, ID card or driving licence, and a company for a scan, photo or clear copy of its "
    "business registration certificate, social-organisation registration certificate or "
    "certificate of incorporation.",
    "Add the document to the bundle and list it in bundle.yaml with its type.",
    title_zh="缺少账户所需的身份证明材料",
    rationale_zh="阿里巴巴帮助中心要求：中国大陆以外的个人提供护照、身份证或驾驶证的扫描件或照片；企业提供公司注册证明"
    "（中国大陆公司为营业执照，香港公司为商业登记证）、社会团体登记证书或其他成立证明的扫描件、照片或清晰复印件。",
    hint_zh="把材料加入材料包，并在 bundle.yaml 中注明其类型。",
)
FACE_SCAN = Rule(
    "IPP-IDENTITY-002", "identity", Severity.INFO,
    "An individual in mainland China verifies by face scan, not by upload",
    "Individuals in mainland China complete real-name ('true person') authentication by facial "
    "recognition in the Taobao app; no identity document is uploaded.",
    "Have the Taobao app ready on the account holder's phone for the face scan.",
    title_zh="中国大陆个人通过刷脸认证，无需上传证件",
    rationale_zh="中国大陆个人通过淘宝 App 人脸识别完成实人认证，无需上传身份证件。",
    hint_zh="在账户持有人的手机上准备好淘宝 App 以完成刷脸认证。",
)

RULES = (MISSING_IDENTITY, FACE_SCAN)

_LABELS = {
    "passport": "passport",
    "national_id": "national ID card",
    "drivers_license": "driving licence",
    "business_registration": "business registration certificate",
    "incorporation_certificate": "certificate of incorporation",
}


def check_identity_documents(bundle: BundleContext) -> list[Finding]:
    account = bundle.manifest.account
    if account.holder_type == "individual" and account.region == "mainland_china":
        listed = bundle.manifest.identity_documents()
        extra = (f" The {len(listed)} identity document(s) listed are not needed for verification."
                 if listed else "")
        extra_zh = f"所列的 {len(listed)} 份身份证件在认证时不需要。" if listed else ""
        return [FACE_SCAN.finding(
            "Verification for an individual in mainland China is by facial recognition in the Taobao app." + extra,
            message_zh="中国大陆个人通过淘宝 App 人脸识别完成认证。" + extra_zh)]
    if bundle.manifest.identity_documents():
        return []
    needed = account.identity_types
    who = "An individual outside mainland China" if account.holder_type == "individual" else "A company"
    labels = [_LABELS[t] for t in needed]
    names = f"{', '.join(labels[:-1])} or {labels[-1]}"
    who_zh = "中国大陆以外的个人" if account.holder_type == "individual" else "公司"
    return [MISSING_IDENTITY.finding(
        f"{who} must provide a {names}; none is listed.",
        hint=f"Add the document and list it with type: {' | '.join(needed)}.",
        message_zh=f"{who_zh}须提供{'或'.join(TYPE_NAMES_ZH[t] for t in needed)}，但清单中没有列出。",
        hint_zh=f"加入该证件，并以 type: {' | '.join(needed)} 列出。")]


BUNDLE_CHECKS = (check_identity_documents,)
