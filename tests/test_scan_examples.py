"""The guide's example pictures say what they show: each caption's claim (blurred, too dark, no
seal...) is checked here by running the validator's own checks on the picture the site
publishes, so a picture whose caption says "blurred" cannot be sharp enough to pass."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from PIL import Image

from tests import calibration
from validator.pixels import PageMeasures

HOOK = Path(__file__).resolve().parents[1] / "docs" / "hooks" / "scan_examples.py"

# The web pictures are smaller than the validator asks of an upload: the resolution rule fires on
# all of them and says nothing about the caption.
CLAIMED = {f"IPP-LEGIBILITY-00{n}" for n in range(2, 6)} | {f"IPP-SEAL-00{n}" for n in range(1, 6)}
BLURRED, TOO_DARK, WASHED_OUT = "IPP-LEGIBILITY-002", "IPP-LEGIBILITY-003", "IPP-LEGIBILITY-004"
NO_SEAL, GREY_COPY, SEAL_FOUND, COPY_WITHOUT_SEAL = "IPP-SEAL-001", "IPP-SEAL-002", "IPP-SEAL-003", "IPP-SEAL-004"

# Per picture: the document type it is checked as, and the claimed rules its caption makes
# (exactly these fire among CLAIMED). A readable picture claims no legibility finding.
CLAIMS = {
    "licence-good.jpg": ("business_registration", {SEAL_FOUND}),
    "licence-no-seal.jpg": ("business_registration", {NO_SEAL}),
    "licence-grayscale-copy.jpg": ("business_registration", {GREY_COPY}),
    "licence-blurred.jpg": ("business_registration", {BLURRED, WASHED_OUT, SEAL_FOUND}),
    "licence-dark.jpg": ("business_registration", {TOO_DARK, NO_SEAL}),
    "licence-washed-out.jpg": ("business_registration", {WASHED_OUT, GREY_COPY}),
    "licence-rotated.jpg": ("business_registration", {SEAL_FOUND}),
    "passport-good.jpg": ("passport", set()),
    "passport-blurred.jpg": ("passport", {BLURRED, WASHED_OUT}),
    "certificate-colour.jpg": ("trademark_certificate", set()),
    "certificate-grayscale-copy.jpg": ("trademark_certificate", {COPY_WITHOUT_SEAL}),
}
# Close-ups of the seal are not documents: their claim is only whether the seal shows red.
DETAILS = {"seal-colour-detail.jpg": True, "seal-grayscale-detail.jpg": False}


def _hook():
    spec = importlib.util.spec_from_file_location("scan_examples", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def examples():
    return _hook()


def test_every_example_has_a_claim(examples) -> None:
    assert set(examples.EXAMPLES) == set(CLAIMS) | set(DETAILS)


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_the_validator_finds_what_the_caption_says(examples, name: str) -> None:
    doc_type, claimed = CLAIMS[name]
    sample = calibration.Sample(name, "guide", doc_type, {}, lambda: examples.example_bytes(name))
    fired = calibration.evaluate(sample).fired
    assert fired & CLAIMED == claimed


def test_the_blurred_passport_is_far_past_the_blur_threshold(examples) -> None:
    """Not just over the line: the picture is shown at half size, where a blur the rule barely
    flags is still readable."""
    from validator.rules.legibility import MAX_EDGE_WIDTH

    image = Image.open(io.BytesIO(examples.example_bytes("passport-blurred.jpg")))
    assert PageMeasures(image).edge_width > 2 * MAX_EDGE_WIDTH


@pytest.mark.parametrize("name", sorted(DETAILS))
def test_the_seal_close_up_is_red_only_in_colour(examples, name: str) -> None:
    image = Image.open(io.BytesIO(examples.example_bytes(name))).convert("RGB")
    red_pixels = int(PageMeasures(image).red_mask.sum())
    assert (red_pixels > 1000) is DETAILS[name]
