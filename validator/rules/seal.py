"""`seal` rules: the red official seal (公章) a Chinese company's documents must carry.

Two rules read the same evidence, gathered page by page (validator/pixels.py: a red mask, then
round red shapes with something inside and empty corners, so that red bars, titles, square
logos and handwriting are not taken for seals):

- A company in mainland China: its business registration document must show a red official
  seal. A colour photo or scan of the original licence shows the registration authority's
  printed seal; the validator cannot tell that seal from the company's own without reading the
  arc text, and accepts any official seal (the platform asks for the company's seal on a
  photocopy: a black-and-white photocopy without one gets its own finding). Where the seal was
  found is reported as an info finding with its region.
- A trademark, copyright or patent certificate or an authorization letter photographed or
  scanned as a black-and-white copy must carry the holder's red seal when the holder is a
  company; an individual signs it instead, which the validator cannot verify (a warning). A
  colour photo or scan of an original needs neither, and a born-digital PDF is not a copy.
  A document printed only in black cannot be told from a black-and-white copy, and is treated
  as one."""

from __future__ import annotations

from validator.catalogue import Rule
from validator.context import FileContext, PageSealEvidence
from validator.decode import Page
from validator.findings import Finding, Severity
from validator.holders import COMPANY
from validator.model import CERTIFICATE_TYPES, COMPANY_IDENTITY_TYPES
from validator.pixels import SEAL_MIN_RED_PIXELS

NO_SEAL = Rule(
    "IPP-SEAL-001", "seal", Severity.ERROR,
    "No red official seal on the company's registration document",
    "For a company registered in mainland China, the platform asks for the company's red "
    "official seal (公章) on the copy of its business licence. No round red seal was found on "
    "any page.",
    "Stamp the copy with the company's official seal and scan or photograph it in colour.",
    title_zh="公司登记证明上没有红色公章",
    rationale_zh="对于中国大陆注册的公司，平台要求在营业执照复印件上加盖公司红色公章。所有页面上均未发现圆形红色印章。",
    hint_zh="在复印件上加盖公司公章，并彩色扫描或拍照。",
)
GREY_COPY = Rule(
    "IPP-SEAL-002", "seal", Severity.ERROR,
    "The registration document is a black-and-white copy: no seal can be seen",
    "A grey or black-and-white image shows no colour, so the red official seal the platform "
    "asks for cannot be seen on it, even if the paper copy carries one.",
    "Stamp the copy with the company's official seal and scan or photograph it in colour.",
    title_zh="登记证明是黑白复印件：无法看到印章",
    rationale_zh="灰度或黑白图片不显示颜色，即使纸质复印件上盖了章，平台要求的红色公章也无法看到。",
    hint_zh="在复印件上加盖公司公章，并彩色扫描或拍照。",
)
SEAL_FOUND = Rule(
    "IPP-SEAL-003", "seal", Severity.INFO,
    "A red official seal was found",
    "Where the validator found the seal, so that you can check it is the company's own: the "
    "validator does not read the seal's text, and the registration authority's printed seal on "
    "an original licence looks the same to it.",
    "If this is a photocopy, make sure the seal found is the company's official seal.",
    title_zh="找到了红色公章",
    rationale_zh="校验器找到印章的位置，便于您确认它是公司自己的公章：校验器不识别印章文字，原件上登记机关的印章在它看来是一样的。",
    hint_zh="如果这是复印件，请确认找到的印章是公司公章。",
)
COPY_WITHOUT_SEAL = Rule(
    "IPP-SEAL-004", "seal", Severity.ERROR,
    "A black-and-white copy of a rights document has no red seal of its company holder",
    "The platform takes a colour scan or photo of the original certificate or letter; a "
    "black-and-white copy must carry the registrant's seal, and for a power of attorney the "
    "holder's seal. This copy shows no red official seal.",
    "Scan or photograph the original in colour, or stamp the copy with the holder's official "
    "seal and photograph the stamped copy in colour.",
    title_zh="权利文件的黑白复印件上没有公司权利人的红色印章",
    rationale_zh="平台接受原件的彩色扫描件或照片；黑白复印件须加盖注册人的印章，授权书须加盖权利人的印章。此复印件上没有红色公章。",
    hint_zh="彩色扫描或拍摄原件，或在复印件上加盖权利人公章后彩色拍摄。",
)
COPY_NEEDS_SIGNATURE = Rule(
    "IPP-SEAL-005", "seal", Severity.WARNING,
    "A black-and-white copy of an individual's rights document must be signed",
    "The platform takes a colour scan or photo of the original; a black-and-white copy of an "
    "individual's certificate or letter must carry the holder's handwritten signature. The "
    "validator cannot verify a signature.",
    "Sign the copy by hand and photograph it, or scan or photograph the original in colour.",
    title_zh="个人权利文件的黑白复印件须亲笔签名",
    rationale_zh="平台接受原件的彩色扫描件或照片；个人证书或授权书的黑白复印件须有权利人亲笔签名。校验器无法核实签名。",
    hint_zh="在复印件上亲笔签名后拍照，或彩色扫描或拍摄原件。",
)

RULES = (NO_SEAL, GREY_COPY, SEAL_FOUND, COPY_WITHOUT_SEAL, COPY_NEEDS_SIGNATURE)

# Calibrated thresholds (docs/validator/calibration.md, `python -m tests.calibration`): the
# share of directions around a round red shape in which its rim is red, for it to be a seal
# (a seal overlapping print or stamped unevenly loses parts of its ring); and the share of the
# image printed in colour other than seal red, below which the image is a black-and-white copy.
MIN_SEAL_RING_COVERAGE = 0.75
MIN_COLOUR_SHARE = 0.0008

RIGHTS_DOCUMENT_TYPES = (*CERTIFICATE_TYPES, "authorization_letter")


def _needs_licence_seal(context: FileContext) -> bool:
    account = context.task.account
    return (account.holder_type == "company" and account.region == "mainland_china"
            and context.task.document.type in COMPANY_IDENTITY_TYPES)


def _is_rights_document(context: FileContext) -> bool:
    return context.task.document.type in RIGHTS_DOCUMENT_TYPES


def observe_page(page: Page, context: FileContext) -> list[Finding]:
    """Gathers the page's seal evidence for the document checks below; finds nothing itself."""
    if not (_needs_licence_seal(context) or _is_rights_document(context)):
        return []
    measures = page.measures
    seal = next((shape for shape in measures.seal_shapes if shape.coverage >= MIN_SEAL_RING_COVERAGE), None)
    context.seal_evidence.append(PageSealEvidence(
        page.number, page.is_pixels, in_colour=measures.colour_share >= MIN_COLOUR_SHARE, seal=seal,
        # As much red as the smallest seal's ring: less is JPEG noise, not a mark anyone made.
        red_marks=measures.red_pixels >= SEAL_MIN_RED_PIXELS,
        near_seal=None if seal else next(iter(measures.seal_shapes), None)))
    return []


def _red_seen(evidence: list[PageSealEvidence], page_numbers: bool) -> tuple[str, str]:
    """What red the pages show that is not a seal, for a message in English and in Chinese;
    empty when they show none."""
    marked = [e for e in evidence if e.red_marks]
    if not marked:
        return "", ""
    pages = ", ".join(str(e.page) for e in marked)
    where, where_zh = (f" on page {pages}", f"第 {pages} 页上") if page_numbers else ("", "")
    near = next((e.near_seal for e in marked if e.near_seal), None)
    closest = "" if near is None else (f" (the most seal-like red shape's outline is closed in {near.coverage:.0%} of "
                                       f"directions; a seal's in at least {MIN_SEAL_RING_COVERAGE:.0%})")
    closest_zh = "" if near is None else (f"（最像印章的红色图形，其轮廓只在 {near.coverage:.0%} 的方向上闭合；"
                                          f"印章至少为 {MIN_SEAL_RING_COVERAGE:.0%}）")
    return (f"there is red{where}, but no official seal: no round red outline with an inscription and a star "
            f"inside{closest}",
            f"{where_zh}有红色，但没有公章：没有内含文字和五角星的圆形红色轮廓{closest_zh}")


def check_registration_seal(context: FileContext) -> list[Finding]:
    if not _needs_licence_seal(context) or not context.seal_evidence:
        return []
    page_numbers = context.decoded.format.name == "pdf"
    sealed = next((evidence for evidence in context.seal_evidence if evidence.seal), None)
    if sealed:
        return [SEAL_FOUND.finding(
            f"A red official seal was found{f' on page {sealed.page}' if page_numbers else ''}.",
            file=context.file, page=sealed.page if page_numbers else None, region=sealed.seal.region,
            message_zh=f"{f'在第 {sealed.page} 页' if page_numbers else ''}找到了红色公章。")]
    red, red_zh = _red_seen(context.seal_evidence, page_numbers)
    if red:
        return [NO_SEAL.finding(f"No red official seal was found on the registration document: {red}.",
                                file=context.file, message_zh=f"登记证明上没有找到红色公章：{red_zh}。")]
    if not any(evidence.in_colour or not evidence.is_pixels for evidence in context.seal_evidence):
        return [GREY_COPY.finding(
            "The document is a grey or black-and-white image: a red seal cannot be seen on it.", file=context.file,
            message_zh="该材料是灰度或黑白图片：上面看不到红色印章。")]
    return [NO_SEAL.finding("No red official seal was found on the registration document.", file=context.file,
                            message_zh="登记证明上没有找到红色公章。")]


def check_copy_seal(context: FileContext) -> list[Finding]:
    if not _is_rights_document(context):
        return []
    copies = [evidence for evidence in context.seal_evidence if evidence.is_pixels]
    if not copies or any(evidence.in_colour for evidence in copies):
        return []
    red, red_zh = _red_seen(copies, context.decoded.format.name == "pdf")
    # A page with red on it is not black and white: it is printed in black but for that red.
    seen = f"The document is printed in black, with no other colour; {red}" if red else "The document is a black-and-white copy"
    seen_zh = f"该材料只以黑色印刷，没有其他颜色；{red_zh}" if red else "该材料是黑白复印件"
    if context.task.holder_type == COMPANY:
        if any(evidence.seal for evidence in copies):
            return []
        return [COPY_WITHOUT_SEAL.finding(
            f"{seen}. As a copy, it needs its holder's red official seal.", file=context.file,
            message_zh=f"{seen_zh}。作为复印件，它需要权利人的红色公章。")]
    return [COPY_NEEDS_SIGNATURE.finding(
        f"{seen}. As a copy, it must carry the holder's handwritten signature.", file=context.file,
        message_zh=f"{seen_zh}。作为复印件，它必须有权利人的亲笔签名。")]


PAGE_CHECKS = (observe_page,)
DOCUMENT_CHECKS = (check_registration_seal, check_copy_seal)
