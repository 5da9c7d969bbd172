"""The print finder's top-hat: its square maximum and minimum equal Pillow's rank filters pixel
for pixel (they replaced them for speed), on photos, specimens and random noise, edges included;
and its threshold's histogram equals numpy's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

from tests import docgen
from validator.text_geometry import _histogram, close_rows, dark_text, text_mask

SPECIMENS = Path(__file__).parent / "real_specimens"


def _images() -> list[Image.Image]:
    rng = np.random.default_rng(0)
    noise = [Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8)) for shape in ((37, 53), (5, 3), (1, 9))]
    photo = docgen.photographed(docgen.passport(size=(900, 635)), docgen.Shot(frame=(1008, 756))).convert("L")
    return [*noise, photo, Image.open(SPECIMENS / "100_id-si.jpg").convert("L")]


@pytest.mark.parametrize("size", [3, 7, 9])
def test_the_top_hat_equals_pillows_rank_filters(size: int) -> None:
    for gray in _images():
        closed = gray.filter(ImageFilter.MaxFilter(size)).filter(ImageFilter.MinFilter(size))
        expected = np.asarray(closed, dtype=np.int16) - np.asarray(gray, dtype=np.int16)
        assert np.array_equal(dark_text(gray, size), expected), gray.size


def test_the_histogram_of_integers_is_numpys() -> None:
    """Otsu's histogram, counted value by value for integers, has numpy's bins and counts: on
    top-hats, images, a constant and values of both signs."""
    rng = np.random.default_rng(1)
    for gray in _images():
        dark = dark_text(gray, 7)
        for values in (dark[dark > 4], np.asarray(gray, dtype=np.int16), np.asarray(gray)):
            if values.size:
                _assert_numpys_histogram(values)
    for values in (np.full(7, 12, dtype=np.int16), rng.integers(-300, 300, 5000).astype(np.int16),
                   rng.integers(0, 3, 50, dtype=np.uint8)):
        _assert_numpys_histogram(values)


def _assert_numpys_histogram(values: np.ndarray) -> None:
    counts, edges = _histogram(values, 64)
    expected_counts, expected_edges = np.histogram(values, bins=64)
    assert counts.dtype == expected_counts.dtype and np.array_equal(counts, expected_counts)
    assert edges.dtype == expected_edges.dtype and np.array_equal(edges, expected_edges)


def _sliding_window_closing(mask: np.ndarray, width: int) -> np.ndarray:
    """close_rows as it was first computed (a dilation, then an erosion, by running sums over a
    padded row): the reference its gap filling must equal, column offset and width included."""
    padded = np.pad(mask, ((0, 0), (width, width)))
    sums = np.pad(np.cumsum(padded, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    half = width // 2
    dilated = sums[:, 2 * half + 1:] - sums[:, :-2 * half - 1] > 0
    sums = np.pad(np.cumsum(dilated, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    eroded = sums[:, 2 * half + 1:] - sums[:, :-2 * half - 1] == 2 * half + 1
    return eroded[:, width - half:width - half + mask.shape[1]]


def test_closing_rows_fills_what_the_sliding_windows_filled() -> None:
    """On random masks of every density, shapes down to empty and narrower than the run, every
    width up to 17 and a wide one, the print of images, and a turned (not contiguous) view."""
    rng = np.random.default_rng(2)
    masks = [rng.random(shape) < density for shape in ((4, 60), (1, 1), (3, 2), (0, 5), (5, 0), (30, 200))
             for density in (0.0, 0.05, 0.3, 0.8, 1.0)]
    masks += [rng.random((int(rng.integers(0, 9)), int(rng.integers(0, 50)))) < rng.random() for _ in range(200)]
    masks += [text_mask(gray) for gray in _images()]
    masks.append(np.rot90(masks[-1]))
    for mask in masks:
        for width in (*range(18), 40):
            expected = _sliding_window_closing(mask, width)
            found = close_rows(mask, width)
            assert found.shape == expected.shape and np.array_equal(found, expected), (mask.shape, width)
