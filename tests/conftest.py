import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session", autouse=True)
def session_ocr_cache(tmp_path_factory):
    """One OCR cache for the whole test session, never the user's: each test document is OCR'd
    once per session however many tests read it."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


def require_tool(name: str) -> None:
    """A test that needs a system tool fails in CI when it is missing, and is skipped elsewhere."""
    if shutil.which(name):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed, and CI must run this test (.ci/run installs it)")
    pytest.skip(f"{name} is not installed")


@pytest.fixture
def tesseract():
    require_tool("tesseract")
