"""The guide's search, as a reader uses it: real queries in English and in Chinese, each run in
Debian's headless Chromium by the site's own search worker (Material's worker with the site's
query cutting, docs/hooks/search/worker.js) over the index of the page's language, exactly as the
search box runs them. The first result must be the page a reader looking for it needs.

The queries are what sellers type (the words of the guide, other spellings, the other common
word for the same thing); each names the page whose subject it is, not whichever page ranks first
today."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.docs_site import DESKTOP, ROOT, console_errors

# (query, the page it must put first)
ENGLISH = [
    ("seal", "guide/official-seal/"),
    ("chop", "guide/official-seal/"),
    ("company chop", "guide/official-seal/"),
    ("red seal photocopy", "guide/official-seal/"),
    ("passport", "guide/individual-outside-mainland/"),
    ("driving licence", "guide/individual-outside-mainland/"),
    ("driving license", "guide/individual-outside-mainland/"),
    ("face recognition", "guide/mainland-individual/"),
    ("facial recognition", "guide/mainland-individual/"),
    ("Taobao app", "guide/mainland-individual/"),
    ("business license", "guide/company/"),
    ("business licence", "guide/company/"),
    ("certificate of incorporation", "guide/company/"),
    ("Hong Kong company", "guide/company/"),
    ("8 MB", "guide/scans-and-photos/"),
    ("blurred photo", "guide/scans-and-photos/"),
    ("glare", "guide/scans-and-photos/"),
    ("scan", "guide/scans-and-photos/"),
    ("verification email", "guide/email-problems/"),
    ("spam folder", "guide/email-problems/"),
    ("power of attorney", "guide/agents/"),
    ("authorization letter", "guide/agents/"),
    ("agent", "guide/agents/"),
    ("trademark certificate", "guide/proof-of-rights/"),
    ("proof of rights", "guide/proof-of-rights/"),
    ("exact name", "guide/exact-name/"),
    ("translation", "guide/translations/"),
    ("alleged infringer", "guide/disclosure/"),
    ("register account", "guide/register/"),
    ("identity verification", "guide/verification/"),
    ("account type", "guide/account-choices/"),
    ("glossary", "glossary/"),
    ("bundle.yaml", "validator/bundle-yaml/"),
    ("exit codes", "validator/json-and-exit-codes/"),
    ("install validator", "validator/install/"),
]
CHINESE = [
    ("公章", "guide/official-seal/"),
    ("印章", "guide/official-seal/"),
    ("红色公章", "guide/official-seal/"),
    ("护照", "guide/individual-outside-mainland/"),
    ("驾驶证", "guide/individual-outside-mainland/"),
    ("人脸识别", "guide/mainland-individual/"),
    ("刷脸", "guide/mainland-individual/"),
    ("淘宝", "guide/mainland-individual/"),
    ("实人认证", "guide/mainland-individual/"),
    ("营业执照", "guide/company/"),
    ("执照", "guide/company/"),
    ("商业登记证", "guide/company/"),
    ("公司注册证书", "guide/company/"),
    ("扫描件", "guide/scans-and-photos/"),
    ("8 MB", "guide/scans-and-photos/"),
    ("模糊", "guide/scans-and-photos/"),
    ("反光", "guide/scans-and-photos/"),
    ("验证邮件", "guide/email-problems/"),
    ("垃圾邮件", "guide/email-problems/"),
    ("授权书", "guide/agents/"),
    ("授权委托书", "guide/agents/"),
    ("委托书", "guide/agents/"),
    ("代理人", "guide/agents/"),
    ("商标注册证", "guide/proof-of-rights/"),
    ("权利证明", "guide/proof-of-rights/"),
    ("名称一致", "guide/exact-name/"),
    ("翻译", "guide/translations/"),
    ("被投诉方", "guide/disclosure/"),
    ("注册账号", "guide/register/"),
    ("身份认证", "guide/verification/"),
    ("术语表", "glossary/"),
    ("退出码", "validator/json-and-exit-codes/"),
    ("安装校验器", "validator/install/"),
]
LANGUAGES = {"": ENGLISH, "zh/": CHINESE}
# Material shows each page of the results as a list item: the page's link first, then its sections'.
ARTICLE_LINK = ".md-search-result__item > a:first-child"

# Runs queries one after another through a fresh copy of the page's search worker, set up as
# Material sets it up, and returns each query's results: per page, its sections' paths.
RUN_QUERIES = """
const [queries, done] = [arguments[0], arguments[arguments.length - 1]];
const app = JSON.parse(document.getElementById("__config").textContent);
const base = new URL(app.base, location.href);
fetch(new URL("search/search_index.json", base)).then(response => response.json()).then(index => {
  const worker = new Worker(new URL(app.search, location.href));
  const results = {};
  let next = 0;
  worker.onmessage = ({ data: message }) => {
    if (message.type === 3)
      results[queries[next - 1]] = message.data.items.map(group => group.map(item => new URL(item.location, base).pathname));
    if (next < queries.length)
      worker.postMessage({ type: 2, data: queries[next++] });
    else {
      worker.terminate();
      done(results);
    }
  };
  worker.postMessage({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
});
"""


# Cuts Chinese runs with the `cut` of the site's search worker: its own code, without Material's
# worker (importScripts stubbed out), set up with the index of the page's language.
CUT_RUNS = """
const [runs, done] = [arguments[0], arguments[arguments.length - 1]];
const app = JSON.parse(document.getElementById("__config").textContent);
const base = new URL(app.base, location.href);
Promise.all([fetch(new URL(app.search, location.href)).then(response => response.text()),
             fetch(new URL("search/search_index.json", base)).then(response => response.json())])
  .then(([source, index]) => {
    const code = "self.importScripts = () => {};\\n" + source +
      "\\naddEventListener('message', event => { if (event.data.type === 'cut') postMessage(event.data.runs.map(cut)) })";
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
    worker.onmessage = event => { worker.terminate(); done(event.data) };
    worker.postMessage({ type: 0, data: { config: index.config, docs: [] } });
    worker.postMessage({ type: "cut", runs });
  });
"""
HAN_WORDS = re.compile(r"(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+\u200b?)+")
DOMAIN_WORDS = ROOT / "docs" / "hooks" / "search" / "words.zh.txt"


@pytest.fixture(scope="module")
def results(server: str, browser) -> dict[str, dict[str, list[list[str]]]]:
    """Every listed query's results, per language prefix."""
    browser.set_script_timeout(120)
    found = {}
    for prefix, queries in LANGUAGES.items():
        browser.set_window_size(*DESKTOP)
        browser.get(server + prefix)
        found[prefix] = browser.execute_async_script(RUN_QUERIES, [query for query, _ in queries])
        assert not console_errors(browser)
    return found


def first_page(groups: list[list[str]]) -> str | None:
    return groups[0][0].split("#")[0] if groups else None


def test_enough_real_queries_per_language() -> None:
    for queries in LANGUAGES.values():
        assert len({query for query, _ in queries}) >= 30


@pytest.mark.parametrize(("prefix", "query", "expected"),
                         [(prefix, query, expected) for prefix, queries in LANGUAGES.items() for query, expected in queries])
def test_the_right_page_comes_first(results, prefix: str, query: str, expected: str) -> None:
    groups = results[prefix][query]
    assert first_page(groups) == f"/{prefix}{expected}", [group[0] for group in groups[:5]]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_results_are_in_the_pages_language_and_each_page_once(results, prefix: str) -> None:
    for query, groups in results[prefix].items():
        pages = [first_page([group]) for group in groups]
        assert len(pages) == len(set(pages)), query
        for page in pages:
            assert page.startswith("/zh/") == (prefix == "zh/"), (query, page)


def test_each_language_has_its_own_index(site: Path) -> None:
    english = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {doc["location"].split("#")[0] for doc in english["docs"]} == {
        doc["location"].split("#")[0] for doc in chinese["docs"]}
    assert not any(doc["location"].startswith("zh/") for doc in english["docs"] + chinese["docs"])
    # The domain's words are whole words of the Chinese index.
    for word in ("人脸识别", "营业执照", "授权书", "公章", "商标注册证"):
        assert word in chinese["config"]["words"], word


def test_the_search_box_shows_the_index_of_the_pages_language(server: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    for prefix, query, expected in (("", "business license", "guide/company/"), ("zh/", "人脸识别", "guide/mainland-individual/")):
        browser.set_window_size(*DESKTOP)
        browser.get(server + prefix)
        box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
        box.click()
        box.send_keys(query)
        WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ARTICLE_LINK))
        links = [urlsplit(a.get_attribute("href")).path
                 for a in browser.find_elements(By.CSS_SELECTOR, ARTICLE_LINK)]
        assert links and links[0] == f"/{prefix}{expected}", links
        assert all(link.startswith("/zh/") == (prefix == "zh/") for link in links), links
        assert len(links) == len(set(links)), links
        assert not console_errors(browser)


def test_the_browser_cuts_chinese_as_jieba_cut_the_index(site: Path, server: str, browser) -> None:
    """Each run of Chinese in the Chinese index, as jieba cut it at build time (words between
    zero-width spaces), cut again by the search worker from its characters alone. The worker
    follows jieba's dictionary route over the index's words and runs jieba's HMM on the lone
    characters left, with the model's probabilities shipped in the index: a run differs only where
    jieba's route went through a dictionary word the index does not hold (3 of 6,080 runs when
    this was written; 70 when the worker stood in for the HMM by the words it had made)."""
    index = json.loads((site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    runs = {}
    for doc in index["docs"]:
        for field in ("title", "text"):
            for match in HAN_WORDS.finditer(doc[field]):
                words = [word for word in match[0].split("\u200b") if word]
                runs["".join(words)] = words
    # The domain's words the guide uses (a query can only find those).
    domain = [word for word in DOMAIN_WORDS.read_text(encoding="utf-8").split() if word in index["config"]["words"]]
    browser.set_script_timeout(120)
    browser.get(server + "zh/")
    cuts = browser.execute_async_script(CUT_RUNS, [*runs, *domain])
    same = sum(cut == runs[run] for run, cut in zip(runs, cuts))
    assert len(runs) > 1000 and len(domain) >= 30 and same / len(runs) >= 0.998, f"{same} of {len(runs)} runs cut as jieba cut them"
    # Every word of the domain's dictionary is one word to the query, as it is in the index.
    assert cuts[len(runs):] == [[word] for word in domain]
