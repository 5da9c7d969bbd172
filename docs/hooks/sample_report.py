"""MkDocs hook: shows real validator output on the validator's pages.

A page marker `<!-- sample-report ARGS -->` becomes a console block with the output of
`validate ARGS acme`, run at build time on a small example bundle drawn with the test suite's
document generator, so the examples always show what this version of the validator prints.
The bundle has three deliberate defects: an email address without its domain, no phone
number, and a PNG file named .jpg."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import docgen  # noqa: E402

MARKER = re.compile(r"<!-- sample-report(?P<args>[^>]*?) -->")
BUNDLE = "acme"
MANIFEST = """\
schema_version: 1
account:
  holder_type: company
  region: outside_mainland_china
  role: rights_holder
complainant:
  name: "Acme Trading Limited"
  email: ip@acme
  address: "1 Example Road, Hong Kong"
documents:
  - file: identity/business-registration.jpg
    type: business_registration
    name_on_document: "Acme Trading Limited"
    language: en
"""


def _write_bundle(folder: Path) -> None:
    (folder / "identity").mkdir(parents=True)
    (folder / "bundle.yaml").write_text(MANIFEST, encoding="utf-8")
    page = docgen.text_page(
        ["Company name: Acme Trading Limited", "Company number: 1234567", "Date of incorporation: 4 May 2015"],
        title="CERTIFICATE OF INCORPORATION",
    )
    # PNG content under a .jpg name: one of the bundle's deliberate defects.
    (folder / "identity" / "business-registration.jpg").write_bytes(docgen.png_bytes(page))


@cache
def sample_output(args: str) -> str:
    """The console session of `validate ARGS acme` on the example bundle."""
    with tempfile.TemporaryDirectory() as workdir:
        _write_bundle(Path(workdir) / BUNDLE)
        command = ["validate", *shlex.split(args), BUNDLE]
        # Not a terminal: no colours and no progress bar, exactly as when piped to a file.
        result = subprocess.run(
            [sys.executable, "-m", "validator", *command[1:]],
            cwd=workdir, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"the sample run of {shlex.join(command)} failed:\n{result.stderr}")
    return f"$ {shlex.join(command)}\n{result.stdout.rstrip()}\n$ echo $?\n{result.returncode}"


def on_page_markdown(markdown: str, page, config, files) -> str:
    return MARKER.sub(lambda match: f"```console\n{sample_output(match['args'].strip())}\n```", markdown)
