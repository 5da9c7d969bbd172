"""The MkDocs hook that generates the checklist pages, called directly and in a real build."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from validator.checklist import KINDS, load

ROOT = Path(__file__).resolve().parent.parent
HOOK_PATH = ROOT / "docs" / "hooks" / "checklists.py"


def _hook():
    spec = importlib.util.spec_from_file_location("checklists_hook", HOOK_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(src_uri: str, url: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url)


def test_every_kind_has_a_page_in_both_languages():
    for kind in KINDS:
        for suffix in (".md", ".zh.md"):
            page = ROOT / "docs" / "checklists" / f"{kind}{suffix}"
            assert f"<!-- checklist: {kind} -->" in page.read_text(encoding="utf-8")


def test_the_placeholder_becomes_the_checklist_in_the_pages_language():
    hook = _hook()
    checklist = load("company-mainland")
    english = hook.on_page_markdown("# T\n\n<!-- checklist: company-mainland -->\n",
                                    _page("checklists/company-mainland.md", "checklists/company-mainland/"), {}, None)
    chinese = hook.on_page_markdown("<!-- checklist: company-mainland -->",
                                    _page("checklists/company-mainland.zh.md", "zh/checklists/company-mainland/"), {}, None)
    assert "<!--" not in english and english.count('type="checkbox"') == len(checklist.items)
    assert checklist.items[1].text.en in english and checklist.items[1].text.zh in chinese
    # Rule links stay in the page's language; handouts sit at the site's root.
    assert 'href="../../reference/rules/#ipp-identity-001"' in english
    assert 'href="../../reference/rules/#ipp-identity-001"' in chinese
    assert 'href="../../../handouts/company-mainland.zh.pdf"' in chinese


def test_an_unknown_checklist_fails_the_build():
    with pytest.raises(ValueError, match="unknown checklist"):
        _hook().on_page_markdown("<!-- checklist: nope -->", _page("checklists/x.md", "checklists/x/"), {}, None)


def test_the_trainer_page_lists_every_exercise():
    hook = _hook()
    page = hook.on_page_markdown((ROOT / "docs/checklists/training.zh.md").read_text(encoding="utf-8"),
                                 _page("checklists/training.zh.md", "zh/checklists/training/"), {}, None)
    exercises = sorted(path.name for path in (ROOT / "checklists/training/bundles").iterdir())
    assert all(f"`{name}`" in page for name in exercises) and "难度" in page


def test_a_site_built_with_the_hook_has_tickable_checklists_and_handouts(tmp_path):
    pytest.importorskip("material")
    pytest.importorskip("mkdocs_static_i18n")
    docs = tmp_path / "docs"
    (docs / "checklists").mkdir(parents=True)
    for name in ("index.md", "index.zh.md", "company-mainland.md", "company-mainland.zh.md"):
        shutil.copy(ROOT / "docs" / "checklists" / name, docs / "checklists" / name)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"""\
site_name: test
theme:
  name: material
  font: false
hooks:
  - {HOOK_PATH}
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: zh
          name: 中文
nav:
  - index.md
  - checklists/index.md
  - checklists/company-mainland.md
""", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    english = (site / "checklists" / "company-mainland" / "index.html").read_text(encoding="utf-8")
    chinese = (site / "zh" / "checklists" / "company-mainland" / "index.html").read_text(encoding="utf-8")
    items = len(load("company-mainland").items)
    tickable = '<li class="task-list-item"'
    assert english.count(tickable) == items and chinese.count(tickable) == items
    assert 'data-checklist="company-mainland"' in english
    assert "red official seal" in english and "红色公章" in chinese
    for lang in ("en", "zh"):
        assert (site / "handouts" / f"company-mainland.{lang}.pdf").read_bytes().startswith(b"%PDF")
