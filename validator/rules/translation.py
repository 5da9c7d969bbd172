"""`translation` rules: a document in neither Chinese nor English has a translation into one of
them, translations are notarized, and each document's text is in the language declared."""

from __future__ import annotations

from validator.catalogue import Rule
from validator.context import BundleContext
from validator.findings import Finding, Severity
from validator.language import describe, language_name
from validator.locate import same_path
from validator.manifest import MANIFEST_NAME
from validator.model import Document
from validator.reading import sources_zh

REVIEW_LANGUAGES = ("zh", "en")

MISSING = Rule(
    "IPP-TRANSLATION-001", "translation", Severity.ERROR,
    "A document in another language has no Chinese or English translation",
    "The IPP FAQ asks for an English or Chinese translation of every document that is in "
    "neither language.",
    "Add a translation into Chinese or English and list it with type: translation, "
    "translation_of: the original's path, language: zh or en.",
    title_zh="非中英文材料缺少中文或英文译本",
    rationale_zh="IPP 常见问题要求为每份非中文、非英文的材料提供英文或中文译本。",
    hint_zh="加入中文或英文译本，并以 type: translation、translation_of: 原件路径、language: zh 或 en 列出。",
)
ORPHAN = Rule(
    "IPP-TRANSLATION-002", "translation", Severity.ERROR,
    "A translation names no listed document",
    "A translation's translation_of must be the path of a document listed in the manifest; "
    "otherwise it translates nothing the reviewer will see.",
    "Set translation_of to the original's path exactly as listed under documents.",
    title_zh="译本未对应任何已列出的材料",
    rationale_zh="译本的 translation_of 必须是清单中列出的材料路径，否则它翻译的不是审核人员会看到的材料。",
    hint_zh="把 translation_of 设为原件在 documents 中列出的准确路径。",
)
NOT_NOTARIZED = Rule(
    "IPP-TRANSLATION-003", "translation", Severity.WARNING,
    "A translation is not notarized",
    "Notarized translations are recommended; whether IPP requires notarization is not confirmed, "
    "so this is a warning.",
    "Have the translation notarized and set notarized: true.",
    title_zh="译本未经公证",
    rationale_zh="建议提供经公证的译本；IPP 是否强制要求公证尚未确认，因此这只是警告。",
    hint_zh="对译本进行公证，并设置 notarized: true。",
)
NEEDS_TRANSLATION = Rule(
    "IPP-TRANSLATION-004", "translation", Severity.ERROR,
    "A document declared Chinese or English is in another language",
    "The document's text is clearly in a language that needs a translation (or, for a "
    "translation, is not Chinese or English), so the declared language hides a missing "
    "translation.",
    "Correct the document's language in bundle.yaml and add its Chinese or English translation.",
    title_zh="声明为中文或英文的材料实际是其他语言",
    rationale_zh="材料文字明显是需要翻译的语言（或译本本身不是中文或英文），所声明的语言掩盖了缺少的译本。",
    hint_zh="在 bundle.yaml 中更正材料语言，并加入其中文或英文译本。",
)
MISDECLARED = Rule(
    "IPP-TRANSLATION-005", "translation", Severity.WARNING,
    "A document's text is in another language than declared",
    "The declared language decides which translations are needed; a wrong one misleads the "
    "reviewer and the checks. Only a confident identification is reported: short or unclear "
    "text counts as unknown.",
    "Correct the document's language in bundle.yaml.",
    title_zh="材料文字的语言与声明不符",
    rationale_zh="所声明的语言决定需要哪些译本，声明错误会误导审核人员和校验。只报告有把握的识别结果：文字过短或不清楚视为未知。",
    hint_zh="在 bundle.yaml 中更正材料语言。",
)

RULES = (MISSING, ORPHAN, NOT_NOTARIZED, NEEDS_TRANSLATION, MISDECLARED)


def _translations(bundle: BundleContext) -> list[Document]:
    return [d for d in bundle.manifest.documents if d.type == "translation"]


def check_translations(bundle: BundleContext) -> list[Finding]:
    manifest = bundle.manifest
    translations = _translations(bundle)
    findings = []
    for translation in translations:
        if same_path(translation.translation_of, translation.file):
            problem = "the translation's own file: a document cannot be its own translation"
            problem_zh = "即译文自身的文件：材料不能是它自己的译文"
        elif manifest.document(translation.translation_of or "") is None:
            problem, problem_zh = "not a listed document", "不是清单中列出的材料"
        else:
            problem = problem_zh = ""
        if problem:
            findings.append(ORPHAN.finding(
                f"{translation.field_path}.translation_of is {translation.translation_of!r}, {problem}.",
                file=MANIFEST_NAME, line=manifest.line_of("documents", translation.index, "translation_of"),
                message_zh=f"{translation.field_path}.translation_of 为 {translation.translation_of!r}，{problem_zh}。"))
        if translation.notarized is not True:
            findings.append(NOT_NOTARIZED.finding(
                "The translation is not marked notarized: true.", file=translation.file,
                line=manifest.line_of("documents", translation.index),
                message_zh="该译文未标注 notarized: true。"))
    for document in manifest.documents:
        if document.type == "translation" or document.language in (None, *REVIEW_LANGUAGES):
            continue
        if not _has_translation(document, translations):
            findings.append(MISSING.finding(
                f"{document.file} is in {language_name(document.language)} and no Chinese or English translation "
                "of it is listed.", file=document.file, line=manifest.line_of("documents", document.index),
                message_zh=f"{document.file} 是{language_name(document.language, 'zh')}材料，但清单中没有它的中文或英文译文。"))
    return findings


def _has_translation(document: Document, translations: list[Document]) -> bool:
    return any(same_path(t.translation_of, document.file) and t.language in REVIEW_LANGUAGES for t in translations)


def check_declared_languages(bundle: BundleContext) -> list[Finding]:
    findings = []
    translations = _translations(bundle)
    for document in bundle.manifest.documents:
        reading = bundle.reading(document.file)
        # A file listed twice, with another type or language, has a verdict for each listing.
        judged = next((judged for judged in (reading.declared_languages if reading else ())
                       if (judged.declared, judged.document_type) == (document.language, document.type)), None)
        if judged is None or not judged.absent:
            continue
        guess = judged.text_language
        actual = describe(guess)
        where = f"declared {language_name(document.language)}, but its text ({', '.join(reading.sources)}) is in {actual}"
        where_zh = (f"声明为{language_name(document.language, 'zh')}，但其文字（{sources_zh(reading.sources)}）"
                    f"是{describe(guess, 'zh')}")
        line = bundle.manifest.line_of("documents", document.index, "language")
        foreign = guess.language not in REVIEW_LANGUAGES
        if document.language in REVIEW_LANGUAGES and foreign and (
                document.type == "translation" or not _has_translation(document, translations)):
            findings.append(NEEDS_TRANSLATION.finding(
                f"The document is {where}; " + ("a translation must be in Chinese or English." if
                                                 document.type == "translation" else "it needs a Chinese or English translation."),
                file=document.file, line=line,
                message_zh=f"该材料{where_zh}；" + ("译文必须是中文或英文。" if document.type == "translation"
                                                  else "它需要中文或英文译文。")))
        else:
            findings.append(MISDECLARED.finding(f"The document is {where}.", file=document.file, line=line,
                                                message_zh=f"该材料{where_zh}。"))
    return findings


BUNDLE_CHECKS = (check_translations, check_declared_languages)
