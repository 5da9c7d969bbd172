"""The site's languages, for the hooks: each built language's address prefix ("" for the default
language, "zh/" for Chinese), as mkdocs-static-i18n builds them. Not a hook itself: hooks import
it from this folder."""

from __future__ import annotations


def prefixes(config) -> dict[str, str]:
    """Locale → prefix of its pages' addresses, for every language the site builds."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return {config.theme["language"]: ""}
    return {language.locale: "" if language.default else f"{language.locale}/"
            for language in i18n.config.languages if language.build}


def language_of(url: str, by_locale: dict[str, str]) -> str:
    """The locale of a page or index address: the one with the longest matching prefix."""
    return max(by_locale, key=lambda locale: len(by_locale[locale]) if url.startswith(by_locale[locale]) else -1)
