"""The texture-vs-shape data set: each split keeps its label rule, every silhouette is its shape,
every fill is its texture, the seed decides everything, and shape_bias counts the right decisions."""
from __future__ import annotations

import dataclasses
import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deeproots.lab.datasets.texture_shape import (SHAPES, TEXTURES, TextureShapeConfig, generate, load_npz, render,
                                                   save_npz, shape_bias, stream)

H_STRIPES, V_STRIPES, CHECKER, DOTS, DIAGONAL, GRAIN = range(6)
assert TEXTURES == ("hstripes", "vstripes", "checker", "dots", "diagonal", "grain")


def silhouette(shape: str, cx: float, cy: float, size: float, image_size: int, slack: float = 0.0) -> np.ndarray:
    """The shape's pixels, written from the definitions (not the module's code), with every
    inequality loosened by slack pixels (tightened if negative): pixel centres can lie exactly on
    an edge (a shape touching the border), where two ways of rounding may disagree."""
    ys, xs = np.mgrid[0:image_size, 0:image_size].astype(float)
    r, e = size / 2, slack
    x, y = xs - cx, ys - cy
    d = np.hypot(x, y)
    if shape == "disc":
        return d <= r + e
    if shape == "square":
        return np.maximum(abs(x), abs(y)) <= r + e
    if shape == "triangle":  # apex (0, -r), base corners (-r, r) and (r, r): the sides have slope 2
        return (ys <= cy + r + e) & (abs(x) <= (ys - (cy - r)) / 2 + e)
    if shape == "cross":
        arm = r / 3
        return (np.maximum(abs(x), abs(y)) <= r + e) & (np.minimum(abs(x), abs(y)) <= arm + e)
    if shape == "ring":
        return (d <= r + e) & (d >= r / 2 - e)
    if shape == "diamond":
        return abs(x) + abs(y) <= r + e
    raise AssertionError(shape)


def assert_is_silhouette(drawn: np.ndarray, shape: str, cx: float, cy: float, size: float) -> None:
    inner = silhouette(shape, cx, cy, size, len(drawn), -1e-9)
    outer = silhouette(shape, cx, cy, size, len(drawn), 1e-9)
    assert (inner <= drawn).all() and (drawn <= outer).all(), shape
    assert (outer & ~inner).sum() <= 4 * len(drawn)  # the ties are confined to edges


def periodic_texture(texture: int, f: float, pa: float, pb: float, image_size: int):
    """(tone, reliable) for the five periodic textures, from their definitions; reliable is False
    within 1e-9 of a tone boundary, where two ways of rounding may disagree."""
    ys, xs = np.mgrid[0:image_size, 0:image_size].astype(float)

    def half(t):  # light in the first half of each period
        phase = t - np.floor(t)
        return phase < 0.5, np.minimum(abs(phase - 0.5), np.minimum(phase, 1 - phase)) > 1e-9

    if texture == H_STRIPES:
        return half(ys * f + pa)
    if texture == V_STRIPES:
        return half(xs * f + pa)
    if texture == DIAGONAL:
        return half((xs + ys) * f / math.sqrt(2) + pa)
    if texture == CHECKER:
        (a, ok_a), (b, ok_b) = half(xs * f + pa), half(ys * f + pb)
        return a != b, ok_a & ok_b
    if texture == DOTS:
        u, v = xs * f + pa, ys * f + pb
        dist = np.hypot(u - np.round(u), v - np.round(v))  # to the nearest lattice point, in periods
        return dist <= 0.3, abs(dist - 0.3) > 1e-9
    raise AssertionError(texture)


def classify_texture(image: np.ndarray, background: float) -> int:
    """The texture of the filled pixels from parameter-free invariants of the 0/1 pattern."""
    on, mask = image == 1, image != background
    quad = mask[1:, 1:] & mask[:-1, 1:] & mask[1:, :-1] & mask[:-1, :-1]
    a, b, c, d = on[:-1, :-1], on[:-1, 1:], on[1:, :-1], on[1:, 1:]

    def constant_along(p, q, mp, mq):  # every pair of filled pixels along this step agrees
        return bool((p == q)[mp & mq].all())

    along_x = constant_along(on[:, 1:], on[:, :-1], mask[:, 1:], mask[:, :-1])
    along_y = constant_along(on[1:], on[:-1], mask[1:], mask[:-1])
    if along_x and not along_y:
        return H_STRIPES
    if along_y and not along_x:
        return V_STRIPES
    if constant_along(on[1:, :-1], on[:-1, 1:], mask[1:, :-1], mask[:-1, 1:]):  # along x + y = const
        return DIAGONAL
    if not (a ^ b ^ c ^ d)[quad].any():  # separable: tone = g(x) xor h(y)
        return CHECKER
    # Round dots (on a lattice wider than their diameter + 1) never make a 2x2 block lit on one
    # diagonal only; uniform grain does in one block in eight.
    if not ((a == d) & (b == c) & (a != b))[quad].any():
        return DOTS
    return GRAIN


def check_batch(cfg: TextureShapeConfig, batch) -> None:
    n, k = len(batch.shape_labels), cfg.n_classes
    assert batch.images.shape == (n, cfg.image_size, cfg.image_size)
    assert batch.images.dtype == np.dtype(cfg.dtype)
    assert batch.shape_labels.dtype == batch.texture_labels.dtype == np.int64
    assert ((batch.shape_labels >= 0) & (batch.shape_labels < k)).all()
    assert ((batch.texture_labels >= 0) & (batch.texture_labels < k)).all()
    assert np.array_equal(batch.labels, batch.shape_labels)
    if cfg.split == "train":
        assert np.array_equal(batch.shape_labels, batch.texture_labels)
    elif cfg.split == "cue-conflict":
        assert (batch.shape_labels != batch.texture_labels).all()
    cx, cy, size = batch.geometry.T
    assert ((size >= cfg.min_size) & (size <= cfg.max_size)).all()
    for c in (cx, cy):
        assert (c - size / 2 >= -1e-9).all() and (c + size / 2 <= cfg.image_size - 1 + 1e-9).all()
    f, pa, pb = batch.texture_params.T
    assert ((f >= cfg.min_frequency) & (f <= cfg.max_frequency)).all()
    assert ((pa >= 0) & (pa < 1) & (pb >= 0) & (pb < 1)).all()
    assert ((batch.grain_keys >= 0) & (batch.grain_keys < 2**32)).all()


def check_silhouettes(cfg: TextureShapeConfig, batch) -> None:
    """Without noise the drawn pixels (not background) are exactly the labelled shape's."""
    background = np.float32(cfg.background)
    if cfg.dtype == "uint8":  # rounded as the images are
        background = np.uint8(np.floor(background * np.float32(255) + np.float32(0.5)))
    for image, shape, (cx, cy, size) in zip(batch.images, batch.shape_labels, batch.geometry):
        drawn = image != background
        assert_is_silhouette(drawn, SHAPES[shape], cx, cy, size)


@pytest.mark.parametrize("k", [2, 4, 6])
def test_train_split_shape_and_texture_agree_and_classes_are_balanced(k):
    cfg = TextureShapeConfig(n_classes=k)
    batch = generate(cfg, 30 * k + 1, seed=1)
    check_batch(cfg, batch)
    counts = np.bincount(batch.shape_labels, minlength=k)
    assert counts.min() == 30 and counts.max() == 31 and counts.sum() == 30 * k + 1


@pytest.mark.parametrize("k", [2, 3, 4, 6])
def test_cue_conflict_uses_every_ordered_pair_equally_often(k):
    cfg = TextureShapeConfig(n_classes=k, split="cue-conflict")
    pairs = k * (k - 1)
    batch = generate(cfg, 7 * pairs, seed=2)
    check_batch(cfg, batch)
    seen = Counter(zip(batch.shape_labels.tolist(), batch.texture_labels.tolist()))
    assert seen == {(i, j): 7 for i in range(k) for j in range(k) if i != j}
    ragged = generate(cfg, 3 * pairs + pairs // 2, seed=3)  # n not a multiple: counts differ by at most one
    seen = Counter(zip(ragged.shape_labels.tolist(), ragged.texture_labels.tolist()))
    assert len(seen) == pairs and set(seen.values()) == {3, 4} and (ragged.shape_labels != ragged.texture_labels).all()


def test_stylised_texture_is_uniform_and_independent_of_the_shape():
    k, n = 4, 8000
    cfg = TextureShapeConfig(n_classes=k, split="stylised", image_size=16, min_size=8, max_size=12, min_frequency=0.25)
    batch = generate(cfg, n, seed=4)
    check_batch(cfg, batch)
    table = np.zeros((k, k))
    np.add.at(table, (batch.shape_labels, batch.texture_labels), 1)
    assert np.array_equal(table.sum(axis=1), np.full(k, n // k))  # shapes balanced exactly
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / n
    assert ((table - expected) ** 2 / expected).sum() < 27.9  # chi2, 9 dof, p = 0.001: independence
    cols = table.sum(axis=0)
    assert ((cols - n / k) ** 2 / (n / k)).sum() < 16.3  # chi2, 3 dof, p = 0.001: uniform textures
    assert abs((batch.shape_labels == batch.texture_labels).mean() - 1 / k) < 0.03  # texture says nothing


@pytest.mark.parametrize("split", ["train", "cue-conflict", "stylised"])
def test_every_silhouette_is_its_labelled_shape(split):
    cfg = TextureShapeConfig(n_classes=6, split=split)
    batch = generate(cfg, 240, seed=5)
    check_batch(cfg, batch)
    check_silhouettes(cfg, batch)
    assert set(batch.shape_labels.tolist()) == set(range(6))


def test_the_shapes_are_distinct_at_every_size():
    for size in (8.0, 12.5, 31.0):
        masks = [silhouette(name, 15.6, 15.2, size, 32) for name in SHAPES]
        geometry = np.tile([15.6, 15.2, size], (len(SHAPES), 1))
        drawn = render(TextureShapeConfig(n_classes=6), np.arange(6), np.zeros(6, int), geometry,
                       np.tile([0.25, 0.0, 0.0], (6, 1)), np.zeros(6, int)) != np.float32(0.5)
        for i in range(len(SHAPES)):
            assert_is_silhouette(drawn[i], SHAPES[i], 15.6, 15.2, size)
            for j in range(i):
                assert (masks[i] != masks[j]).sum() >= 4, (SHAPES[i], SHAPES[j], size)


def test_every_fill_is_its_labelled_texture_by_re_rendering():
    cfg = TextureShapeConfig(n_classes=6, split="stylised")
    batch = generate(cfg, 300, seed=6)
    grain = []
    for image, texture, (f, pa, pb) in zip(batch.images, batch.texture_labels, batch.texture_params):
        filled = image != np.float32(cfg.background)
        assert set(np.unique(image[filled]).tolist()) == {0.0, 1.0}  # both tones show in every shape
        if texture == GRAIN:
            grain.append(image[filled])
            continue
        tone, reliable = periodic_texture(texture, f, pa, pb, cfg.image_size)
        check = filled & reliable
        assert check.sum() > 0.99 * filled.sum()
        assert np.array_equal(image[check] == 1, tone[check]), TEXTURES[texture]
    grain = np.concatenate(grain)
    assert len(grain) > 5000 and abs(grain.mean() - 0.5) < 0.02  # fair grain


@pytest.mark.parametrize("split", ["stylised", "cue-conflict"])
def test_every_fill_is_its_labelled_texture_by_a_statistic(split):
    cfg = TextureShapeConfig(n_classes=6, split=split)
    batch = generate(cfg, 600, seed=7)
    found = np.array([classify_texture(image, cfg.background) for image in batch.images])
    assert np.array_equal(found, batch.texture_labels)
    assert set(found.tolist()) == set(range(6))


def test_images_are_the_rendered_geometry_and_noise_is_added_on_top():
    clean_cfg = TextureShapeConfig(n_classes=5, split="cue-conflict")
    clean = generate(clean_cfg, 100, seed=8)
    again = render(clean_cfg, clean.shape_labels, clean.texture_labels, clean.geometry, clean.texture_params,
                   clean.grain_keys)
    assert np.array_equal(again, clean.images)
    noisy = generate(dataclasses.replace(clean_cfg, noise=0.1), 100, seed=8)
    for name in ("shape_labels", "texture_labels", "geometry", "texture_params", "grain_keys"):
        assert np.array_equal(getattr(noisy, name), getattr(clean, name))
    diff = noisy.images - clean.images
    assert (noisy.images >= 0).all() and (noisy.images <= 1).all()
    assert 0.05 < np.abs(diff).mean() < 0.1


def test_the_seed_decides_everything_and_streams_resume():
    cfg = TextureShapeConfig(split="stylised", noise=0.05)
    a, b, c = generate(cfg, 64, seed=7), generate(cfg, 64, seed=7), generate(cfg, 64, seed=8)
    for name in ("images", "shape_labels", "texture_labels", "geometry", "texture_params", "grain_keys"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.images, c.images)
    first = stream(cfg, 16, seed=3)
    batches = [next(first) for _ in range(3)]
    resumed = next(stream(cfg, 16, seed=3, start=2))
    assert np.array_equal(resumed.images, batches[2].images)
    assert np.array_equal(batches[1].images, generate(cfg, 16, np.random.SeedSequence([3, 1])).images)
    assert not np.array_equal(batches[0].images, batches[1].images)
    assert generate(cfg, 0, seed=1).images.shape == (0, 32, 32)


def test_uint8_is_the_rounded_float32_image():
    for extra in ({}, {"noise": 0.1, "background": 0.3}):
        f = generate(TextureShapeConfig(**extra), 50, seed=9)
        u = generate(TextureShapeConfig(dtype="uint8", **extra), 50, seed=9)
        assert u.images.dtype == np.uint8
        assert np.array_equal(u.geometry, f.geometry)
        assert np.abs(u.images.astype(np.float64) - f.images * 255.0).max() <= 0.5 + 1e-3
    cfg = TextureShapeConfig(dtype="uint8", background=0.7)
    check_silhouettes(cfg, generate(cfg, 50, seed=9))


def test_npz_round_trip(tmp_path):
    cfg = TextureShapeConfig(dtype="uint8", split="cue-conflict", n_classes=3, noise=0.02)
    batch = generate(cfg, 20, seed=10)
    save_npz(batch, tmp_path / "ts.npz")
    back = load_npz(tmp_path / "ts.npz")
    assert back.config == cfg
    for name in ("images", "shape_labels", "texture_labels", "geometry", "texture_params", "grain_keys"):
        assert np.array_equal(getattr(back, name), getattr(batch, name))


def test_shape_bias_on_hand_examples():
    shape, texture = np.array([0, 0, 1, 1, 2]), np.array([1, 2, 0, 2, 0])
    assert shape_bias([0, 0, 1, 1, 2], shape, texture) == 1.0
    assert shape_bias([1, 2, 0, 2, 0], shape, texture) == 0.0
    assert shape_bias([0, 2, 1, 3, 3], shape, texture) == pytest.approx(2 / 3)  # two "neither" ignored
    assert shape_bias([0, 2, 3, 3, 3], shape, texture) == 0.5
    scores = np.eye(4)[[0, 2, 1, 3, 3]] + 0.01  # (n, K) scores: argmax taken
    assert shape_bias(scores, shape, texture) == pytest.approx(2 / 3)
    assert shape_bias([1], [1], [1]) == 1.0  # a matching prediction on shape == texture is a shape decision


def test_shape_bias_edge_cases():
    assert math.isnan(shape_bias([3, 3], [0, 1], [1, 2]))  # no decision names either cue
    assert math.isnan(shape_bias([], [], []))
    with pytest.raises(ValueError, match="1-D of one length"):
        shape_bias([0, 1], [0, 1, 2], [1, 2, 0])
    with pytest.raises(ValueError, match="1-D of one length"):
        shape_bias(np.zeros((2, 2, 2)), [0, 1], [1, 0])


@pytest.mark.parametrize("kwargs, name", [
    ({"image_size": 8}, "image_size"),
    ({"image_size": 32.0}, "image_size"),
    ({"n_classes": 1}, "n_classes"),
    ({"n_classes": 7}, "n_classes"),
    ({"n_classes": True}, "n_classes"),
    ({"split": "test"}, "split"),
    ({"min_size": 6.0}, "min_size"),
    ({"min_size": 32.0}, "min_size"),
    ({"min_size": 20.0, "max_size": 16.0}, "max_size"),
    ({"max_size": 40.0}, "max_size"),
    ({"max_frequency": 0.5}, "max_frequency"),
    ({"min_frequency": 0.1}, "min_frequency"),
    ({"min_frequency": 0.3, "max_frequency": 0.25}, "min_frequency"),
    ({"background": 0.0}, "background"),
    ({"background": 1.0}, "background"),
    ({"noise": -0.1}, "noise"),
    ({"dtype": "float64"}, "dtype"),
])
def test_every_invalid_setting_is_a_one_line_error_naming_it(kwargs, name):
    with pytest.raises(ValueError) as info:
        TextureShapeConfig(**kwargs)
    message = str(info.value)
    assert f"TextureShapeConfig.{name} must be" in message and "\n" not in message


def test_generate_rejects_a_negative_n():
    with pytest.raises(ValueError, match="n must be"):
        generate(TextureShapeConfig(), -1)


@st.composite
def configs(draw):
    size = draw(st.integers(16, 40))
    min_size = draw(st.floats(8.0, size - 1.0))
    max_size = draw(st.floats(min_size, size - 1.0))
    lo = 2.0 / min_size
    max_frequency = draw(st.floats(lo, 1 / 3))
    min_frequency = draw(st.floats(lo, max_frequency))
    return TextureShapeConfig(image_size=size, n_classes=draw(st.integers(2, 6)),
                              split=draw(st.sampled_from(["train", "cue-conflict", "stylised"])),
                              min_size=min_size, max_size=max_size, min_frequency=min_frequency,
                              max_frequency=max_frequency, background=draw(st.sampled_from([0.25, 0.5, 0.7])),
                              dtype=draw(st.sampled_from(["float32", "uint8"])))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs(), seed=st.integers(0, 2**32 - 1))
def test_any_valid_config_keeps_its_labels_silhouettes_and_seed(cfg, seed):
    batch = generate(cfg, 12, seed=seed)
    check_batch(cfg, batch)
    check_silhouettes(cfg, batch)
    if cfg.split == "cue-conflict" and cfg.n_classes == 2:
        assert np.bincount(batch.shape_labels, minlength=2).tolist() == [6, 6]
    assert np.array_equal(generate(cfg, 12, seed=seed).images, batch.images)
