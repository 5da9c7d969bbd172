"""The guide site: it builds with --strict in both languages, its rule reference covers the whole
catalogue at the anchors findings link to, no internal link is broken, and in Debian's headless
Chromium every page loads cleanly, on desktop and phone, with one menu tab per audience and a
path per seller's case. Search has its own tests: tests/test_search.py."""

from __future__ import annotations

import functools
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml

from tests.docs_site import ARTIFACTS, DESKTOP, DOCS, PHONE, ROOT, console_errors
from validator.catalogue import DOCS_URL, RULE_REFERENCE_PAGE
from validator.rules import RULES

SEAL_PAGE = "guide/official-seal/"
MIN_PAGES = 20


# --- the build (the `site`, `server` and `browser` fixtures: tests/docs_site.py) ----------

class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without building the Python objects its `!!python/...` tags name."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def test_site_url_is_where_findings_link() -> None:
    assert mkdocs_config()["site_url"] == DOCS_URL


def english_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".zh.md"))


def test_every_page_exists_in_both_languages() -> None:
    english = english_pages()
    chinese = sorted(DOCS.rglob("*.zh.md"))
    assert len(english) >= MIN_PAGES
    assert [p.with_suffix(".zh.md") for p in english] == chinese


def test_every_page_is_in_the_navigation() -> None:
    def pages(nav) -> list[str]:
        found = []
        for item in nav:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            found += pages(value) if isinstance(value, list) else [value]
        return found

    assert sorted(pages(mkdocs_config()["nav"])) == [p.relative_to(DOCS).as_posix() for p in english_pages()]


class _PageParser(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.headings: dict[str, str] = {}
        self.text = ""
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
            if tag in ("h2", "h3"):
                self._heading = values["id"]
                self.headings[self._heading] = ""
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "img", "link", "script"):
                self.links.append(values[name])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._heading:
            self.headings[self._heading] += data


@functools.cache
def parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_file(site: Path, url_path: str) -> Path:
    target = site / unquote(url_path).lstrip("/")
    return target / "index.html" if url_path.endswith("/") or target.is_dir() else target


def visible_text(fragment: str) -> str:
    return " ".join(fragment.replace("`", "").split())


@pytest.mark.parametrize(("language_prefix", "suffix"), [("", ""), ("zh/", "_zh")])
def test_rule_reference_has_every_rule(site: Path, language_prefix: str, suffix: str) -> None:
    page = parse(html_file(site, language_prefix + RULE_REFERENCE_PAGE))
    text = visible_text(page.text)
    for rule in RULES.values():
        assert rule.anchor in page.ids, rule.id
        # A rule not yet translated shows its English text.
        title, rationale, hint = (getattr(rule, f + suffix) or getattr(rule, f) for f in ("title", "rationale", "hint"))
        heading = visible_text(page.headings[rule.anchor])
        assert heading.startswith(rule.id) and visible_text(title) in heading, (rule.id, heading)
        assert visible_text(rationale) in text, rule.id
        assert visible_text(hint) in text, rule.id


def test_every_rule_the_command_lists_is_in_the_reference(site: Path) -> None:
    import json

    listed = subprocess.run(
        [sys.executable, "-m", "validator", "rules", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )
    anchors = [rule["url"].rsplit("#", 1)[1] for rule in json.loads(listed.stdout)]
    assert anchors
    for language_prefix in ("", "zh/"):
        missing_anchors = set(anchors) - parse(html_file(site, language_prefix + RULE_REFERENCE_PAGE)).ids
        assert not missing_anchors, (language_prefix, missing_anchors)


def test_links_in_findings_resolve(site: Path) -> None:
    for rule in RULES.values():
        url = rule.finding("example").url
        assert url.startswith(DOCS_URL), url
        path, anchor = urldefrag(url[len(DOCS_URL):])
        target = html_file(site, path)
        assert target.is_file(), url
        assert anchor in parse(target).ids, url


def test_validator_pages_show_the_validators_real_output(site: Path) -> None:
    import json

    import jsonschema

    text = parse(html_file(site, "validator/first-run/")).text
    assert "$ validate acme\n" in text and "1 bundle checked" in text
    text = parse(html_file(site, "validator/json-and-exit-codes/")).text
    report = json.loads(text.split("$ validate --format json acme\n", 1)[1].split("\n$ echo $?", 1)[0])
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["bundles"][0]["findings"], "the example bundle has deliberate defects"


def test_no_internal_link_is_broken(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 2 * MIN_PAGES
    broken = []
    for page in pages:
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            base = site if parts.path.startswith("/") else page.parent
            target = base / unquote(parts.path).lstrip("/") if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_scan_examples_are_generated_into_the_site(site: Path) -> None:
    from PIL import Image

    examples = sorted((site / "assets" / "examples").glob("*.jpg"))
    assert len(examples) >= 10
    for example in examples:
        with Image.open(example) as image:
            assert min(image.size) >= 200, example.name


def test_print_stylesheet_hides_the_chrome(site: Path) -> None:
    css = (site / "stylesheets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css
    for chrome in (".md-header", ".md-sidebar", ".md-search", ".md-footer"):
        assert chrome in css
    assert "stylesheets/print.css" in (site / "guide" / "register" / "index.html").read_text(encoding="utf-8")


# --- in the browser ---------------------------------------------------------------------


def site_paths(site: Path) -> list[str]:
    return sorted(
        page.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        for page in site.rglob("index.html")
    )


def test_every_page_loads_without_console_errors(site: Path, server: str, browser) -> None:
    paths = site_paths(site)
    assert len(paths) >= 2 * MIN_PAGES
    problems = []
    for path in paths:
        browser.get(server + path.lstrip("/"))
        if not browser.find_elements("css selector", "article h1"):
            problems.append(f"{path}: no heading")
        problems += [f"{path}: {message}" for message in console_errors(browser)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width_name", "size"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("path", ["", "guide/official-seal/", "zh/", "guide/which-case/", "zh/guide/cases/company-mainland/"])
def test_screenshots(server: str, browser, path: str, width_name: str, size: tuple[int, int]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(*size)
    browser.get(server + path)
    name = (path.strip("/").replace("/", "-") or "home") + f"-{width_name}.png"
    assert browser.save_screenshot(str(ARTIFACTS / name))
    assert (ARTIFACTS / name).stat().st_size > 10_000
    assert not console_errors(browser)


def test_language_switcher_leads_to_the_same_page(site: Path, server: str, browser) -> None:
    for page, other in (("guide/register/", "/zh/guide/register/"), ("zh/guide/register/", "/guide/register/")):
        browser.set_window_size(*DESKTOP)
        browser.get(server + page)
        language = "en" if other.startswith("/guide") else "zh"
        link = browser.find_element("css selector", f'a.md-select__link[hreflang="{language}"]')
        assert urlsplit(link.get_attribute("href")).path == other


def test_guide_pages_print_without_the_site_chrome(server: str, browser) -> None:
    """In print media only the article shows; the page is saved as a PDF artefact."""
    import base64

    browser.set_window_size(*DESKTOP)
    browser.get(server + SEAL_PAGE)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = browser.execute_script(
            "return ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']"
            ".map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none')"
            ".map(e => e.className)"
        )
        assert hidden == []
        assert browser.execute_script("return getComputedStyle(document.querySelector('article')).display") != "none"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for language_prefix in ("", "zh/"):
        browser.get(server + language_prefix + SEAL_PAGE)
        pdf = base64.b64decode(browser.print_page())
        assert pdf.startswith(b"%PDF")
        (ARTIFACTS / f"{(language_prefix or 'en/').strip('/')}-guide-official-seal.pdf").write_bytes(pdf)


def test_printed_faq_shows_every_answer_and_no_navigation(server: str, browser) -> None:
    import base64
    import io
    import unicodedata

    from pypdf import PdfReader

    browser.get(server + "faq/")
    pdf = PdfReader(io.BytesIO(base64.b64decode(browser.print_page())))
    # The print stylesheet turns common ligatures off; NFKC still folds one a font forces ("ﬁ" → "fi").
    text = unicodedata.normalize("NFKC", " ".join(" ".join(page.extract_text().split()) for page in pdf.pages))
    # A collapsed answer is printed open; the navigation (which lists the batch page) is not printed.
    assert "register and file complaints using the company account" in text
    assert "Batch use for consultants" not in text


# --- two audiences, four cases ------------------------------------------------------------

CASES = yaml.safe_load((DOCS / "hooks" / "cases.yaml").read_text(encoding="utf-8"))
START = "guide/which-case/"
SELLER_TAB = {"": "The seller's guide", "zh/": "卖家指南"}
VALIDATOR_TAB = {"": "The validator", "zh/": "校验器"}
# Pages of the validator's documentation that must not appear in a seller's menu.
VALIDATOR_ONLY = ("validator/threat-model/", "validator/calibration/", "validator/performance-ocr/")


def case_path(kind: str) -> list[str]:
    return [START, f"guide/cases/{kind}/", *CASES[kind]]


def footer_links(site: Path, address: str) -> dict[str, str]:
    """The site addresses of a page's "Previous" and "Next" links, without the language prefix."""
    import re

    page = html_file(site, address)
    found = {}
    for href, rel in re.findall(r'<a href="([^"]+)" class="md-footer__link md-footer__link--(prev|next)"',
                                page.read_text(encoding="utf-8")):
        target = (page.parent / href).resolve().relative_to(site.resolve()).as_posix()
        found[rel] = "" if target == "." else target.removeprefix("zh").lstrip("/") + "/"
    return found


def test_each_case_has_a_checklist_and_only_real_pages() -> None:
    from validator.checklist import KINDS

    assert sorted(CASES) == sorted(kind for kind in KINDS if kind not in ("register", "before-submit"))
    for kind in CASES:
        assert f"checklists/{kind}/" in CASES[kind]
        for address in case_path(kind):
            assert (DOCS / f"{address.rstrip('/')}.md").is_file(), address


@pytest.mark.parametrize("language_prefix", ["", "zh/"])
def test_the_start_page_routes_to_every_case(site: Path, language_prefix: str) -> None:
    page = html_file(site, language_prefix + START)
    links = {(page.parent / link).resolve() for link in parse(page).links}
    for kind in CASES:
        assert html_file(site, f"{language_prefix}guide/cases/{kind}/").parent.resolve() in links, kind
    home = html_file(site, language_prefix)
    assert (home.parent / START).resolve() in {(home.parent / link).resolve() for link in parse(home).links}


def next_step_links(site: Path, address: str) -> list[Path]:
    """The targets of the links in the next-step box that ends a page (it must end it)."""
    import re

    page = html_file(site, address)
    text = page.read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    # The page's source footnotes (docs/hooks/sources.py) are printed after its last passage.
    article = re.sub(r'<div class="footnote">.*?</ol>\s*</div>', "", article, flags=re.S)
    box = article[article.rindex('class="admonition next"'):]
    assert box.split("</div>", 1)[1].strip() == "", f"{address}: the next-step box does not end the page"
    return [(page.parent / link).resolve() for link in re.findall(r'href="([^"#]+)"', box)]


def checklist_and_handout(site: Path, language_prefix: str, kind: str) -> set[Path]:
    lang = "zh" if language_prefix else "en"
    return {html_file(site, f"{language_prefix}checklists/{kind}/").parent.resolve(),
            (site / "handouts" / f"{kind}.{lang}.pdf").resolve()}


@pytest.mark.parametrize("language_prefix", ["", "zh/"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_case_page_lists_its_path_and_ends_with_the_next_step(site: Path, language_prefix: str, kind: str) -> None:
    import re

    page = html_file(site, f"{language_prefix}guide/cases/{kind}/")
    text = page.read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    links = [(page.parent / link).resolve() for link in re.findall(r'<a href="([^"#]+)"', article)]
    steps = [html_file(site, language_prefix + address).parent.resolve() for address in CASES[kind]]
    assert [link for link in links if link in steps][:len(steps)] == steps
    box = next_step_links(site, f"{language_prefix}guide/cases/{kind}/")
    assert checklist_and_handout(site, language_prefix, kind) <= set(box)
    assert html_file(site, f"{language_prefix}validator/html-report/").parent.resolve() in box


@pytest.mark.parametrize("language_prefix", ["", "zh/"])
@pytest.mark.parametrize(("address", "kinds"), [
    ("guide/mainland-individual/", ["individual-mainland"]),
    ("guide/individual-outside-mainland/", ["individual-outside"]),
    ("guide/official-seal/", ["company-mainland"]),
    ("guide/company/", ["company-mainland", "company-outside"]),
])
def test_guide_pages_of_one_or_two_cases_end_with_their_checklists(site: Path, language_prefix: str, address: str,
                                                                    kinds: list[str]) -> None:
    box = set(next_step_links(site, language_prefix + address))
    for kind in kinds:
        assert checklist_and_handout(site, language_prefix, kind) <= box, kind
    others = [kind for kind in CASES if kind not in kinds]
    assert not any(checklist_and_handout(site, language_prefix, kind) & box for kind in others)


@pytest.mark.parametrize("language_prefix", ["", "zh/"])
def test_next_never_leads_to_another_cases_page(site: Path, language_prefix: str) -> None:
    cases_of: dict[str, set[str]] = {}
    for kind in CASES:
        for address in case_path(kind):
            cases_of.setdefault(address, set()).add(kind)
    for address, readers in cases_of.items():
        for rel, target in footer_links(site, language_prefix + address).items():
            assert not cases_of.get(target) or readers <= cases_of[target], (address, rel, target)
        if len(readers) == 1:
            path = case_path(next(iter(readers)))
            position = path.index(address)
            if position + 1 < len(path):
                assert footer_links(site, language_prefix + address)["next"] == path[position + 1], address
    # The case the issue found: the mainland individual was sent on to the page for individuals
    # outside the mainland.
    assert footer_links(site, language_prefix + "guide/mainland-individual/")["next"] == "guide/proof-of-rights/"


def nav_links(browser, selector: str) -> list[str]:
    """The paths of the visible links under a selector."""
    return [urlsplit(a.get_attribute("href")).path for a in browser.find_elements("css selector", selector + " a")
            if a.is_displayed()]


@pytest.mark.parametrize("language_prefix", ["", "zh/"])
def test_desktop_has_a_tab_per_audience_and_menus_that_do_not_mix(server: str, browser, language_prefix: str) -> None:
    browser.set_window_size(*DESKTOP)
    browser.get(server + language_prefix + "guide/mainland-individual/")
    tabs = [a.text.strip() for a in browser.find_elements("css selector", ".md-tabs__link") if a.is_displayed()]
    assert tabs == [SELLER_TAB[language_prefix], VALIDATOR_TAB[language_prefix]]
    seller_menu = nav_links(browser, ".md-sidebar--primary")
    assert f"/{language_prefix}{START}" in seller_menu
    assert f"/{language_prefix}checklists/individual-mainland/" in seller_menu
    assert not any(link.endswith(page) for link in seller_menu for page in VALIDATOR_ONLY), seller_menu
    browser.get(server + language_prefix + "validator/threat-model/")
    validator_menu = nav_links(browser, ".md-sidebar--primary")
    assert any(link.endswith("validator/calibration/") for link in validator_menu)
    assert not any("/guide/" in link for link in validator_menu), validator_menu
    assert not console_errors(browser)


@pytest.mark.parametrize("language_prefix", ["", "zh/"])
def test_phone_menu_reaches_both_audiences_and_a_case(server: str, browser, language_prefix: str) -> None:
    """On a phone the tabs are hidden; the drawer's first level holds the two audiences, and a
    reader goes from the start page to a case page and its next step."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(*PHONE)
    try:
        browser.get(server + language_prefix)
        assert not any(tab.is_displayed() for tab in browser.find_elements(By.CSS_SELECTOR, ".md-tabs"))
        browser.find_element(By.CSS_SELECTOR, 'label.md-header__button[for="__drawer"]').click()
        # Open, and slid fully in.
        WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".md-sidebar--primary").is_displayed()
                                         and d.find_element(By.CSS_SELECTOR, ".md-sidebar--primary").rect["x"] >= 0)
        first_level = [" ".join(label.get_attribute("textContent").split()) for label in browser.find_elements(
            By.CSS_SELECTOR, ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")]
        assert SELLER_TAB[language_prefix] in first_level and VALIDATOR_TAB[language_prefix] in first_level, first_level
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / f"menu-{language_prefix.strip('/') or 'en'}-phone.png"))
        # The seller's guide is open in the drawer, its sections listed.
        shown = [" ".join(item.text.split()) for item in browser.find_elements(By.CSS_SELECTOR, ".md-sidebar--primary .md-nav__link")
                 if item.is_displayed()]
        assert any(name in shown for name in ("Start here", "从这里开始")), shown
        browser.get(server + language_prefix + START)
        link = browser.find_element(By.CSS_SELECTOR, 'article a[href$="cases/individual-mainland/"]')
        assert link.is_displayed()
        browser.execute_script("arguments[0].click()", link)
        WebDriverWait(browser, 10).until(lambda d: "cases/individual-mainland" in d.current_url)
        box = browser.find_element(By.CSS_SELECTOR, "article .admonition.next")
        assert box.is_displayed() and box.size["width"] <= PHONE[0]
        assert not console_errors(browser)
    finally:
        browser.set_window_size(*DESKTOP)
