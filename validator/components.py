"""Connected regions of a boolean mask, with their bounding boxes and sizes.

The same result as scipy.ndimage's label() and find_objects() (tests/test_components.py checks
it against them), computed over the mask's horizontal runs with numpy alone: importing
scipy.ndimage costs about 0.15 s, which every run of the validator would pay before its first
file is analysed (docs/validator/performance.md)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Component:
    box: tuple[slice, slice]  # rows, columns
    size: int


@dataclass(frozen=True)
class Regions:
    """A mask's connected regions as arrays, one entry per region in connected_components'
    order: rows top..bottom and columns left..right (ends excluded), and pixel counts. A mask of
    thousands of specks is filtered here before any region is looked at one by one."""

    top: np.ndarray
    bottom: np.ndarray
    left: np.ndarray
    right: np.ndarray
    size: np.ndarray

    def __len__(self) -> int:
        return self.size.size

    def component(self, index: int) -> Component:
        return Component((slice(int(self.top[index]), int(self.bottom[index])),
                          slice(int(self.left[index]), int(self.right[index]))), int(self.size[index]))


def connected_components(mask: np.ndarray, diagonal: bool) -> list[Component]:
    """The mask's connected regions of True pixels, in the order their first pixel is met row by
    row. `diagonal`: pixels touching at a corner are connected (8-connectivity), else only
    pixels sharing a side (4-connectivity)."""
    regions = connected_regions(mask, diagonal)
    return [regions.component(index) for index in range(len(regions))]


def connected_regions(mask: np.ndarray, diagonal: bool) -> Regions:
    """connected_components as arrays (Regions)."""
    height, width = mask.shape
    edges = np.zeros((height, width + 2), dtype=np.int8)
    edges[:, 1:-1] = mask
    steps = np.diff(edges, axis=1)
    # Flat indices, split into rows and columns: several times cheaper than a 2-d nonzero.
    run_rows, run_starts = np.divmod(np.flatnonzero(steps == 1), width + 1)
    run_ends = np.flatnonzero(steps == -1) % (width + 1)
    if run_rows.size == 0:
        empty = np.zeros(0, dtype=np.intp)
        return Regions(empty, empty, empty, empty, empty)
    roots = _run_roots(run_rows, run_starts, run_ends, width + 2, 1 if diagonal else 0)
    order = np.argsort(roots, kind="stable")
    firsts = np.flatnonzero(np.r_[True, roots[order][1:] != roots[order][:-1]])
    grouped_rows = run_rows[order]
    return Regions(top=grouped_rows[firsts], bottom=np.maximum.reduceat(grouped_rows, firsts) + 1,
                   left=np.minimum.reduceat(run_starts[order], firsts),
                   right=np.maximum.reduceat(run_ends[order], firsts),
                   size=np.add.reduceat((run_ends - run_starts)[order], firsts))


def _run_roots(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, row_key: int, reach: int) -> np.ndarray:
    """For each run, the index of the first run of its region: runs in consecutive rows that
    overlap (widened by `reach` for corner contact) are joined, by hooking roots onto the smaller
    root and following the links to the end, until every join holds."""
    start_keys = rows * row_key + starts
    end_keys = rows * row_key + ends
    # Runs of the next row that touch run i: their end lies right of its start and their start
    # left of its end. Keys place every run of row r+1 after all of row r and before row r+2.
    below = (rows + 1) * row_key
    first = np.searchsorted(end_keys, below + starts - reach, side="right")
    last = np.searchsorted(start_keys, below + ends + reach, side="left")
    counts = np.maximum(last - first, 0)
    upper = np.repeat(np.arange(rows.size), counts)
    lower = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(first, counts)
    roots = np.arange(rows.size)
    while True:
        upper_roots, lower_roots = roots[upper], roots[lower]
        unjoined = upper_roots != lower_roots
        if not unjoined.any():
            return roots
        smaller = np.minimum(upper_roots[unjoined], lower_roots[unjoined])
        np.minimum.at(roots, upper_roots[unjoined], smaller)
        np.minimum.at(roots, lower_roots[unjoined], smaller)
        while True:
            jumped = roots[roots]
            if np.array_equal(jumped, roots):
                break
            roots = jumped
