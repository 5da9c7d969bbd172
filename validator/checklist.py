"""Checklists: the data in checklists/*.yaml (schema: schemas/checklist.schema.json), read into
records. The guide's checklist pages, the printable handouts and `validate checklist` are all
rendered from these records by `validator.checklist_render`; nothing is written twice."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jsonschema
import yaml

from validator.resources import data_dir, schema

LANGUAGES = ("en", "zh")
# The order in which the kinds are listed: the account first, then each holder, then the last look.
KINDS = (
    "register",
    "individual-mainland",
    "individual-outside",
    "company-mainland",
    "company-outside",
    "before-submit",
)


@dataclass(frozen=True)
class Text:
    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Item:
    id: str
    text: Text
    why: Text
    source: str
    # The validator rules that check this item; empty when it can only be checked by hand.
    rules: tuple[str, ...]

    @property
    def manual(self) -> bool:
        return not self.rules


@dataclass(frozen=True)
class Checklist:
    kind: str
    prefix: str
    title: Text
    intro: Text
    items: tuple[Item, ...]


class ChecklistError(ValueError):
    """A checklist file that does not match its schema or its own conventions."""


def _text(data: dict[str, str]) -> Text:
    return Text(data["en"], data["zh"])


def parse(data: object, kind: str) -> Checklist:
    try:
        jsonschema.Draft202012Validator(schema("checklist")).validate(data)
    except jsonschema.ValidationError as exc:
        path = "/".join(str(part) for part in exc.absolute_path) or "(top)"
        raise ChecklistError(f"{kind}: {path}: {exc.message}") from None
    assert isinstance(data, dict)
    if data["kind"] != kind:
        raise ChecklistError(f"{kind}: the file declares kind {data['kind']!r}")
    items = tuple(
        Item(raw["id"], _text(raw["text"]), _text(raw["why"]), raw["source"], tuple(raw.get("rules", ())))
        for raw in data["items"]
    )
    ids = [item.id for item in items]
    wrong_prefix = [i for i in ids if not i.startswith(f"{data['prefix']}-")]
    if wrong_prefix or len(set(ids)) != len(ids):
        raise ChecklistError(f"{kind}: item IDs must be unique and start with {data['prefix']}-: {ids}")
    return Checklist(kind, data["prefix"], _text(data["title"]), _text(data["intro"]), items)


@cache
def load(kind: str) -> Checklist:
    if kind not in KINDS:
        raise KeyError(f"unknown checklist {kind!r}; the checklists are: {', '.join(KINDS)}")
    path = data_dir("checklists") / f"{kind}.yaml"
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")), kind)


def load_all() -> tuple[Checklist, ...]:
    return tuple(load(kind) for kind in KINDS)
