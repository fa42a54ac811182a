"""The PSVRT same/different data set: both labels follow from the returned items, placements are fair."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deeproots.lab.datasets.same_different import (SameDifferentConfig, generate, load_npz, render, save_npz,
                                                   stream)


def draw_by_hand(cfg: SameDifferentConfig, positions, patterns) -> np.ndarray:
    """Pixel loops, independent of the vectorised scatter in render()."""
    image = np.zeros((cfg.box_size, cfg.box_size))
    for (x, y), bits in zip(positions, patterns):
        for i in range(cfg.item_size):
            for j in range(cfg.item_size):
                image[y + i, x + j] = bits[i, j]
    return image


def check_batch(cfg: SameDifferentConfig, batch, drawn: bool = True) -> None:
    n, s = len(batch.same_label), cfg.item_size
    assert batch.images.shape == (n, cfg.box_size, cfg.box_size)
    assert batch.images.dtype == np.dtype(cfg.dtype)
    assert batch.positions.shape == (n, 2, 2) and batch.patterns.shape == (n, 2, s, s)
    assert set(np.unique(batch.patterns)) <= {0, 1}
    assert ((batch.positions >= 0) & (batch.positions <= cfg.box_size - s)).all()  # both items inside
    for b in range(n):
        (x0, y0), (x1, y1) = batch.positions[b]
        dx, dy = abs(x1 - x0), abs(y1 - y0)
        assert max(dx, dy) >= s + cfg.min_gap  # no overlap, and min_gap blank pixels between them
        assert dx != dy  # the SR label is never a tie
        assert batch.sr_label[b] == (1 if dx > dy else 0)
        identical = bool((batch.patterns[b, 0] == batch.patterns[b, 1]).all())
        assert batch.same_label[b] == int(identical)
        if drawn:
            assert np.array_equal(batch.images[b], draw_by_hand(cfg, batch.positions[b], batch.patterns[b]))


def test_labels_follow_from_the_returned_patterns_and_positions():
    cfg = SameDifferentConfig(box_size=24, item_size=3, min_gap=2)
    batch = generate(cfg, 300, seed=1)
    check_batch(cfg, batch)
    assert set(batch.same_label.tolist()) == {0, 1} and set(batch.sr_label.tolist()) == {0, 1}


def test_different_items_really_differ_even_with_one_pixel_items():
    for balanced in (True, False):
        cfg = SameDifferentConfig(box_size=5, item_size=1, balanced=balanced)
        batch = generate(cfg, 400, seed=2)
        check_batch(cfg, batch)
        different = batch.same_label == 0
        assert different.sum() > 100
        assert (batch.patterns[different, 0] != batch.patterns[different, 1]).all()


@pytest.mark.parametrize("n", [0, 2, 10, 64, 1000])
def test_balanced_classes_are_exact_for_even_n(n):
    batch = generate(SameDifferentConfig(), n, seed=n)
    assert batch.same_label.sum() == n // 2 and batch.sr_label.sum() == n // 2
    if n >= 64:  # the two labels are assigned independently: all four combinations occur
        both = 2 * batch.same_label + batch.sr_label
        assert set(both.tolist()) == {0, 1, 2, 3}


def test_odd_n_is_balanced_up_to_one_and_unbalanced_mode_is_a_fair_coin():
    batch = generate(SameDifferentConfig(), 11, seed=3)
    assert batch.same_label.sum() in (5, 6) and batch.sr_label.sum() in (5, 6)
    free = generate(SameDifferentConfig(balanced=False), 4000, seed=3)
    assert abs(free.same_label.mean() - 0.5) < 0.04 and abs(free.sr_label.mean() - 0.5) < 0.04


@pytest.mark.parametrize("balanced", [True, False])
def test_placements_are_uniform_over_all_valid_pairs(balanced):
    cfg = SameDifferentConfig(box_size=5, item_size=2, min_gap=0, balanced=balanced)
    p = cfg.positions_per_axis
    valid = [(a, b) for a, b in itertools.product(itertools.product(range(p), repeat=2), repeat=2)
             if max(abs(a[0] - b[0]), abs(a[1] - b[1])) >= 2 and abs(a[0] - b[0]) != abs(a[1] - b[1])]
    n = 30000
    batch = generate(cfg, n, seed=4)
    keys = [tuple(map(tuple, pos)) for pos in batch.positions.tolist()]
    counts = {pair: 0 for pair in valid}
    for key in keys:
        counts[key] += 1  # a KeyError here would be an invalid placement
    expected = n / len(valid)
    assert all(abs(c - expected) < 5 * np.sqrt(expected) for c in counts.values())


def test_items_that_barely_fit_are_still_placed_quickly():
    cfg = SameDifferentConfig(box_size=65, item_size=30, min_gap=5)  # rejection would accept ~0.4%
    batch = generate(cfg, 500, seed=5)
    check_batch(cfg, batch, drawn=False)
    gaps = np.abs(batch.positions[:, 1] - batch.positions[:, 0]).max(axis=1)
    assert (gaps == 35).all()


def test_the_seed_decides_everything_and_streams_resume():
    cfg = SameDifferentConfig(noise=0.1)
    a, b, c = generate(cfg, 32, seed=7), generate(cfg, 32, seed=7), generate(cfg, 32, seed=8)
    for name in ("images", "same_label", "sr_label", "positions", "patterns"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.images, c.images)
    first = stream(cfg, 8, seed=3)
    batches = [next(first) for _ in range(3)]
    assert np.array_equal(next(stream(cfg, 8, seed=3, start=2)).images, batches[2].images)
    assert np.array_equal(batches[1].images, generate(cfg, 8, np.random.SeedSequence([3, 1])).images)
    assert not np.array_equal(batches[0].images, batches[1].images)


def test_noise_and_uint8_keep_the_geometry():
    clean = generate(SameDifferentConfig(), 50, seed=9)
    noisy = generate(SameDifferentConfig(noise=0.2), 50, seed=9)
    small = generate(SameDifferentConfig(dtype="uint8"), 50, seed=9)
    for other in (noisy, small):
        assert np.array_equal(other.positions, clean.positions) and np.array_equal(other.patterns, clean.patterns)
    assert (noisy.images >= 0).all() and (noisy.images <= 1).all() and not np.array_equal(noisy.images, clean.images)
    assert small.images.dtype == np.uint8 and np.array_equal(small.images, (clean.images * 255).astype(np.uint8))


def test_npz_round_trip(tmp_path):
    cfg = SameDifferentConfig(box_size=30, item_size=5, min_gap=1, dtype="uint8", balanced=False)
    batch = generate(cfg, 20, seed=10)
    save_npz(batch, tmp_path / "sd.npz")
    back = load_npz(tmp_path / "sd.npz")
    assert back.config == cfg
    for name in ("images", "same_label", "sr_label", "positions", "patterns"):
        assert np.array_equal(getattr(back, name), getattr(batch, name))


@pytest.mark.parametrize("kwargs, name", [
    ({"box_size": 1}, "box_size"),
    ({"box_size": 60.0}, "box_size"),
    ({"item_size": 0}, "item_size"),
    ({"box_size": 9, "item_size": 5}, "item_size"),  # two items cannot fit
    ({"box_size": 10, "item_size": 4, "min_gap": 3}, "item_size"),  # they cannot fit with the gap
    ({"item_size": True}, "item_size"),
    ({"min_gap": -1}, "min_gap"),
    ({"box_size": 10, "min_gap": 9}, "min_gap"),
    ({"balanced": 1}, "balanced"),
    ({"noise": -0.1}, "noise"),
    ({"noise": float("nan")}, "noise"),
    ({"dtype": "float64"}, "dtype"),
])
def test_every_invalid_setting_is_a_one_line_error_naming_it(kwargs, name):
    with pytest.raises(ValueError) as info:
        SameDifferentConfig(**kwargs)
    message = str(info.value)
    assert f"SameDifferentConfig.{name} must be" in message and "\n" not in message


def test_items_that_cannot_fit_say_why():
    with pytest.raises(ValueError, match=r"item_size must be an integer in \[1, 3\] so that two items and a gap "
                                         r"of 2 fit side by side in box_size 9 \(got 4\)"):
        SameDifferentConfig(box_size=9, item_size=4, min_gap=2)


def test_generate_rejects_a_negative_n():
    with pytest.raises(ValueError, match="n must be"):
        generate(SameDifferentConfig(), -1)


@st.composite
def configs(draw):
    box = draw(st.integers(2, 24))
    gap = draw(st.integers(0, box - 2))
    item = draw(st.integers(1, max((box - gap) // 2, 1)))
    if 2 * item + gap > box:
        gap = box - 2 * item
    return SameDifferentConfig(box_size=box, item_size=item, min_gap=gap, balanced=draw(st.booleans()),
                               dtype=draw(st.sampled_from(["float32", "uint8"])))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs(), n=st.integers(0, 12), seed=st.integers(0, 2**32 - 1))
def test_any_valid_config_gives_consistent_labels(cfg, n, seed):
    batch = generate(cfg, n, seed=seed)
    check_batch(cfg, batch, drawn=cfg.dtype == "float32")
    if cfg.balanced:
        assert abs(2 * int(batch.same_label.sum()) - n) <= 1 and abs(2 * int(batch.sr_label.sum()) - n) <= 1
    assert np.array_equal(render(cfg, batch.positions, batch.patterns) * 255 if cfg.dtype == "uint8"
                          else render(cfg, batch.positions, batch.patterns), batch.images)
    assert np.array_equal(generate(cfg, n, seed=seed).images, batch.images)
