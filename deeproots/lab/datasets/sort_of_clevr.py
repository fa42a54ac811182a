"""A small Sort-of-CLEVR (Santoro et al. 2017, "A simple neural network module for relational reasoning", §4).

Each image (white background) holds n_objects objects of distinct colours taken from the paper's six
(red, green, blue, orange, gray, yellow), each a filled square or a filled circle inscribed in an
object_size x object_size box, at random non-overlapping positions. Every image comes with q questions
about one of its objects, named by colour, encoded as the paper's 11-bit vectors:

    bits 0..5   one-hot colour of the referenced object (index into COLOURS)
    bits 6..7   one-hot kind: [non-relational, relational]
    bits 8..10  one-hot subtype
                non-relational: 0 shape of the object?  1 is it on the left half?  2 is it on the top half?
                relational:     0 shape of the object closest to it?  1 shape of the object furthest from it?
                                2 how many objects have its shape (itself included)?

Answers are class indices into ANSWERS = (square, circle, yes, no, 1, 2, 3, 4, 5, 6): the paper's ten.

Coordinates: x is the column, y the row; pixel (row i, column j) has its centre at (x=j, y=i). An
object's box has its top-left pixel at the returned integer position (x, y); its centre is
(x + (s - 1)/2, y + (s - 1)/2) and a circle covers the pixels whose centres lie within s/2 of it
(object_size >= 4, so a circle always lacks the square's corners). Distances are between centres.
Two promises keep every answer well defined: no centre lies on the image's vertical or horizontal
midline (those coordinates are never drawn), and no object has two others tied for closest or
for furthest (such layouts are redrawn).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from deeproots.lab.datasets import _batches
from deeproots.lab.datasets._checks import check_number, invalid

COLOURS = ("red", "green", "blue", "orange", "gray", "yellow")
RGB = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 156, 0], [128, 128, 128], [255, 255, 0]],
               dtype=np.float32) / 255  # the colours of the paper's reference implementation
SHAPES = ("square", "circle")
ANSWERS = ("square", "circle", "yes", "no", "1", "2", "3", "4", "5", "6")
QUESTION_TYPES = ("shape", "left", "top", "closest_shape", "furthest_shape", "count_same_shape")
QUESTION_SIZE = 11
YES, NO, ONE = 2, 3, 4  # answer indices; a count c is answer ONE + c - 1
_TRIES_PER_OBJECT = 64  # candidate positions for one object before its image is started again
_RESTARTS = 64  # fresh starts of the unlucky images before giving up


@dataclass(frozen=True)
class SortOfClevrConfig:
    image_size: int = 75
    """Side of the square image in pixels, 8..1024."""
    object_size: int = 10
    """Side of an object's box in pixels, 4..image_size // 2 (a circle of side < 4 would be a square)."""
    n_objects: int = 6
    """Objects per image, 2..6, all of different colours; at least a grid of them must fit."""
    min_gap: int = 1
    """Blank pixels kept between any two object boxes along x or y, 0..object_size."""
    questions: int = 12
    """Questions per image, 1..600; each of the 6 types is asked floor or ceil(questions / 6) times."""
    dtype: str = "float32"
    """"float32" (RGB in [0, 1]) or "uint8" (0..255, rounded)."""

    def __post_init__(self) -> None:
        check_number(self, "image_size", 8, 1024, integer=True)
        check_number(self, "object_size", 4, self.image_size // 2, integer=True)
        check_number(self, "min_gap", 0, self.object_size, integer=True)
        per_axis = (self.image_size + self.min_gap) // (self.object_size + self.min_gap)
        check_number(self, "n_objects", 2, min(6, per_axis * per_axis),
                     integer=True,
                     why=f" so that they fit as a grid of {self.object_size}px boxes {self.min_gap}px apart")
        check_number(self, "questions", 1, 600, integer=True)
        if self.dtype not in ("float32", "uint8"):
            raise invalid(self, "dtype", "'float32' or 'uint8'")


@dataclass
class SortOfClevrBatch:
    images: np.ndarray
    """(n, H, W, 3) RGB of the config's dtype."""
    questions: np.ndarray
    """(n, q, 11) float32 question vectors (see the module docstring)."""
    answers: np.ndarray
    """(n, q) int64 indices into ANSWERS."""
    positions: np.ndarray
    """(n, n_objects, 2) int64 top-left pixel (x, y) of each object's box."""
    colours: np.ndarray
    """(n, n_objects) int64 indices into COLOURS, distinct within an image."""
    shapes: np.ndarray
    """(n, n_objects) int64 indices into SHAPES (0 square, 1 circle)."""
    config: SortOfClevrConfig = field(default_factory=SortOfClevrConfig)


# --------------------------------------------------------------------------- geometry

def centres(config: SortOfClevrConfig, positions: np.ndarray) -> np.ndarray:
    """(..., 2) float64 centres (x, y) of the objects at the given top-left positions."""
    return np.asarray(positions, dtype=np.float64) + (config.object_size - 1) / 2


def _coordinates(cfg: SortOfClevrConfig, rng: np.random.Generator, shape) -> np.ndarray:
    """Uniform top-left coordinates, skipping the one whose centre would sit on the midline."""
    span = cfg.image_size - cfg.object_size + 1
    tie = (cfg.image_size - cfg.object_size) // 2 if (cfg.image_size - cfg.object_size) % 2 == 0 else span
    value = rng.integers(0, span - (tie < span), size=shape)
    return value + (value >= tie)  # shift past the midline coordinate: uniform over the others


def _tied(cfg: SortOfClevrConfig, positions: np.ndarray) -> np.ndarray:
    """(n,) True where some object has two others at the same (closest or furthest) distance."""
    k = cfg.n_objects
    if k < 3:  # one other object: it is both the closest and the furthest, nothing can tie
        return np.zeros(len(positions), dtype=bool)
    diff = positions[:, :, None, :] - positions[:, None, :, :]
    d2 = (diff * diff).sum(axis=-1)  # exact integers: centre offsets equal corner offsets
    other = np.sort(np.where(np.eye(k, dtype=bool), -1, d2), axis=2)[:, :, 1:]  # drop self (-1 sorts first)
    return ((other[:, :, 0] == other[:, :, 1]) | (other[:, :, -1] == other[:, :, -2])).any(axis=1)


def _place(cfg: SortOfClevrConfig, rng: np.random.Generator, n: int) -> np.ndarray:
    """(n, n_objects, 2) positions: boxes at least min_gap apart and no distance ties."""
    reach = cfg.object_size + cfg.min_gap
    pos = _coordinates(cfg, rng, (n, cfg.n_objects, 2))
    todo = np.arange(n)
    for _ in range(_RESTARTS):
        failed = np.zeros(len(todo), dtype=bool)
        for j in range(1, cfg.n_objects):  # add object j to every image, redrawing it until it fits
            need = np.flatnonzero(~failed)
            for _ in range(_TRIES_PER_OBJECT):
                rows = todo[need]
                gap = np.abs(pos[rows, j, None, :] - pos[rows, :j, :]).max(axis=2)
                need = need[(gap < reach).any(axis=1)]
                if need.size == 0:
                    break
                pos[todo[need], j] = _coordinates(cfg, rng, (need.size, 2))
            failed[need] = True
        failed |= _tied(cfg, pos[todo])
        todo = todo[failed]
        if todo.size == 0:
            return pos
        pos[todo] = _coordinates(cfg, rng, (todo.size, cfg.n_objects, 2))
    raise RuntimeError(f"could not place {cfg.n_objects} objects of {cfg.object_size}px, {cfg.min_gap}px apart, "
                       f"in a {cfg.image_size}px image: use fewer or smaller objects, or a larger image")


# --------------------------------------------------------------------------- questions and answers

def answer(config: SortOfClevrConfig, positions: np.ndarray, shapes: np.ndarray, obj: np.ndarray,
           qtype: np.ndarray) -> np.ndarray:
    """Answers (n, q) for questions of type qtype (index into QUESTION_TYPES) about object obj (n, q)."""
    n, q = obj.shape
    batch = np.arange(n)[:, None]
    c = centres(config, positions)
    diff = c[:, :, None, :] - c[:, None, :, :]
    d2 = (diff * diff).sum(axis=-1)
    eye = np.eye(config.n_objects, dtype=bool)
    closest = np.argmin(np.where(eye, np.inf, d2), axis=2)  # (n, k): per object, the nearest other one
    furthest = np.argmax(np.where(eye, -np.inf, d2), axis=2)
    same = (shapes[:, :, None] == shapes[:, None, :]).sum(axis=2)  # (n, k), itself included
    mid = (config.image_size - 1) / 2
    own = shapes[batch, obj]
    options = np.stack([
        own,                                                     # shape
        np.where(c[batch, obj, 0] < mid, YES, NO),               # left half?
        np.where(c[batch, obj, 1] < mid, YES, NO),               # top half?
        shapes[batch, closest[batch, obj]],                      # shape of the closest object
        shapes[batch, furthest[batch, obj]],                     # shape of the furthest object
        ONE - 1 + same[batch, obj],                              # objects with the same shape
    ], axis=-1)
    return np.take_along_axis(options, qtype[..., None], axis=-1)[..., 0].astype(np.int64)


def encode(colour: np.ndarray, qtype: np.ndarray) -> np.ndarray:
    """(..., 11) float32 question vectors for colour indices and question types of equal shape."""
    out = np.zeros(colour.shape + (QUESTION_SIZE,), dtype=np.float32)
    np.put_along_axis(out, colour[..., None], 1.0, axis=-1)
    np.put_along_axis(out, 6 + (qtype[..., None] >= 3), 1.0, axis=-1)
    np.put_along_axis(out, 8 + qtype[..., None] % 3, 1.0, axis=-1)
    return out


# --------------------------------------------------------------------------- public API

def render(config: SortOfClevrConfig, positions: np.ndarray, colours: np.ndarray, shapes: np.ndarray) -> np.ndarray:
    """float32 RGB images (n, H, W, 3) of the given (non-overlapping) objects on white."""
    positions, shapes = np.asarray(positions, dtype=np.int64), np.asarray(shapes, dtype=np.int64)
    n, s = len(positions), config.object_size
    out = np.ones((n, config.image_size, config.image_size, 3), dtype=np.float32)
    offs = np.arange(s)
    half = (s - 1) / 2
    disk = (offs[:, None] - half) ** 2 + (offs[None, :] - half) ** 2 <= (s / 2) ** 2
    masks = np.stack([np.ones((s, s), dtype=bool), disk])[shapes]  # (n, k, s, s)
    # One flat pixel index per object pixel: a single-index scatter is several times faster than
    # indexing (image, row, column) separately.
    size = config.image_size
    corner = (np.arange(n)[:, None] * size + positions[:, :, 1]) * size + positions[:, :, 0]  # (n, k)
    flat = corner[:, :, None, None] + (offs[:, None] * size + offs[None, :])  # (n, k, s, s)
    colour = np.repeat(np.asarray(colours).ravel(), masks.sum(axis=(2, 3)).ravel())  # same order as flat[masks]
    out.reshape(-1, 3)[flat[masks]] = RGB[colour]
    return out


def generate(config: SortOfClevrConfig, n: int, seed: int | np.random.SeedSequence = 0) -> SortOfClevrBatch:
    """n images with their questions and answers; the same (config, n, seed) always gives the same arrays."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer (got {n!r})")
    rng = np.random.Generator(np.random.PCG64(seed if isinstance(seed, np.random.SeedSequence)
                                              else np.random.SeedSequence(seed)))
    k, q = config.n_objects, config.questions
    colours = np.argsort(rng.random((n, len(COLOURS))), axis=1)[:, :k].astype(np.int64)  # distinct colours
    shapes = rng.integers(0, 2, size=(n, k)).astype(np.int64)
    positions = _place(config, rng, n)
    # Types cycle from a random offset (so each is asked equally often), then are shuffled in the image.
    cycled = (np.arange(q) + rng.integers(0, 6, size=(n, 1))) % 6
    qtype = np.take_along_axis(cycled, np.argsort(rng.random((n, q)), axis=1), axis=1)
    obj = rng.integers(0, k, size=(n, q))
    questions = encode(np.take_along_axis(colours, obj, axis=1), qtype)
    answers = answer(config, positions, shapes, obj, qtype)
    images = render(config, positions, colours, shapes)
    if config.dtype == "uint8":
        images = np.floor(images * np.float32(255) + np.float32(0.5)).astype(np.uint8)
    return SortOfClevrBatch(images, questions, answers, positions, colours, shapes, config)


def stream(config: SortOfClevrConfig, batch_size: int, seed: int = 0, start: int = 0) -> Iterator[SortOfClevrBatch]:
    """Endless batches; batch k is generate(config, batch_size, SeedSequence([seed, k])), so a
    stream resumed with start=k continues exactly where batch k would have been."""
    return _batches.stream(generate, config, batch_size, seed, start)


def save_npz(batch: SortOfClevrBatch, path) -> None:
    """Write the batch (arrays and config) to a compressed .npz file."""
    _batches.save_npz(batch, path)


def load_npz(path) -> SortOfClevrBatch:
    """Read a batch written by save_npz."""
    return _batches.load_npz(path, SortOfClevrBatch, SortOfClevrConfig)


def samples(n: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """``n`` images of the default configuration, uncaptioned (what `lab show` draws)."""
    batch = generate(SortOfClevrConfig(), n, seed)
    return batch.images, ["" for _ in batch.images]
