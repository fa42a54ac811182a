"""Checks for the classification tree (references: the Gini formula with np.bincount, hand
examples, sklearn.tree.DecisionTreeClassifier(criterion="gini") on random data, iris and
breast cancer)."""
import numpy as np
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier as SklearnTree

from deeproots.grading.checks import expect, expect_close, expect_equal


def _random_problem(rng, n, d, n_classes):
    """Continuous features (float32-exact, like sklearn's internal copy) and noisy linear labels."""
    X = rng.normal(size=(n, d)).astype(np.float32).astype(float)
    W = rng.normal(size=(d, n_classes))
    y = np.argmax(X @ W + 0.7 * rng.normal(size=(n, n_classes)), axis=1)
    X_new = rng.normal(size=(60, d)).astype(np.float32).astype(float)
    return X, y, X_new


def _sklearn_predictions(X, y, X_new, **params):
    """sklearn visits features in a random order, so on an exact tie between two features its
    choice depends on random_state. Return the distinct predictions over three random states:
    with no tie there is exactly one."""
    found = []
    for seed in range(3 if X.shape[1] > 1 else 1):
        pred = SklearnTree(criterion="gini", random_state=seed, **params).fit(X, y).predict(X_new)
        if not any(np.array_equal(pred, seen) for seen in found):
            found.append(pred)
    return found


def _expect_one_of(got, candidates, what, how, inputs):
    got = np.asarray(got)
    if not any(got.shape == c.shape and np.array_equal(got, c) for c in candidates):
        expect_equal(got, candidates[0], what=what, how=how, inputs=inputs)


def test_init_stores_only_hyperparameters(ex, rng):
    model = ex.DecisionTreeClassifier(max_depth=3, min_samples_split=5)
    expect_equal(model.max_depth, 3, what="DecisionTreeClassifier(max_depth=3).max_depth",
                 how="scikit-learn convention: __init__ stores each argument under its own name")
    expect_equal(model.min_samples_split, 5, what="min_samples_split",
                 how="scikit-learn convention: __init__ stores each argument under its own name")
    default = ex.DecisionTreeClassifier()
    expect(default.max_depth is None and default.min_samples_split == 2,
           "the defaults are max_depth=None and min_samples_split=2",
           max_depth=default.max_depth, min_samples_split=default.min_samples_split)
    expect(not hasattr(model, "classes_"),
           "classes_ exists before fit: __init__ must only store hyper-parameters")
    X, y, _ = _random_problem(rng, 20, 2, 2)
    returned = model.fit(X, y)
    expect(returned is model, "fit(X, y) must return self (the same estimator object)", got=returned)


def test_gini_matches_formula(ex, rng):
    for y, expected, how in [
        (np.array([0, 0, 1, 1]), 0.5, "by hand: 1 - (1/2)^2 - (1/2)^2"),
        (np.array([7, 7, 7]), 0.0, "by hand: a pure node"),
        (np.array([2]), 0.0, "by hand: one sample"),
        (np.array([0, 1, 2]), 2.0 / 3.0, "by hand: 1 - 3 * (1/3)^2"),
        (["cat", "dog", "dog", "dog"], 0.375, "by hand: 1 - (1/4)^2 - (3/4)^2"),
    ]:
        expect_close(ex.gini(y), expected, what="gini(y)", how=how, rtol=1e-12, atol=1e-12,
                     inputs={"y": y})
    for n, k in [(1, 1), (10, 2), (57, 3), (500, 7)]:
        y = rng.integers(0, k, size=n) * 3 + 1  # labels 1, 4, 7, ...: not 0..K-1
        p = np.bincount(y)[np.bincount(y) > 0] / n
        expect_close(ex.gini(y), 1.0 - np.sum(p ** 2), what="gini(y)",
                     how="1 - sum(p_k^2) with p_k = np.bincount(y) / n", rtol=1e-12, atol=1e-12,
                     inputs={"y": y})


def test_best_split_hand_examples(ex, rng):
    y = np.array([0, 0, 1, 0, 1, 1])
    x0 = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
    cases = [
        (x0, (0, 2.5, 0.25), "by hand: cuts at 2.5 and 4.5 both give (2*0 + 4*3/8)/6 = 0.25; "
                             "the tie goes to the smaller threshold"),
        # Feature 1 puts the three 0s (values 2, 1, 3) below the three 1s (7, 5, 6): a pure
        # cut at (3 + 5) / 2 = 4, better than anything on feature 0.
        (np.hstack([x0, [[2.0], [1.0], [7.0], [3.0], [5.0], [6.0]]]), (1, 4.0, 0.0),
         "by hand: feature 1 separates the classes perfectly at (3 + 5)/2"),
        # The same column twice: two equally pure splits, the tie goes to feature 0.
        (np.array([[2.0, 2.0], [1.0, 1.0], [7.0, 7.0], [3.0, 3.0], [5.0, 5.0], [6.0, 6.0]]),
         (0, 4.0, 0.0), "by hand: both features split perfectly; the tie goes to feature 0"),
    ]
    for X, expected, how in cases:
        got = ex.best_split(X, y)
        inputs = {"X": X, "y": y}
        expect(got is not None and len(got) == 3,
               "best_split must return a tuple (feature, threshold, weighted gini)", got=got, X=X, y=y)
        expect_equal(int(got[0]), expected[0], what="best_split feature", how=how, inputs=inputs)
        expect_close(got[1], expected[1], what="best_split threshold", how=how, rtol=1e-12,
                     atol=1e-12, inputs=inputs)
        expect_close(got[2], expected[2], what="best_split weighted gini", how=how, rtol=1e-12,
                     atol=1e-12, inputs=inputs)
    # Repeated values: no cut between equal values. Cutting between the two 1s would isolate
    # the only 0 (weighted gini 0), but that is not a split a threshold can make.
    X, y = np.array([[1.0], [1.0], [2.0], [2.0]]), np.array([0, 1, 1, 1])
    got = ex.best_split(X, y)
    how = "by hand: the only cut is 1.5 -> {0, 1} | {1, 1}: (2 * 1/2 + 2 * 0) / 4 = 0.25"
    expect(got is not None and len(got) == 3,
           "best_split must return a tuple (feature, threshold, weighted gini)", got=got, X=X, y=y)
    expect_close(np.array(got, dtype=float), np.array([0.0, 1.5, 0.25]),
                 what="best_split (feature, threshold, weighted gini)", how=how, rtol=1e-12,
                 atol=1e-12, inputs={"X": X, "y": y})


def test_best_split_none_when_no_split_exists(ex, rng):
    for X, y, why in [
        (np.array([[3.0, -1.0], [3.0, -1.0], [3.0, -1.0]]), np.array([0, 1, 0]), "every column constant"),
        (np.array([[0.5, 2.0]]), np.array([1]), "a single sample"),
    ]:
        got = ex.best_split(X, y)
        expect(got is None, f"best_split must return None when no split exists ({why})",
               got=got, X=X, y=y)


def test_best_split_matches_brute_force(ex, rng):
    # The check's own brute force over every feature and every midpoint. Rounded features
    # make near-ties likely, so any split within 1e-9 of the best impurity is accepted here
    # (the tie rule itself is checked on exact ties in the hand examples).
    def weighted_gini(X, y, j, t):
        parts = (y[X[:, j] <= t], y[X[:, j] > t])
        return sum(len(p) * (1 - np.sum((np.bincount(p) / len(p)) ** 2)) for p in parts) / len(y)

    for n, d, k in [(2, 1, 2), (9, 2, 2), (30, 3, 3), (80, 4, 4)]:
        X = np.round(rng.normal(size=(n, d)), 1)  # rounded: repeated values occur
        y = rng.integers(0, k, size=n)
        candidates = {j: (np.unique(X[:, j])[:-1] + np.unique(X[:, j])[1:]) / 2 for j in range(d)}
        scores = [weighted_gini(X, y, j, t) for j in range(d) for t in candidates[j]]
        got = ex.best_split(X, y)
        inputs = {"X": X, "y": y}
        if not scores:
            expect(got is None, "best_split must return None when no split exists", got=got, X=X, y=y)
            continue
        best = min(scores)
        expect(got is not None and len(got) == 3,
               "best_split must return a tuple (feature, threshold, weighted gini)", got=got, X=X, y=y)
        how = "brute force in the check over all features and midpoints"
        expect_close(got[2], best, what="best_split weighted gini", how=how, rtol=1e-9,
                     atol=1e-12, inputs=inputs)
        feature, threshold = int(got[0]), float(got[1])
        expect(0 <= feature < d and np.any(np.abs(candidates[feature] - threshold) <= 1e-12),
               "best_split threshold is not a midpoint between consecutive distinct values of "
               "its feature", feature=feature, threshold=threshold, X=X)
        expect_close(weighted_gini(X, y, feature, threshold), best,
                     what=f"weighted gini of the returned split (feature {feature}, threshold "
                          f"{threshold})", how=how, rtol=1e-9, atol=1e-12, inputs=inputs)


def test_predictions_match_sklearn_shallow_trees(ex, rng):
    for n, d, k in [(60, 1, 2), (120, 2, 2), (250, 4, 3)]:
        X, y, X_new = _random_problem(rng, n, d, k)
        for depth in (1, 2, 3):
            model = ex.DecisionTreeClassifier(max_depth=depth).fit(X, y)
            both = np.vstack([X, X_new])
            how = f'sklearn.tree.DecisionTreeClassifier(criterion="gini", max_depth={depth})'
            _expect_one_of(model.predict(both), _sklearn_predictions(X, y, both, max_depth=depth),
                           what=f"predict on training and new rows (max_depth={depth})", how=how,
                           inputs={"X": X, "y": y, "max_depth": depth})


def test_min_samples_split_matches_sklearn(ex, rng):
    for n, d, k in [(90, 2, 2), (240, 3, 3)]:
        X, y, X_new = _random_problem(rng, n, d, k)
        for depth, min_split in [(3, n // 3), (4, n // 4)]:
            model = ex.DecisionTreeClassifier(max_depth=depth, min_samples_split=min_split).fit(X, y)
            both = np.vstack([X, X_new])
            how = (f'sklearn DecisionTreeClassifier(criterion="gini", max_depth={depth}, '
                   f'min_samples_split={min_split})')
            _expect_one_of(model.predict(both),
                           _sklearn_predictions(X, y, both, max_depth=depth,
                                                min_samples_split=min_split),
                           what=f"predict (max_depth={depth}, min_samples_split={min_split})",
                           how=how, inputs={"X": X, "y": y})


def test_unlimited_depth_fits_the_training_data(ex, rng):
    # Without a depth limit every leaf is pure, or holds copies of one point with mixed labels
    # (then the majority, ties to the smaller label): the training accuracy is known exactly.
    for n, d, k in [(120, 3, 3)]:
        X = rng.integers(0, 4, size=(n, d)).astype(float)  # many repeated rows
        y = rng.integers(0, k, size=n)
        _, row = np.unique(X, axis=0, return_inverse=True)
        expected = sum(np.bincount(y[row.ravel() == r]).max() for r in np.unique(row)) / n
        reference = SklearnTree(criterion="gini", random_state=0).fit(X, y)
        model = ex.DecisionTreeClassifier().fit(X, y)
        got = float(np.mean(np.asarray(model.predict(X)) == y))
        inputs = {"X": X, "y": y}
        expect_close(got, expected, what="training accuracy with max_depth=None",
                     how="sum over distinct rows of the majority count / n (every leaf is pure "
                         "or holds one repeated row)", rtol=0, atol=1e-12, inputs=inputs)
        expect_close(got, reference.score(X, y), what="training accuracy with max_depth=None",
                     how='sklearn DecisionTreeClassifier(criterion="gini").score(X, y)', rtol=0,
                     atol=1e-12, inputs=inputs)
    y = ["b", "a", "b", "b", "a"]  # a list: string labels
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    got = ex.DecisionTreeClassifier().fit(X, y).predict(np.array([[0.2], [1.1], [4.5]]))
    expect_equal(np.asarray(got), np.array(["b", "a", "a"]), what="predict with string labels",
                 how="by hand: leaves at 0.5, 1.5 and 3.5 isolate each run of labels",
                 inputs={"X": X, "y": y})


def test_accuracy_on_iris_and_breast_cancer(ex, rng):
    for name, loader in [("iris", load_iris), ("breast cancer", load_breast_cancer)]:
        X, y = loader(return_X_y=True)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0,
                                                            stratify=y)
        for depth in ((3, None) if name == "iris" else (3,)):
            # sklearn's accuracy moves by a point or two with random_state (ties between
            # features): allow 4 points below its random_state=0 tree.
            reference = SklearnTree(criterion="gini", max_depth=depth, random_state=0) \
                .fit(X_train, y_train).score(X_test, y_test)
            model = ex.DecisionTreeClassifier(max_depth=depth).fit(X_train, y_train)
            accuracy = float(np.mean(np.asarray(model.predict(X_test)) == y_test))
            expect(accuracy >= reference - 0.04,
                   f"test accuracy on {name} (max_depth={depth}, 30% held out, random_state=0) "
                   "is more than 4 points below sklearn's tree",
                   your_accuracy=accuracy, sklearn_accuracy=reference)
