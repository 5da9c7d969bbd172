"""Writes validator/data/langid-latin.npz.xz: py3langid's model restricted to the Latin-script
languages the validator tells apart (language.LATIN_LANGUAGES), in py3langid's own format.

    python scripts/make_langid_model.py

The restriction is the one py3langid's set_languages makes when the validator asks for it, done
once here instead of in every process: the per-language weights of the 97 languages it does not
ask about are 96% of the model, and its loading (0.6 s, most of it decompressing them) is what the
restricted model saves (0.1 s). The answers are the same (tests/test_language.py compares them).
Rerun after changing LATIN_LANGUAGES or upgrading py3langid; never edit the file. py3langid's
licence (BSD 3-Clause) is kept beside it, as LICENSE-py3langid."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from py3langid.langid import MODEL_DIR, MODEL_FILE  # noqa: E402
from py3langid.modelio import load_model, save_model  # noqa: E402

from validator.language import LATIN_LANGUAGES, LATIN_MODEL  # noqa: E402


def main() -> None:
    weights, priors, classes, transitions, rows, outputs = load_model(MODEL_DIR / MODEL_FILE)
    kept = [index for index, language in enumerate(classes) if language in LATIN_LANGUAGES]
    save_model(LATIN_MODEL, (weights[:, kept], priors[kept], [classes[index] for index in kept], transitions, rows,
                             outputs))
    licence = next(path for path in Path(MODEL_DIR).parent.glob("py3langid-*.dist-info/licenses/LICENSE"))
    shutil.copyfile(licence, LATIN_MODEL.parent / "LICENSE-py3langid")
    print(f"wrote {LATIN_MODEL.relative_to(ROOT)} ({LATIN_MODEL.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
