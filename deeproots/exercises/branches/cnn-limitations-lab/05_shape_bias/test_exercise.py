"""Checks for the shape bias (reference: Geirhos et al. 2019's definition written out below as a
Python loop over the images, applied to the whole set and to each shape class's images;
hand-worked examples). The lab's own deeproots.lab.datasets.texture_shape.shape_bias is not
the reference: only its cue-conflict data generator is used, to make realistic labels."""
import numpy as np

from deeproots.lab.datasets.texture_shape import TextureShapeConfig, generate
from deeproots.grading.checks import expect_close


def _geirhos_shape_bias(pred, shapes, textures):
    """Geirhos et al. (2019): over the cue-conflict images whose prediction names the shape or
    the texture, shape decisions / (shape decisions + texture decisions); nan without any."""
    shape_decisions = texture_decisions = 0
    for predicted, shape, texture in zip(pred.tolist(), shapes.tolist(), textures.tolist()):
        if predicted == shape:
            shape_decisions += 1
        elif predicted == texture:
            texture_decisions += 1
    decisions = shape_decisions + texture_decisions
    return shape_decisions / decisions if decisions else float("nan")


GEIRHOS = "Geirhos et al.'s definition as a loop over the images: shape / (shape + texture decisions)"


def _reference_per_class(pred, shapes, textures, k):
    return np.array([_geirhos_shape_bias(pred[shapes == c], shapes[shapes == c], textures[shapes == c])
                     for c in range(k)])


def _cue_conflict_labels(rng, n, k):
    shapes = rng.integers(0, k, size=n)
    textures = (shapes + rng.integers(1, k, size=n)) % k  # any texture but the shape's own
    return shapes, textures


def _mixed_predictions(rng, shapes, textures, k, p_shape, p_texture):
    """Each prediction names the shape, the texture, or a uniformly random class."""
    u = rng.random(len(shapes))
    other = rng.integers(0, k, size=len(shapes))
    return np.where(u < p_shape, shapes, np.where(u < p_shape + p_texture, textures, other))


def test_hand_examples(ex, rng):
    shapes, textures = np.array([0, 1, 2, 3, 1]), np.array([1, 0, 3, 2, 2])
    cases = [(shapes, 1.0, "every prediction names the shape"),
             (textures, 0.0, "every prediction names the texture")]
    for pred, expected, why in cases:
        expect_close(ex.shape_bias(pred, shapes, textures), expected, what="shape_bias", how=f"by hand: {why}",
                     rtol=0, atol=1e-12, inputs={"pred": pred, "shape_labels": shapes, "texture_labels": textures})
    pred = np.array([4, 4, 4, 4, 4])
    expect_close(ex.shape_bias(pred, shapes, textures), np.nan, what="shape_bias when no prediction matches",
                 how="by hand: no shape or texture decision at all, so nan", rtol=0, atol=0,
                 inputs={"pred": pred, "shape_labels": shapes, "texture_labels": textures})
    pred, shapes, textures = np.array([0, 2]), np.array([0, 1]), np.array([0, 2])
    expect_close(ex.shape_bias(pred, shapes, textures), 0.5, what="shape_bias when image 0 has shape == texture",
                 how="by hand: image 0 names both cues and counts once, as a shape decision; image 1 is a "
                     "texture decision: 1 / 2 (counting image 0 twice would give 1 / 3)", rtol=1e-12, atol=1e-12,
                 inputs={"pred": pred, "shape_labels": shapes, "texture_labels": textures})
    pred, shapes, textures = np.array([0, 1, 2, 3]), np.array([0, 1, 1, 2]), np.array([1, 0, 2, 0])
    inputs = {"pred": pred, "shape_labels": shapes, "texture_labels": textures}
    expect_close(ex.shape_bias(pred, shapes, textures), 2 / 3, what="shape_bias of the docstring example",
                 how="by hand: 2 shape decisions, 1 texture decision, 1 ignored", rtol=1e-12, atol=1e-12,
                 inputs=inputs)
    expect_close(ex.per_class_shape_bias(pred, shapes, textures, 4), np.array([1.0, 0.5, np.nan, np.nan]),
                 what="per_class_shape_bias of the docstring example (n_classes = 4)",
                 how="by hand: class 0 one shape decision, class 1 one of each, class 2 none, class 3 no image",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_random_predictions_match_reference(ex, rng):
    for n, k, p_shape, p_texture in [(50, 4, 0.3, 0.5), (200, 6, 0.6, 0.2), (7, 3, 0.0, 0.0), (1, 2, 0.5, 0.5),
                                     (300, 5, 0.2, 0.2)]:
        shapes, textures = _cue_conflict_labels(rng, n, k)
        pred = _mixed_predictions(rng, shapes, textures, k, p_shape, p_texture)
        inputs = {"pred": pred, "shape_labels": shapes, "texture_labels": textures, "n_classes": k}
        expect_close(ex.shape_bias(pred, shapes, textures), _geirhos_shape_bias(pred, shapes, textures),
                     what=f"shape_bias over {n} cue-conflict images, {k} classes",
                     how=GEIRHOS, rtol=1e-12, atol=1e-12, inputs=inputs)
        expect_close(ex.per_class_shape_bias(pred, shapes, textures, k), _reference_per_class(pred, shapes, textures, k),
                     what=f"per_class_shape_bias over {n} cue-conflict images, {k} classes",
                     how="the same loop on the images of each shape class (nan where undefined)",
                     rtol=1e-12, atol=1e-12, inputs=inputs)


def test_cue_conflict_set_matches_reference(ex, rng):
    for k, n in [(4, 96), (6, 120), (2, 10)]:
        batch = generate(TextureShapeConfig(image_size=16, min_size=12, max_size=15, n_classes=k,
                                            split="cue-conflict"), n, seed=k)
        shapes, textures = batch.shape_labels, batch.texture_labels
        # a texture-biased "model": the texture 60 % of the time, the shape 25 %, else a random class
        pred = _mixed_predictions(rng, shapes, textures, k, 0.25, 0.6)
        inputs = {"pred": pred, "shape_labels": shapes, "texture_labels": textures, "n_classes": k}
        expect_close(ex.shape_bias(pred, shapes, textures), _geirhos_shape_bias(pred, shapes, textures),
                     what=f"shape_bias on texture_shape's cue-conflict split ({k} classes, {n} images)",
                     how=GEIRHOS, rtol=1e-12, atol=1e-12, inputs=inputs)
        expect_close(ex.per_class_shape_bias(pred, shapes, textures, k), _reference_per_class(pred, shapes, textures, k),
                     what=f"per_class_shape_bias on the cue-conflict split ({k} classes, {n} images)",
                     how="the same loop on the images of each shape class (nan where undefined)",
                     rtol=1e-12, atol=1e-12,
                     inputs=inputs)
