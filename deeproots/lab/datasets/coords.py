"""CoordConv's "Not-so-Clevr" (Liu et al. 2018, "An intriguing failing of convolutional neural
networks and the CoordConv solution", NeurIPS, section 3): one square on an empty canvas.

The paper's data set is a 9x9 square on a 64x64 canvas at every position where it fits, so
(64 - 9 + 1)^2 = 3136 images. Each comes with the (x, y) coordinates of the square's centre
pixel and a one-hot 64x64 target image marking that pixel; the tasks are supervised
coordinate regression (image -> (x, y)), coordinate classification (image -> one-hot) and
rendering (coordinates or one-hot -> image). Convolutional networks fail at these unless they are
given coordinate channels, and fail most clearly on the paper's "quadrant" split, where no
training square ever has its centre in one quadrant of the canvas.

NOT_SO_CLEVR is the paper's 64x64 setting. NOT_SO_CLEVR_32 is a 32x32 variant: the square scales
with the canvas to 9 * 32/64 = 4.5 px, rounded up to 5 so that it keeps a single centre pixel,
which gives (32 - 5 + 1)^2 = 784 positions. The square is white (1.0) on black (0.0); the paper's
squares are coloured, which changes nothing about the geometry.

Coordinates: x is the column, y the row. Position index i runs over centres in row-major order
(y slowest), so coords[i] = (h + i % P, h + i // P) with P = image_size - square + 1 and
h = (square - 1) / 2. The canvas side is even and the square odd, so P is even and the quadrant
boundary at image_size/2 splits the positions into four equal quadrants.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from deeproots.lab.datasets._checks import invalid

QUADRANTS = ("top-left", "top-right", "bottom-left", "bottom-right")


@dataclass(frozen=True)
class CoordsConfig:
    image_size: int = 64
    """Side of the square canvas in pixels, even, 4..1024."""
    square: int = 9
    """Side of the square in pixels, odd (so it has one centre pixel), 1..image_size - 1."""
    test_fraction: float = 0.2
    """Share of all positions in the test set of the "uniform" split, in (0, 1)."""
    test_quadrant: str = "bottom-right"
    """Quadrant whose centres form the test set of the "quadrant" split: "top-left",
    "top-right", "bottom-left" or "bottom-right" (y grows downwards, the bottom is y >= size/2)."""
    dtype: str = "float32"
    """"float32" or "uint8" for the images and one-hot targets (values 0 and 1 either way)."""

    def __post_init__(self) -> None:
        def integer(name: str, lo: int, hi: int, parity: str) -> None:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi \
                    or value % 2 != (0 if parity == "even" else 1):
                raise invalid(self, name, f"an {parity} integer in [{lo}, {hi}]")

        integer("image_size", 4, 1024, "even")
        integer("square", 1, self.image_size - 1, "odd")
        f = self.test_fraction
        if isinstance(f, bool) or not isinstance(f, (int, float, np.number)) or not 0 < f < 1:
            raise invalid(self, "test_fraction", "a number in (0, 1)")
        if self.test_quadrant not in QUADRANTS:
            raise invalid(self, "test_quadrant", "one of " + ", ".join(repr(q) for q in QUADRANTS))
        if self.dtype not in ("float32", "uint8"):
            raise invalid(self, "dtype", "'float32' or 'uint8'")

    @property
    def positions_per_axis(self) -> int:
        """P = image_size - square + 1 centre positions along each axis."""
        return self.image_size - self.square + 1

    @property
    def half(self) -> int:
        """h = (square - 1) / 2: the centre's distance to the square's edge pixels."""
        return (self.square - 1) // 2


NOT_SO_CLEVR = CoordsConfig()
"""The paper's setting: a 9x9 square on a 64x64 canvas, 3136 positions."""
NOT_SO_CLEVR_32 = CoordsConfig(image_size=32, square=5)
"""The 32x32 variant: the square scaled by 1/2 (4.5 px, rounded up to odd 5), 784 positions."""


@dataclass
class CoordsData:
    images: np.ndarray
    """(N, H, W) of the config's dtype: 1 on the square's pixels, 0 elsewhere."""
    coords: np.ndarray
    """(N, 2) int64 centre pixel (x, y) of each image's square."""
    targets: np.ndarray
    """(N, H, W) of the config's dtype: one-hot, 1 at the centre pixel only."""
    config: CoordsConfig = field(default_factory=CoordsConfig)


def positions(config: CoordsConfig) -> np.ndarray:
    """(N, 2) int64 centres (x, y) of all positions, row-major (y slowest)."""
    axis = np.arange(config.positions_per_axis, dtype=np.int64) + config.half
    y, x = np.meshgrid(axis, axis, indexing="ij")
    return np.stack([x.ravel(), y.ravel()], axis=1)


def dataset(config: CoordsConfig = NOT_SO_CLEVR) -> CoordsData:
    """All images, their centre coordinates and one-hot targets (deterministic: there is no
    randomness in the data, only in the uniform split)."""
    coords = positions(config)
    grid = np.arange(config.image_size)
    # Pixel (y, x) is inside the square iff both offsets from the centre are at most h: the
    # separable masks broadcast to (N, H, W) without a Python loop.
    in_x = np.abs(grid[None, :] - coords[:, 0, None]) <= config.half
    in_y = np.abs(grid[None, :] - coords[:, 1, None]) <= config.half
    images = (in_y[:, :, None] & in_x[:, None, :]).astype(config.dtype)
    targets = np.zeros_like(images)
    targets[np.arange(len(coords)), coords[:, 1], coords[:, 0]] = 1
    return CoordsData(images, coords, targets, config)


def in_quadrant(config: CoordsConfig, coords: np.ndarray, quadrant: str | None = None) -> np.ndarray:
    """Whether each centre (x, y) lies in the quadrant (default: config.test_quadrant)."""
    quadrant = config.test_quadrant if quadrant is None else quadrant
    if quadrant not in QUADRANTS:
        raise ValueError(f"quadrant must be one of {', '.join(repr(q) for q in QUADRANTS)} (got {quadrant!r})")
    mid = config.image_size // 2
    vertical, horizontal = quadrant.split("-")
    in_y = coords[:, 1] >= mid if vertical == "bottom" else coords[:, 1] < mid
    in_x = coords[:, 0] >= mid if horizontal == "right" else coords[:, 0] < mid
    return in_x & in_y


def split(config: CoordsConfig, kind: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) sorted int64 index arrays into dataset(config), disjoint and covering all.

    "uniform": a seeded random round(test_fraction * N) positions are the test set (the paper's
    80/20 split). "quadrant": the test set is every position whose centre lies in
    config.test_quadrant and the training set the other three quadrants (seed unused)."""
    n = config.positions_per_axis ** 2
    if kind == "uniform":
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
        n_test = min(max(int(math.floor(config.test_fraction * n + 0.5)), 1), n - 1)
        test = np.zeros(n, dtype=bool)
        test[rng.permutation(n)[:n_test]] = True
    elif kind == "quadrant":
        test = in_quadrant(config, positions(config))
    else:
        raise ValueError(f"kind must be 'uniform' or 'quadrant' (got {kind!r})")
    return np.flatnonzero(~test).astype(np.int64), np.flatnonzero(test).astype(np.int64)


def samples(n: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """``n`` distinct positions of the default configuration, each captioned with its centre (what `lab show` draws)."""
    data = dataset(CoordsConfig())
    picks = np.random.default_rng(seed).choice(len(data.images), size=n, replace=False)
    return data.images[picks], [f"({x}, {y})" for x, y in data.coords[picks]]
