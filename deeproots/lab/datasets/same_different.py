"""PSVRT-style same/different and spatial-relation images (Kim, Ricci & Serre 2018, "Not-So-CLEVR", §2).

Each image is a blank box_size x box_size square holding two items: random binary bit patterns of
item_size x item_size pixels (bit 1 = ink 1.0, bit 0 = background 0.0), placed at integer positions
without overlap. Two labels are attached to the same images, as in the paper:

* same_label (SD task): 1 if the two patterns are identical, 0 if they differ. A "different" second
  pattern is the first XOR a uniformly random non-zero mask, i.e. uniform over all patterns other
  than the first (independent patterns conditioned on differing), so different items always differ,
  even at item_size 1 where two independent draws would coincide half of the time.
* sr_label (SR task): 1 if the items are arranged more horizontally than vertically (|dx| > |dy|
  between their top-left corners, which is the same offset as between their centres), 0 if more
  vertically. Placements with |dx| == |dy| are never drawn, so the label is never ambiguous.

As in PSVRT an all-zero pattern is legal (and invisible): at the default 4x4 it has probability 2^-16.

Placement is exact, without rejection of whole layouts: the pair offset d = (dx, dy) is drawn with
probability proportional to the number of placements having that offset, (P - |dx|)(P - |dy|) with
P = box_size - item_size + 1, restricted to non-overlapping (max(|dx|, |dy|) >= item_size + min_gap),
untied offsets; then the first corner is drawn uniformly among those that keep both items inside.
That is the uniform distribution over valid placements, and it stays fast when the items barely fit
(where rejection of random pairs would accept well under 1% of draws). With balanced=True a layout
whose arrangement disagrees with its assigned SR label is transposed (x <-> y for both items): a
bijection between horizontal and vertical placements, so the distribution given the label stays uniform.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from deeproots.lab.datasets import _batches
from deeproots.lab.datasets._checks import check_number, invalid

_TIE_REDRAWS = 256  # redraws of a tied (|dx| == |dy|) column offset; each is accepted with prob >= 1/2


@dataclass(frozen=True)
class SameDifferentConfig:
    box_size: int = 60
    """Side of the square image in pixels, 2..4096 (the paper's experiments vary it)."""
    item_size: int = 4
    """Side of each square bit pattern in pixels, 1..(box_size - min_gap) // 2 so two items fit side by side."""
    min_gap: int = 0
    """Blank pixels kept between the two items along x or y (Chebyshev gap), 0..box_size - 2."""
    balanced: bool = True
    """If True, exactly half the images (of an even n) are "same" and, independently, exactly half are
    horizontal; if False, both labels are fair coin flips per image."""
    noise: float = 0.0
    """Standard deviation of Gaussian noise added to the [0, 1] intensities (then clipped), >= 0."""
    dtype: str = "float32"
    """"float32" (intensities in [0, 1]) or "uint8" (0..255, rounded)."""

    def __post_init__(self) -> None:
        check_number(self, "box_size", 2, 4096, integer=True)
        check_number(self, "min_gap", 0, self.box_size - 2, integer=True)
        check_number(self, "item_size", 1, max((self.box_size - self.min_gap) // 2, 0),
                     integer=True, why=f" so that two items and a gap of {self.min_gap} fit side by side"
                                       f" in box_size {self.box_size}")
        if not isinstance(self.balanced, bool):
            raise invalid(self, "balanced", "True or False")
        noise = self.noise
        if isinstance(noise, bool) or not isinstance(noise, (int, float, np.number)) or not 0 <= noise < np.inf:
            raise invalid(self, "noise", "a finite number >= 0")
        if self.dtype not in ("float32", "uint8"):
            raise invalid(self, "dtype", "'float32' or 'uint8'")

    @property
    def positions_per_axis(self) -> int:
        """P: the number of integer top-left coordinates that keep an item inside the box."""
        return self.box_size - self.item_size + 1


@dataclass
class SameDifferentBatch:
    images: np.ndarray
    """(n, box_size, box_size) of the config's dtype."""
    same_label: np.ndarray
    """(n,) int64: 1 if the two patterns are identical, else 0 (the SD task)."""
    sr_label: np.ndarray
    """(n,) int64: 1 if |dx| > |dy| between the items (horizontal), 0 if |dy| > |dx| (the SR task)."""
    positions: np.ndarray
    """(n, 2, 2) int64: top-left corner (x, y) = (column, row) of item 0 and item 1."""
    patterns: np.ndarray
    """(n, 2, item_size, item_size) uint8 bits of item 0 and item 1 (row-major, as drawn)."""
    config: SameDifferentConfig = field(default_factory=SameDifferentConfig)


# --------------------------------------------------------------------------- sampling

def _inverse_cdf(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """size indices drawn with probability proportional to weights (>= 0, some > 0)."""
    cdf = np.cumsum(weights)
    # side="right" never returns an index of zero weight: cdf[i] > u >= cdf[i - 1].
    index = np.searchsorted(cdf, rng.random(size) * cdf[-1], side="right")
    return np.minimum(index, len(weights) - 1)


def _offsets(cfg: SameDifferentConfig, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n offsets (dx, dy) from item 0 to item 1, each with probability proportional to its placements."""
    p, reach = cfg.positions_per_axis, cfg.item_size + cfg.min_gap
    d = np.arange(-(p - 1), p)
    w = (p - np.abs(d)).astype(np.float64)  # placements along one axis with this offset
    far = np.abs(d) >= reach  # an offset this large along one axis alone keeps the items apart
    # Weight of the valid dx for each dy: if dy is far every dx is valid except the ties dx = +-dy
    # (dy != 0 there because reach >= 1); otherwise dx itself must be far (and cannot tie with dy).
    row_total = np.where(far, w.sum() - 2.0 * w, w[far].sum())
    dy = d[_inverse_cdf(rng, w * row_total, n)]
    dx = np.empty(n, dtype=np.int64)
    near_rows = ~far[dy + p - 1]
    dx[near_rows] = d[_inverse_cdf(rng, w * far, int(near_rows.sum()))]
    todo = np.flatnonzero(~near_rows)
    for _ in range(_TIE_REDRAWS):  # all dx allowed but |dx| == |dy|: redraw the few ties
        dx[todo] = d[_inverse_cdf(rng, w, todo.size)]
        todo = todo[np.abs(dx[todo]) == np.abs(dy[todo])]
        if todo.size == 0:
            return dx, dy
    raise RuntimeError("could not draw an untied offset; this should not happen")  # pragma: no cover


def _place(cfg: SameDifferentConfig, rng: np.random.Generator, n: int) -> np.ndarray:
    """(n, 2, 2) top-left corners (x, y), uniform over non-overlapping, untied placements."""
    p = cfg.positions_per_axis
    dx, dy = _offsets(cfg, rng, n)
    x0 = rng.integers(np.maximum(0, -dx), p - np.maximum(0, dx))  # both items stay inside
    y0 = rng.integers(np.maximum(0, -dy), p - np.maximum(0, dy))
    return np.stack([np.stack([x0, y0], axis=1), np.stack([x0 + dx, y0 + dy], axis=1)], axis=1)


def _balanced_bits(rng: np.random.Generator, n: int) -> np.ndarray:
    """n labels with exactly n // 2 ones (and a fair coin for the odd one out), in random order."""
    bits = (np.arange(n) < n // 2).astype(np.int64)
    if n % 2:
        bits[-1] = rng.integers(0, 2)
    return rng.permutation(bits)


def _patterns(cfg: SameDifferentConfig, rng: np.random.Generator, same: np.ndarray) -> np.ndarray:
    n, s = len(same), cfg.item_size
    first = rng.integers(0, 2, size=(n, s, s), dtype=np.uint8)
    mask = np.zeros_like(first)
    todo = np.flatnonzero(same == 0)
    while todo.size:  # a uniform non-zero mask: redraw the all-zero ones (probability 2^-(s*s) each)
        mask[todo] = rng.integers(0, 2, size=(todo.size, s, s), dtype=np.uint8)
        todo = todo[~mask[todo].any(axis=(1, 2))]
    return np.stack([first, first ^ mask], axis=1)


# --------------------------------------------------------------------------- public API

def render(config: SameDifferentConfig, positions: np.ndarray, patterns: np.ndarray) -> np.ndarray:
    """Noise-free float32 images (n, box_size, box_size) of the given items (which must not overlap)."""
    positions = np.asarray(positions, dtype=np.int64)
    n, s = len(positions), config.item_size
    out = np.zeros((n, config.box_size, config.box_size), dtype=np.float32)
    offs = np.arange(s)
    rows = positions[:, :, 1, None, None] + offs[:, None]  # (n, 2, s, 1)
    cols = positions[:, :, 0, None, None] + offs[None, :]  # (n, 2, 1, s)
    batch = np.arange(n)[:, None, None, None]
    out[batch, rows, cols] = np.asarray(patterns, dtype=np.float32)  # one scatter for every item
    return out


def generate(config: SameDifferentConfig, n: int, seed: int | np.random.SeedSequence = 0) -> SameDifferentBatch:
    """n images with both labels; the same (config, n, seed) always gives the same arrays."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer (got {n!r})")
    rng = np.random.Generator(np.random.PCG64(seed if isinstance(seed, np.random.SeedSequence)
                                              else np.random.SeedSequence(seed)))
    if config.balanced:
        same, horizontal = _balanced_bits(rng, n), _balanced_bits(rng, n)
    else:
        same = rng.integers(0, 2, size=n).astype(np.int64)
        horizontal = None
    positions = _place(config, rng, n)
    delta = np.abs(positions[:, 1] - positions[:, 0])
    if horizontal is not None:  # transpose the layouts that disagree with their assigned SR label
        flip = (delta[:, 0] > delta[:, 1]) != horizontal.astype(bool)
        positions[flip] = positions[flip][:, :, ::-1]
        delta = np.abs(positions[:, 1] - positions[:, 0])
    sr = (delta[:, 0] > delta[:, 1]).astype(np.int64)
    patterns = _patterns(config, rng, same)
    images = render(config, positions, patterns)
    if config.noise > 0:
        images += np.float32(config.noise) * rng.standard_normal(images.shape, dtype=np.float32)
        np.clip(images, 0.0, 1.0, out=images)
    if config.dtype == "uint8":
        images = np.floor(images * np.float32(255) + np.float32(0.5)).astype(np.uint8)
    return SameDifferentBatch(images, same, sr, positions, patterns, config)


def stream(config: SameDifferentConfig, batch_size: int, seed: int = 0, start: int = 0) -> Iterator[SameDifferentBatch]:
    """Endless batches; batch k is generate(config, batch_size, SeedSequence([seed, k])), so a
    stream resumed with start=k continues exactly where batch k would have been."""
    return _batches.stream(generate, config, batch_size, seed, start)


def save_npz(batch: SameDifferentBatch, path) -> None:
    """Write the batch (arrays and config) to a compressed .npz file."""
    _batches.save_npz(batch, path)


def load_npz(path) -> SameDifferentBatch:
    """Read a batch written by save_npz."""
    return _batches.load_npz(path, SameDifferentBatch, SameDifferentConfig)


def samples(n: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """``n`` images of the default configuration, each captioned "same" or "different" (what `lab show` draws)."""
    batch = generate(SameDifferentConfig(), n, seed)
    return batch.images, ["same" if s else "different" for s in batch.same_label]
