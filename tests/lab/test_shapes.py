"""The dots / shapes data set: labels match images, seeds decide everything, every mode keeps its promise."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import ndimage
from scipy.spatial import distance

from deeproots.lab.datasets import shapes
from deeproots.lab.datasets.shapes import DISC, SQUARE, ShapesConfig, generate, load_npz, render, save_npz, stream


def areas(sizes: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """pi r^2 for discs, (2 s)^2 for squares, 0 for empty slots: recomputed here, not imported."""
    s = np.nan_to_num(sizes)
    return np.where(kinds == DISC, math.pi * s * s, np.where(kinds == SQUARE, 4 * s * s, 0.0))


def inside(kind: int, size: float, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dx * dx + dy * dy <= size * size if kind == DISC else np.maximum(np.abs(dx), np.abs(dy)) <= size


def supersampled(size: int, centres, sizes, kinds, count: int, ss: int = 16) -> np.ndarray:
    """Coverage by ss x ss point samples per pixel, shapes summed and clipped at 1 (a brute-force reference)."""
    offsets = (np.arange(ss) + 0.5) / ss - 0.5
    ys, xs = np.mgrid[0:size, 0:size].astype(float)
    x = xs[:, :, None, None] + offsets[None, None, None, :]
    y = ys[:, :, None, None] + offsets[None, None, :, None]
    total = np.zeros((size, size))
    for (cx, cy), s, k in zip(centres[:count], sizes[:count], kinds[:count]):
        total += inside(k, s, x - cx, y - cy).mean(axis=(2, 3))
    return np.minimum(total, 1.0)


def boundary(centre, size: float, kind: int, k: int = 400) -> np.ndarray:
    """k points on the outline of a shape: (k, 2)."""
    t = np.arange(k) / k
    if kind == DISC:
        return centre + size * np.stack([np.cos(2 * np.pi * t), np.sin(2 * np.pi * t)], axis=1)
    side, u = np.floor(4 * t), 2 * (4 * t % 1) - 1  # four sides, u running -1..1 along each
    x = np.select([side == 0, side == 1, side == 2], [u, np.ones_like(u), -u], -np.ones_like(u))
    y = np.select([side == 0, side == 1, side == 2], [-np.ones_like(u), u, np.ones_like(u)], -u)
    return centre + size * np.stack([x, y], axis=1)


def sampled_distance(a, b) -> float:
    return float(distance.cdist(boundary(*a), boundary(*b)).min())


def check_labels(cfg: ShapesConfig, batch) -> None:
    n, m = len(batch.counts), cfg.max_count
    assert batch.images.shape == (n, cfg.image_size, cfg.image_size)
    assert batch.images.dtype == np.dtype(cfg.dtype)
    assert batch.centres.shape == (n, m, 2) and batch.sizes.shape == (n, m) and batch.kinds.shape == (n, m)
    drawn = np.arange(m) < batch.counts[:, None]  # labels first, padding after
    assert np.array_equal(~np.isnan(batch.sizes), drawn)
    assert np.array_equal(~np.isnan(batch.centres).any(axis=2), drawn)
    assert np.array_equal(batch.kinds >= 0, drawn) and (batch.kinds[~drawn] == -1).all()
    assert ((batch.counts >= cfg.min_count) & (batch.counts <= cfg.max_count)).all()
    allowed = {"disc": {DISC}, "square": {SQUARE}, "mixed": {DISC, SQUARE}}[cfg.shape]
    assert set(np.unique(batch.kinds[drawn]).tolist()) <= allowed
    s, c = batch.sizes[drawn], batch.centres[drawn]
    assert (s >= cfg.min_size - 1e-9).all() and (s <= cfg.max_size + 1e-9).all()
    # Every shape lies wholly inside the image, which covers [-0.5, size - 0.5] on both axes.
    assert (c - s[:, None] >= -0.5 - 1e-9).all() and (c + s[:, None] <= cfg.image_size - 0.5 + 1e-9).all()


def test_counts_equal_the_labelled_shapes_and_every_count_occurs():
    cfg = ShapesConfig(shape="mixed", min_count=0, max_count=8)
    batch = generate(cfg, 400, seed=1)
    check_labels(cfg, batch)
    assert set(batch.counts.tolist()) == set(range(0, 9))
    assert (batch.images[batch.counts == 0] == 0).all()
    kinds = batch.kinds[batch.kinds >= 0]
    assert 0.4 < (kinds == DISC).mean() < 0.6


def test_positions_are_uniform_over_all_places_where_the_shape_fits():
    cfg = ShapesConfig(image_size=16, min_count=1, max_count=1, min_size=3, max_size=3)
    centres = generate(cfg, 4000, seed=13).centres[:, 0]
    # The centre ranges over [2.5, 12.5] on both axes: both ends are reached, the middle is the mean.
    assert (centres.min(axis=0) < 2.5 + 0.05).all() and (centres.max(axis=0) > 12.5 - 0.05).all()
    assert np.allclose(centres.mean(axis=0), 7.5, atol=0.2)
    whole = generate(ShapesConfig(image_size=16, min_size=8, max_size=8, max_count=1, shape="square"), 3, seed=0)
    assert np.allclose(whole.centres[:, 0], 7.5) and (whole.images == 1).all()  # fills the image exactly


@pytest.mark.parametrize("shape", ["disc", "square", "mixed"])
def test_binary_images_are_exactly_the_pixel_centres_inside_the_shapes(shape):
    cfg = ShapesConfig(shape=shape, antialias=False, allow_overlap=True, max_count=6, min_size=1, max_size=6)
    batch = generate(cfg, 60, seed=2)
    ys, xs = np.mgrid[0:cfg.image_size, 0:cfg.image_size].astype(float)
    for image, count, centres, sizes, kinds in zip(batch.images, batch.counts, batch.centres, batch.sizes,
                                                   batch.kinds):
        union = np.zeros(image.shape, dtype=bool)
        for (cx, cy), s, k in zip(centres[:count], sizes[:count], kinds[:count]):
            mask = inside(k, s, xs - cx, ys - cy)
            assert mask.any()  # every shape shows
            union |= mask
        assert np.array_equal(image, union.astype(np.float32))


@pytest.mark.parametrize("shape", ["disc", "square", "mixed"])
def test_antialiased_pixels_are_the_covered_area(shape):
    cfg = ShapesConfig(image_size=32, shape=shape, allow_overlap=True, max_count=4, min_size=1, max_size=5)
    batch = generate(cfg, 20, seed=3)
    for image, count, centres, sizes, kinds in zip(batch.images, batch.counts, batch.centres, batch.sizes,
                                                   batch.kinds):
        reference = supersampled(cfg.image_size, centres, sizes, kinds, count, ss=32)
        assert np.abs(image - reference).max() < 0.04  # 32 x 32 samples: within ~2/32 on an edge pixel


def test_each_shape_deposits_exactly_its_area_of_ink():
    for shape in ("disc", "square"):
        cfg = ShapesConfig(shape=shape, min_count=1, max_count=1, min_size=1, max_size=20)
        batch = generate(cfg, 200, seed=4)
        ink = batch.images.sum(axis=(1, 2), dtype=np.float64)
        assert np.allclose(ink, areas(batch.sizes, batch.kinds)[:, 0], rtol=1e-5, atol=0)


@pytest.mark.parametrize("shape, gap", [("disc", 1.0), ("square", 0.0), ("mixed", 2.5)])
def test_no_overlap_mode_keeps_shapes_a_gap_apart(shape, gap):
    cfg = ShapesConfig(shape=shape, gap=gap, max_count=10, min_size=2, max_size=6)
    batch = generate(cfg, 30, seed=5)
    check_labels(cfg, batch)
    for count, centres, sizes, kinds in zip(batch.counts, batch.centres, batch.sizes, batch.kinds):
        k = 200
        outlines = np.concatenate([boundary(centres[i], sizes[i], kinds[i], k) for i in range(count)])
        # Sampling the outlines can only overestimate the distance between them, so the test is sound.
        gaps = distance.cdist(outlines, outlines).reshape(count, k, count, k).min(axis=(1, 3))
        assert (gaps[~np.eye(count, dtype=bool)] >= gap - 1e-9).all()
        for i in range(count):  # outlines apart could still be nested: no centre lies inside another shape
            for j in range(count):
                assert i == j or not inside(kinds[i], sizes[i], *(centres[j] - centres[i]))
    # Nothing overlaps, so the ink is exactly the summed area.
    ink = batch.images.sum(axis=(1, 2), dtype=np.float64)
    assert np.allclose(ink, areas(batch.sizes, batch.kinds).sum(axis=1), rtol=1e-5, atol=1e-6)


def test_separated_binary_shapes_are_separate_blobs_so_the_count_can_be_read_off():
    cfg = ShapesConfig(shape="mixed", antialias=False, gap=1.5, max_count=12, min_size=1, max_size=4)
    batch = generate(cfg, 100, seed=6)
    for image, count in zip(batch.images, batch.counts):
        assert ndimage.label(image > 0)[1] == count  # 4-connected blobs


def test_separation_matches_sampled_outlines():
    rng = np.random.default_rng(0)
    for _ in range(100):
        a = (rng.uniform(0, 30, 2), rng.uniform(1, 6), int(rng.integers(0, 2)))
        b = (rng.uniform(0, 30, 2), rng.uniform(1, 6), int(rng.integers(0, 2)))
        d = float(shapes.separation(a[0], a[1], a[2], b[0], b[1], b[2]))
        if d > 0:
            assert abs(d - sampled_distance(a, b)) < 0.05  # outline samples 0.06 px apart at most


def test_area_controlled_mode_hides_the_count_in_the_ink():
    cfg = ShapesConfig(shape="mixed", min_count=1, max_count=6, min_size=1, max_size=8, total_area=150.0)
    batch = generate(cfg, 600, seed=7)
    check_labels(cfg, batch)
    assert np.allclose(areas(batch.sizes, batch.kinds).sum(axis=1), cfg.total_area, rtol=1e-9)
    ink = batch.images.sum(axis=(1, 2), dtype=np.float64)
    assert np.allclose(ink, cfg.total_area, rtol=1e-5)  # no overlap: the rendered ink is the requested area
    free = generate(ShapesConfig(shape="mixed", min_count=1, max_count=6, min_size=1, max_size=8), 600, seed=7)
    free_ink = free.images.sum(axis=(1, 2))
    assert free_ink[free.counts == 6].mean() > 4 * free_ink[free.counts == 1].mean()  # without it, ink counts


@pytest.mark.parametrize("shape", ["disc", "square", "mixed"])
def test_area_controlled_sizes_stay_in_range_when_the_bounds_are_tight(shape):
    # 3..5 shapes of size 2..3: a few shapes must nearly all be at their largest, many at their smallest.
    cfg = ShapesConfig(shape=shape, min_count=3, max_count=5, min_size=2, max_size=3, total_area=82.0)
    batch = generate(cfg, 300, seed=12)
    check_labels(cfg, batch)
    assert np.allclose(areas(batch.sizes, batch.kinds).sum(axis=1), cfg.total_area, rtol=1e-9)
    assert np.allclose(batch.images.sum(axis=(1, 2), dtype=np.float64), cfg.total_area, rtol=1e-5)


def test_area_controlled_mode_with_overlap_only_loses_ink_to_overlaps():
    cfg = ShapesConfig(shape="disc", min_count=2, max_count=4, min_size=2, max_size=6, total_area=60.0,
                       allow_overlap=True)
    batch = generate(cfg, 200, seed=8)
    assert np.allclose(areas(batch.sizes, batch.kinds).sum(axis=1), 60.0, rtol=1e-9)
    ink = batch.images.sum(axis=(1, 2), dtype=np.float64)
    assert (ink <= 60.0 * (1 + 1e-5)).all() and np.median(ink) > 0.95 * 60.0


def test_the_seed_decides_everything_and_streams_resume():
    cfg = ShapesConfig(shape="mixed", noise=0.05)
    a, b, c = generate(cfg, 64, seed=7), generate(cfg, 64, seed=7), generate(cfg, 64, seed=8)
    for name in ("images", "counts", "centres", "sizes", "kinds"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True)
    assert not np.array_equal(a.images, c.images)
    first = stream(cfg, 16, seed=3)
    batches = [next(first) for _ in range(3)]
    assert np.array_equal(next(stream(cfg, 16, seed=3, start=2)).images, batches[2].images)
    assert np.array_equal(batches[1].images, generate(cfg, 16, np.random.SeedSequence([3, 1])).images)
    assert not np.array_equal(batches[0].images, batches[1].images)


def test_render_redraws_the_clean_images_from_the_labels():
    cfg = ShapesConfig(shape="mixed", allow_overlap=True, max_count=7)
    batch = generate(cfg, 50, seed=9)
    assert np.array_equal(render(cfg, batch.centres, batch.sizes, batch.kinds), batch.images)


@pytest.mark.parametrize("kwargs, match", [
    ({"image_size": 16, "min_count": 4, "max_count": 4, "min_size": 4, "max_size": 4}, "rejection sampling gave up"),
    ({"image_size": 16, "min_count": 9, "max_count": 9, "min_size": 3, "max_size": 3}, "they cannot fit"),
])
def test_impossible_placement_is_a_clear_error(kwargs, match):
    with pytest.raises(RuntimeError, match=f"could not place .*{match}.*: relax one of them or set allow_overlap"):
        generate(ShapesConfig(**kwargs), 4, seed=0)
    generate(ShapesConfig(allow_overlap=True, **kwargs), 4, seed=0)  # overlapping is always possible


def test_uint8_is_the_rounded_float32_image():
    for extra in ({}, {"noise": 0.1, "shape": "mixed"}):
        f = generate(ShapesConfig(**extra), 50, seed=10)
        u = generate(ShapesConfig(dtype="uint8", **extra), 50, seed=10)
        assert u.images.dtype == np.uint8
        assert np.array_equal(u.centres, f.centres, equal_nan=True)
        assert np.abs(u.images.astype(np.float64) - f.images * 255.0).max() <= 0.5 + 1e-3


def test_npz_round_trip(tmp_path):
    cfg = ShapesConfig(dtype="uint8", shape="mixed", max_count=4, min_size=1, max_size=8, total_area=100.0)
    batch = generate(cfg, 20, seed=11)
    save_npz(batch, tmp_path / "shapes.npz")
    back = load_npz(tmp_path / "shapes.npz")
    assert back.config == cfg
    for name in ("images", "counts", "centres", "sizes", "kinds"):
        assert np.array_equal(getattr(back, name), getattr(batch, name), equal_nan=True)


@pytest.mark.parametrize("kwargs, name", [
    ({"image_size": 4}, "image_size"),
    ({"image_size": 64.0}, "image_size"),
    ({"min_count": -1}, "min_count"),
    ({"min_count": 3, "max_count": 2}, "max_count"),
    ({"max_count": 300}, "max_count"),
    ({"shape": "triangle"}, "shape"),
    ({"min_size": 0.5}, "min_size"),
    ({"min_size": 6, "max_size": 5}, "max_size"),
    ({"max_size": 40.0}, "max_size"),
    ({"gap": -1.0}, "gap"),
    ({"noise": -0.1}, "noise"),
    ({"allow_overlap": 0}, "allow_overlap"),
    ({"antialias": "yes"}, "antialias"),
    ({"total_area": 10.0}, "total_area"),  # below 5 discs of radius 2
    ({"total_area": 100.0}, "total_area"),  # above one disc of radius 5
    ({"total_area": 70.0, "min_count": 0}, "total_area"),
    ({"total_area": 70.0, "shape": "mixed"}, "total_area"),  # 5 squares of half-side 2 need 80
    ({"dtype": "float64"}, "dtype"),
])
def test_every_invalid_setting_is_a_one_line_error_naming_it(kwargs, name):
    with pytest.raises(ValueError) as info:
        ShapesConfig(**kwargs)
    message = str(info.value)
    assert f"ShapesConfig.{name} must be" in message and "\n" not in message


def test_generate_rejects_a_negative_n():
    with pytest.raises(ValueError, match="n must be"):
        generate(ShapesConfig(), -1)


@st.composite
def configs(draw):
    size = draw(st.integers(12, 40))
    min_size = draw(st.floats(1.0, 3.0))
    max_size = draw(st.floats(min_size, 4.0))
    min_count = draw(st.integers(0, 2))
    max_count = draw(st.integers(max(min_count, 1), 4))
    shape = draw(st.sampled_from(["disc", "square", "mixed"]))
    total_area = None
    if min_count >= 1 and draw(st.booleans()):
        lo, hi = max_count * 4 * min_size ** 2, min_count * math.pi * max_size ** 2
        if lo <= hi:
            total_area = draw(st.floats(lo, hi))
    allow_overlap = draw(st.booleans())
    if not allow_overlap:  # at most 4 shapes of size <= 4 in 40 x 40 px: always placeable
        size = 40
    return ShapesConfig(image_size=size, min_count=min_count, max_count=max_count, shape=shape, min_size=min_size,
                        max_size=max_size, allow_overlap=allow_overlap, gap=draw(st.sampled_from([0.0, 1.0])),
                        antialias=draw(st.booleans()), noise=draw(st.sampled_from([0.0, 0.1])),
                        total_area=total_area, dtype=draw(st.sampled_from(["float32", "uint8"])))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs(), seed=st.integers(0, 2**32 - 1))
def test_any_valid_config_gives_consistent_labels_and_ink(cfg, seed):
    batch = generate(cfg, 8, seed=seed)
    check_labels(cfg, batch)
    area = areas(batch.sizes, batch.kinds).sum(axis=1)
    if cfg.total_area is not None:
        assert np.allclose(area, cfg.total_area, rtol=1e-9)
    clean = render(cfg, batch.centres, batch.sizes, batch.kinds)
    assert (clean >= 0).all() and (clean <= 1).all()
    ink = clean.sum(axis=(1, 2), dtype=np.float64)
    if cfg.antialias and not cfg.allow_overlap:
        assert np.allclose(ink, area, rtol=1e-5, atol=1e-6)
    elif cfg.antialias:
        assert (ink <= area * (1 + 1e-5) + 1e-6).all()
    assert np.array_equal(generate(cfg, 8, seed=seed).images, batch.images)
