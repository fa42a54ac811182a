"""Dots and shapes: count discs or squares of varied sizes (subitising vs counting), with full labels.

Coordinates are the same as in lines.py: x is the column, y the row, and pixel (row i, column j)
covers the unit square centred on (x=j, y=i), so the image covers [-0.5, W - 0.5] on both axes.
A shape's "size" is a disc's radius or a square's half-side (squares are axis-aligned), so both
kinds reach `size` pixels from their centre along the axes; area = pi*size^2 or 4*size^2.

Every shape lies wholly inside the image. With antialias=True a pixel's value is the exact area
of the pixel covered by the shape, computed analytically (a product of 1-D overlaps for squares,
the closed-form integral of the disc over the pixel's corners for discs), so a shape deposits
exactly its area of ink: no supersampling error. That is what makes the area-controlled mode
honest. Shapes add their coverage, clipped at 1: disjoint shapes that share a pixel (possible
whenever they are less than sqrt(2) px apart) then fill it exactly, so with allow_overlap=False the
ink of an image is exactly its summed area; where shapes overlap, the clip takes ink away
(the ink never exceeds the summed area; on an overlap's antialiased edge the sum is an
approximation of the union's coverage).
With antialias=False a pixel is 1 where its centre lies inside a shape (boundary included).

The geometry is sampled in NumPy from a seeded Generator; the renderer evaluates one small
window around each shape, for all images at once per shape slot (vectorised NumPy).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from deeproots.lab.datasets import _batches
from deeproots.lab.datasets._checks import check_number, invalid

DISC, SQUARE = 0, 1
"""Values of ShapesBatch.kinds (-1 marks an empty slot past the count)."""
_AREA_FACTOR = np.array([math.pi, 4.0])  # area = factor[kind] * size**2
_TRIES_PER_SHAPE = 64  # candidate positions for one shape before its image is started again
_RESTARTS = 32  # fresh starts of the unlucky images before giving up


@dataclass(frozen=True)
class ShapesConfig:
    image_size: int = 64
    """Side of the square image in pixels, 8..4096."""
    min_count: int = 1
    """Fewest shapes in an image, 0..256."""
    max_count: int = 5
    """Most shapes in an image, max(min_count, 1)..256; the count is uniform over [min_count, max_count]."""
    shape: str = "disc"
    """"disc", "square" or "mixed" (each shape a disc or a square with probability 1/2)."""
    min_size: float = 2.0
    """Smallest radius (disc) or half-side (square) in pixels, 1..image_size/2 (>= 1 so that
    every shape covers at least one pixel centre and shows even without antialiasing)."""
    max_size: float = 5.0
    """Largest radius or half-side in pixels, min_size..image_size/2."""
    allow_overlap: bool = False
    """If False, any two shapes are at least `gap` pixels apart (rejection sampling; a clear
    RuntimeError when they cannot be placed)."""
    gap: float = 1.0
    """Smallest distance between two shapes when allow_overlap is False, 0..image_size pixels."""
    antialias: bool = True
    """Exact area coverage in [0, 1] if True, else binary pixels (centre inside a shape)."""
    noise: float = 0.0
    """Standard deviation of Gaussian noise added to the [0, 1] intensities (then clipped), >= 0."""
    total_area: float | None = None
    """Area-controlled mode: if set, the areas of an image's N shapes sum to exactly total_area
    pixels (a random split with every size within [min_size, max_size]), so the amount of ink
    does not reveal N. Must lie in [max_count * a_max(min_size), min_count * a_min(max_size)],
    a_max/a_min being the larger/smaller area factor (pi or 4) of the allowed kinds."""
    dtype: str = "float32"
    """"float32" (intensities in [0, 1]) or "uint8" (0..255, rounded)."""

    def __post_init__(self) -> None:
        check_number(self, "image_size", 8, 4096, integer=True)
        check_number(self, "min_count", 0, 256, integer=True)
        check_number(self, "max_count", max(self.min_count, 1), 256, integer=True)
        if self.shape not in ("disc", "square", "mixed"):
            raise invalid(self, "shape", "'disc', 'square' or 'mixed'")
        check_number(self, "min_size", 1.0, self.image_size / 2)
        check_number(self, "max_size", self.min_size, self.image_size / 2)
        check_number(self, "gap", 0.0, self.image_size)
        check_number(self, "noise", 0.0, math.inf)
        for name in ("allow_overlap", "antialias"):
            if not isinstance(getattr(self, name), bool):
                raise invalid(self, name, "True or False")
        if self.dtype not in ("float32", "uint8"):
            raise invalid(self, "dtype", "'float32' or 'uint8'")
        if self.total_area is not None:
            factors = self.area_factors
            lo = self.max_count * max(factors) * self.min_size ** 2
            hi = self.min_count * min(factors) * self.max_size ** 2
            area = self.total_area
            if isinstance(area, bool) or not isinstance(area, (int, float, np.number)) or self.min_count < 1 \
                    or not lo <= area <= hi:
                raise invalid(self, "total_area", f"None or in [max_count*a_max*min_size^2, min_count*a_min*max_size^2] = "
                                        f"[{lo:g}, {hi:g}] with min_count >= 1")

    @property
    def area_factors(self) -> tuple[float, ...]:
        """Area / size^2 of the kinds this config draws (pi for a disc, 4 for a square)."""
        return {"disc": (math.pi,), "square": (4.0,), "mixed": (math.pi, 4.0)}[self.shape]


@dataclass
class ShapesBatch:
    images: np.ndarray
    """(n, H, W) of the config's dtype."""
    counts: np.ndarray
    """(n,) int64: the number of shapes in each image."""
    centres: np.ndarray
    """(n, max_count, 2) float64 centres (x, y); rows past the count are nan."""
    sizes: np.ndarray
    """(n, max_count) float64 radius (disc) or half-side (square); nan past the count."""
    kinds: np.ndarray
    """(n, max_count) int8: DISC (0) or SQUARE (1); -1 past the count."""
    config: ShapesConfig = field(default_factory=ShapesConfig)


def shape_areas(sizes: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Area of each shape (pi r^2 or (2s)^2); 0 for empty slots (kind -1)."""
    return np.where(kinds >= 0, _AREA_FACTOR[np.clip(kinds, 0, 1)] * np.nan_to_num(sizes) ** 2, 0.0)


def separation(centre_a, size_a, kind_a, centre_b, size_b, kind_b) -> np.ndarray:
    """Signed distance between shapes a and b (broadcast; centres (..., 2)): > 0 apart, <= 0 touching
    or overlapping. Each shape is a box of half-side `box` rounded by radius `rad` (a disc: box 0;
    a square: rad 0); the Minkowski difference of two such shapes is the box of half-side
    box_a + box_b rounded by rad_a + rad_b, so the distance is the rounded box's signed distance
    function at the centres' offset."""
    box = np.where(kind_a == SQUARE, size_a, 0.0) + np.where(kind_b == SQUARE, size_b, 0.0)
    rad = np.where(kind_a == DISC, size_a, 0.0) + np.where(kind_b == DISC, size_b, 0.0)
    d = np.abs(np.asarray(centre_a) - np.asarray(centre_b)) - np.asarray(box)[..., None]
    outside = np.hypot(np.maximum(d[..., 0], 0.0), np.maximum(d[..., 1], 0.0))
    inside = np.minimum(np.maximum(d[..., 0], d[..., 1]), 0.0)
    return outside + inside - rad


# --------------------------------------------------------------------------- geometry

def _kinds(cfg: ShapesConfig, rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    n, m = len(counts), cfg.max_count
    if cfg.shape == "mixed":
        kinds = rng.integers(0, 2, size=(n, m))
    else:
        kinds = np.full((n, m), DISC if cfg.shape == "disc" else SQUARE)
    return np.where(np.arange(m) < counts[:, None], kinds, -1).astype(np.int8)


def _sizes(cfg: ShapesConfig, rng: np.random.Generator, kinds: np.ndarray) -> np.ndarray:
    active = kinds >= 0
    if cfg.total_area is None:
        sizes = rng.uniform(cfg.min_size, cfg.max_size, size=kinds.shape)
        return np.where(active, sizes, np.nan)
    # Random split of total_area into areas within [factor*min^2, factor*max^2], water-filled: each
    # round shares what is left among the shapes below their cap in proportion to random weights.
    factor = np.where(active, _AREA_FACTOR[np.clip(kinds, 0, 1)], 0.0)
    low, cap = factor * cfg.min_size ** 2, factor * (cfg.max_size ** 2 - cfg.min_size ** 2)
    weights = np.where(active, rng.exponential(size=kinds.shape), 0.0)
    extra = np.zeros(kinds.shape)
    left = cfg.total_area - low.sum(axis=1)
    open_ = active & (cap > 0)
    for _ in range(kinds.shape[1]):  # every round fills the image or closes at least one shape
        total = (weights * open_).sum(axis=1)
        share = np.where(open_, weights * (left / np.where(total > 0, total, 1.0))[:, None], 0.0)
        new = np.minimum(extra + share, cap)
        left = left - (new - extra).sum(axis=1)
        extra, open_ = new, open_ & (new < cap)
        if not (left > 1e-12 * cfg.total_area).any():
            break
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(active, np.sqrt((low + extra) / factor), np.nan)


def _positions(cfg: ShapesConfig, rng: np.random.Generator, sizes: np.ndarray) -> np.ndarray:
    """Uniform centres keeping each shape inside the image [-0.5, W - 0.5]^2: (..., 2)."""
    u = rng.random(sizes.shape + (2,))
    lo = sizes[..., None] - 0.5
    return lo + u * (cfg.image_size - 2.0 * sizes[..., None])


def _centres(cfg: ShapesConfig, rng: np.random.Generator, sizes: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    centres = _positions(cfg, rng, sizes)
    if cfg.allow_overlap:
        return centres
    # A necessary condition: the shapes grown by gap/2 are disjoint and inside the image grown by
    # gap/2, so their areas cannot exceed its area. Failing it, no amount of sampling would help.
    g, w = cfg.gap / 2, float(cfg.image_size)
    grown = np.where(kinds == DISC, math.pi * (np.nan_to_num(sizes) + g) ** 2,
                     4 * np.nan_to_num(sizes) ** 2 + 8 * np.nan_to_num(sizes) * g + math.pi * g * g)
    if (np.where(kinds >= 0, grown, 0.0).sum(axis=1) > w * w + 4 * w * g + math.pi * g * g).any():
        raise RuntimeError(_placement_error(cfg, "they cannot fit"))
    # Place the biggest shapes first (the hardest to fit), then put the labels back in slot order.
    order = np.argsort(-np.nan_to_num(sizes, nan=-1.0), axis=1, kind="stable")
    s, k = np.take_along_axis(sizes, order, axis=1), np.take_along_axis(kinds, order, axis=1)
    c = np.take_along_axis(centres, order[..., None], axis=1)
    counts = (kinds >= 0).sum(axis=1)
    todo = np.flatnonzero(counts > 1)
    for _ in range(_RESTARTS):
        failed = np.zeros(len(todo), dtype=bool)
        for j in range(1, cfg.max_count):  # add shape j to every image, redrawing it until it fits
            need = np.flatnonzero((counts[todo] > j) & ~failed)
            for _ in range(_TRIES_PER_SHAPE):
                if need.size == 0:
                    break
                rows = todo[need]
                gaps = separation(c[rows, j, None], s[rows, j, None], k[rows, j, None], c[rows, :j], s[rows, :j],
                                  k[rows, :j])
                need = need[(gaps < cfg.gap).any(axis=1)]
                if need.size:
                    c[todo[need], j] = _positions(cfg, rng, s[todo[need], j])
            failed[need] = True
        todo = todo[failed]
        if todo.size == 0:
            np.put_along_axis(centres, order[..., None], c, axis=1)
            return centres
        c[todo] = _positions(cfg, rng, s[todo])
    raise RuntimeError(_placement_error(cfg, "rejection sampling gave up"))


def _placement_error(cfg: ShapesConfig, why: str) -> str:
    return (f"could not place up to {cfg.max_count} {cfg.shape} shapes of size {cfg.min_size:g}..{cfg.max_size:g} "
            f"at least gap={cfg.gap:g} apart in a {cfg.image_size}px image ({why}): relax one of them "
            f"or set allow_overlap=True")


# --------------------------------------------------------------------------- rendering

def _disc_corner(x: np.ndarray, y: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Area of the disc of radius r centred at 0 within {X <= x, Y <= y}, in closed form.

    With h(t) = sqrt(r^2 - t^2) the chord half-length and P(t) = integral of h from -r to t,
    the area is integral_{-r}^{x} (h(t) + clip(y, -h(t), h(t))) dt: the clip equals y where the
    chord reaches past y (|t| < w = sqrt(r^2 - y^2)) and +-h(t) elsewhere."""
    def primitive(t):
        return 0.5 * (t * np.sqrt(np.maximum(r * r - t * t, 0.0)) + r * r * np.arcsin(np.clip(t / r, -1.0, 1.0))) \
            + 0.25 * math.pi * r * r
    x, y = np.clip(x, -r, r), np.clip(y, -r, r)
    w = np.sqrt(np.maximum(r * r - y * y, 0.0))
    xw = np.clip(x, -w, w)
    return primitive(x) + y * (xw + w) + np.sign(y) * (primitive(x) - primitive(xw) + primitive(-w))


def _coverage(dx: np.ndarray, dy: np.ndarray, size: np.ndarray, kind: int, antialias: bool) -> np.ndarray:
    """Value of the pixels whose centres lie at offset (dx, dy) from the centre of a shape."""
    if not antialias:
        inside = dx * dx + dy * dy <= size * size if kind == DISC else (np.abs(dx) <= size) & (np.abs(dy) <= size)
        return inside.astype(np.float64)
    if kind == SQUARE:
        ox = np.clip(np.minimum(dx + 0.5, size) - np.maximum(dx - 0.5, -size), 0.0, 1.0)
        oy = np.clip(np.minimum(dy + 0.5, size) - np.maximum(dy - 0.5, -size), 0.0, 1.0)
        return ox * oy
    area = (_disc_corner(dx + 0.5, dy + 0.5, size) - _disc_corner(dx - 0.5, dy + 0.5, size)
            - _disc_corner(dx + 0.5, dy - 0.5, size) + _disc_corner(dx - 0.5, dy - 0.5, size))
    return np.clip(area, 0.0, 1.0)  # the clip only removes rounding error


def render(config: ShapesConfig, centres: np.ndarray, sizes: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Noise-free float32 images (n, H, W) of the given shapes (slots with kind -1 are skipped)."""
    kinds = np.asarray(kinds)
    n, m = kinds.shape
    width = config.image_size
    out = np.zeros((n, width, width), dtype=np.float32)
    if not (kinds >= 0).any():
        return out
    # A shape of size s touches at most 2s + 2 pixels per axis; windows start at its first pixel,
    # shifted back inside the image where needed (the shape is inside, so it stays covered).
    span = min(width, int(math.ceil(2 * np.nanmax(np.where(kinds >= 0, sizes, np.nan)))) + 2)
    offsets = np.arange(span)
    for j in range(m):
        for kind in (DISC, SQUARE):
            rows = np.flatnonzero(kinds[:, j] == kind)
            if rows.size == 0:
                continue
            cx, cy, s = centres[rows, j, 0], centres[rows, j, 1], sizes[rows, j]
            xs = np.clip(np.floor(cx - s + 0.5).astype(np.int64), 0, width - span)[:, None] + offsets
            ys = np.clip(np.floor(cy - s + 0.5).astype(np.int64), 0, width - span)[:, None] + offsets
            value = _coverage(xs[:, None, :] - cx[:, None, None], ys[:, :, None] - cy[:, None, None],
                              s[:, None, None], kind, config.antialias)
            index = (rows[:, None, None], ys[:, :, None], xs[:, None, :])  # one window per image: no clashes
            out[index] = np.minimum(out[index] + value.astype(np.float32), np.float32(1.0))
    return out


# --------------------------------------------------------------------------- public API

def generate(config: ShapesConfig, n: int, seed: int | np.random.SeedSequence = 0) -> ShapesBatch:
    """n images with their labels; the same (config, n, seed) always gives the same arrays."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer (got {n!r})")
    rng = np.random.Generator(np.random.PCG64(seed if isinstance(seed, np.random.SeedSequence)
                                              else np.random.SeedSequence(seed)))
    counts = rng.integers(config.min_count, config.max_count + 1, size=n).astype(np.int64)
    kinds = _kinds(config, rng, counts)
    sizes = _sizes(config, rng, kinds)
    centres = _centres(config, rng, sizes, kinds)
    images = render(config, centres, sizes, kinds)
    if config.noise > 0:
        images += config.noise * rng.standard_normal(images.shape, dtype=np.float32)
        np.clip(images, 0.0, 1.0, out=images)
    if config.dtype == "uint8":
        images = np.floor(images * np.float32(255) + np.float32(0.5)).astype(np.uint8)
    return ShapesBatch(images, counts, centres, sizes, kinds, config)


def stream(config: ShapesConfig, batch_size: int, seed: int = 0, start: int = 0) -> Iterator[ShapesBatch]:
    """Endless batches; batch k is generate(config, batch_size, SeedSequence([seed, k])), so a
    stream resumed with start=k continues exactly where batch k would have been."""
    return _batches.stream(generate, config, batch_size, seed, start)


def save_npz(batch: ShapesBatch, path) -> None:
    """Write the batch (arrays and config) to a compressed .npz file."""
    _batches.save_npz(batch, path)


def load_npz(path) -> ShapesBatch:
    """Read a batch written by save_npz."""
    return _batches.load_npz(path, ShapesBatch, ShapesConfig)


def samples(n: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """``n`` images of the default configuration, each captioned with its count (what `lab show` draws)."""
    batch = generate(ShapesConfig(), n, seed)
    return batch.images, [f"{int(c)} shape{'' if c == 1 else 's'}" for c in batch.counts]
