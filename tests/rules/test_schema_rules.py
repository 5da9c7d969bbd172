from __future__ import annotations


import pytest

from tests.bundles import contract_manifest, write_bundle
from tests.conftest import check_bundle, fired
from tests.rules.cases import Case, contract, silent_on_contract_example
from validator.manifest import parse_manifest_text

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)


def manifest_text(text: str):
    return lambda root: write_bundle(root, text, {})


def manifest_bytes(data: bytes):
    def build(root):
        write_bundle(root, None, {})
        (root / "bundle.yaml").write_bytes(data)
        return root

    return build


def _set_document_type(manifest, files):
    manifest["documents"][0]["type"] = "pasport"


def _left_todo(manifest, files):
    manifest["complainant"]["email"] = "TODO"
    manifest["documents"][0]["type"] = "TODO"


def _add_unknown_field(manifest, files):
    manifest["complainant"]["notes"] = "call after 5pm"


def _list_twice(manifest, files):
    manifest["documents"].append(dict(manifest["documents"][0]))


def _unlisted_certificate(manifest, files):
    manifest["rights"][0]["certificate"] = "rights/other.pdf"


def _ignore(**entry):
    def change(manifest, files):
        manifest["ignore"] = [entry]
    return change


def _list_twice_in_windows_spelling(manifest, files):
    first = manifest["documents"][0]
    manifest["documents"].append(dict(first, file=first["file"].replace("/", "\\")))


def _certificate_in_windows_spelling(manifest, files):
    manifest["rights"][0]["certificate"] = manifest["rights"][0]["certificate"].replace("/", "\\")


DUPLICATE_KEY = """\
schema_version: 1
account: {holder_type: individual, region: mainland_china}
complainant:
  name: Li Wei
  email: li@example.com
  email: li.wei@example.com
  phone: "+86 10 1234 5678"
  address: Beijing
"""

CASES = [
    Case("IPP-SCHEMA-001", lambda root: write_bundle(root, None, {}), message="bundle.yaml not found"),
    Case("IPP-SCHEMA-002", manifest_text("schema_version: 1\naccount: [holder_type: company\n"), message="bundle.yaml:"),
    Case("IPP-SCHEMA-002", manifest_bytes(b"schema_version: 1\naccount: \xff\xfe\n"), message="not UTF-8"),
    Case("IPP-SCHEMA-002", manifest_text("schema_version: 1\n---\nschema_version: 1\n")),
    Case("IPP-SCHEMA-003", manifest_text(BILLION_LAUGHS), message="alias"),
    Case("IPP-SCHEMA-003", manifest_text("a: !!python/object/apply:os.system ['true']\n")),
    Case("IPP-SCHEMA-003", manifest_text("a: " + "[" * 100 + "]" * 100 + "\n"), message="nesting"),
    Case("IPP-SCHEMA-003", manifest_text("# padding\n" * 40000), message="limit"),
    Case("IPP-SCHEMA-004", contract(_set_document_type),
         message="documents[0].type: 'pasport' is not one of"),
    Case("IPP-SCHEMA-005", contract(_add_unknown_field), message="complainant.notes"),
    Case("IPP-SCHEMA-006", manifest_text(DUPLICATE_KEY), message="complainant.email"),
    Case("IPP-SCHEMA-007", contract(_list_twice), message="already listed"),
    Case("IPP-SCHEMA-007", contract(_list_twice_in_windows_spelling), message="already listed"),
    Case("IPP-SCHEMA-008", contract(_unlisted_certificate), message="rights/other.pdf"),
    Case("IPP-SCHEMA-008", contract(_certificate_in_windows_spelling), fires=False),
    Case("IPP-SCHEMA-009", contract(_set_document_type)),
    Case("IPP-SCHEMA-010", contract(_left_todo), message="complainant.email: still TODO"),
    Case("IPP-SCHEMA-011", contract(_ignore(rule="IPP-CONTACT-002")), message="ignore[0]: no reason is given"),
    Case("IPP-SCHEMA-011", contract(_ignore(rule="IPP-CONTACT-002", reason="  ")), message="no reason"),
    Case("IPP-SCHEMA-011", contract(_ignore(rule="contact-02", reason="By phone only")),
         message="did you mean IPP-CONTACT-002?"),
    Case("IPP-SCHEMA-011", contract(_ignore(rule="contact-002", reason="By phone only")), fires=False),
    *silent_on_contract_example(*(f"IPP-SCHEMA-{n:03}" for n in range(1, 12))),
]


def test_a_todo_is_reported_once_as_a_todo(tmp_path):
    report = check_bundle(contract(_left_todo)(tmp_path / "b"))
    todos = [f for f in report.findings if f.rule == "IPP-SCHEMA-010"]
    assert sorted(f.message.split(" ", 1)[1] for f in todos) == [
        "complainant.email: still TODO", "documents[0].type: still TODO"]
    # The type TODO is not also "not one of the document types"; the other checks wait.
    assert fired(report) == {"IPP-SCHEMA-010", "IPP-SCHEMA-009"}


def test_schema_error_names_line_and_field(tmp_path):
    report = check_bundle(contract()(tmp_path / "b"))
    assert report.status() == "pass"
    text = (tmp_path / "b" / "bundle.yaml").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "type: business_registration" in row)
    report = check_bundle(contract(_set_document_type)(tmp_path / "c"))
    (finding,) = [f for f in report.findings if f.rule == "IPP-SCHEMA-004"]
    assert finding.message.startswith(f"bundle.yaml:{line} documents[0].type: 'pasport' is not one of")
    assert finding.line == line


def test_unknown_field_suggests_the_known_one():
    parsed = parse_manifest_text("schema_version: 1\n")
    assert parsed.lines[()] == 1
    from validator.rules.schema import check_parsed

    manifest = contract_manifest()
    manifest["account"]["holdr_type"] = manifest["account"].pop("holder_type")
    import yaml

    findings = check_parsed(parse_manifest_text(yaml.safe_dump(manifest, allow_unicode=True)))
    unknown = [f for f in findings if f.rule == "IPP-SCHEMA-005"]
    assert unknown and unknown[0].hint == "Did you mean `holder_type`?"
    assert any(f.rule == "IPP-SCHEMA-004" and "'holder_type' is a required property" in f.message for f in findings)


@pytest.mark.parametrize("text", [BILLION_LAUGHS, "a: " + "[" * 5000 + "]" * 5000])
def test_hostile_manifests_are_refused_by_what_they_are(text):
    """Refused for their aliases or depth, before anything expands them (not by a clock)."""
    problem = parse_manifest_text(text)
    assert problem.kind in ("alias", "too_deep")


def test_other_checks_wait_for_a_valid_manifest(tmp_path):
    def broken(manifest, files):
        _set_document_type(manifest, files)
        manifest["complainant"]["email"] = "not an email"

    report = check_bundle(contract(broken)(tmp_path / "b"))
    assert fired(report) == {"IPP-SCHEMA-004", "IPP-SCHEMA-009"}
