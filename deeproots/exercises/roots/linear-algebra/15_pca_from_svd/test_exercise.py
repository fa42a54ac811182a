"""Checks for PCA from the SVD (reference: sklearn.decomposition.PCA, on sklearn's bundled
iris data and on random data)."""
from functools import cache

import numpy as np
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA as SklearnPCA

from deeproots.grading.checks import expect, expect_close, expect_equal

ATTRIBUTES = ("mean_", "components_", "explained_variance_", "explained_variance_ratio_")


@cache
def _iris():
    return load_iris().data.astype(float)  # (150, 4)


def _random_data(rng, n, d):
    # Independent directions with standard deviations 3, 1.8, 1.08, ... (well separated
    # variances), rotated, and moved far from the origin so that centring matters.
    scales = 3.0 * 0.6 ** np.arange(d)
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return (rng.normal(size=(n, d)) * scales) @ Q.T + rng.normal(scale=5.0, size=d)


def _compare_with_sklearn(ex, X, n_components, label):
    inputs = {"X": X, "n_components": n_components}
    model = ex.PCA(n_components)
    fitted = model.fit(X)
    expect(fitted is model, "fit(X) must return self (scikit-learn convention)", got=repr(fitted))
    for name in ATTRIBUTES:
        expect(hasattr(model, name), f"after fit the model has no attribute {name}")
    reference = SklearnPCA(n_components=n_components, svd_solver="full").fit(X)
    k = reference.n_components_
    expect_close(model.mean_, reference.mean_, what=f"mean_ ({label})", how="sklearn PCA().fit(X).mean_",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(model.explained_variance_, reference.explained_variance_,
                 what=f"explained_variance_ ({label})", how="sklearn PCA().fit(X).explained_variance_ (n - 1)",
                 rtol=1e-9, atol=1e-12, inputs=inputs)
    expect_close(model.explained_variance_ratio_, reference.explained_variance_ratio_,
                 what=f"explained_variance_ratio_ ({label})",
                 how="sklearn PCA().fit(X).explained_variance_ratio_ (over the total variance)",
                 rtol=1e-9, atol=1e-12, inputs=inputs)
    components = np.asarray(model.components_, dtype=float)
    expect_equal(components.shape, (k, X.shape[1]), what=f"shape of components_ ({label})",
                 how="(n_components, n_features): one direction per row", inputs=inputs)
    # Each direction is defined up to its sign: flip the learner's to agree with sklearn's,
    # and flip the coordinates from transform the same way.
    signs = np.where(np.sum(components * reference.components_, axis=1) >= 0, 1.0, -1.0)
    expect_close(components * signs[:, None], reference.components_,
                 what=f"components_ ({label}, each row sign aligned)", how="sklearn PCA().fit(X).components_",
                 atol=1e-8, inputs=inputs)
    Z = np.asarray(model.transform(X), dtype=float)
    scale = float(np.abs(X).max())
    expect_close(Z * signs, reference.transform(X), what=f"transform(X) ({label}, columns sign aligned)",
                 how="sklearn PCA().fit(X).transform(X), with the same sign flips as components_",
                 atol=1e-8 * scale, inputs=inputs)
    expect_close(model.inverse_transform(Z), reference.inverse_transform(reference.transform(X)),
                 what=f"inverse_transform(transform(X)) ({label})",
                 how="sklearn: inverse_transform(transform(X)), the projection onto the components",
                 atol=1e-8 * scale, inputs=inputs)


def test_by_hand(ex, rng):
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    model = ex.PCA(2).fit(X)
    inputs = {"X": X, "n_components": 2}
    expect_close(model.mean_, np.array([2.0, 2.0]), what="mean_", how="by hand: column means",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(model.explained_variance_, np.array([2.0, 0.0]), what="explained_variance_",
                 how="by hand: projections -sqrt 2, 0, sqrt 2, so (2 + 0 + 2) / (3 - 1) = 2; then 0",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(model.explained_variance_ratio_, np.array([1.0, 0.0]), what="explained_variance_ratio_",
                 how="by hand: all the variance lies along [1, 1]", rtol=1e-12, atol=1e-12, inputs=inputs)
    first = np.asarray(model.components_, dtype=float)[0]
    sign = 1.0 if first.sum() >= 0 else -1.0
    expect_close(first * sign, np.array([1.0, 1.0]) / np.sqrt(2), what="components_[0] (sign aligned)",
                 how="by hand: the direction of the line, [1, 1] / sqrt 2", rtol=1e-12, atol=1e-12,
                 inputs=inputs)
    expect_close(np.asarray(model.transform(X), dtype=float)[:, 0] * sign, np.array([-1.0, 0.0, 1.0]) * np.sqrt(2),
                 what="transform(X)[:, 0] (sign aligned)", how="by hand: (X - mean) @ [1, 1] / sqrt 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_matches_sklearn_on_iris(ex, rng):
    X = _iris()
    for n_components in (2, 1, 4, None):
        _compare_with_sklearn(ex, X, n_components, f"iris, n_components={n_components}")


def test_matches_sklearn_on_random_data(ex, rng):
    for n, d, n_components in ((50, 5, 3), (200, 3, None), (10, 20, 5), (30, 1, 1), (40, 6, 6)):
        X = _random_data(rng, n, d)
        _compare_with_sklearn(ex, X, n_components, f"random {n}x{d} data, n_components={n_components}")


def test_transform_new_points_and_reconstruct(ex, rng):
    X = _random_data(rng, 60, 4)
    model = ex.PCA(4).fit(X)
    reference = SklearnPCA(n_components=4, svd_solver="full").fit(X)
    X_new = _random_data(rng, 7, 4)
    Z = np.asarray(model.transform(X_new), dtype=float)
    signs = np.where(np.sum(np.asarray(model.components_) * reference.components_, axis=1) >= 0, 1.0, -1.0)
    expect_close(Z * signs, reference.transform(X_new), what="transform(X_new) for points not seen by fit",
                 how="sklearn PCA().fit(X).transform(X_new): centred with the mean of X, not of X_new",
                 atol=1e-8, inputs={"X": X, "X_new": X_new})
    expect_close(model.inverse_transform(Z), X_new, what="inverse_transform(transform(X_new)) with all components",
                 how="keeping every component loses nothing: X_new itself", rtol=1e-9, atol=1e-9,
                 inputs={"X": X, "X_new": X_new})
