"""`file` rules: every listed file is inside the bundle, present, of a format the platform
takes, small enough, and decodes completely."""

from __future__ import annotations

import re

from pathlib import PurePosixPath

from validator.catalogue import Rule
from validator.config import REPORTED_UPLOAD_LIMIT_MB, Settings
from validator.decode import DecodedDocument, DecodeProblem
from validator.findings import Finding, Severity

# Bytes after a file's end that are not reported (cameras and editors pad files, and some phones
# append a short record of their own); a recognisable file hidden there is reported whatever its
# size. The validator's own default.
HIDDEN_DATA_TOLERANCE = 1024
from validator.formats import ACCEPTED, Format
from validator.isolation import WorkerFailure
from validator.locate import FolderListing, FolderProblem, LocationProblem, bundle_path

MISSING = Rule(
    "IPP-FILE-001", "file", Severity.ERROR,
    "A listed file is missing",
    "The manifest lists a document the folder does not contain, so it would be missing from the "
    "upload as well.",
    "Put the file at the path given, or correct the path in bundle.yaml (paths are relative to "
    "the bundle folder and case-sensitive).",
    title_zh="清单中列出的文件不存在",
    rationale_zh="清单列出的材料文件夹中没有，上传时同样会缺失。",
    hint_zh="把文件放到指定路径，或修正 bundle.yaml 中的路径（路径相对于材料包文件夹，区分大小写）。",
)
OUTSIDE = Rule(
    "IPP-FILE-002", "file", Severity.ERROR,
    "A listed path leads outside the bundle",
    "A bundle must be self-contained: a path with '..', an absolute path or a link that leaves "
    "the folder would read someone else's files, and breaks when the bundle is sent on. The "
    "validator refuses such paths without reading what they point to.",
    "Copy the document into the bundle folder and list it by its path inside the folder.",
    title_zh="清单中的路径指向材料包之外",
    rationale_zh="材料包必须自成一体：含 “..” 的路径、绝对路径或指向文件夹外的链接会读取他人的文件，转交时也会失效。校验器拒绝这类路径，且不读取其目标。",
    hint_zh="把材料复制到材料包文件夹中，并按其在文件夹内的路径列出。",
)
NOT_ACCEPTED = Rule(
    "IPP-FILE-003", "file", Severity.ERROR,
    "The file's format is not one the platform takes",
    "The platform is reported to take JPEG, PNG, BMP, GIF and PDF uploads. The format is judged "
    "from the file's content, not its name: renaming a HEIC photo to .jpg does not convert it.",
    "Convert the document to JPEG or PDF (the message says how for this format).",
    title_zh="文件格式不被平台接受",
    rationale_zh="据报道平台接受 JPEG、PNG、BMP、GIF 和 PDF 上传。格式按文件内容判断而不是文件名：把 HEIC 照片改名为 .jpg 并不会转换格式。",
    hint_zh="把材料转换为 JPEG 或 PDF（提示中说明了该格式的转换方法）。",
)
CORRUPT = Rule(
    "IPP-FILE-004", "file", Severity.ERROR,
    "The file is corrupt, truncated or not a document file",
    "A file that cannot be decoded completely (a photo cut short in transfer, a damaged PDF) "
    "shows the reviewer a broken or partial document.",
    "Copy or export the document again from the original and check that it opens completely.",
    title_zh="文件损坏、不完整或不是材料文件",
    rationale_zh="无法完整解码的文件（传输中被截断的照片、损坏的 PDF）在审核人员眼中是残缺的材料。",
    hint_zh="从原件重新复制或导出，并确认文件能完整打开。",
)
ENCRYPTED = Rule(
    "IPP-FILE-005", "file", Severity.ERROR,
    "The PDF is protected by a password",
    "A reviewer cannot open a password-protected PDF.",
    "Save an unprotected copy (open it with the password, then print or export it to a new PDF).",
    title_zh="PDF 设有打开密码",
    rationale_zh="审核人员无法打开有密码保护的 PDF。",
    hint_zh="另存一份无保护的副本（输入密码打开后打印或导出为新 PDF）。",
)
BEYOND_LIMITS = Rule(
    "IPP-FILE-006", "file", Severity.ERROR,
    "The file has more pixels or pages than the validator's limits",
    "An image that declares an enormous pixel count or a PDF with hundreds of pages is either a "
    "decompression bomb or far more than a verification upload needs. The limits are the "
    "validator's own defaults (50 megapixels, 50 PDF pages), not platform rules.",
    "Resize the image (a 12-megapixel photo is plenty) or split the PDF; the limits can be "
    "raised with --max-megapixels and --max-pdf-pages.",
    title_zh="文件像素或页数超出校验器的限制",
    rationale_zh="声明了巨大像素数的图片或有数百页的 PDF，要么是解压炸弹，要么远超身份认证所需。这些限制（5000 万像素、50 页）是校验器自己的默认值，不是平台规则。",
    hint_zh="缩小图片（1200 万像素的照片已足够）或拆分 PDF；可用 --max-megapixels 和 --max-pdf-pages 放宽限制。",
)
TOO_LARGE = Rule(
    "IPP-FILE-007", "file", Severity.ERROR,
    "The file is larger than the upload limit",
    f"An upload limit of {REPORTED_UPLOAD_LIMIT_MB} MB per file is reported only for the mainland "
    "verification routes that upload a licence (a secondary source); no limit is known for other "
    "uploads. The validator applies it to every file as its own default, configurable with "
    "--max-file-size.",
    "Export the photo at a lower quality or resolution, or scan at 300 dpi rather than more.",
    title_zh="文件超过上传大小限制",
    rationale_zh="据报道，只有大陆需要上传执照的认证途径规定单个文件不超过 8 MB（二手来源）；其他上传的限制不详。"
    "校验器对所有文件都采用这个上限，这是它自己的默认值，可用 --max-file-size 修改。",
    hint_zh="以较低质量或分辨率导出照片，或以 300 dpi 而非更高分辨率扫描。",
)
UNLISTED = Rule(
    "IPP-FILE-008", "file", Severity.INFO,
    "A file in the bundle folder is not listed in bundle.yaml",
    "An unlisted file is not checked, and is often a document that was meant to be listed or an "
    "old version that should not be uploaded.",
    "List it under documents in bundle.yaml, or remove it from the folder.",
    title_zh="材料包文件夹中有未在 bundle.yaml 中列出的文件",
    rationale_zh="未列出的文件不会被检查，它往往是本应列出的材料，或不应上传的旧版本。",
    hint_zh="在 bundle.yaml 的 documents 中列出它，或把它移出文件夹。",
)
WRONG_EXTENSION = Rule(
    "IPP-FILE-009", "file", Severity.WARNING,
    "The file's name does not match its format",
    "A PNG named .jpg, or a PDF named .png, may be refused or mis-displayed by an upload form "
    "that goes by the name.",
    "Rename the file with the extension of its real format (given in the message).",
    title_zh="文件扩展名与实际格式不符",
    rationale_zh="命名为 .jpg 的 PNG 或命名为 .png 的 PDF，可能被按文件名判断格式的上传表单拒绝或显示错误。",
    hint_zh="按实际格式修改扩展名（见提示）。",
)
NOT_ANALYSED = Rule(
    "IPP-FILE-010", "file", Severity.ERROR,
    "The file could not be analysed within the validator's limits",
    "Every file is analysed in a worker process under its own time and memory limit, so that one "
    "hostile or pathological file cannot hang or exhaust the run. A file that exceeds them was "
    "not checked, and may trouble the platform too.",
    "Re-export the document from its original (print to a new PDF, save a new JPEG); the limits "
    "can be raised with --file-timeout and --file-memory.",
    title_zh="文件无法在校验器的限制内完成分析",
    rationale_zh="每个文件都在工作进程中、在各自的时间和内存限制下分析，以免某个恶意或异常文件卡住或耗尽整个运行。超出限制的文件未被检查，也可能给平台带来麻烦。",
    hint_zh="从原件重新导出（打印为新 PDF、另存为新 JPEG）；可用 --file-timeout 和 --file-memory 放宽限制。",
)
RESTRICTED = Rule(
    "IPP-FILE-011", "file", Severity.WARNING,
    "The PDF is encrypted with a permissions password",
    "It opens without a password, but it is encrypted; some upload forms and review tools "
    "refuse encrypted PDFs.",
    "Save an unrestricted copy (print or export it to a new PDF).",
    title_zh="PDF 设有权限密码（已加密）",
    rationale_zh="该 PDF 无需密码即可打开，但已加密；部分上传表单和审核工具会拒绝加密的 PDF。",
    hint_zh="另存一份无限制的副本（打印或导出为新 PDF）。",
)
FOLDER_UNREADABLE = Rule(
    "IPP-FILE-012", "file", Severity.ERROR,
    "The bundle folder cannot be read",
    "The validator was given (or found in a batch) a folder it has no permission to read, so "
    "nothing in it was checked; the other bundles of a batch are checked all the same.",
    "Give your user permission to read the folder (or copy the bundle somewhere it can read) "
    "and run the validator again.",
    title_zh="无法读取材料包文件夹",
    rationale_zh="校验器收到（或在批量文件夹中发现）一个无权读取的文件夹，因此其中的内容都未检查；批量中的其他材料包照常检查。",
    hint_zh="为当前用户授予读取该文件夹的权限（或把材料包复制到可读取的位置），然后重新运行校验。",
)
FOLDER_SKIPPED = Rule(
    "IPP-FILE-013", "file", Severity.INFO,
    "A sub-folder of a batch folder was skipped",
    "In a batch folder, each sub-folder with a bundle.yaml is a bundle. A sub-folder without one, "
    "a hidden folder and a link to a folder are not checked; they are named so that a bundle "
    "left out by mistake is noticed.",
    "If the folder is a bundle, give it a bundle.yaml (or copy the linked folder into the batch "
    "folder); otherwise move it out of the batch folder.",
    title_zh="批量文件夹中的子文件夹被跳过",
    rationale_zh="在批量文件夹中，每个含有 bundle.yaml 的子文件夹是一个材料包。没有 bundle.yaml 的子文件夹、隐藏文件夹和指向文件夹的链接不会被检查；这里列出它们，以便发现被误漏的材料包。",
    hint_zh="如果该文件夹是材料包，请为它添加 bundle.yaml（或把链接指向的文件夹复制到批量文件夹中）；否则把它移出批量文件夹。",
)
ACTIVE_CONTENT = Rule(
    "IPP-FILE-014", "file", Severity.WARNING,
    "The PDF carries scripts, launch actions or attached files",
    "JavaScript, actions that launch a program or file, and files attached to a PDF are how "
    "malicious PDFs work. A verification document needs none of them, and the platform's upload "
    "scanners and its reviewers' tools may refuse a PDF that has them.",
    "Re-save it as a plain PDF: print it to a new PDF (Print > Save as PDF / Microsoft Print to "
    "PDF), which keeps the pages and drops scripts and attachments. A document that was attached "
    "must be listed as a file of its own.",
    title_zh="PDF 含有脚本、启动操作或附件",
    rationale_zh="JavaScript、启动程序或文件的操作以及 PDF 中的附件，正是恶意 PDF 的常用手段。身份认证材料不需要这些内容，平台的上传扫描和审核工具可能拒绝含有它们的 PDF。",
    hint_zh="另存为普通 PDF：打印为新的 PDF（打印 > 另存为 PDF / Microsoft Print to PDF），这样会保留页面并去掉脚本和附件。原来附带的材料应作为单独的文件列出。",
)
HIDDEN_DATA = Rule(
    "IPP-FILE-015", "file", Severity.WARNING,
    "The file holds data after its end (two files in one)",
    "Bytes after the end of a JPEG or PNG image or after a PDF's last %%EOF are not shown by any "
    "viewer; a ZIP archive or another document hidden there makes the file a polyglot, a way to "
    "smuggle content that the platform's upload scanners may refuse. A little padding is normal: "
    f"up to {HIDDEN_DATA_TOLERANCE} bytes (the validator's own default) are not reported, unless "
    "they hold a recognisable file.",
    "Export the image again (open it and save a new copy as JPEG), or print or re-save the PDF "
    "to a new file; then list the new file.",
    title_zh="文件结尾之后还有数据（一个文件里藏着两个）",
    rationale_zh=f"JPEG 或 PNG 图片结尾之后、PDF 最后一个 %%EOF 之后的字节不会被任何查看器显示；藏在那里的 ZIP 压缩包或其他文件使它成为“多重格式文件”，这是夹带内容的一种手法，平台的上传扫描可能拒绝。少量填充是正常的：不超过 {HIDDEN_DATA_TOLERANCE} 字节（校验器自己的默认值）且不含可识别文件时不报告。",
    hint_zh="重新导出图片（打开后另存一份新的 JPEG），或把 PDF 重新打印或另存为新文件；然后在清单中列出新文件。",
)

RULES = (MISSING, OUTSIDE, NOT_ACCEPTED, CORRUPT, ENCRYPTED, BEYOND_LIMITS, TOO_LARGE, UNLISTED,
         WRONG_EXTENSION, NOT_ANALYSED, RESTRICTED, FOLDER_UNREADABLE, FOLDER_SKIPPED, ACTIVE_CONTENT, HIDDEN_DATA)

_LOCATION_RULES = {
    "absolute": OUTSIDE,
    "parent_reference": OUTSIDE,
    "link_outside": OUTSIDE,
    "missing": MISSING,
    "not_a_file": CORRUPT,
}
_DECODE_RULES = {
    "corrupt": CORRUPT,
    "truncated": CORRUPT,
    "encrypted": ENCRYPTED,
    "too_many_pixels": BEYOND_LIMITS,
    "too_many_pages": BEYOND_LIMITS,
}
_ACCEPTED_NAMES = ", ".join(f.name.upper() for f in ACCEPTED)


# What the loaders' problems say, in Chinese, by kind: their details are English sentences.
_LOCATION_ZH = {
    "absolute": "{file} 是绝对路径，指向材料包之外",
    "parent_reference": "{file} 用 '..' 跳出了材料包",
    "link_outside": "{file} 是指向材料包之外的链接",
    "missing": "{file} 不存在或无法访问",
    "not_a_file": "{file} 不是材料文件（而是文件夹或特殊文件）",
}
_CASE_VARIANT = re.compile(r"\(but (.+) does: names are case-sensitive\)")
_DECODE_ZH = {
    "corrupt": "文件已损坏，无法打开或渲染",
    "truncated": "PDF 缺少文件结束标记：文件被截断了",
    "encrypted": "PDF 受打开密码保护",
    "too_many_pixels": "图片的像素数超过校验器允许解码的上限",
    "too_many_pages": "PDF 的页数超过校验器的上限",
}
_FORMATS_ZH = {
    "jpeg": ("JPEG 图片", ""), "png": ("PNG 图片", ""), "pdf": ("PDF 文档", ""), "bmp": ("BMP 图片", ""),
    "gif": ("GIF 图片", ""),
    "heic": ("HEIC/HEIF/AVIF 图片（iPhone 相机的格式）",
             "导出为 JPEG：在 iPhone 上把照片以 JPEG 格式存到“文件”，或拍照前在“设置 > 相机 > 格式”中选择“兼容性最佳”；"
             "在电脑上用“预览”或“照片”打开并导出为 JPEG。"),
    "tiff": ("TIFF 图片", "重新扫描为 PDF 或 JPEG，或打开 TIFF 并导出为 PDF（多页）或 JPEG（单页）。"),
    "webp": ("WebP 图片", "用图片编辑器或浏览器打开，另存为 PNG 或 JPEG。"),
    "office": ("Word、Excel 或 OpenDocument 文件（ZIP 容器）",
               "打开文件，用“文件 > 另存为 > PDF”保存并上传 PDF。ZIP 压缩包须解压，并逐一列出其中的材料。"),
    "ole": ("旧版 Word 或 Excel 文件", "打开文件，用“文件 > 另存为 > PDF”保存并上传 PDF。"),
    "jp2": ("JPEG 2000 图片", "打开文件，导出或另存为 JPEG（照片）或 PDF（扫描件），再列出该文件。"),
    "psd": ("Photoshop 文档", "合并图层后导出为 JPEG 或 PNG。"),
    "svg": ("SVG 或 XML 图形", "导出为 PNG 或 PDF。"),
    "html": ("网页（HTML）", "把网页打印为 PDF，或保存材料本身而不是网页。"),
    "rtf": ("RTF 文档", "打开文件并另存为 PDF。"),
    "empty": ("空文件（0 字节）", "文件没有内容：请重新复制或导出材料。"),
    "unknown": ("无法识别的格式", "打开文件，导出或另存为 JPEG（照片）或 PDF（扫描件），再列出该文件。"),
}


def _format_zh(fmt: Format) -> tuple[str, str]:
    return _FORMATS_ZH.get(fmt.name, _FORMATS_ZH["unknown"])


def check_location(file: str, problem: LocationProblem) -> Finding:
    variant = _CASE_VARIANT.search(problem.detail)
    also = f"（但 {variant.group(1)} 存在：文件名区分大小写）" if variant else ""
    said = _LOCATION_ZH.get(problem.kind, "{file} 无法使用").format(file=file)
    return _LOCATION_RULES[problem.kind].finding(f"{problem.detail}.", file=file, message_zh=f"{said}{also}。")


_SKIPPED_ZH = {"link": "它是指向文件夹的链接；批量检查不会跟随链接走出批量文件夹", "hidden": "它是隐藏文件夹",
               "no_manifest": "其中没有 bundle.yaml，因此不是材料包"}


def check_folder(problem: FolderProblem) -> Finding:
    if problem.kind == "unreadable":
        return FOLDER_UNREADABLE.finding(f"The folder cannot be read ({problem.detail}): nothing in it was checked.",
                                         message_zh=f"无法读取该文件夹（{problem.detail}）：其中的内容都未检查。")
    return FOLDER_SKIPPED.finding(f"Skipped: {problem.detail}.",
                                  message_zh=f"已跳过：{_SKIPPED_ZH.get(problem.kind, problem.detail)}。")


def check_size(file: str, size: int, settings: Settings) -> list[Finding]:
    if size <= settings.max_file_bytes:
        return []
    limit_mb = settings.max_file_bytes / (1024 * 1024)
    return [TOO_LARGE.finding(f"The file is {size / (1024 * 1024):.1f} MB; the limit is {limit_mb:g} MB.", file=file,
                              message_zh=f"文件大小为 {size / (1024 * 1024):.1f} MB；上限为 {limit_mb:g} MB。")]


def check_format(file: str, fmt: Format) -> list[Finding]:
    if not fmt.accepted:
        label_zh, conversion_zh = _format_zh(fmt)
        return [NOT_ACCEPTED.finding(
            f"The file is a {fmt.label}; the platform takes {_ACCEPTED_NAMES}.", file=file,
            hint=fmt.conversion, message_zh=f"该文件是{label_zh}；平台接受 {'、'.join(_ACCEPTED_NAMES.split(', '))}。",
            hint_zh=conversion_zh or None)]
    extension = PurePosixPath(file).suffix.lower()
    if extension not in fmt.extensions:
        named_zh = f"文件名却以 {extension} 结尾" if extension else "文件名却没有扩展名"
        return [WRONG_EXTENSION.finding(
            f"The file is a {fmt.label} but is named {extension or 'without an extension'}.", file=file,
            hint=f"Rename it to end in {fmt.extensions[0]}.", message_zh=f"该文件是{_format_zh(fmt)[0]}，{named_zh}。",
            hint_zh=f"把文件重命名为以 {fmt.extensions[0]} 结尾。")]
    return []


def check_document(file: str, document: DecodedDocument) -> list[Finding]:
    findings = []
    if document.restricted:
        findings.append(RESTRICTED.finding("The PDF is encrypted with a permissions (owner) password.", file=file,
                                           message_zh="该 PDF 以权限（所有者）密码加密。"))
    if document.active:
        findings.append(ACTIVE_CONTENT.finding(f"The PDF carries {_listed(document.active)}.", file=file,
                                               message_zh=f"该 PDF 含有{_listed_zh(document.active)}。"))
    hidden = document.trailer
    if hidden and (hidden.holds or hidden.size > HIDDEN_DATA_TOLERANCE):
        end = "its last %%EOF" if document.format.name == "pdf" else f"the end of the {document.format.label}"
        end_zh = "最后一个 %%EOF" if document.format.name == "pdf" else "图片数据结束处"
        what = f", holding {hidden.holds}" if hidden.holds else ""
        what_zh = f"，其中含有 {hidden.holds}" if hidden.holds else ""
        findings.append(HIDDEN_DATA.finding(f"{hidden.size:,} bytes follow {end}{what}.", file=file,
                                            message_zh=f"{end_zh}之后还有 {hidden.size:,} 字节{what_zh}。"))
    return findings


def _listed(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_ACTIVE_ZH = {"JavaScript": "JavaScript 脚本", "an action that launches a program or file": "启动程序或文件的操作",
              "embedded files": "嵌入的文件", "a file attachment": "文件附件"}


def _listed_zh(items: tuple[str, ...]) -> str:
    return "、".join(_ACTIVE_ZH.get(item, item) for item in items)


def check_decode_problem(file: str, problem: DecodeProblem) -> Finding:
    where = f"第 {problem.page} 页：" if problem.page else ""
    said = _DECODE_ZH.get(problem.kind, "文件无法解码")
    return _DECODE_RULES[problem.kind].finding(f"{problem.detail[0].upper()}{problem.detail[1:]}.", file=file,
                                               page=problem.page, message_zh=f"{where}{said}。")


def check_worker_failure(file: str, failure: WorkerFailure) -> Finding:
    return NOT_ANALYSED.finding(failure.describe(), file=file, message_zh=_worker_failure_zh(failure))


def _worker_failure_zh(failure: WorkerFailure) -> str:
    limits = failure.limits
    if failure.kind == "timeout" and limits:
        return f"分析该文件超过了 {limits.seconds:g} 秒，已被停止。"
    if failure.kind == "memory" and limits:
        return f"分析该文件需要超过 {limits.memory_bytes // (1024 * 1024)} MB 内存，已被停止。"
    if failure.kind == "crashed" and limits:
        return (f"解码器处理该文件时突然停止；当文件使解码器超出允许的 {limits.memory_bytes // (1024 * 1024)} MB "
                "内存，或触发其内部故障时会这样。")
    return "校验器处理该文件时出错；请把此问题作为缺陷报告。"


def check_unlisted(listing: FolderListing, listed: set[str]) -> list[Finding]:
    listed = {bundle_path(path) for path in listed}
    findings = [
        UNLISTED.finding(f"{path} is in the bundle folder but not listed in bundle.yaml.", file=path,
                         message_zh=f"{path} 在材料包文件夹中，但没有列在 bundle.yaml 里。")
        for path in listing.files
        if path not in listed
    ]
    if listing.truncated:
        findings.append(UNLISTED.finding(
            f"The folder holds more than {len(listing.files)} files; the rest were not looked at.",
            hint="Keep only the documents to upload in the bundle folder.",
            message_zh=f"文件夹中的文件超过 {len(listing.files)} 个；其余的没有查看。",
            hint_zh="材料包文件夹中只保留要上传的材料。"))
    return findings
