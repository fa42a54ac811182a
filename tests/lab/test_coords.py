"""Not-so-Clevr: every position once, squares centred on their labels, splits that keep their promise."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deeproots.lab.datasets.coords import (NOT_SO_CLEVR, NOT_SO_CLEVR_32, QUADRANTS, CoordsConfig, dataset,
                                           in_quadrant, split)


def check_dataset(cfg: CoordsConfig, data) -> None:
    size, q = cfg.image_size, cfg.square
    n = (size - q + 1) ** 2
    assert data.images.shape == data.targets.shape == (n, size, size)
    assert data.images.dtype == data.targets.dtype == np.dtype(cfg.dtype)
    assert data.coords.shape == (n, 2)
    # Every centre where the square fits, each exactly once.
    h = (q - 1) // 2
    expected = {(x, y) for x in range(h, size - h) for y in range(h, size - h)}
    assert len(expected) == n and set(map(tuple, data.coords.tolist())) == expected
    for image, target, (x, y) in zip(data.images, data.targets, data.coords):
        ys, xs = np.nonzero(image)
        assert len(xs) == q * q and set(np.unique(image).tolist()) <= {0, 1}
        assert xs.min() == x - h and xs.max() == x + h and ys.min() == y - h and ys.max() == y + h
        assert xs.mean() == x and ys.mean() == y
        assert target.sum() == 1 and target[y, x] == 1


def test_the_papers_data_set_has_3136_positions_with_centred_squares():
    data = dataset(NOT_SO_CLEVR)
    assert len(data.coords) == 3136 == (64 - 9 + 1) ** 2
    check_dataset(NOT_SO_CLEVR, data)


def test_the_32px_variant_uses_a_5px_square():
    assert (NOT_SO_CLEVR_32.image_size, NOT_SO_CLEVR_32.square) == (32, 5)
    data = dataset(NOT_SO_CLEVR_32)
    assert len(data.coords) == 784
    check_dataset(NOT_SO_CLEVR_32, data)


def test_uint8_data_is_the_float_data():
    a, b = dataset(CoordsConfig(image_size=16, square=3)), dataset(CoordsConfig(image_size=16, square=3, dtype="uint8"))
    assert b.images.dtype == np.uint8 and np.array_equal(a.images, b.images) and np.array_equal(a.targets, b.targets)


def check_partition(n: int, train: np.ndarray, test: np.ndarray) -> None:
    assert train.dtype == test.dtype == np.int64
    assert np.array_equal(train, np.unique(train)) and np.array_equal(test, np.unique(test))
    assert np.intersect1d(train, test).size == 0
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(n))


def test_uniform_split_is_a_seeded_80_20_partition():
    n = 3136
    train, test = split(NOT_SO_CLEVR, "uniform", seed=3)
    check_partition(n, train, test)
    assert len(test) == round(0.2 * n)
    again = split(NOT_SO_CLEVR, "uniform", seed=3)
    assert np.array_equal(again[0], train) and np.array_equal(again[1], test)
    other = split(NOT_SO_CLEVR, "uniform", seed=4)[1]
    assert not np.array_equal(other, test)
    # The test positions are spread over the canvas, not one corner: every quadrant gets some.
    coords = dataset(NOT_SO_CLEVR).coords[test]
    for quadrant in QUADRANTS:
        assert in_quadrant(NOT_SO_CLEVR, coords, quadrant).sum() > 0.15 * len(test)


@pytest.mark.parametrize("cfg", [NOT_SO_CLEVR, NOT_SO_CLEVR_32])
@pytest.mark.parametrize("quadrant", QUADRANTS)
def test_quadrant_split_holds_out_exactly_one_quadrant(cfg, quadrant):
    cfg = CoordsConfig(image_size=cfg.image_size, square=cfg.square, test_quadrant=quadrant)
    coords = dataset(cfg).coords
    train, test = split(cfg, "quadrant", seed=0)
    check_partition(len(coords), train, test)
    assert len(test) == len(coords) // 4
    mid = cfg.image_size / 2  # recomputed independently of in_quadrant
    right, bottom = quadrant.endswith("right"), quadrant.startswith("bottom")
    chosen = ((coords[:, 0] >= mid) == right) & ((coords[:, 1] >= mid) == bottom)
    assert np.array_equal(test, np.flatnonzero(chosen))
    assert not chosen[train].any()
    assert np.array_equal(split(cfg, "quadrant", seed=99)[1], test)  # the seed plays no part


def test_default_quadrant_is_bottom_right():
    coords = dataset(NOT_SO_CLEVR).coords
    test = split(NOT_SO_CLEVR, "quadrant")[1]
    assert (coords[test] >= 32).all() and coords[test].min() == 32 and coords[test].max() == 59


@pytest.mark.parametrize("kwargs, name", [
    ({"image_size": 63}, "image_size"),
    ({"image_size": 2}, "image_size"),
    ({"image_size": 64.0}, "image_size"),
    ({"square": 8}, "square"),
    ({"square": 65}, "square"),
    ({"square": True}, "square"),
    ({"test_fraction": 0.0}, "test_fraction"),
    ({"test_fraction": 1.0}, "test_fraction"),
    ({"test_quadrant": "middle"}, "test_quadrant"),
    ({"dtype": "float64"}, "dtype"),
])
def test_every_invalid_setting_is_a_one_line_error_naming_it(kwargs, name):
    with pytest.raises(ValueError) as info:
        CoordsConfig(**kwargs)
    message = str(info.value)
    assert f"CoordsConfig.{name} must be" in message and "\n" not in message


def test_unknown_split_kind_is_an_error():
    with pytest.raises(ValueError, match="kind must be"):
        split(NOT_SO_CLEVR, "random")


@st.composite
def configs(draw):
    size = draw(st.integers(2, 12)) * 2
    square = draw(st.integers(0, (size - 2) // 2)) * 2 + 1
    return CoordsConfig(image_size=size, square=square, test_fraction=draw(st.floats(0.05, 0.95)),
                        test_quadrant=draw(st.sampled_from(QUADRANTS)))


@settings(max_examples=30, deadline=None)
@given(cfg=configs(), seed=st.integers(0, 2**32 - 1))
def test_any_valid_config_gives_centred_squares_and_partitions(cfg, seed):
    data = dataset(cfg)
    check_dataset(cfg, data)
    n = len(data.coords)
    for kind in ("uniform", "quadrant"):
        train, test = split(cfg, kind, seed)
        check_partition(n, train, test)
    train, test = split(cfg, "quadrant", seed)
    assert len(test) == n // 4 and in_quadrant(cfg, data.coords[test]).all()
    assert not in_quadrant(cfg, data.coords[train]).any()
