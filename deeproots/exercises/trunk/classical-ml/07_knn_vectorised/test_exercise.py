"""Checks for k-nearest neighbours (references: scipy.spatial.distance.cdist and
sklearn.neighbors.KNeighborsClassifier(algorithm="brute") on the bundled iris and digits data,
jittered so that no two distances tie, plus hand-made vote ties)."""
import numpy as np
from scipy.spatial.distance import cdist
from sklearn.datasets import load_digits, load_iris
from sklearn.neighbors import KNeighborsClassifier

from deeproots.grading.checks import expect, expect_close, expect_equal


def test_distances_hand_example(ex, rng):
    A, B = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [3.0, 4.0]])
    expect_close(ex.squared_distances(A, B), np.array([[1.0, 25.0], [1.0, 13.0]]),
                 what="squared_distances(A, B)", how="by hand: 1, 25 / 1, 4 + 9", rtol=1e-12, atol=1e-12,
                 inputs={"A": A, "B": B})


def test_distances_match_cdist(ex, rng):
    for m, n, d in [(1, 1, 1), (1, 5, 3), (4, 1, 2), (3, 7, 5), (20, 10, 64)]:
        A = rng.normal(size=(m, d))
        B = rng.normal(size=(n, d))
        expect_close(ex.squared_distances(A, B), cdist(A, B, "sqeuclidean"),
                     what=f"squared_distances(A, B), A {A.shape}, B {B.shape}",
                     how="scipy.spatial.distance.cdist(A, B, 'sqeuclidean')", rtol=1e-9, atol=1e-12,
                     inputs={"A": A, "B": B})


def test_distances_never_negative(ex, rng):
    # Far from the origin, ||a||^2 + ||b||^2 - 2 a.b cancels catastrophically: for a = b the
    # rounding error (about 1e-16 * ||a||^2 = 1e-8 here) is as likely negative as positive.
    A = 1e4 + rng.normal(size=(30, 3))
    B = np.vstack([A[:10], A[:10] + 1e-9, 1e4 + rng.normal(size=(5, 3))])
    got = np.asarray(ex.squared_distances(A, B))
    expect(got.shape == (30, 25) and bool(np.all(got >= 0.0)),
           "squared distances must be >= 0: clip the expansion with np.maximum(D, 0.0) "
           "(rounding makes it slightly negative for (almost) equal points)",
           smallest=float(got.min()) if got.size else float("nan"), shape=got.shape)
    scale = np.add.outer(np.sum(A ** 2, axis=1), np.sum(B ** 2, axis=1))
    expect_close(got, cdist(A, B, "sqeuclidean"), what="squared_distances for points near 1e4",
                 how="scipy.spatial.distance.cdist(A, B, 'sqeuclidean'); tolerance 1e-13 (||a||^2 + ||b||^2), "
                     "the expansion's rounding error", rtol=0, atol=1e-13 * float(scale.max()),
                 inputs={"A": A, "B": B})


def test_distances_scale_without_loops_or_cubes(ex, rng):
    # 500 x 500 points of 1200 features: the expansion needs the 2 MB result; an
    # (m, n, d) array of differences needs 2.4 GB and does not fit the 2 GB memory limit.
    A = rng.normal(size=(500, 1200))
    B = rng.normal(size=(500, 1200))
    got = np.asarray(ex.squared_distances(A, B))
    expect_equal(got.shape, (500, 500), what="squared_distances(A, B).shape", how="(m, n)")
    rows = rng.choice(500, size=5, replace=False)
    expect_close(got[rows], cdist(A[rows], B, "sqeuclidean"), what="5 random rows of squared_distances(A, B)",
                 how="scipy.spatial.distance.cdist(A[rows], B, 'sqeuclidean')", rtol=1e-9, atol=1e-9,
                 inputs={"rows": rows})


def test_estimator_conventions(ex, rng):
    model = ex.KNearestNeighbors(k=3)
    expect_equal(model.k, 3, what="KNearestNeighbors(k=3).k", how="__init__ stores k under its own name")
    expect(not hasattr(model, "X_train_"), "X_train_ exists before fit: __init__ must only store k")
    X, y = rng.normal(size=(6, 2)), np.array([0, 1, 0, 1, 1, 0])
    returned = model.fit(X, y)
    expect(returned is model, "fit(X, y) must return self, so that model.fit(X, y).predict(X) works",
           got=returned)


def test_vote_ties_go_to_the_smallest_label(ex, rng):
    X, y = np.array([[0.0], [1.0], [3.0], [10.0]]), np.array([2, 1, 5, 0])
    query = np.array([[0.4], [2.9]])
    inputs = {"X_train": X, "y_train": y, "query": query}
    for k, expected, how in [(1, [2, 5], "the nearest points are 0 (label 2) and 3 (label 5)"),
                             (2, [1, 1], "labels {2, 1} and {5, 1} tie: 1 is the smaller"),
                             (3, [1, 1], "labels {2, 1, 5} tie three ways: 1"),
                             (4, [0, 0], "all four labels tie: 0")]:
        model = ex.KNearestNeighbors(k=k).fit(X, y)
        expect_equal(np.asarray(model.predict(query)), np.array(expected), what=f"predict with k={k}",
                     how=f"by hand: {how}", inputs=inputs)
    expect_equal(np.asarray(ex.KNearestNeighbors(k=3).fit(X, y).kneighbors(query)),
                 np.array([[0, 1, 2], [2, 1, 0]]), what="kneighbors(query) with k=3",
                 how="by hand: distances from 0.4 are 0.4, 0.6, 2.6, 9.6; from 2.9: 2.9, 1.9, 0.1, 7.1",
                 inputs=inputs)


def _jittered_split(rng, X, y, n_train, scale):
    """A random split, with noise that leaves no two distances equal (iris has duplicates)."""
    X = X + rng.normal(scale=scale, size=X.shape)
    order = rng.permutation(len(y))
    return X[order[:n_train]], y[order[:n_train]], X[order[n_train:]], y[order[n_train:]]


def _compare(ex, X_train, y_train, X_test, k, label):
    reference = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X_train, y_train)
    distances, indices = reference.kneighbors(X_test, n_neighbors=k + 1)
    expected = reference.predict(X_test)
    clear = distances[:, k] - distances[:, k - 1] > 1e-6  # the k-th neighbour is well defined
    model = ex.KNearestNeighbors(k=k).fit(X_train, y_train)
    how = f"sklearn KNeighborsClassifier(n_neighbors={k}, algorithm='brute')"
    expect_equal(np.asarray(model.kneighbors(X_test))[clear], indices[clear, :k],
                 what=f"kneighbors(X_test) ({label}, k={k})", how=f"{how}.kneighbors(X_test)")
    expect_equal(np.asarray(model.predict(X_test))[clear], expected[clear],
                 what=f"predict(X_test) ({label}, k={k})", how=f"{how}.predict(X_test)")


def test_matches_sklearn_on_iris(ex, rng):
    X, y = load_iris(return_X_y=True)
    X_train, y_train, X_test, _ = _jittered_split(rng, X, y, 100, 1e-3)
    for k in (1, 4, 7):
        _compare(ex, X_train, y_train, X_test, k, "iris")


def test_matches_sklearn_on_digits(ex, rng):
    X, y = load_digits(return_X_y=True)
    X, y = X[:650], y[:650]  # 500 to train on, 150 to test: enough to compare, quick to sort
    X_train, y_train, X_test, y_test = _jittered_split(rng, X, y, 500, 1e-2)
    for k in (1, 6):
        _compare(ex, X_train, y_train, X_test, k, "digits")
    accuracy = float(np.mean(np.asarray(ex.KNearestNeighbors(k=3).fit(X_train, y_train).predict(X_test)) == y_test))
    expect(accuracy >= 0.95, f"3-NN held-out accuracy on digits is {accuracy:.3f}, below 0.95 "
           "(sklearn's KNeighborsClassifier reaches about 0.98)")


def test_equal_distances_ordered_by_training_index(ex, rng):
    # Integer coordinates make every squared distance exact, so duplicated training points
    # tie exactly; the k nearest must then come in increasing training index.
    X_train = rng.integers(-3, 4, size=(6, 2)).astype(float)[rng.integers(0, 6, size=30)]
    y_train = rng.integers(0, 3, size=30)
    X_test = rng.integers(-3, 4, size=(12, 2)).astype(float)
    for k in (1, 3, 7):
        expected = np.argsort(cdist(X_test, X_train, "sqeuclidean"), axis=1, kind="stable")[:, :k]
        got = ex.KNearestNeighbors(k=k).fit(X_train, y_train).kneighbors(X_test)
        expect_equal(np.asarray(got), expected, what=f"kneighbors(X_test) with exact ties (k={k})",
                     how="np.argsort(scipy cdist 'sqeuclidean', axis=1, kind='stable')[:, :k]: equal "
                     "distances ordered by training index",
                     inputs={"X_train": X_train, "X_test": X_test})
