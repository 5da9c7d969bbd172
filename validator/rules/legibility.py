"""`legibility` rules: a photo or scan the reviewer cannot read. Each rule looks at one
measure of the page (validator/pixels.py) at a fixed measuring scale.

Born-digital PDF pages (text and vector graphics) are drawn by the PDF itself and are not
checked; image files and scanned PDF pages are.

Every threshold below is the validator's own default, not a platform rule: chosen on a labelled
corpus of generated documents and photographs by `python -m tests.calibration`, with precision
and recall published in docs/validator/calibration.md."""

from __future__ import annotations

import math

from validator.catalogue import Rule
from validator.context import FileContext
from validator.decode import IMAGE_FILE, SCANNED_PAGE, Page
from validator.findings import Finding, Region, Severity
from validator.model import INDIVIDUAL_IDENTITY_TYPES
from validator.pixels import BLOCK, MEASURE_LONG_SIDE
from validator.text_geometry import MIN_GLYPH_PIXELS, character_height

TOO_FEW_PIXELS = Rule(
    "IPP-LEGIBILITY-001", "legibility", Severity.ERROR,
    "The document's text is too small in the image to read",
    "Small print, seals and the characters of a name must be legible to the reviewer. What decides "
    "is the height of the document's characters in the image's own pixels, measured on the page, "
    "not the file's pixel count: a document photographed from across the desk can fill too little "
    "of a 12-megapixel photo to be read. Below the validator's default of 6 pixels (the upper "
    "quartile of its character heights) a person cannot read them; from 6 to 8 pixels the "
    "validator is unsure and warns (IPP-LEGIBILITY-006). A page whose machine-readable zone reads "
    "with valid check digits is legible whatever its size.",
    "Scan at 300 dpi, or photograph the document so that it fills the frame with the camera's "
    "full resolution; do not send a thumbnail or a screenshot.",
    title_zh="图片中材料的文字太小，无法辨认",
    rationale_zh="小字、印章和名称中的每个字都必须能被审核人员看清。决定因素是图片本身像素中材料字符的高度（在页面上测量），"
    "而不是文件的像素数：隔着桌子拍摄的证件在 1200 万像素的照片中可能只占很小一块，无法辨认。低于校验器默认的 6 像素"
    "（字符高度的上四分位数）时无法辨认；6 到 8 像素时校验器无法确定，只给出警告（IPP-LEGIBILITY-006）。"
    "机读区能以正确校验位读出的页面，无论尺寸都视为清晰。",
    hint_zh="以 300 dpi 扫描，或用相机全分辨率拍摄并让证件充满画面；不要提交缩略图或截图。",
)
BELOW_UPLOAD_QUALITY = Rule(
    "IPP-LEGIBILITY-006", "legibility", Severity.WARNING,
    "The image is readable but below the resolution a reviewer expects",
    "Identity-verification services ask for scans at 200-300 dpi and photos of at least Full HD; "
    "the validator's defaults are 200 dpi for card-sized documents (passport, ID card, driving "
    "licence) and 150 dpi for page-sized ones, and for photos at least 1200 pixels (card-sized) "
    "or 1600 pixels (page-sized) on the long side, over the document itself: a document that fills "
    "only a small part of a large photo is held to them too. The text measures large enough to "
    "read, or so near the limit that the validator cannot be sure (the finding says how sure), so "
    "this is a warning: a sharper upload leaves the reviewer no doubt.",
    "If you have it, send the scan at 300 dpi or the camera's full-resolution photo instead.",
    title_zh="图片可以辨认，但分辨率低于审核人员的预期",
    rationale_zh="身份认证服务通常要求扫描件 200-300 dpi、照片至少全高清；校验器的默认值为：卡片尺寸的证件（护照、身份证、驾驶证）"
    "200 dpi，整页文件 150 dpi；照片长边至少 1200 像素（卡片尺寸）或 1600 像素（整页），按材料本身计算：只占大照片一小部分的材料"
    "同样适用。文字经测量足以辨认，或接近极限、校验器无法确定（发现中会说明把握有多大），因此只是警告：更清晰的文件能让审核人员毫无疑问。",
    hint_zh="如有 300 dpi 的扫描件或相机全分辨率的照片，请改为提交。",
)
BLURRED = Rule(
    "IPP-LEGIBILITY-002", "legibility", Severity.ERROR,
    "The image is blurred",
    "A photo out of focus or shaken, or a scan of a moving page, smears the print so that "
    "characters and numbers cannot be read with certainty. The measure is the width of the "
    "strongest edges at a fixed scale, independent of the image's size and contrast.",
    "Take the photo again with the document in focus (tap it on the screen, hold the phone still, "
    "use good light), or scan it flat on the glass.",
    title_zh="图片模糊",
    rationale_zh="失焦或抖动的照片、扫描时移动的纸张会使字迹模糊，文字和号码无法准确辨认。衡量方法是在固定比例下最清晰边缘的宽度，"
    "与图片尺寸和对比度无关。",
    hint_zh="重新拍摄并对焦在材料上（点击屏幕对焦、保持手机稳定、光线充足），或将材料平放在扫描仪玻璃上扫描。",
)
TOO_DARK = Rule(
    "IPP-LEGIBILITY-003", "legibility", Severity.ERROR,
    "The image is too dark",
    "In an underexposed photo the paper turns grey and the print sinks into it; the reviewer "
    "cannot read what is hardly darker than its background. The measure is the brightness the "
    "document's paper reaches.",
    "Photograph the document in daylight or under an even lamp, without covering it with your "
    "shadow; do not use a dark scanner setting.",
    title_zh="图片太暗",
    rationale_zh="曝光不足的照片中纸张发灰，字迹与背景难以区分，审核人员无法辨认。衡量方法是材料纸张所达到的亮度。",
    hint_zh="在日光或均匀的灯光下拍摄，不要让影子遮住材料；扫描时不要使用偏暗的设置。",
)
WASHED_OUT = Rule(
    "IPP-LEGIBILITY-004", "legibility", Severity.ERROR,
    "The image is washed out: the print has too little contrast",
    "An overexposed photo or a faint copy leaves the print pale against the paper. The measure is "
    "the contrast of the print against its own paper (Weber contrast), which does not depend on "
    "the overall brightness.",
    "Photograph without direct light on the document and without overexposure; copy or scan "
    "with a darker setting.",
    title_zh="图片发白：字迹对比度过低",
    rationale_zh="过度曝光的照片或浅淡的复印件会使字迹与纸张对比过弱。衡量方法是字迹相对于纸张的对比度（韦伯对比度），与整体亮度无关。",
    hint_zh="拍摄时避免强光直射材料、避免过度曝光；复印或扫描时调深设置。",
)
GLARE = Rule(
    "IPP-LEGIBILITY-005", "legibility", Severity.ERROR,
    "Glare hides part of the document",
    "A reflection of a lamp or the sun on glossy paper or a laminated card burns out a patch of "
    "the document, and the print under it is lost. The measure is the largest clipped, "
    "texture-free, colourless patch on a page whose paper is otherwise darker (white paper in a "
    "scan is not glare); the finding gives its region.",
    "Take the photo again from a slight angle or with diffuse light, so that no reflection falls "
    "on the document.",
    title_zh="反光遮挡了材料的一部分",
    rationale_zh="灯光或阳光在光面纸或塑封卡片上的反光会使材料的一块区域过曝，其中的字迹丢失。衡量方法是在其余纸张较暗的页面上，"
    "最大的一块过曝、无纹理、无颜色的区域（扫描件的白纸不算反光）；发现中给出其位置。",
    hint_zh="换个角度或在柔和的光线下重新拍摄，避免反光落在材料上。",
)

MAY_BE_HARD_TO_READ = Rule(
    "IPP-LEGIBILITY-007", "legibility", Severity.WARNING,
    "Part of the image may be hard to read",
    "A measure of the image is past the validator's threshold, but other evidence says the print "
    "still reads, so this is a warning and not an error: the edges are soft but the characters are "
    "large enough for that blur, or the machine-readable zone reads through it with valid check "
    "digits; or a burnt-out patch runs along the edge of the frame, where it may be the white "
    "background around the document rather than a reflection on it; or a burnt-out spot is too "
    "small to be sure it hides print. The finding says what was measured, and where.",
    "Look at the image at full size: if any text is hard to read, take the photo or scan again.",
    title_zh="图片的部分内容可能难以辨认",
    rationale_zh="图片的某项测量值超出了校验器的阈值，但其他证据表明文字仍可辨认，因此这是警告而非错误：边缘略模糊但字符足够大，"
    "或机读区仍能以正确校验位读出；或一块过曝区域沿画面边缘分布，可能是材料周围的白色背景而不是材料上的反光；"
    "或一小块过曝光斑太小，无法确定是否遮住了文字。发现中会说明测量结果及其位置。",
    hint_zh="请以原尺寸查看图片：如有文字难以辨认，请重新拍摄或扫描。",
)

RULES = (TOO_FEW_PIXELS, BLURRED, TOO_DARK, WASHED_OUT, GLARE, BELOW_UPLOAD_QUALITY, MAY_BE_HARD_TO_READ)

# Resolution floors: the validator's own defaults, from the scan (200-300 dpi) and photo (Full
# HD) guidance identity-verification services give (shared/research-notes.md).
MIN_DPI_CARD = 200
MIN_DPI_PAGE = 150
MIN_LONG_SIDE_CARD = 1200
MIN_LONG_SIDE_PAGE = 1600
# Characters shorter than this (source pixels, the upper quartile of a page's character heights)
# are too small for a person to read: the validator's own default, from the real specimens as they
# are (every one a person reads measures 8 or more, the one read barely 6) and photographed small
# in a large photo (docs/validator/calibration.md): of those measuring 5, 8 of 9 no longer read; of
# those measuring 6, 5 of 6, but the validator is less sure there and warns.
MIN_CHARACTER_HEIGHT = 6
# Characters shorter than this but not shorter than MIN_CHARACTER_HEIGHT are at the edge of what
# reads: a warning that says how sure the validator is. On real documents photographed small in a
# large photo (tests/real_framed.py), 9 of the 21 whose characters measured in that band no
# longer read (docs/validator/calibration.md); of those measuring 9 or more, none.
SURE_CHARACTER_HEIGHT = 9
EDGE_UNREADABLE_SHARE = "about 4 in 10"
EDGE_UNREADABLE_SHARE_ZH = "约十分之四"
# A photo whose print spans less than the floor is judged by its characters only when they are
# shorter than this at the measuring scale (twice the least height text_geometry counts): larger
# ones belong to a document that fills the photo but is printed inside wide margins.
MEASURABLE_CHARACTER_HEIGHT = 2 * MIN_GLYPH_PIXELS
# A photo whose document fills too little of it: what to do.
CLOSER_HINT = ("Photograph the document from closer, so that it fills most of the frame, or crop the photo to the "
               "document (cropping keeps the camera's full resolution).")
CLOSER_HINT_ZH = "靠近一些重新拍摄，让材料占满画面的大部分；或将照片裁剪到材料本身（裁剪会保留相机的全分辨率）。"
# Below this many pixels on its short side, an image is too small to measure.
MIN_MEASURABLE_SIDE = 64
# Calibrated thresholds (docs/validator/calibration.md, `python -m tests.calibration`), on rendered
# documents and on real specimens, as they are and degraded.
# Edges wider than this (measure pixels) are softer than a reviewer expects ...
MAX_EDGE_WIDTH = 1.2
# ... and the print is unreadable when they are also wider than this share of its characters'
# height; softer print whose characters are large enough gets a warning.
MAX_RELATIVE_BLUR = 0.15
MIN_PAPER_LEVEL = 145.0
MIN_PRINT_CONTRAST = 0.40
MAX_GLARE_SHARE = 0.04
# A burnt-out spot inside the frame larger than this share of the image, but not larger than
# MAX_GLARE_SHARE, gets a warning: a lamp's reflection over a line of print (on the real
# specimens, a spot over the MRZ that defeats it covers 0.5-3 % of the image).
MIN_GLARE_SPOT_SHARE = 0.004


def check_resolution(page: Page, context: FileContext) -> list[Finding]:
    """Below the resolution floors, an error only when the print is too small to read (or cannot
    be measured); a warning when it measures legible or the MRZ verified. A photo above the
    floors whose document fills too little of it is judged by the document's own characters."""
    card = context.task.document.type in INDIVIDUAL_IDENTITY_TYPES
    where = {"file": context.file, "page": _page_number(page, context)}
    if page.kind == SCANNED_PAGE and page.effective_dpi is not None:
        floor = MIN_DPI_CARD if card else MIN_DPI_PAGE
        if page.effective_dpi >= floor:
            return []
        shortfall = f"The page is scanned at {page.effective_dpi:.0f} dpi; the validator asks for at least {floor} dpi"
        shortfall_zh = f"该页的扫描分辨率为 {page.effective_dpi:.0f} dpi，校验器要求至少 {floor} dpi"
    elif page.is_pixels:
        floor = MIN_LONG_SIDE_CARD if card else MIN_LONG_SIDE_PAGE
        if max(page.source_size) >= floor:
            return _check_document_in_frame(page, context, floor) if page.kind == IMAGE_FILE else []
        width, height = page.source_size
        shortfall = f"The image is {width}x{height} pixels; the validator asks for at least {floor} on the long side"
        shortfall_zh = f"图片为 {width}x{height} 像素，校验器要求长边至少 {floor} 像素"
    else:
        return []
    if context.mrz_verified:
        return [BELOW_UPLOAD_QUALITY.finding(
            f"{shortfall}. Its machine-readable zone reads with valid check digits, so it is legible.", **where,
            message_zh=f"{shortfall_zh}。其机读区可以读出且校验位正确，因此是清晰可读的。")]
    measured = character_height(page.image)
    if measured is None:
        return [TOO_FEW_PIXELS.finding(f"{shortfall}, and no text could be measured on it.", **where,
                                       message_zh=f"{shortfall_zh}，且无法在其上测量到文字。")]
    # In the original's pixels: the image file's, or the scan's as placed on the PDF page (whose
    # source size is in points, 72 per inch).
    source_height = measured * max(page.source_size) / max(page.image.size)
    if page.kind == SCANNED_PAGE and page.effective_dpi is not None:
        source_height *= page.effective_dpi / 72
    return [_judged_by_characters(source_height, shortfall, shortfall_zh, where)]


def _judged_by_characters(height: float, shortfall: str, shortfall_zh: str, where: dict,
                          hint: str | None = None, hint_zh: str | None = None) -> Finding:
    """The error when the characters are too small to read; the warning otherwise, saying how
    sure the validator is when they are near the limit. `hint` replaces the rules' hints."""
    size = f"{shortfall}; its characters are about {height:.0f} pixels tall"
    size_zh = f"{shortfall_zh}；其文字高约 {height:.0f} 像素"
    if height < MIN_CHARACTER_HEIGHT:
        return TOO_FEW_PIXELS.finding(
            f"{size}, and a person needs at least {MIN_CHARACTER_HEIGHT}.", **where,
            message_zh=f"{size_zh}，而人眼至少需要 {MIN_CHARACTER_HEIGHT} 像素。", hint=hint, hint_zh=hint_zh)
    if height < SURE_CHARACTER_HEIGHT:
        return BELOW_UPLOAD_QUALITY.finding(
            f"{size}: at the edge of what reads (of real documents whose characters measure "
            f"{MIN_CHARACTER_HEIGHT}-{SURE_CHARACTER_HEIGHT - 1} pixels, {EDGE_UNREADABLE_SHARE} no longer read in the "
            "validator's calibration). Check that every character is clear at full size.", **where,
            message_zh=f"{size_zh}：处于能否辨认的边缘（在校验器的校准中，文字高 {MIN_CHARACTER_HEIGHT}-"
            f"{SURE_CHARACTER_HEIGHT - 1} 像素的真实证件中有{EDGE_UNREADABLE_SHARE_ZH}已无法读出）。请以原尺寸确认每个字符都清晰。",
            hint=hint, hint_zh=hint_zh)
    return BELOW_UPLOAD_QUALITY.finding(f"{size}, enough to read.", **where, message_zh=f"{size_zh}，足以看清。",
                                        hint=hint, hint_zh=hint_zh)


def _check_document_in_frame(page: Page, context: FileContext, floor: int) -> list[Finding]:
    """A photo with pixels enough whose document fills too little of it (photographed from
    across the desk): when its print spans less than the floor, its characters are measured on
    the print cut out of the file at full resolution, as they may be too small to measure at the
    measuring scale; only then is the file read again (unless the OCR cache holds the measurement:
    FileContext.region_characters), and only that region measured. Characters large enough to
    measure at the measuring scale are not judged here, whether or not the MRZ verifies (a card
    whose two sides are set apart fills the photo, though its largest block of print does not)."""
    region = page.measures.print_region
    if region is None:
        return []
    width, height = page.source_size
    span = max(region.width * width, region.height * height)
    if span >= floor:
        return []
    where = {"file": context.file, "page": _page_number(page, context), "region": region}
    fill = region.width * region.height
    shortfall = (f"The document fills about {fill:.1%} of the {width}x{height} photo: its print spans about "
                 f"{span:.0f} pixels, where the validator asks for at least {floor} on the document's long side")
    shortfall_zh = (f"材料只占 {width}x{height} 照片的约 {fill:.1%}：其印刷内容约 {span:.0f} 像素宽，"
                    f"校验器要求材料长边至少 {floor} 像素")
    measure_width, measure_height = page.measures.image.size
    # A block of margin around the print, so that characters at its edge are whole.
    margin_x, margin_y = BLOCK / measure_width, BLOCK / measure_height
    left, top = max(0.0, region.x - margin_x), max(0.0, region.y - margin_y)
    around = Region(left, top, min(1.0, region.x + region.width + margin_x) - left,
                    min(1.0, region.y + region.height + margin_y) - top)
    characters = context.region_characters(around, page.source_size)
    if characters is None:
        return []
    measured = characters.height
    if measured is not None and measured * MEASURE_LONG_SIDE / max(width, height) >= MEASURABLE_CHARACTER_HEIGHT:
        # Characters the measuring scale tells apart: the print is not small in the photo, it
        # only spans less than the floor (a licence's text inside wide margins, an MRZ apart).
        return []
    if context.mrz_verified:
        return [BELOW_UPLOAD_QUALITY.finding(
            f"{shortfall}. Its machine-readable zone reads with valid check digits, so it is legible.", **where,
            message_zh=f"{shortfall_zh}。其机读区可以读出且校验位正确，因此是清晰可读的。",
            hint=CLOSER_HINT, hint_zh=CLOSER_HINT_ZH)]
    if measured is None:
        # Print was found but no characters: the validator cannot tell, so it only warns.
        return [BELOW_UPLOAD_QUALITY.finding(
            f"{shortfall}, and its characters could not be measured.", **where,
            message_zh=f"{shortfall_zh}，且无法测量其文字。", hint=CLOSER_HINT, hint_zh=CLOSER_HINT_ZH)]
    return [_judged_by_characters(measured, shortfall, shortfall_zh, where, CLOSER_HINT, CLOSER_HINT_ZH)]


def check_blur(page: Page, context: FileContext) -> list[Finding]:
    """Soft edges are an error when they are wide for the characters they draw (or no character
    can be told), a warning when the characters are large enough to read through them or the
    MRZ verified."""
    if not _measurable(page):
        return []
    measures = page.measures
    width = measures.edge_width
    # A page without any edge (blank) is not judged for blur.
    if width <= MAX_EDGE_WIDTH or not math.isfinite(width):
        return []
    where = {"file": context.file, "page": _page_number(page, context)}
    soft = f"The print's edges are {width:.2f} pixels wide at the measuring scale (sharp print: at most {MAX_EDGE_WIDTH:g})"
    soft_zh = f"在测量尺度下，印刷内容的边缘宽 {width:.2f} 像素（清晰的印刷最多为 {MAX_EDGE_WIDTH:g}）"
    relative = measures.relative_blur
    if relative is not None and relative <= MAX_RELATIVE_BLUR:
        return [MAY_BE_HARD_TO_READ.finding(
            f"{soft}, but the characters are {measures.character_height:.0f} pixels tall there: the blur is "
            f"{relative:.0%} of their height, which still reads (unreadable above {MAX_RELATIVE_BLUR:.0%}).", **where,
            message_zh=f"{soft_zh}，但字符在该尺度下高 {measures.character_height:.0f} 像素：模糊只占字高的 {relative:.0%}，"
            f"仍可辨认（超过 {MAX_RELATIVE_BLUR:.0%} 则无法辨认）。")]
    if relative is None:
        reason, reason_zh = "no characters can be told apart on the page", "页面上无法分辨出字符"
    else:
        reason = f"the blur is {relative:.0%} of the characters' height (unreadable above {MAX_RELATIVE_BLUR:.0%})"
        reason_zh = f"模糊占字高的 {relative:.0%}（超过 {MAX_RELATIVE_BLUR:.0%} 则无法辨认）"
    if context.mrz_verified:
        # Blur defeats OCR before it defeats a person: a zone that verifies was read through it.
        return [MAY_BE_HARD_TO_READ.finding(
            f"{soft}, and {reason}; but its machine-readable zone reads with valid check digits, so its print is "
            "legible.", **where,
            message_zh=f"{soft_zh}，且{reason_zh}；但其机读区能以正确校验位读出，因此文字清晰可读。")]
    return [BLURRED.finding(f"{soft}, and {reason}.", **where, message_zh=f"{soft_zh}，且{reason_zh}。")]


def check_exposure(page: Page, context: FileContext) -> list[Finding]:
    """Too dark and washed out exclude each other: a dark page has little contrast too, and
    the advice differs. A verifying MRZ does not excuse either: OCR reads through darkness and
    faint print that a reviewer on a screen struggles with."""
    if not _measurable(page):
        return []
    measures = page.measures
    where = {"file": context.file, "page": _page_number(page, context)}
    if measures.document_paper_level < MIN_PAPER_LEVEL:
        return [TOO_DARK.finding(
            f"The paper reaches a brightness of {measures.document_paper_level:.0f} of 255; the validator asks for "
            f"at least {MIN_PAPER_LEVEL:.0f}.", **where,
            message_zh=f"纸张亮度只有 {measures.document_paper_level:.0f}（满分 255）；校验器要求至少 {MIN_PAPER_LEVEL:.0f}。")]
    if measures.print_contrast < MIN_PRINT_CONTRAST:
        return [WASHED_OUT.finding(
            f"The contrast of the clearest print against the paper is {measures.print_contrast:.2f}; the validator "
            f"asks for at least {MIN_PRINT_CONTRAST:g}.", **where,
            message_zh=f"最清晰的印刷内容与纸张的对比度为 {measures.print_contrast:.2f}；校验器要求至少 {MIN_PRINT_CONTRAST:g}。")]
    return []


def check_glare(page: Page, context: FileContext) -> list[Finding]:
    """A large burnt-out patch inside the frame is an error. A smaller spot inside it, or a
    large patch along the frame (the background around the document, or a reflection at its
    edge), is a warning. Glare is local: a verifying MRZ says nothing of the print under it."""
    if not _measurable(page):
        return []
    glare = page.measures.glare
    where = {"file": context.file, "page": _page_number(page, context)}
    if glare.inside.share > MAX_GLARE_SHARE:
        return [GLARE.finding(
            f"A burnt-out patch covers {glare.inside.share:.0%} of the image.", **where, region=glare.inside.region,
            message_zh=f"一块过曝的反光区域占图片的 {glare.inside.share:.0%}。")]
    # On a PDF page the white around a placed scan is the page itself.
    if glare.along_frame.share > MAX_GLARE_SHARE and page.kind != SCANNED_PAGE:
        return [MAY_BE_HARD_TO_READ.finding(
            f"A burnt-out, featureless white patch covers {glare.along_frame.share:.0%} of the image and runs along "
            "the edge of the frame: it may be the background around the document, or a reflection hiding its "
            "print.", **where, region=glare.along_frame.region,
            message_zh=f"一块过曝、无纹理的白色区域占图片的 {glare.along_frame.share:.0%}，且沿画面边缘分布："
            "可能是材料周围的背景，也可能是遮住文字的反光。")]
    if glare.inside.share > MIN_GLARE_SPOT_SHARE:
        return [MAY_BE_HARD_TO_READ.finding(
            f"A small burnt-out spot covers {glare.inside.share:.1%} of the image: any print under it is lost; "
            "check that it hides nothing the reviewer needs.", **where, region=glare.inside.region,
            message_zh=f"一小块过曝的光斑占图片的 {glare.inside.share:.1%}：其下的文字已丢失；请确认它没有遮住审核所需的内容。")]
    return []


def _measurable(page: Page) -> bool:
    """A picture of a document large enough for its measures to mean something; a smaller one
    is reported for its size only."""
    return page.is_pixels and min(page.image.size) >= MIN_MEASURABLE_SIDE


def _page_number(page: Page, context: FileContext) -> int | None:
    """PDF pages are numbered in findings; an image file has no pages."""
    return page.number if context.decoded.format.name == "pdf" else None


PAGE_CHECKS = (check_resolution, check_blur, check_exposure, check_glare)
