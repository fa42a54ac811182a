"""Texture versus shape: which cue does a CNN use when the two disagree?

After Geirhos et al. (2019, ICLR), "ImageNet-trained CNNs are biased towards texture", sections 2-3.
Each image is one of K silhouettes (disc, square, triangle, cross, ring, diamond) filled with one
of K two-tone textures (horizontal stripes, vertical stripes, checkerboard, dots, diagonal stripes,
noise grain) on a flat grey background. Three splits:

* "train": texture i always fills shape i, so either cue predicts the label;
* "cue-conflict": shape i filled with texture j != i, every ordered pair equally often (exactly so
  when n is a multiple of K(K-1)), with both labels kept, so that shape_bias() can be computed;
* "stylised": the texture is drawn uniformly and independently of the shape (as in
  Stylized-ImageNet), so only the shape predicts the label.

The class label is always the shape label; texture_labels say which texture fills the shape.

Coordinates: x is the column, y the row, and pixel (row i, column j) is sampled at its centre
(x=j, y=i). Masks and textures are binary and point-sampled (no antialiasing): texture pixels are
exactly 0 or 1 and the background exactly `background` (strictly between), so with noise=0 the
silhouette can be read back from the image as `image != background` - which the tests use.
Every shape spans [cx - s/2, cx + s/2] x [cy - s/2, cy + s/2] for its size s, and the textures
are anchored to the image (not to the shape) with a random phase. Rendering is vectorised NumPy.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from deeproots.lab.datasets import _batches
from deeproots.lab.datasets._checks import check_number, invalid

SHAPES = ("disc", "square", "triangle", "cross", "ring", "diamond")
TEXTURES = ("hstripes", "vstripes", "checker", "dots", "diagonal", "grain")
SPLITS = ("train", "cue-conflict", "stylised")
DOT_RADIUS = 0.3  # dot radius as a fraction of the lattice period: a gap of 0.4 periods between rows
_CHUNK = 512  # images rendered at once (bounds the float64 temporaries to a few MiB at 32 px)


@dataclass(frozen=True)
class TextureShapeConfig:
    image_size: int = 32
    """Side of the square image in pixels, 16..1024."""
    n_classes: int = 4
    """K: shapes SHAPES[:K] and textures TEXTURES[:K] are used, 2..6."""
    split: str = "train"
    """"train" (texture i fills shape i), "cue-conflict" (texture j != i, balanced ordered pairs)
    or "stylised" (texture uniform and independent of the shape)."""
    min_size: float = 12.0
    """Smallest shape (side or diameter) in pixels, 8..image_size-1."""
    max_size: float = 24.0
    """Largest shape in pixels, min_size..image_size-1; the size is uniform over [min_size, max_size]."""
    min_frequency: float = 1 / 6
    """Lowest texture frequency in cycles per pixel, 2/min_size..max_frequency: at least two
    periods fit in the smallest shape, so every texture shows its pattern."""
    max_frequency: float = 1 / 3
    """Highest texture frequency, min_frequency..1/3: a period of at least 3 pixels keeps the
    point-sampled patterns (and every dot) visible; uniform over [min_frequency, max_frequency]."""
    background: float = 0.5
    """Grey level of the background, strictly between 0 and 1 (the two texture tones)."""
    noise: float = 0.0
    """Standard deviation of Gaussian noise added to the [0, 1] intensities (then clipped), >= 0."""
    dtype: str = "float32"
    """"float32" (intensities in [0, 1]) or "uint8" (0..255, rounded)."""

    def __post_init__(self) -> None:
        check_number(self, "image_size", 16, 1024, integer=True)
        check_number(self, "n_classes", 2, len(SHAPES), integer=True)
        if self.split not in SPLITS:
            raise invalid(self, "split", "'train', 'cue-conflict' or 'stylised'")
        check_number(self, "min_size", 8.0, self.image_size - 1)
        check_number(self, "max_size", self.min_size, self.image_size - 1)
        check_number(self, "max_frequency", 2.0 / self.min_size, 1 / 3)
        check_number(self, "min_frequency", 2.0 / self.min_size, self.max_frequency)
        b = self.background
        if isinstance(b, bool) or not isinstance(b, (int, float, np.number)) or not 0 < b < 1:
            raise invalid(self, "background", "a number in (0, 1)")
        check_number(self, "noise", 0.0, math.inf)
        if self.dtype not in ("float32", "uint8"):
            raise invalid(self, "dtype", "'float32' or 'uint8'")


@dataclass
class TextureShapeBatch:
    images: np.ndarray
    """(n, H, W) of the config's dtype."""
    shape_labels: np.ndarray
    """(n,) int64 index into SHAPES: the class label."""
    texture_labels: np.ndarray
    """(n,) int64 index into TEXTURES: the texture filling the shape."""
    geometry: np.ndarray
    """(n, 3) float64 rows (cx, cy, size): the shape's centre and its side or diameter in pixels."""
    texture_params: np.ndarray
    """(n, 3) float64 rows (frequency in cycles/px, phase_a, phase_b in cycles, [0, 1))."""
    grain_keys: np.ndarray
    """(n,) int64 in [0, 2**32): seeds the noise-grain texture's pixel hash (unused by the others)."""
    config: TextureShapeConfig = field(default_factory=TextureShapeConfig)

    @property
    def labels(self) -> np.ndarray:
        """The class labels (the shapes)."""
        return self.shape_labels


# --------------------------------------------------------------------------- labels

def _balanced(rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    """n values in range(m), each n // m times plus a random remainder without repeats, shuffled."""
    values = np.concatenate([np.tile(np.arange(m), n // m), rng.permutation(m)[:n % m]])
    return rng.permutation(values).astype(np.int64)


def _labels(cfg: TextureShapeConfig, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    k = cfg.n_classes
    if cfg.split == "train":
        shapes = _balanced(rng, n, k)
        return shapes, shapes.copy()
    if cfg.split == "cue-conflict":
        pair = _balanced(rng, n, k * (k - 1))  # pair p = (i, j) with j != i, enumerated row by row
        shapes, rest = pair // (k - 1), pair % (k - 1)
        return shapes, rest + (rest >= shapes)  # skip the diagonal j == i
    shapes = _balanced(rng, n, k)
    return shapes, rng.integers(0, k, size=n).astype(np.int64)


# --------------------------------------------------------------------------- rendering

def shape_masks(shape_labels: np.ndarray, geometry: np.ndarray, image_size: int) -> np.ndarray:
    """(n, H, W) bool silhouettes of the given shapes, sampled at pixel centres."""
    ys, xs = np.mgrid[0:image_size, 0:image_size].astype(np.float64)
    cx, cy, size = (geometry[:, i, None, None] for i in range(3))
    r = size / 2
    dx, dy = xs - cx, ys - cy
    adx, ady = np.abs(dx), np.abs(dy)
    dist2 = dx * dx + dy * dy
    out = np.zeros((len(shape_labels), image_size, image_size), dtype=bool)
    masks = {  # each computed over the whole batch, then only the matching images are kept
        "disc": lambda s: dist2[s] <= r[s] ** 2,
        "square": lambda s: (adx[s] <= r[s]) & (ady[s] <= r[s]),
        # apex (cx, cy - r), base from (cx - r, cy + r) to (cx + r, cy + r)
        "triangle": lambda s: (2 * adx[s] <= dy[s] + r[s]) & (dy[s] <= r[s]),
        # plus sign with arms a third of the size wide
        "cross": lambda s: ((adx[s] <= r[s] / 3) & (ady[s] <= r[s])) | ((ady[s] <= r[s] / 3) & (adx[s] <= r[s])),
        "ring": lambda s: (dist2[s] <= r[s] ** 2) & (4 * dist2[s] >= r[s] ** 2),
        "diamond": lambda s: adx[s] + ady[s] <= r[s],
    }
    for index, name in enumerate(SHAPES):
        select = shape_labels == index
        if select.any():
            out[select] = masks[name](select)
    return out


def _hash01(xs: np.ndarray, ys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """A fair bit per (pixel, key) from a 32-bit integer hash (murmur3's finaliser): the grain
    texture is a pure function of its key, so render() redraws it exactly without storing it."""
    h = (keys.astype(np.uint32) * np.uint32(0x9E3779B1)) ^ (xs.astype(np.uint32) * np.uint32(0x85EBCA6B)) \
        ^ (ys.astype(np.uint32) * np.uint32(0xC2B2AE35))
    for shift, mult in ((16, 0x85EBCA6B), (13, 0xC2B2AE35)):
        h = (h ^ (h >> np.uint32(shift))) * np.uint32(mult)
    h ^= h >> np.uint32(16)
    return (h >> np.uint32(31)).astype(bool)


def textures(texture_labels: np.ndarray, texture_params: np.ndarray, grain_keys: np.ndarray,
             image_size: int) -> np.ndarray:
    """(n, H, W) bool two-tone textures over the whole image (True = tone 1)."""
    ys, xs = np.mgrid[0:image_size, 0:image_size].astype(np.float64)
    f, pa, pb = (texture_params[:, i, None, None] for i in range(3))
    out = np.zeros((len(texture_labels), image_size, image_size), dtype=bool)

    def stripes(s, coordinate, phase):  # light half of each period
        return np.mod(coordinate * f[s] + phase[s], 1.0) < 0.5

    def dots(s):  # a square lattice of discs, radius DOT_RADIUS periods, centred on the phase offsets
        u, v = np.mod(xs * f[s] + pa[s], 1.0), np.mod(ys * f[s] + pb[s], 1.0)
        du, dv = np.minimum(u, 1 - u), np.minimum(v, 1 - v)  # lattice distance in periods
        return du * du + dv * dv <= DOT_RADIUS ** 2

    patterns = {
        "hstripes": lambda s: stripes(s, ys, pa),
        "vstripes": lambda s: stripes(s, xs, pa),
        "checker": lambda s: stripes(s, xs, pa) ^ stripes(s, ys, pb),
        "dots": dots,
        # constant along x + y = const; (x + y) / sqrt(2) is the distance across the stripes
        "diagonal": lambda s: stripes(s, (xs + ys) / math.sqrt(2), pa),
        "grain": lambda s: _hash01(xs, ys, grain_keys[s, None, None]),
    }
    for index, name in enumerate(TEXTURES):
        select = texture_labels == index
        if select.any():
            out[select] = patterns[name](select)
    return out


def render(config: TextureShapeConfig, shape_labels: np.ndarray, texture_labels: np.ndarray,
           geometry: np.ndarray, texture_params: np.ndarray, grain_keys: np.ndarray) -> np.ndarray:
    """Noise-free float32 images (n, H, W): texture (0 or 1) inside the shape, background outside."""
    shape_labels = np.asarray(shape_labels, dtype=np.int64)
    texture_labels = np.asarray(texture_labels, dtype=np.int64)
    geometry = np.asarray(geometry, dtype=np.float64)
    texture_params = np.asarray(texture_params, dtype=np.float64)
    grain_keys = np.asarray(grain_keys, dtype=np.int64)
    size = config.image_size
    out = np.empty((len(shape_labels), size, size), dtype=np.float32)
    for start in range(0, len(shape_labels), _CHUNK):
        part = slice(start, start + _CHUNK)
        mask = shape_masks(shape_labels[part], geometry[part], size)
        tone = textures(texture_labels[part], texture_params[part], grain_keys[part], size)
        out[part] = np.where(mask, tone.astype(np.float32), np.float32(config.background))
    return out


# --------------------------------------------------------------------------- public API

def generate(config: TextureShapeConfig, n: int, seed: int | np.random.SeedSequence = 0) -> TextureShapeBatch:
    """n images of the config's split with their labels; the same (config, n, seed) gives the same arrays."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer (got {n!r})")
    rng = np.random.Generator(np.random.PCG64(seed if isinstance(seed, np.random.SeedSequence)
                                              else np.random.SeedSequence(seed)))
    shapes, texture_labels = _labels(config, rng, n)
    size = rng.uniform(config.min_size, config.max_size, size=n)
    # the whole shape, [c - size/2, c + size/2], lies within the pixel centres 0..image_size-1
    cx, cy = (size / 2 + rng.random(n) * (config.image_size - 1 - size) for _ in range(2))
    geometry = np.stack([cx, cy, size], axis=1)
    texture_params = np.stack([rng.uniform(config.min_frequency, config.max_frequency, size=n),
                               rng.random(n), rng.random(n)], axis=1)
    grain_keys = rng.integers(0, 2**32, size=n, dtype=np.int64)
    images = render(config, shapes, texture_labels, geometry, texture_params, grain_keys)
    if config.noise > 0:
        images += config.noise * rng.standard_normal(images.shape, dtype=np.float32)
        np.clip(images, 0.0, 1.0, out=images)
    if config.dtype == "uint8":
        images = np.floor(images * np.float32(255) + np.float32(0.5)).astype(np.uint8)
    return TextureShapeBatch(images, shapes, texture_labels, geometry, texture_params, grain_keys, config)


def stream(config: TextureShapeConfig, batch_size: int, seed: int = 0, start: int = 0) -> Iterator[TextureShapeBatch]:
    """Endless batches; batch k is generate(config, batch_size, SeedSequence([seed, k])), so a
    stream resumed with start=k continues exactly where batch k would have been."""
    return _batches.stream(generate, config, batch_size, seed, start)


def shape_bias(pred, shape_labels, texture_labels) -> float:
    """Geirhos et al.'s shape bias: among the predictions that name the shape or the texture,
    the fraction that name the shape (predictions naming neither are ignored); nan if none do.

    pred is (n,) predicted classes or (n, K) scores (argmax taken). Meant for cue-conflict images:
    where shape == texture a matching prediction counts as a shape decision only.
    """
    pred, shape_labels, texture_labels = (np.asarray(a) for a in (pred, shape_labels, texture_labels))
    if pred.ndim == 2:
        pred = pred.argmax(axis=1)
    if not pred.ndim == shape_labels.ndim == texture_labels.ndim == 1 \
            or not len(pred) == len(shape_labels) == len(texture_labels):
        raise ValueError(f"pred, shape_labels and texture_labels must be 1-D of one length (or pred (n, K) "
                         f"scores); got shapes {pred.shape}, {shape_labels.shape}, {texture_labels.shape}")
    is_shape = pred == shape_labels
    decided = is_shape | (pred == texture_labels)
    return float(is_shape[decided].mean()) if decided.any() else float("nan")


def save_npz(batch: TextureShapeBatch, path) -> None:
    """Write the batch (arrays and config) to a compressed .npz file."""
    _batches.save_npz(batch, path)


def load_npz(path) -> TextureShapeBatch:
    """Read a batch written by save_npz."""
    return _batches.load_npz(path, TextureShapeBatch, TextureShapeConfig)


def samples(n: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """``n`` images of the default configuration, each captioned with its shape and texture (what `lab show` draws)."""
    batch = generate(TextureShapeConfig(), n, seed)
    return batch.images, [f"shape: {SHAPES[s]}\ntexture: {TEXTURES[t]}"
                          for s, t in zip(batch.shape_labels, batch.texture_labels)]
