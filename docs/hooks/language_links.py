"""MkDocs hook: drops the hreflang <link>s from each page's <head>.

Material's script fetches a sitemap.xml beside every `<link rel="alternate" hreflang>` it finds,
expecting them to point at each language's root. mkdocs-static-i18n makes them point at the
same page in the other language, so every page view logged 404s for `<page>/sitemap.xml` in
the reader's console. The language switcher in the header has its own links, which stay."""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

_HREFLANG_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


# After the i18n plugin's own post-page step (-100).
@event_priority(-200)
def on_post_page(output: str, page, config) -> str:
    head, separator, body = output.partition("</head>")
    return _HREFLANG_LINK.sub("", head) + separator + body
