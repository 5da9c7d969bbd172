"""A self-contained HTML report for sending to a client: styles and pictures inline, no
scripts, no external assets. Each file's pages are shown small, with the region of every
finding drawn on them and numbered like the findings below."""

from __future__ import annotations

import base64
from html import escape
from itertools import groupby

from validator import TOOL_NAME, __version__
from validator.findings import BundleReport, Finding, Severity
from validator.reporters.base import RenderOptions, RunReport
from validator.rules import RULES

TEXT = {
    "en": {
        "title": "IPP Preflight report",
        "intro": "{bundles} bundle(s) checked: {passed} passed, {failed} failed.",
        "pass": "PASS", "fail": "FAIL",
        "errors": "{n} error(s)", "warnings": "{n} warning(s)", "infos": "{n} note(s)",
        "error": "error", "warning": "warning", "info": "note",
        "whole": "The bundle as a whole", "page": "page {page}", "fix": "How to fix",
        "rule": "About this rule", "clean": "Nothing to fix in this file.",
        "ignored": "ignored", "ignored_because": "Ignored in bundle.yaml",
        "no_findings": "No findings: this bundle is ready to upload.",
        "footer": "Made by {tool} {version} on {date}, offline, on the files as they were when checked. "
                  "Pictures of identity documents are shown small, with their machine-readable zone covered and, "
                  "where OCR ran, every number read on them; document numbers are masked in the text.",
    },
    "zh": {
        "title": "IPP 预检报告",
        "intro": "共检查 {bundles} 个材料包：{passed} 个通过，{failed} 个未通过。",
        "pass": "通过", "fail": "未通过",
        "errors": "{n} 个错误", "warnings": "{n} 个警告", "infos": "{n} 条提示",
        "error": "错误", "warning": "警告", "info": "提示",
        "whole": "整个材料包", "page": "第 {page} 页", "fix": "修改方法",
        "rule": "规则说明", "clean": "此文件无需修改。",
        "ignored": "已忽略", "ignored_because": "已在 bundle.yaml 中忽略",
        "no_findings": "未发现问题：此材料包可以上传。",
        "footer": "由 {tool} {version} 于 {date} 离线生成，基于检查时的文件。身份证件的图片尺寸很小，"
                  "其机读区已遮盖，运行了 OCR 时读到的每个号码也已遮盖；正文中的证件号码均已遮盖。",
    },
}

STYLE = """
:root{--error:#c62828;--warning:#b26a00;--info:#1565c0;--pass:#2e7d32;--line:#ddd}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;
 color:#222;max-width:980px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:0}h3{font-size:16px;margin:0 0 8px;word-break:break-all}
.bundle{border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:24px 0}
.bundle>header{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
.badge{font-weight:700;color:#fff;border-radius:4px;padding:2px 10px}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--error)}
.counts{color:#555}
.file{border-top:1px solid var(--line);padding:14px 0;display:flex;gap:18px;flex-wrap:wrap}
.file>.pages{flex:0 0 auto;display:flex;gap:8px;flex-direction:column}
.file>.detail{flex:1 1 420px;min-width:0}
figure{margin:0}figcaption{font-size:12px;color:#666}
.frame{position:relative;display:inline-block;line-height:0;border:1px solid var(--line)}
.frame img{display:block;max-width:100%;height:auto}
.frame svg{position:absolute;inset:0;width:100%;height:100%}
ol.findings{margin:0;padding-left:22px}
ol.findings li{margin:0 0 10px}
.sev{font-size:12px;font-weight:700;text-transform:uppercase;border-radius:3px;padding:0 6px;color:#fff}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.info{background:var(--info)}.sev.ignored{background:#757575}
.msg{margin:2px 0}.fix{margin:2px 0;color:#333}.fix b{font-weight:600}
a{color:var(--info)}
footer{color:#666;font-size:13px;border-top:1px solid var(--line);padding-top:12px;margin-top:32px}
@media print{body{padding:0}.bundle{break-inside:avoid-page}}
"""

_STROKE = {Severity.ERROR: "#c62828", Severity.WARNING: "#b26a00", Severity.INFO: "#1565c0"}


def render(run: RunReport, options: RenderOptions) -> str:
    words = TEXT[options.lang]
    passed = sum(1 for b in run.bundles if b.passed(run.strict))
    body = [
        f"<h1>{escape(words['title'])}</h1>",
        f"<p>{escape(words['intro'].format(bundles=len(run.bundles), passed=passed, failed=len(run.bundles) - passed))}</p>",
    ]
    body += [_bundle(bundle, run.strict, words, options.lang) for bundle in run.bundles]
    footer = words["footer"].format(tool=TOOL_NAME, version=__version__, date=run.made_on.isoformat())
    body.append(f"<footer>{escape(footer)}</footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if options.lang == "zh" else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{escape(words['title'])}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _bundle(bundle: BundleReport, strict: bool, words: dict[str, str], lang: str) -> str:
    status = bundle.status(strict)
    summary = bundle.summary()
    counts = " · ".join(_count(words[key], summary[key]) for key in ("errors", "warnings", "infos"))
    parts = [
        f'<section class="bundle {status}"><header><h2>{escape(bundle.path)}</h2>'
        f'<span class="badge {status}">{escape(words[status])}</span><span class="counts">{escape(counts)}</span></header>'
    ]
    if not bundle.findings:
        parts.append(f"<p>{escape(words['no_findings'])}</p>")
    previews = {}
    for preview in bundle.previews:
        previews.setdefault(preview.file, []).append(preview)
    files_with_findings = set()
    for file, group in groupby(bundle.findings, key=lambda f: f.file):
        findings = list(group)
        files_with_findings.add(file)
        parts.append(_file(file, findings, previews.get(file, []), words, lang))
    for file in sorted(set(previews) - files_with_findings):
        parts.append(_file(file, [], previews[file], words, lang))
    parts.append("</section>")
    return "\n".join(parts)


def _count(template: str, n: int) -> str:
    """'{n} error(s)' reads '1 error' or '2 errors'; templates without '(s)' are left as they are."""
    return template.format(n=n).replace("(s)", "" if n == 1 else "s")


def _file(file: str | None, findings: list[Finding], previews: list, words: dict[str, str], lang: str) -> str:
    pictures = "".join(_picture(preview, findings, words) for preview in previews)
    items = "".join(_finding(number, finding, words, lang) for number, finding in enumerate(findings, 1))
    listing = f'<ol class="findings">{items}</ol>' if findings else f"<p>{escape(words['clean'])}</p>"
    heading = escape(file) if file else escape(words["whole"])
    pages = f'<div class="pages">{pictures}</div>' if pictures else ""
    return f'<article class="file">{pages}<div class="detail"><h3>{heading}</h3>{listing}</div></article>'


def _picture(preview, findings: list[Finding], words: dict[str, str]) -> str:
    marks = []
    for number, finding in enumerate(findings, 1):
        if (finding.page or 1) != preview.page or finding.category in ("schema", "contact"):
            continue
        colour = _STROKE[finding.severity]
        region = finding.region
        if region is None:
            if finding.page is None and finding.category not in ("legibility", "seal"):
                continue
            x, y, w, h = 0.5, 0.5, 99, 99
        else:
            x, y, w, h = (100 * v for v in (region.x, region.y, region.width, region.height))
        marks.append(
            f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="none" stroke="{colour}" '
            f'stroke-width="3" vector-effect="non-scaling-stroke"/>'
            f'<circle cx="{x + 3:.2f}" cy="{y + 4:.2f}" r="3.2" fill="{colour}"/>'
            f'<text x="{x + 3:.2f}" y="{y + 5.3:.2f}" font-size="4" text-anchor="middle" fill="#fff">{number}</text>'
        )
    source = base64.b64encode(preview.jpeg).decode("ascii")
    overlay = (f'<svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">{"".join(marks)}</svg>'
               if marks else "")
    caption = escape(words["page"].format(page=preview.page))
    return (f'<figure><div class="frame"><img src="data:image/jpeg;base64,{source}" width="{preview.width}" '
            f'height="{preview.height}" alt="{caption}">{overlay}</div><figcaption>{caption}</figcaption></figure>')


def _finding(number: int, finding: Finding, words: dict[str, str], lang: str) -> str:
    rule = RULES.get(finding.rule)
    where = f" ({escape(words['page'].format(page=finding.page))})" if finding.page else ""
    if lang == "zh" and rule is not None:
        title, message, hint = rule.title_zh, finding.message_zh or rule.title_zh, finding.hint_zh
    else:
        title, message, hint = (rule.title if rule else finding.rule), finding.message, finding.hint
    url = rule.url_in(lang) if rule is not None else finding.url
    link = f'<a href="{escape(url)}">{escape(finding.rule)}</a>' if url else escape(finding.rule)
    severity = "ignored" if finding.ignored else finding.severity.value
    closing = (f'<p class="fix"><b>{escape(words["ignored_because"])}:</b> {escape(finding.ignored)}</p>'
               if finding.ignored else f'<p class="fix"><b>{escape(words["fix"])}:</b> {escape(hint)}</p>')
    return (
        f'<li value="{number}"><span class="sev {severity}">{escape(words[severity])}</span> '
        f"<b>{escape(title)}</b> · {link}{where}"
        f'<p class="msg">{escape(message)}</p>{closing}</li>'
    )
