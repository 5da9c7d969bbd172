"""`name` rules: the complainant's name is exactly the name on the identity documents and the
rights; who may complain for which right; and the names the manifest declares are the ones the
documents themselves show."""

from __future__ import annotations

from validator.catalogue import Rule
from validator.context import BundleContext
from validator.findings import Finding, Severity
from validator.manifest import MANIFEST_NAME
from validator.model import Right
from validator.names import (
    NameDifference,
    appears_in,
    classify_difference,
    has_han,
    has_latin,
    holder_kind,
    icao_words,
    is_simplified,
    mrz_shows,
    printed_in_other_script,
)
from validator.reading import OCR_TURNED_OFF, DocumentReading, sources_zh, unread_reason_zh

NOT_EXACT = Rule(
    "IPP-NAME-001", "name", Severity.ERROR,
    "The complainant's name is not exactly the name on an identity document",
    "\"The complainant name should be the same as the name/company name indicated in identity "
    "documents\": the reviewer compares them character for character, so a full-width bracket, a "
    "space, Ltd for Limited or a traditional character is a different name. The name reportedly "
    "cannot be edited once the account exists.",
    "Enter the complainant name exactly as printed on the identity document (the message gives "
    "the string).",
    title_zh="投诉人名称与身份证明材料上的名称不完全一致",
    rationale_zh="“投诉人名称应与身份证明材料上的姓名/公司名称一致”：审核按字符逐一比对，全角括号、空格、Ltd 与 "
    "Limited、繁体字都算不同的名称。据报道账户创建后名称无法修改。",
    hint_zh="按身份证明材料上印刷的原样填写投诉人名称（提示中给出了应填写的字符串）。",
)
HOLDER_NOT_EXACT = Rule(
    "IPP-NAME-002", "name", Severity.ERROR,
    "A right's holder is written differently from the complainant's name",
    "The registrant must be the current owner on the rights office's records and, for a rights "
    "holder's account, the complainant itself: a right listed under a differently written name "
    "is not recognisably the complainant's.",
    "Write the holder exactly as the certificate prints it; if that differs from the identity "
    "document's name, have the rights office record the holder's name as on the identity document.",
    title_zh="权利人名称的写法与投诉人名称不同",
    rationale_zh="登记的权利人必须是权利机关记录中的现权利人，且对权利人账户而言就是投诉人本身：写法不同的名称无法被认定为投诉人。",
    hint_zh="按证书上印刷的原样填写权利人；若与身份证明材料上的名称不同，请到权利机关把权利人名称变更为与身份证明材料一致。",
)
WRONG_HOLDER_TYPE = Rule(
    "IPP-NAME-003", "name", Severity.ERROR,
    "An individual's account lists a company's right, or a company's account an individual's",
    "The published guide to IPP registration: the complainant must match the rights holder, so an "
    "individual's account cannot file for a company's rights; by the same rule a company is not "
    "the complainant for a person's rights unless it files as that person's authorized agent. "
    "Whether a holder is a company is judged from its name's form (company suffixes such as "
    "有限公司, Ltd, GmbH).",
    "Register an account for the rights holder itself (or file as its authorized agent with its "
    "authorization letter).",
    title_zh="个人账户列出了公司的权利，或公司账户列出了个人的权利",
    rationale_zh="已发表的 IPP 注册指南：投诉人必须与权利人一致，所以个人账号不能替公司的权利投诉；按同一条规则，"
    "公司也不能以投诉人身份替个人的权利投诉，除非它是这个人的授权代理人。是否为公司按名称形式判断（有限公司、Ltd、GmbH 等后缀）。",
    hint_zh="为权利人本身注册账户（或以其授权代理人身份提交，并附其授权书）。",
)
HELD_BY_ANOTHER = Rule(
    "IPP-NAME-004", "name", Severity.ERROR,
    "A rights holder's account lists a right held by someone else",
    "A rights holder's account protects its own rights. Someone filing for another holder "
    "registers as an authorized agent and proves it with the holder's authorization letter.",
    "Remove the right, or register the account as an authorized agent (account.role: "
    "authorized_agent) and add the holder's authorization letter (type: authorization_letter, "
    "issued_by: the holder's exact name).",
    title_zh="权利人账户列出了他人持有的权利",
    rationale_zh="权利人账户只保护自己的权利。代他人投诉应注册为授权代理人，并以权利人的授权书证明。",
    hint_zh="删除该权利，或以授权代理人身份注册账户（account.role: authorized_agent），并加入权利人的授权书（type: "
    "authorization_letter，issued_by 填权利人的准确名称）。",
)
NO_AUTHORIZATION = Rule(
    "IPP-NAME-005", "name", Severity.ERROR,
    "An agent lists a right without its holder's authorization letter",
    "Where the complainant is not the rights holder, the holder must authorize it with a sealed "
    "(company) or signed (individual) power of attorney; the letter must come from exactly the "
    "holder named on the right.",
    "Add the holder's authorization letter and list it with type: authorization_letter and "
    "issued_by: the holder's name exactly as on the right.",
    title_zh="代理人列出的权利缺少权利人的授权书",
    rationale_zh="投诉人不是权利人时，权利人须以盖章（公司）或签名（个人）的授权书授权；授权书必须来自权利上记载的该权利人本身。",
    hint_zh="加入权利人的授权书，并以 type: authorization_letter、issued_by: 与权利上完全一致的权利人名称列出。",
)
CONTRADICTED = Rule(
    "IPP-NAME-006", "name", Severity.ERROR,
    "The document does not show the name the manifest declares",
    "The validator reads the document (its text layer, OCR, a passport's machine-readable "
    "zone): a name the document does not show means the wrong file, or a name typed from memory.",
    "Check that the file is the right document, and copy the name exactly as the document prints it.",
    title_zh="材料上没有清单中声明的名称",
    rationale_zh="校验器会读取材料本身（文字层、OCR、护照机读区）：材料上没有的名称意味着文件放错了，或名称是凭记忆填写的。",
    hint_zh="确认文件是正确的材料，并按材料上印刷的原样抄写名称。",
)
INCONCLUSIVE = Rule(
    "IPP-NAME-007", "name", Severity.INFO,
    "The name on a document could not be verified",
    "The document's text could not be read reliably (too little text, low OCR confidence, or "
    "names printed in another script), so whether it shows the declared name is unknown. This "
    "is not an error; the reviewer will read it.",
    "Nothing to do if the name is right; a sharper scan lets the validator check it.",
    title_zh="无法核实材料上的名称",
    rationale_zh="无法可靠读取材料文字（文字太少、OCR 置信度低，或名称以另一种文字书写），因此不确定材料是否显示所声明的名称。这不是错误，审核人员会自行阅读。",
    hint_zh="如名称无误则无需处理；更清晰的扫描件能让校验器核实。",
)
NOT_READ = Rule(
    "IPP-NAME-008", "name", Severity.INFO,
    "Documents could not be read: some checks were not done",
    "Reading images and scanned pages needs Tesseract OCR. Without it the validator cannot check "
    "that documents show the declared names, read a passport's MRZ expiry, or identify a "
    "scanned document's language; it says so rather than pass them silently.",
    "Install Tesseract's language data (Debian/Ubuntu: apt-get install tesseract-ocr-eng "
    "tesseract-ocr-chi-sim tesseract-ocr-deu ...; elsewhere set TESSDATA_PREFIX to its folder). "
    "On Linux x86-64 and Windows the validator brings Tesseract itself (tesserocr); elsewhere "
    "install the tesseract program too (macOS: brew install tesseract tesseract-lang). "
    "`validate --version` names the OCR engine found. Then validate again.",
    title_zh="无法读取材料：部分检查未执行",
    rationale_zh="读取图片和扫描页需要 Tesseract OCR。没有它，校验器无法核对材料上的名称、读取护照机读区的有效期或识别扫描件的语言；校验器会明确说明，而不是默默通过。",
    hint_zh="安装 Tesseract 的语言包（Debian/Ubuntu：apt-get install tesseract-ocr-eng tesseract-ocr-chi-sim "
    "tesseract-ocr-deu ……；其他系统将 TESSDATA_PREFIX 设为语言包所在文件夹）。在 Linux x86-64 和 Windows 上，"
    "校验器自带 Tesseract（tesserocr）；其他系统还需安装 tesseract 程序（macOS：brew install tesseract "
    "tesseract-lang）。`validate --version` 会显示找到的 OCR 引擎。然后重新校验。",
)

RULES = (NOT_EXACT, HOLDER_NOT_EXACT, WRONG_HOLDER_TYPE, HELD_BY_ANOTHER, NO_AUTHORIZATION, CONTRADICTED,
         INCONCLUSIVE, NOT_READ)


def _explain(difference: NameDifference, expected_label: str, actual_label: str) -> str:
    return f"they differ by {difference.describe()} ({difference.locate(expected_label, actual_label)})"


def _explain_zh(difference: NameDifference, expected_label: str, actual_label: str) -> str:
    return f"差别在于{difference.describe('zh')}（{difference.locate(expected_label, actual_label, lang='zh')}）"


def check_exact_name(bundle: BundleContext) -> list[Finding]:
    """Rule 1 over the identity documents of the account's holder type."""
    complainant = bundle.manifest.complainant.name
    findings = []
    for document in bundle.manifest.identity_documents():
        if document.name_on_document is None:
            continue
        # What the document prints, when its text layer shows it in the other script than declared.
        printed = _printed_form(document.name_on_document, bundle.reading(document.file)) or document.name_on_document
        difference = classify_difference(printed, complainant)
        if difference is None:
            continue
        findings.append(NOT_EXACT.finding(
            f"The complainant name {complainant!r} is not the name on {document.file}, "
            f"{printed!r}: {_explain(difference, 'the document', 'the complainant name')}.",
            file=MANIFEST_NAME, line=bundle.manifest.line_of("complainant", "name"),
            hint=f"Enter the complainant name exactly as the document prints it: {printed}",
            message_zh=f"投诉人名称 {complainant!r} 与 {document.file} 上的名称 {printed!r} 不一致："
                       f"{_explain_zh(difference, '材料', '投诉人名称')}。",
            hint_zh=f"按材料上印刷的原样填写投诉人名称：{printed}"))
    return findings


def _printed_form(name: str, reading: DocumentReading | None) -> str | None:
    """The name in the script the document prints it in, when that is not the script given. Only
    a text layer tells: OCR reads Chinese with one script's data and may print either."""
    if reading is None or "OCR" in reading.sources:
        return None
    return printed_in_other_script(name, reading.text)


def check_rights_holders(bundle: BundleContext) -> list[Finding]:
    """Rule 1 for the rights of a rights holder's account, and rule 2 (who may complain)."""
    manifest = bundle.manifest
    complainant = manifest.complainant.name
    findings = []
    for right in manifest.rights:
        difference = classify_difference(complainant, right.holder)
        if difference is None:
            continue
        line = manifest.line_of("rights", right.index, "holder")
        label = f"{right.field_path} ({right.type} {right.number})"
        label_zh = f"{right.field_path}（{_RIGHT_TYPES_ZH.get(right.type, right.type)} {right.number}）"
        account_kind, holder = manifest.account.holder_type, holder_kind(right.holder)
        if manifest.account.role == "authorized_agent":
            findings += _check_authorization(bundle, right, label, label_zh)
        elif holder is not None and holder != account_kind:
            findings.append(WRONG_HOLDER_TYPE.finding(
                f"{label} is held by {right.holder!r}, which reads as {_a(holder)}, but this is {_a(account_kind)}'s "
                "account: an account can only protect rights held by its own kind of holder.",
                file=MANIFEST_NAME, line=line,
                message_zh=f"{label_zh}的权利人是 {right.holder!r}，看起来是{_KINDS_ZH[holder]}，但这是"
                           f"{_KINDS_ZH[account_kind]}的账户：账户只能保护同类权利人持有的权利。"))
        elif difference.same_name:
            findings.append(HOLDER_NOT_EXACT.finding(
                f"{label}: the holder {right.holder!r} is not written as the complainant name {complainant!r}: "
                f"{_explain(difference, 'the complainant name', 'the holder')}.", file=MANIFEST_NAME, line=line,
                message_zh=f"{label_zh}：权利人 {right.holder!r} 的写法与投诉人名称 {complainant!r} 不同："
                           f"{_explain_zh(difference, '投诉人名称', '权利人')}。"))
        else:
            findings.append(HELD_BY_ANOTHER.finding(
                f"{label} is held by {right.holder!r}, not by the complainant {complainant!r}. To file for "
                "another holder, register as its authorized agent with its authorization letter.",
                file=MANIFEST_NAME, line=line,
                message_zh=f"{label_zh}的权利人是 {right.holder!r}，而不是投诉人 {complainant!r}。"
                           "要代他人投诉，请以其授权代理人身份注册，并提供其授权书。"))
    return findings


_RIGHT_TYPES_ZH = {"trademark": "商标", "copyright": "著作权", "patent": "专利"}
_KINDS_ZH = {"company": "公司", "individual": "个人"}


def _a(kind: str) -> str:
    return "a company" if kind == "company" else "an individual"


def _check_authorization(bundle: BundleContext, right: Right, label: str, label_zh: str) -> list[Finding]:
    letters = [d for d in bundle.manifest.documents if d.type == "authorization_letter" and d.issued_by]
    if any(letter.issued_by == right.holder for letter in letters):
        return []
    line = bundle.manifest.line_of("rights", right.index, "holder")
    near = [(letter, classify_difference(right.holder, letter.issued_by)) for letter in letters]
    near = [(letter, difference) for letter, difference in near if difference and difference.same_name]
    if near:
        letter, difference = near[0]
        message = (f"{label} is held by {right.holder!r}; the authorization letter {letter.file} is issued by "
                   f"{letter.issued_by!r}, which is not exactly the holder: {_explain(difference, 'the holder', 'the letter')}.")
        message_zh = (f"{label_zh}的权利人是 {right.holder!r}；授权书 {letter.file} 的出具人是 {letter.issued_by!r}，"
                      f"与权利人不完全一致：{_explain_zh(difference, '权利人', '授权书')}。")
    else:
        message = f"{label} is held by {right.holder!r}, and no authorization letter issued by that holder is listed."
        message_zh = f"{label_zh}的权利人是 {right.holder!r}，清单中没有该权利人出具的授权书。"
    return [NO_AUTHORIZATION.finding(message, file=MANIFEST_NAME, line=line, message_zh=message_zh)]


# --- what the documents themselves say --------------------------------------------------


SCRIPT_REASON = "it prints names in another script"
SCRIPT_HINT = ("Nothing to do if the document's transliterated or translated name is the holder's; the "
               "reviewer compares it with the registrant record.")
SCRIPT_HINT_ZH = "如果材料上音译或翻译的名称就是权利人的名称，则无需处理；审核人员会将其与登记记录核对。"


def _compare(name: str, reading: DocumentReading) -> tuple[str, str, str]:
    """('shown' | 'contradicted' | 'inconclusive', why, why in Chinese)."""
    if reading.mrz and reading.mrz.valid:
        shown = mrz_shows(name, reading.mrz, reading.text)
        if shown is False:
            written = f"{reading.mrz.surname}<<{reading.mrz.given_names.replace(' ', '<')}"
            icao = " ".join(icao_words(name))
            return ("contradicted", f"its machine-readable zone, whose check digits are valid, gives the name {written} "
                                    f"(the declared name in ICAO spelling: {icao})",
                    f"其机读区（校验位正确）给出的姓名是 {written!r}（所填名称按 ICAO 拼写为 {icao}）")
        if shown:
            return "shown", "", ""
    if appears_in(name, reading.text):
        return "shown", "", ""
    if reading.unavailable or not reading.readable:
        return "inconclusive", "its text could not be read reliably", "无法可靠读取其文字"
    latin_name = has_latin(name) and not has_han(name)
    if (has_han(name) and not has_han(reading.text)) or (latin_name and not has_latin(reading.text)):
        # A Chinese company's name on a European certificate is transliterated or translated.
        return "inconclusive", SCRIPT_REASON, "它以另一种文字印刷名称"
    return ("contradicted", f"its text ({', '.join(reading.sources)}) does not contain it",
            f"其文字（{sources_zh(reading.sources)}）中没有这个名称")


def check_names_on_documents(bundle: BundleContext) -> list[Finding]:
    findings = []
    for document in bundle.manifest.documents:
        reading = bundle.reading(document.file)
        if reading is None or (reading.unavailable and not reading.text and not reading.mrz):
            continue
        for name in bundle.manifest.declared_names(document):
            printed = _printed_form(name, reading)
            if printed is not None:
                simplified = is_simplified(printed)
                findings.append(CONTRADICTED.finding(
                    f"The manifest gives the name {name!r} for this document, but the document prints it in "
                    f"{'simplified' if simplified else 'traditional'} characters: {printed!r}.", file=document.file,
                    hint=f"Copy the name as the document prints it: {printed}",
                    message_zh=f"清单为该材料填写的名称是 {name!r}，但材料上以{'简体' if simplified else '繁体'}字印刷为 "
                               f"{printed!r}。",
                    hint_zh=f"按材料上印刷的原样抄写名称：{printed}"))
                continue
            outcome, why, why_zh = _compare(name, reading)
            if outcome == "contradicted":
                findings.append(CONTRADICTED.finding(
                    f"The manifest gives the name {name!r} for this document, but {why}.", file=document.file,
                    message_zh=f"清单为该材料填写的名称是 {name!r}，但{why_zh}。"))
            elif outcome == "inconclusive":
                script = why == SCRIPT_REASON
                findings.append(INCONCLUSIVE.finding(
                    f"Whether this document shows {name!r} is unknown: {why}.", file=document.file,
                    hint=SCRIPT_HINT if script else None, hint_zh=SCRIPT_HINT_ZH if script else None,
                    message_zh=f"无法确定该材料上是否有 {name!r}：{why_zh}。"))
    return findings


def check_unread_documents(bundle: BundleContext) -> list[Finding]:
    unread = {file: facts.reading.unavailable for file, facts in sorted(bundle.facts.items())
              if facts.reading and facts.reading.unavailable}
    if not unread:
        return []
    reasons = sorted(set(unread.values()))
    turned_off = all(reason == OCR_TURNED_OFF for reason in reasons)
    return [NOT_READ.finding(
        f"{len(unread)} document(s) could not be read by OCR ({'; '.join(reasons)}): {', '.join(unread)}. "
        "Not checked for them: that the document shows the declared name or holder, the MRZ's expiry and "
        "name, and the language of its text.",
        hint="Run the validator again without --no-ocr to do these checks." if turned_off else None,
        hint_zh="不加 --no-ocr 重新运行校验器，以完成这些检查。" if turned_off else None,
        message_zh=f"{len(unread)} 份材料无法用 OCR 读取（{'；'.join(unread_reason_zh(r) for r in reasons)}）："
                   f"{'、'.join(unread)}。对它们未检查：材料上是否有所声明的名称或权利人、机读区的有效期和姓名，以及文字的语言。")]


BUNDLE_CHECKS = (check_exact_name, check_rights_holders, check_names_on_documents, check_unread_documents)
