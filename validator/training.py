"""The training kit's answer keys (checklists/training/keys/*.yaml, schema:
schemas/answer-key.schema.json): what was planted in each exercise bundle, written by hand. The
kit lives in the source tree, not in the installed package; callers pass its folder."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from validator.checklist import Text
from validator.resources import schema


@dataclass(frozen=True)
class ExpectedFinding:
    rule: str
    file: str | None
    explanation: Text


@dataclass(frozen=True)
class AnswerKey:
    exercise: str
    difficulty: str
    today: dt.date
    holder_type: str
    region: str
    title: Text
    findings: tuple[ExpectedFinding, ...]

    def expected(self) -> Counter[tuple[str, str | None]]:
        return Counter((finding.rule, finding.file) for finding in self.findings)


def load_key(path: Path) -> AnswerKey:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema("answer-key"), format_checker=jsonschema.FormatChecker()).validate(data)
    return AnswerKey(
        exercise=data["exercise"],
        difficulty=data["difficulty"],
        today=dt.date.fromisoformat(data["today"]),
        holder_type=data["account"]["holder_type"],
        region=data["account"]["region"],
        title=Text(**data["title"]),
        findings=tuple(ExpectedFinding(f["rule"], f["file"], Text(**f["explanation"])) for f in data["findings"]),
    )



def load_keys(keys_folder: Path) -> tuple[AnswerKey, ...]:
    return tuple(load_key(path) for path in sorted(keys_folder.glob("*.yaml")))

# The words of the trainer's table of exercises (docs/hooks/checklists.py).
LABELS = {
    "exercise": Text("Exercise", "练习"),
    "title": Text("Title", "标题"),
    "account": Text("Account", "账号"),
    "difficulty": Text("Difficulty", "难度"),
    "findings": Text("Findings to find", "应找出的问题数"),
    "individual": Text("individual", "个人"),
    "company": Text("company", "企业"),
    "mainland_china": Text("mainland China", "中国大陆"),
    "outside_mainland_china": Text("outside mainland China", "中国大陆以外"),
    "easy": Text("easy", "易"),
    "medium": Text("medium", "中"),
    "hard": Text("hard", "难"),
}
