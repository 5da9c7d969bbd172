"""MkDocs hook: search that finds the right page in English and in Chinese.

- One index per language. mkdocs-static-i18n merges every language's sections into the one
  `search/search_index.json`, so every result showed twice (a page and its translation). After
  the build this hook writes each language's own index: the default language's at
  `search/search_index.json`, each other language's at `LANG/search/search_index.json` with
  locations relative to `LANG/`, and points each of that language's pages (Material's `base` in
  the page's `__config`) at `LANG/`, so that Material loads the index of the page's language.
- The same cut for index and query. Material cuts Chinese text into words with jieba at build
  time, with the domain's words added (`search/words.zh.txt`, mkdocs.yml's `jieba_dict_user`).
  In the browser it cut a query differently; the site's search worker (`search/worker.js`,
  generated into the site beside Material's, which it loads) cuts a query by jieba's method over
  the words of the index, which each index's config carries as `words` with jieba's frequencies,
  then by jieba's HMM, whose probabilities for the index's characters it carries as `hmm`.
- Synonyms (`search/synonyms.yaml`): a section using one word of a group gets the others in a
  `keywords` field, which is searched but not shown (the site writes "licence"; a reader types
  "license").
- Subjects (`search/subjects.yaml`): the words for what a page is about (and their synonyms) go
  into its first section's `subject` field, weighed as its title is, so that "passport" finds the
  page for individuals outside mainland China before a page that only mentions passports.
- The seller's guide first: its sections weigh `AUDIENCE_BOOST` times more than the validator's
  documentation and the rule reference, which say the same things in the validator's terms.

Wired in mkdocs.yml with `hooks: [docs/hooks/search_index.py]`."""

from __future__ import annotations

import html
import json
import posixpath
import re
import sys
from pathlib import Path

import jieba
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_languages import language_of, prefixes  # noqa: E402

HERE = Path(__file__).resolve().parent / "search"
SYNONYMS: dict[str, list[list[str]]] = yaml.safe_load((HERE / "synonyms.yaml").read_text(encoding="utf-8"))
SUBJECTS: dict[str, dict[str, list[str]]] = yaml.safe_load((HERE / "subjects.yaml").read_text(encoding="utf-8"))
INDEX = "search/search_index.json"
WORKER = "assets/javascripts/workers/ipp-search.js"
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
PAGE_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TAG = re.compile(r"<[^>]+>")
KEYWORDS = "keywords"
SUBJECT = "subject"
# Synonyms count as the text they stand for; a page's subject as its title (Material's default boosts).
KEYWORDS_BOOST = 1.0
SUBJECT_BOOST = 1000.0
# By location: a seller who searches wants the guide's page; the checklists come next.
AUDIENCE_BOOST = {"guide/": 3.0, "checklists/": 1.5}
# A word the index has but jieba's dictionary has not (jieba's HMM joined it from lone
# characters): the worker joins such words after its cut rather than weighing them in it.
UNKNOWN_WORD_FREQUENCY = 0


# After mkdocs-static-i18n (-100) has sorted the files by language: the worker is not in docs/.
@event_priority(-200)
def on_files(files: Files, config) -> Files:
    material = next((file.src_uri for file in files if MATERIAL_WORKER.fullmatch(file.src_uri)), None)
    if material is None:
        raise PluginError("search_index hook: Material's search worker (assets/javascripts/workers/search.*.min.js) not found")
    source = (HERE / "worker.js").read_text(encoding="utf-8").replace("MATERIAL_WORKER", posixpath.basename(material))
    files.append(File.generated(config, WORKER, content=source))
    return files


def on_post_page(output: str, page, config) -> str:
    by_locale = prefixes(config)
    prefix = by_locale[language_of(page.url, by_locale)]

    def rewrite(match: re.Match) -> str:
        app = json.loads(match[2])
        app["search"] = posixpath.join(posixpath.dirname(app["search"]), posixpath.basename(WORKER))
        if prefix:
            app["base"] = get_relative_url(prefix, page.url).rstrip("/") or "."
        # As Material's own `tojson`: nothing in the JSON can close the script element.
        return match[1] + json.dumps(app, ensure_ascii=False).replace("<", "\\u003c") + match[3]

    return PAGE_CONFIG.sub(rewrite, output, count=1)


def _han_words(text: str) -> list[str]:
    """The Chinese words of an index text, in order, as Material's jieba cut them."""
    return [run for piece in text.split("\u200b") for run in HAN.findall(piece)]


def _occurs(word: str, entry_text: str, han_words: str, lang: str) -> bool:
    if lang == "zh":
        # Whole words only: 执照 is not in a text that says 营业执照.
        return f"|{'|'.join(_han_words(_segmented(word)))}|" in han_words
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", entry_text, re.IGNORECASE) is not None


def _segmented(text: str) -> str:
    """As Material's search plugin writes Chinese into the index: jieba's words, zero-width spaces between."""
    return HAN.sub(lambda run: "\u200b" + "\u200b".join(jieba.cut(run[0])) + "\u200b", text).strip("\u200b")


def _keywords(entry: dict, lang: str) -> str:
    text = html.unescape(TAG.sub(" ", f"{entry['title']} {entry['text']}")).replace("\u200b", "")
    han_words = f"|{'|'.join(_han_words(entry['title'] + ' ' + entry['text']))}|"
    found: list[str] = []
    for group in SYNONYMS.get(lang, []):
        present = [word for word in group if _occurs(word, text, han_words, lang)]
        if present:
            found += [word for word in group if word not in present and word not in found]
    return " ".join(_segmented(word) for word in found)


def _subject(location: str, lang: str) -> str:
    words = list(SUBJECTS[location][lang])
    for group in SYNONYMS.get(lang, []):
        if set(group) & set(words):
            words += [word for word in group if word not in words]
    return " ".join(_segmented(word) for word in words)


def _words(docs: list[dict]) -> dict[str, int]:
    """Every Chinese word of the index, as Material's jieba cut it, with jieba's frequency; and
    every stretch of lone characters jieba left that is a dictionary word, which jieba keeps as
    lone characters rather than handing to its HMM: the worker must know it as a word to do the
    same."""
    jieba.dt.check_initialized()
    texts = [doc.get(field, "") for doc in docs for field in ("title", "text", KEYWORDS, SUBJECT)]
    words = {word for text in texts for word in _han_words(text)}
    stretches = {stretch for text in texts for stretch in _lone_character_stretches(text) if jieba.dt.FREQ.get(stretch)}
    return {word: jieba.dt.FREQ.get(word) or UNKNOWN_WORD_FREQUENCY for word in sorted(words | stretches)}


def _lone_character_stretches(text: str) -> list[str]:
    """The runs of one-character Chinese words, next to each other in an index text (words
    between zero-width spaces)."""
    stretches, current = [], ""
    for piece in text.split("\u200b"):
        if len(piece) == 1 and HAN.fullmatch(piece):
            current += piece
            continue
        if len(current) > 1:
            stretches.append(current)
        current = ""
    if len(current) > 1:
        stretches.append(current)
    return stretches


def _hmm(docs: list[dict]) -> dict:
    """jieba's HMM (finalseg), for the worker to cut a stretch of lone characters as jieba did:
    its start and transition log-probabilities, and each character of the index's emission
    log-probabilities in the states B, M, E, S (null where jieba has none)."""
    from jieba import finalseg

    characters = sorted({char for doc in docs for field in ("title", "text", KEYWORDS, SUBJECT)
                         for run in HAN.findall(doc.get(field, "")) for char in run})
    emissions = {char: [finalseg.emit_P[state].get(char) for state in "BMES"] for char in characters}
    return {"start": finalseg.start_P, "transitions": finalseg.trans_P, "emissions": emissions}


# After mkdocs-static-i18n (-100) has written the merged index. Each language's nested build also
# ends here, with only its own sections in the file: each pass writes the languages it finds, and
# the last pass, after every language is built, finds them all.
@event_priority(-200)
def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    by_locale = prefixes(config)
    by_language: dict[str, list[dict]] = {locale: [] for locale in by_locale}
    for entry in merged["docs"]:
        by_language[language_of(entry["location"], by_locale)].append(entry)
    default = by_language[next(locale for locale, prefix in by_locale.items() if not prefix)]
    unknown = set(SUBJECTS) - {entry["location"] for entry in default}
    if default and unknown:
        raise PluginError(f"search/subjects.yaml names pages the site does not have: {', '.join(sorted(unknown))}")
    for lang, entries in by_language.items():
        if not entries:
            continue
        prefix = by_locale[lang]
        docs = []
        for entry in entries:
            doc = {**entry, "location": entry["location"][len(prefix):]}
            keywords = _keywords(doc, lang)
            if keywords:
                doc[KEYWORDS] = keywords
            if doc["location"] in SUBJECTS:
                doc[SUBJECT] = _subject(doc["location"], lang)
            boost = next((boost for start, boost in AUDIENCE_BOOST.items() if doc["location"].startswith(start)), None)
            if boost:
                doc["boost"] = doc.get("boost", 1.0) * boost
            docs.append(doc)
        fields = {**merged["config"]["fields"], KEYWORDS: {"boost": KEYWORDS_BOOST}, SUBJECT: {"boost": SUBJECT_BOOST}}
        index_config = {**merged["config"], "fields": fields, "words": _words(docs), "total": jieba.dt.total,
                        "hmm": _hmm(docs)}
        target = site / prefix / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": index_config, "docs": docs}, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
