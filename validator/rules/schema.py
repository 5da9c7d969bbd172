"""`schema` rules: bundle.yaml exists, is safe YAML and matches schemas/bundle.schema.json."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import jsonschema

from validator.catalogue import Rule
from validator.findings import Finding, Severity
from validator.locate import bundle_path
from validator.manifest import MANIFEST_NAME, ManifestProblem, ParsedManifest, nearest_line
from validator.model import Document, Manifest
from validator.resources import schema

MISSING = Rule(
    "IPP-SCHEMA-001", "schema", Severity.ERROR,
    "The bundle has no bundle.yaml",
    "The manifest says who the account is for and which file is which document; without it "
    "nothing in the folder can be checked.",
    "Create one with `validate init FOLDER --holder-type ... --region ...` and fill it in.",
    title_zh="材料包中没有 bundle.yaml",
    rationale_zh="清单说明账户属于谁、每个文件是哪种材料；没有清单，文件夹里的任何材料都无法检查。",
    hint_zh="用 `validate init 文件夹 --holder-type ... --region ...` 生成模板并填写。",
)
UNREADABLE = Rule(
    "IPP-SCHEMA-002", "schema", Severity.ERROR,
    "bundle.yaml is not readable YAML",
    "A syntax error, a file that is not UTF-8 text or several YAML documents in one file make "
    "the manifest impossible to read reliably.",
    "Fix the YAML at the line given (indentation, a missing colon or quote) and save the file "
    "as UTF-8 text.",
    title_zh="bundle.yaml 不是可读的 YAML",
    rationale_zh="语法错误、不是 UTF-8 文本，或一个文件里有多个 YAML 文档，都会使清单无法可靠读取。",
    hint_zh="按提示的行号修正 YAML（缩进、冒号或引号），并以 UTF-8 编码保存。",
)
UNSAFE = Rule(
    "IPP-SCHEMA-003", "schema", Severity.ERROR,
    "bundle.yaml is refused as unsafe",
    "Manifests arrive from clients. One that is very large, nested very deeply, expands with "
    "YAML aliases (the 'billion laughs'), asks for language-specific objects with tags or lists "
    "hundreds of documents could exhaust or subvert the tool, so it is refused before anything is "
    "built from it or analysed.",
    "Write the manifest out plainly: no anchors or aliases (&name, *name), no !! tags, and keep "
    "it small; a bundle manifest needs none of these.",
    title_zh="bundle.yaml 因不安全被拒绝",
    rationale_zh="清单来自客户。过大、嵌套过深、用 YAML 别名展开（“十亿笑声”攻击）、用标签构造特定语言对象或列出数百份材料的清单可能耗尽或破坏工具，因此在解析或分析前即被拒绝。",
    hint_zh="直接写出清单内容：不要用锚点和别名（&name、*name），不要用 !! 标签，并保持文件精简。",
)
INVALID = Rule(
    "IPP-SCHEMA-004", "schema", Severity.ERROR,
    "bundle.yaml does not match the manifest schema",
    "A field that is missing, misspelt in its value or of the wrong type would make every later "
    "check guess; the schema is the bundle contract.",
    "Correct the field named in the message; `validate init` writes a template that shows every "
    "field.",
    title_zh="bundle.yaml 不符合清单结构",
    rationale_zh="字段缺失、取值拼错或类型不对，后续检查就只能猜测；清单结构即材料包约定。",
    hint_zh="按提示修正字段；`validate init` 生成的模板列出了全部字段。",
)
UNKNOWN_FIELD = Rule(
    "IPP-SCHEMA-005", "schema", Severity.WARNING,
    "bundle.yaml has a field the manifest does not define",
    "An unknown field is usually a misspelt one (`holdr_type`), and its value is then ignored "
    "by every check.",
    "Rename the field to the one suggested, or remove it.",
    title_zh="bundle.yaml 中有未定义的字段",
    rationale_zh="未知字段通常是拼错的字段（如 `holdr_type`），其值会被所有检查忽略。",
    hint_zh="改为建议的字段名，或删除该字段。",
)
DUPLICATE_KEY = Rule(
    "IPP-SCHEMA-006", "schema", Severity.ERROR,
    "A field appears twice in the same place",
    "YAML keeps only the last of two equal keys, silently dropping the first value.",
    "Keep one of the two entries.",
    title_zh="同一位置的字段出现两次",
    rationale_zh="YAML 遇到重复的键只保留最后一个，前一个值会被悄悄丢弃。",
    hint_zh="只保留其中一项。",
)
DUPLICATE_FILE = Rule(
    "IPP-SCHEMA-007", "schema", Severity.ERROR,
    "The same file is listed as two documents",
    "One file cannot be two documents; the second entry is usually meant to name another file.",
    "Point each documents entry at its own file.",
    title_zh="同一文件被列为两份材料",
    rationale_zh="一个文件不能同时是两份材料；第二项通常本应指向另一个文件。",
    hint_zh="让 documents 中每一项指向各自的文件。",
)
UNLISTED_CERTIFICATE = Rule(
    "IPP-SCHEMA-008", "schema", Severity.ERROR,
    "A right's certificate is not one of the listed documents",
    "The certificate named under rights must be a listed document so that its file, seal and "
    "holder can be checked.",
    "Add the certificate under documents, or correct the path under rights.",
    title_zh="权利的证书不在材料清单中",
    rationale_zh="rights 中引用的证书必须是已列出的材料，才能检查其文件、印章和权利人。",
    hint_zh="把证书加入 documents，或修正 rights 中的路径。",
)
CHECKS_SKIPPED = Rule(
    "IPP-SCHEMA-009", "schema", Severity.INFO,
    "Other checks did not run because the manifest is invalid",
    "Every other check reads the manifest; it would guess on an invalid one, so it waits until "
    "the manifest is fixed.",
    "Fix the manifest findings above and run the validator again.",
    title_zh="清单无效，其他检查未运行",
    rationale_zh="其他所有检查都依赖清单；清单无效时它们只能猜测，因此要等清单修正后才运行。",
    hint_zh="先修正上面的清单问题，再重新运行校验。",
)

TODO_VALUE = Rule(
    "IPP-SCHEMA-010", "schema", Severity.ERROR,
    "A value in bundle.yaml is still TODO",
    "`validate draft` writes TODO wherever the documents did not tell it a value (an email "
    "address, whether a translation is notarized, a name it could not read). A TODO left in would "
    "be typed into the platform or hide the check that needs the value.",
    "Replace the TODO with the real value; the comment beside it says what is needed.",
    title_zh="bundle.yaml 中仍有 TODO 值",
    rationale_zh="`validate draft` 在无法从材料中读出的地方写入 TODO（如邮箱、译文是否公证、未能读出的名称）。留着 TODO 会被照抄到平台上，或使需要该值的检查无法进行。",
    hint_zh="把 TODO 换成真实的值；旁边的注释说明需要填什么。",
)

IGNORE_NOT_APPLIED = Rule(
    "IPP-SCHEMA-011", "schema", Severity.WARNING,
    "An ignore entry in bundle.yaml is not applied",
    "An ignored finding no longer counts against the bundle; only its reason tells the next "
    "reader (a colleague, the client, a reviewer) why that is right. An entry without a reason, "
    "or naming no known rule, is therefore not applied.",
    "Give the entry a `reason:` saying why the finding does not apply to this bundle, and a rule "
    "ID listed by `validate rules`.",
    title_zh="bundle.yaml 中的忽略项未生效",
    rationale_zh="被忽略的问题不再影响材料包的结果；只有写明的理由能让下一位读者（同事、客户、审核人员）明白为什么可以忽略。"
                 "因此没有理由、或规则编号不存在的忽略项不会生效。",
    hint_zh="为该项写上 `reason:`，说明这条问题为什么不适用于本材料包，并使用 `validate rules` 列出的规则编号。",
)

RULES = (MISSING, UNREADABLE, UNSAFE, INVALID, UNKNOWN_FIELD, DUPLICATE_KEY, DUPLICATE_FILE,
         UNLISTED_CERTIFICATE, CHECKS_SKIPPED, TODO_VALUE, IGNORE_NOT_APPLIED)
# The placeholder `validate draft` leaves where it could not establish a value.
TODO = "TODO"

_PROBLEM_RULES = {
    "missing": MISSING,
    "not_a_file": UNREADABLE,
    "not_utf8": UNREADABLE,
    "syntax": UNREADABLE,
    "multiple_documents": UNREADABLE,
    "too_large": UNSAFE,
    "alias": UNSAFE,
    "too_deep": UNSAFE,
    "unsafe_tag": UNSAFE,
}


def field_name(path: tuple) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(top level)"


def _located(line: int | None, field: str | None, text: str, lang: str = "en") -> str:
    where = f"{MANIFEST_NAME}:{line}" if line else MANIFEST_NAME
    colon = "：" if lang == "zh" else ": "
    return f"{where} {field}{colon}{text}" if field else f"{where}{colon}{text}"


# The manifest loader's problems, in Chinese, by kind: its details are English sentences.
_PROBLEMS_ZH = {
    "missing": "材料包中没有 bundle.yaml",
    "not_a_file": "bundle.yaml 无法读取，或不是普通文件",
    "not_utf8": "bundle.yaml 不是 UTF-8 编码的文本",
    "syntax": "bundle.yaml 不是有效的 YAML",
    "multiple_documents": "bundle.yaml 包含不止一个 YAML 文档",
    "too_large": "bundle.yaml 超过了校验器允许的大小",
    "alias": "bundle.yaml 使用了 YAML 别名，校验器不接受",
    "too_deep": "bundle.yaml 的嵌套层级过深",
    "unsafe_tag": "bundle.yaml 使用了不安全的 YAML 标签",
}
_TYPES_ZH = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "true 或 false", "array": "列表",
             "object": "映射（键: 值）", "null": "空值"}


def _schema_error_zh(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, in Chinese, for the keywords schemas/bundle.schema.json uses."""
    value = error.validator_value
    if error.validator == "required":
        missing = [key for key in value if isinstance(error.instance, dict) and key not in error.instance]
        return f"缺少必填字段 {'、'.join(missing)}"
    if error.validator in ("enum", "const"):
        allowed = value if error.validator == "enum" else [value]
        return f"{error.instance!r} 不是允许的取值（可选：{'、'.join(map(str, allowed))}）"
    if error.validator == "type":
        types = value if isinstance(value, list) else [value]
        return f"应为{'或'.join(_TYPES_ZH.get(t, t) for t in types)}"
    if error.validator == "minLength":
        return "不能为空"
    if error.validator == "format" and value == "date":
        return f"{error.instance!r} 不是 YYYY-MM-DD 格式的有效日期"
    if error.validator == "pattern":
        return f"{error.instance!r} 的格式不符合要求（{value}）"
    return "不符合清单的格式要求"


def check_problem(problem: ManifestProblem) -> Finding:
    rule = _PROBLEM_RULES[problem.kind]
    file = None if problem.kind == "missing" else MANIFEST_NAME
    return rule.finding(_located(problem.line, None, problem.detail), file=file, line=problem.line,
                        message_zh=_located(problem.line, None, _PROBLEMS_ZH.get(problem.kind, "bundle.yaml 无法读取"), "zh") + "。")


def check_parsed(parsed: ParsedManifest) -> list[Finding]:
    """Schema findings; an error among them means the manifest cannot be used."""
    findings = [
        DUPLICATE_KEY.finding(_located(line, field_name(path), "this key already appears above"),
                              file=MANIFEST_NAME, line=line,
                              message_zh=_located(line, field_name(path), "这个键在上面已经出现过", "zh") + "。")
        for path, line in parsed.duplicate_keys
    ]
    todos = list(_todo_paths(parsed.data, ()))
    for path in todos:
        line = nearest_line(parsed.lines, path)
        findings.append(TODO_VALUE.finding(_located(line, field_name(path), "still TODO"), file=MANIFEST_NAME, line=line,
                                           message_zh=_located(line, field_name(path), "仍是 TODO", "zh") + "。"))
    validator = jsonschema.Draft202012Validator(schema("bundle"), format_checker=jsonschema.FormatChecker())
    for error in sorted(validator.iter_errors(parsed.data), key=lambda e: [str(p) for p in e.absolute_path]):
        # A TODO is reported once, as a TODO, not again as a value of the wrong kind.
        if tuple(error.absolute_path) not in todos:
            findings.extend(_schema_error_findings(error, parsed))
    return findings


def _todo_paths(data: object, path: tuple) -> Iterator[tuple]:
    if isinstance(data, str) and data.strip() == TODO:
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _todo_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _todo_paths(value, path + (index,))


def _schema_error_findings(error: jsonschema.ValidationError, parsed: ParsedManifest) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(known)):
            field_path = path + (key,)
            line = nearest_line(parsed.lines, field_path)
            guess = difflib.get_close_matches(key, known, n=1)
            hint = f"Did you mean `{guess[0]}`?" if guess else f"Known fields here: {', '.join(known)}."
            hint_zh = f"您是不是要写 `{guess[0]}`？" if guess else f"此处可用的字段：{'、'.join(known)}。"
            yield UNKNOWN_FIELD.finding(
                _located(line, field_name(field_path), "this field is not part of the manifest"),
                file=MANIFEST_NAME, line=line, hint=hint, hint_zh=hint_zh,
                message_zh=_located(line, field_name(field_path), "清单中没有这个字段", "zh") + "。",
            )
        return
    line = nearest_line(parsed.lines, path)
    yield INVALID.finding(_located(line, field_name(path), error.message), file=MANIFEST_NAME, line=line,
                          message_zh=_located(line, field_name(path), _schema_error_zh(error), "zh") + "。")


def check_references(manifest: Manifest) -> list[Finding]:
    findings = []
    # identity\\a.jpg and identity/a.jpg are one file (locate.bundle_path).
    first: dict[str, Document] = {}
    for document in manifest.documents:
        if first.setdefault(bundle_path(document.file), document) is not document:
            line = manifest.line_of("documents", document.index, "file")
            findings.append(DUPLICATE_FILE.finding(
                _located(line, f"{document.field_path}.file", f"{document.file} is already listed above"),
                file=MANIFEST_NAME, line=line,
                message_zh=_located(line, f"{document.field_path}.file", f"{document.file} 在上面已经列出", "zh") + "。",
            ))
    listed = set(first)
    for right in manifest.rights:
        if right.certificate and bundle_path(right.certificate) not in listed:
            line = manifest.line_of("rights", right.index, "certificate")
            findings.append(UNLISTED_CERTIFICATE.finding(
                _located(line, f"{right.field_path}.certificate", f"{right.certificate} is not listed under documents"),
                file=MANIFEST_NAME, line=line,
                message_zh=_located(line, f"{right.field_path}.certificate", f"{right.certificate} 没有列在 documents 中",
                                    "zh") + "。",
            ))
    return findings


def check_ignores(manifest: Manifest) -> list[Finding]:
    """An ignore entry that cannot be applied: no reason, or no such rule."""
    from validator.ignores import unknown_rule  # the registry imports this module

    findings = []
    for entry in manifest.ignores:
        unknown = unknown_rule(entry)
        if unknown:
            field, problem = "rule", f"{unknown}, so nothing is ignored"
            problem_zh = f"规则编号 '{entry.rule}' 不存在，因此没有忽略任何问题"
        elif not (entry.reason or "").strip():
            field, problem = "reason", f"no reason is given, so {entry.rule} stays counted"
            problem_zh = f"没有写理由，因此 {entry.rule} 仍然计入"
        else:
            continue
        line = manifest.line_of("ignore", entry.index, field)
        findings.append(IGNORE_NOT_APPLIED.finding(_located(line, f"{entry.field_path}", problem),
                                                   file=MANIFEST_NAME, line=line,
                                                   message_zh=_located(line, entry.field_path, problem_zh, "zh") + "。"))
    return findings


def check_document_count(parsed: ParsedManifest, limit: int) -> list[Finding]:
    documents = parsed.data.get("documents") if isinstance(parsed.data, dict) else None
    if not isinstance(documents, list) or len(documents) <= limit:
        return []
    line = parsed.lines.get(("documents",))
    return [UNSAFE.finding(
        _located(line, "documents", f"{len(documents)} documents are listed; the validator analyses at most {limit}"),
        file=MANIFEST_NAME, line=line,
        hint="Split the documents into several bundles, or raise the limit with --max-documents.",
        message_zh=_located(line, "documents", f"列出了 {len(documents)} 份材料；校验器最多分析 {limit} 份", "zh") + "。",
        hint_zh="把材料分到几个材料包中，或用 --max-documents 提高上限。")]


def skipped_because_invalid() -> Finding:
    return CHECKS_SKIPPED.finding(
        "The file, identity, legibility, seal, name, translation, expiry and contact checks did not "
        "run because bundle.yaml is invalid.",
        file=MANIFEST_NAME,
        message_zh="由于 bundle.yaml 无效，文件、身份、清晰度、印章、名称、翻译、有效期和联系方式检查均未运行。",
    )
