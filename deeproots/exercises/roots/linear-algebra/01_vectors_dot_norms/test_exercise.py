"""Checks for vectors: dot products, norms and angles (references: NumPy)."""
import numpy as np

from deeproots.grading.checks import expect_close


def test_dot_matches_numpy(ex, rng):
    for n in (1, 2, 3, 17, 100):
        x, y = rng.normal(size=n), rng.normal(size=n)
        expect_close(ex.dot(x, y), np.dot(x, y), what="dot(x, y)", how="np.dot(x, y)",
                     rtol=1e-10, atol=1e-12, inputs={"x": x, "y": y})


def test_norm_matches_numpy(ex, rng):
    for n in (1, 2, 5, 50):
        x = rng.normal(scale=3.0, size=n)
        expect_close(ex.norm(x), np.linalg.norm(x), what="norm(x)", how="np.linalg.norm(x)",
                     rtol=1e-10, atol=1e-12, inputs={"x": x})


def test_angle_matches_arccos_formula(ex, rng):
    for n in (2, 3, 10):
        x, y = rng.normal(size=n), rng.normal(size=n)
        cosine = np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y))
        expect_close(ex.angle(x, y), np.arccos(cosine), what="angle(x, y)",
                     how="np.arccos(x.y / (|x| |y|))", rtol=1e-9, atol=1e-9,
                     inputs={"x": x, "y": y})
    expect_close(ex.angle(np.array([1.0, 0.0]), np.array([0.0, 2.0])), np.pi / 2,
                 what="angle([1, 0], [0, 2])", how="perpendicular vectors: pi/2")


def test_angle_of_parallel_vectors_is_exactly_representable(ex, rng):
    # Rounding pushes |cos| just past 1 for many parallel pairs: arccos would give nan.
    for _ in range(40):
        x = rng.normal(size=3)
        scale = rng.uniform(0.1, 10.0)
        expect_close(ex.angle(x, scale * x), 0.0, what="angle(x, c*x) with c > 0",
                     how="parallel vectors: 0", atol=1e-6, inputs={"x": x, "c": scale})
        expect_close(ex.angle(x, -scale * x), np.pi, what="angle(x, -c*x) with c > 0",
                     how="opposite vectors: pi", atol=1e-6, inputs={"x": x, "c": scale})
