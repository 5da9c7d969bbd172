"""validator/components.py against scipy.ndimage (a test dependency only), on random masks of
every density, on the shapes that make labelling hard, and on edge cases."""

import numpy as np
import pytest
from scipy import ndimage

from validator.components import connected_components

CONNECTIVITY = {False: None, True: np.ones((3, 3))}


def _reference(mask: np.ndarray, diagonal: bool) -> list[tuple[tuple[slice, slice], int]]:
    labels, count = ndimage.label(mask, structure=CONNECTIVITY[diagonal])
    sizes = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    boxes = ndimage.find_objects(labels)
    return [((rows, cols), int(size)) for (rows, cols), size in zip(boxes, sizes)]


def _ours(mask: np.ndarray, diagonal: bool) -> list[tuple[tuple[slice, slice], int]]:
    return [(component.box, component.size) for component in connected_components(mask, diagonal)]


@pytest.mark.parametrize("diagonal", [False, True])
@pytest.mark.parametrize("density", [0.02, 0.2, 0.45, 0.6, 0.9])
def test_random_masks_match_scipy(diagonal: bool, density: float) -> None:
    generator = np.random.default_rng(int(density * 100) + diagonal)
    for shape in [(1, 1), (1, 40), (40, 1), (37, 53), (120, 90)]:
        mask = generator.random(shape) < density
        assert _ours(mask, diagonal) == _reference(mask, diagonal)


@pytest.mark.parametrize("diagonal", [False, True])
def test_hard_shapes_match_scipy(diagonal: bool) -> None:
    rows, cols = np.mgrid[:200, :200]
    radius = np.hypot(rows - 100, cols - 100)
    ring = (radius > 80) & (radius < 84)
    chain = np.zeros((61, 61), dtype=bool)
    chain[::4, :] = True
    chain[:, ::4] = False
    chain[1::4, ::8] = chain[3::4, 4::8] = True  # short segments bridged row to row: long chains of joins
    checkerboard = (rows[:30, :30] + cols[:30, :30]) % 2 == 0  # joined only at corners
    comb = np.zeros((50, 50), dtype=bool)
    comb[:, ::2] = True
    comb[-1, :] = True  # many runs joined only through the last row
    for mask in [ring, chain, checkerboard, comb, ~ring]:
        assert _ours(mask, diagonal) == _reference(mask, diagonal)


def test_empty_and_full() -> None:
    assert connected_components(np.zeros((5, 7), dtype=bool), diagonal=True) == []
    (whole,) = connected_components(np.ones((5, 7), dtype=bool), diagonal=False)
    assert (whole.box, whole.size) == ((slice(0, 5), slice(0, 7)), 35)
