"""Sort-of-CLEVR: every answer follows from the returned object table, objects are drawn where they are."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deeproots.lab.datasets import sort_of_clevr as soc
from deeproots.lab.datasets.sort_of_clevr import SortOfClevrConfig, generate, load_npz, render, save_npz, stream

VOCAB = ["square", "circle", "yes", "no", "1", "2", "3", "4", "5", "6"]
SHAPE_NAMES = ["square", "circle"]


def decode(vector) -> tuple[int, str]:
    """(colour index, question name) from an 11-bit question, checking that it is well formed."""
    assert set(np.unique(vector)) <= {0.0, 1.0}
    assert vector[:6].sum() == 1 and vector[6:8].sum() == 1 and vector[8:].sum() == 1
    names = [["shape", "left", "top"], ["closest", "furthest", "count"]]
    return int(np.argmax(vector[:6])), names[int(np.argmax(vector[6:8]))][int(np.argmax(vector[8:]))]


def answer_by_hand(cfg: SortOfClevrConfig, positions, colours, shapes, colour: int, question: str) -> str:
    """The answer in words, from the object table alone, with plain Python."""
    half = (cfg.object_size - 1) / 2
    objects = [((x + half, y + half), SHAPE_NAMES[shape]) for (x, y), shape in zip(positions.tolist(), shapes)]
    me = list(colours).index(colour)
    (cx, cy), shape = objects[me]
    centre = (cfg.image_size - 1) / 2
    if question == "shape":
        return shape
    if question == "left":
        return "yes" if cx < centre else "no"
    if question == "top":
        return "yes" if cy < centre else "no"
    if question == "count":
        return str(sum(other == shape for _, other in objects))
    others = sorted((math.dist((cx, cy), c), i) for i, (c, _) in enumerate(objects) if i != me)
    pick = others[0] if question == "closest" else others[-1]
    return objects[pick[1]][1]


def draw_by_hand(cfg: SortOfClevrConfig, positions, colours, shapes) -> np.ndarray:
    image = np.ones((cfg.image_size, cfg.image_size, 3))
    s = cfg.object_size
    for (x, y), colour, shape in zip(positions.tolist(), colours, shapes):
        cx, cy = x + (s - 1) / 2, y + (s - 1) / 2
        for row in range(y, y + s):
            for col in range(x, x + s):
                if shape == 0 or (col - cx) ** 2 + (row - cy) ** 2 <= (s / 2) ** 2:
                    image[row, col] = soc.RGB[colour]
    return image


def check_batch(cfg: SortOfClevrConfig, batch, drawn: bool = True) -> None:
    n, k, q, s = len(batch.answers), cfg.n_objects, cfg.questions, cfg.object_size
    assert batch.images.shape == (n, cfg.image_size, cfg.image_size, 3)
    assert batch.images.dtype == np.dtype(cfg.dtype)
    assert batch.questions.shape == (n, q, 11) and batch.answers.shape == (n, q)
    assert batch.positions.shape == (n, k, 2) and batch.colours.shape == (n, k) == batch.shapes.shape
    assert ((batch.positions >= 0) & (batch.positions <= cfg.image_size - s)).all()
    assert set(np.unique(batch.shapes)) <= {0, 1}
    for b in range(n):
        pos, colours, shapes = batch.positions[b], batch.colours[b].tolist(), batch.shapes[b].tolist()
        assert len(set(colours)) == k and set(colours) <= set(range(6))  # all colours distinct
        centres = pos + (s - 1) / 2
        assert (centres != (cfg.image_size - 1) / 2).all()  # left/right and top/bottom are never ambiguous
        for i in range(k):
            dist = []
            for j in range(k):
                if j != i:
                    assert np.abs(pos[i] - pos[j]).max() >= s + cfg.min_gap  # boxes apart: no overlap
                    dist.append(math.dist(pos[i], pos[j]))
            dist.sort()
            if k >= 3:
                assert dist[0] < dist[1] and dist[-2] < dist[-1]  # closest and furthest are unique
        for vector, given_answer in zip(batch.questions[b], batch.answers[b]):
            colour, question = decode(vector)
            assert colour in colours  # questions ask about objects in the image
            assert VOCAB[given_answer] == answer_by_hand(cfg, pos, colours, shapes, colour, question)
        if drawn:
            assert np.array_equal(batch.images[b], draw_by_hand(cfg, pos, colours, shapes).astype(np.float32))


def test_every_answer_follows_from_the_object_table():
    cfg = SortOfClevrConfig()
    batch = generate(cfg, 60, seed=1)
    check_batch(cfg, batch)
    assert set(batch.answers.ravel().tolist()) >= {0, 1, 2, 3, 4, 5, 6}  # counts 1..3 are common with 6 objects


def test_answer_vocabulary_and_question_layout_are_as_documented():
    assert list(soc.ANSWERS) == VOCAB and soc.QUESTION_SIZE == 11
    assert list(soc.COLOURS) == ["red", "green", "blue", "orange", "gray", "yellow"]
    vectors = soc.encode(np.array([0, 5, 2]), np.array([0, 4, 5]))
    assert np.array_equal(np.flatnonzero(vectors[0]), [0, 6, 8])  # red, non-relational, shape
    assert np.array_equal(np.flatnonzero(vectors[1]), [5, 7, 9])  # yellow, relational, furthest
    assert np.array_equal(np.flatnonzero(vectors[2]), [2, 7, 10])  # blue, relational, count


def test_every_question_type_is_asked_equally_often_in_each_image():
    cfg = SortOfClevrConfig(questions=14)
    batch = generate(cfg, 40, seed=2)
    kind = 3 * batch.questions[:, :, 7] + np.argmax(batch.questions[:, :, 8:], axis=2)
    for row in kind.astype(int):
        assert set(np.bincount(row, minlength=6).tolist()) <= {2, 3}


def test_shapes_are_told_apart_by_their_corners():
    cfg = SortOfClevrConfig(object_size=4, n_objects=6, image_size=30)
    batch = generate(cfg, 30, seed=3)
    check_batch(cfg, batch)
    for image, pos, shapes in zip(batch.images, batch.positions, batch.shapes):
        for (x, y), shape in zip(pos, shapes):
            corner_is_white = (image[y, x] == 1).all()
            assert corner_is_white == (shape == 1)


def test_two_objects_and_uint8():
    cfg = SortOfClevrConfig(n_objects=2, dtype="uint8", questions=6)
    batch = generate(cfg, 30, seed=4)
    check_batch(cfg, batch, drawn=False)
    f = generate(SortOfClevrConfig(n_objects=2, questions=6), 30, seed=4)
    assert np.array_equal(f.answers, batch.answers)
    assert np.array_equal(batch.images, np.floor(f.images * 255 + 0.5).astype(np.uint8))


def test_the_seed_decides_everything_and_streams_resume():
    cfg = SortOfClevrConfig(n_objects=4)
    names = ("images", "questions", "answers", "positions", "colours", "shapes")
    a, b, c = generate(cfg, 16, seed=7), generate(cfg, 16, seed=7), generate(cfg, 16, seed=8)
    for name in names:
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.positions, c.positions)
    first = stream(cfg, 8, seed=3)
    batches = [next(first) for _ in range(3)]
    assert np.array_equal(next(stream(cfg, 8, seed=3, start=2)).questions, batches[2].questions)
    assert np.array_equal(batches[1].images, generate(cfg, 8, np.random.SeedSequence([3, 1])).images)
    assert not np.array_equal(batches[0].images, batches[1].images)


def test_npz_round_trip(tmp_path):
    cfg = SortOfClevrConfig(image_size=40, object_size=6, n_objects=5, questions=3, dtype="uint8")
    batch = generate(cfg, 10, seed=10)
    save_npz(batch, tmp_path / "soc.npz")
    back = load_npz(tmp_path / "soc.npz")
    assert back.config == cfg
    for name in ("images", "questions", "answers", "positions", "colours", "shapes"):
        assert np.array_equal(getattr(back, name), getattr(batch, name))


def test_crowded_images_are_a_clear_error():
    cfg = SortOfClevrConfig(image_size=20, object_size=10, n_objects=4, min_gap=0)  # only one exact packing
    with pytest.raises(RuntimeError, match="could not place 4 objects .* larger image"):
        generate(cfg, 4, seed=0)


@pytest.mark.parametrize("kwargs, name", [
    ({"image_size": 7}, "image_size"),
    ({"image_size": 75.0}, "image_size"),
    ({"object_size": 3}, "object_size"),
    ({"object_size": 38}, "object_size"),
    ({"min_gap": -1}, "min_gap"),
    ({"min_gap": 11}, "min_gap"),
    ({"n_objects": 1}, "n_objects"),
    ({"n_objects": 7}, "n_objects"),
    ({"image_size": 20, "object_size": 10, "min_gap": 1, "n_objects": 2}, "n_objects"),  # cannot fit
    ({"questions": 0}, "questions"),
    ({"questions": True}, "questions"),
    ({"dtype": "float64"}, "dtype"),
])
def test_every_invalid_setting_is_a_one_line_error_naming_it(kwargs, name):
    with pytest.raises(ValueError) as info:
        SortOfClevrConfig(**kwargs)
    message = str(info.value)
    assert f"SortOfClevrConfig.{name} must be" in message and "\n" not in message


def test_generate_rejects_a_negative_n():
    with pytest.raises(ValueError, match="n must be"):
        generate(SortOfClevrConfig(), -1)


@st.composite
def configs(draw):
    obj = draw(st.integers(4, 8))
    gap = draw(st.integers(0, 2))
    size = draw(st.integers(max(16, 3 * (obj + gap)), 48))  # at least a 3 x 3 grid of boxes fits
    per_axis = (size + gap) // (obj + gap)
    k = draw(st.integers(2, max(2, min(6, per_axis * per_axis // 3))))  # leave room for random placement
    return SortOfClevrConfig(image_size=size, object_size=obj, min_gap=gap, n_objects=k,
                             questions=draw(st.integers(1, 8)), dtype=draw(st.sampled_from(["float32", "uint8"])))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=configs(), n=st.integers(0, 6), seed=st.integers(0, 2**32 - 1))
def test_any_valid_config_gives_consistent_answers(cfg, n, seed):
    batch = generate(cfg, n, seed=seed)
    check_batch(cfg, batch, drawn=cfg.dtype == "float32")
    clean = render(cfg, batch.positions, batch.colours, batch.shapes)
    if cfg.dtype == "uint8":
        clean = np.floor(clean * 255 + 0.5).astype(np.uint8)
    assert np.array_equal(clean, batch.images)
    assert np.array_equal(generate(cfg, n, seed=seed).answers, batch.answers)
