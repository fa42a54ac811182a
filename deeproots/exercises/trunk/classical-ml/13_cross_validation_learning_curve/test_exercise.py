"""Checks for k-fold cross-validation and learning curves (references:
sklearn.model_selection.KFold, cross_val_score and learning_curve, with sklearn's own Ridge
and NearestCentroid, on diabetes, iris and random data)."""
import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_diabetes, load_iris
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold
from sklearn.model_selection import cross_val_score as sklearn_cross_val_score
from sklearn.model_selection import learning_curve as sklearn_learning_curve
from sklearn.neighbors import NearestCentroid

from deeproots.grading.checks import expect, expect_close, expect_equal, expect_raises

SKLEARN_MODELS = {"ridge": Ridge, "nearest_centroid": NearestCentroid}


def _regression(rng, n, d):
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d)
    return X, X @ rng.normal(size=d) + 0.5 * rng.normal(size=n) + 3.0


def test_kfold_hand_example(ex, rng):
    for n, k, expected in [(5, 2, [([3, 4], [0, 1, 2]), ([0, 1, 2], [3, 4])]),
                           (7, 3, [([3, 4, 5, 6], [0, 1, 2]), ([0, 1, 2, 5, 6], [3, 4]),
                                   ([0, 1, 2, 3, 4], [5, 6])])]:
        folds = ex.kfold_indices(n, k)
        expect(len(folds) == k, f"kfold_indices({n}, {k}) must return {k} (train, validation) pairs",
               got=folds)
        for j, ((train, val), (want_train, want_val)) in enumerate(zip(folds, expected)):
            how = "by hand: the first n % k folds get n // k + 1 samples"
            expect_equal(np.asarray(val).astype(int), np.array(want_val),
                         what=f"validation indices of fold {j} of kfold_indices({n}, {k})", how=how)
            expect_equal(np.asarray(train).astype(int), np.array(want_train),
                         what=f"training indices of fold {j} of kfold_indices({n}, {k})", how=how)


def test_kfold_matches_sklearn(ex, rng):
    for n, k, shuffle, seed in [(2, 2, False, None), (10, 3, False, None), (11, 5, False, None),
                                (100, 7, False, None), (10, 10, False, None), (13, 4, True, 0),
                                (100, 5, True, 7), (57, 3, True, 12345)]:
        folds = ex.kfold_indices(n, k, shuffle, seed)
        reference = list(KFold(n_splits=k, shuffle=shuffle, random_state=seed).split(np.zeros(n)))
        expect(len(folds) == k, f"kfold_indices({n}, {k}) must return {k} pairs", got=len(folds))
        how = f"sklearn KFold(n_splits={k}, shuffle={shuffle}, random_state={seed}).split"
        for j, ((train, val), (want_train, want_val)) in enumerate(zip(folds, reference)):
            inputs = {"n_samples": n, "n_splits": k, "shuffle": shuffle, "seed": seed}
            expect_equal(np.asarray(val).astype(int), want_val, what=f"validation indices of fold {j}",
                         how=how, inputs=inputs)
            expect_equal(np.asarray(train).astype(int), want_train, what=f"training indices of fold {j}",
                         how=how, inputs=inputs)


def test_kfold_rejects_bad_n_splits(ex, rng):
    expect_raises(lambda: ex.kfold_indices(10, 1), ValueError, what="kfold_indices(10, 1)",
                  why=" (at least 2 folds)")
    expect_raises(lambda: ex.kfold_indices(4, 5), ValueError, what="kfold_indices(4, 5)",
                  why=" (more folds than samples)")


def test_cross_val_score_matches_sklearn(ex, rng):
    diabetes_X, diabetes_y = load_diabetes(return_X_y=True)
    iris_X, iris_y = load_iris(return_X_y=True)
    random_X, random_y = _regression(rng, 23, 3)
    for name, X, y, model, params, k, shuffle, seed in [
        ("diabetes", diabetes_X, diabetes_y, "ridge", {"alpha": 2.0}, 5, True, 0),
        ("diabetes", diabetes_X, diabetes_y, "ridge", {"alpha": 0.5}, 3, False, None),
        ("random", random_X, random_y, "ridge", {"alpha": 1.0}, 4, True, 3),
        ("iris", iris_X, iris_y, "nearest_centroid", {}, 5, True, 1),
        ("iris, contiguous folds: whole classes held out", iris_X, iris_y, "nearest_centroid", {}, 3,
         False, None),
    ]:
        got = ex.cross_val_score(model, X, y, k, shuffle, seed, params)
        estimator = SKLEARN_MODELS[model](**params)
        cv = KFold(n_splits=k, shuffle=shuffle, random_state=seed)
        if name == "diabetes" and shuffle:
            reference = sklearn_cross_val_score(estimator, X, y, cv=cv)
            how = "sklearn cross_val_score"
        else:  # the same computation, without cross_val_score's (slow) machinery
            reference = np.array([clone(estimator).fit(X[train], y[train]).score(X[val], y[val])
                                  for train, val in cv.split(X)])
            how = "fit + score of a clone on each split of sklearn KFold"
        expect_close(got, reference, what=f"cross_val_score({model!r}) on {name}",
                     how=f"{how}: {SKLEARN_MODELS[model].__name__}(**{params}), "
                         f"KFold({k}, shuffle={shuffle}, random_state={seed})",
                     rtol=1e-9, atol=1e-12,
                     inputs={"data": name, "n_splits": k, "shuffle": shuffle, "seed": seed})


def test_learning_curve_matches_sklearn(ex, rng):
    diabetes_X, diabetes_y = load_diabetes(return_X_y=True)
    random_X, random_y = _regression(rng, 40, 4)
    for name, X, y, sizes, k, params in [
        ("diabetes", diabetes_X, diabetes_y, [15, 100, 290], 3, {"alpha": 1.0}),
        ("random", random_X, random_y, [5, 26], 3, {"alpha": 0.1}),
    ]:
        got_sizes, got_train, got_val = ex.learning_curve("ridge", X, y, sizes, k, params)
        ref_sizes, ref_train, ref_val = sklearn_learning_curve(
            Ridge(**params), X, y, train_sizes=np.array(sizes), cv=KFold(n_splits=k), shuffle=False)
        how = f"sklearn learning_curve(Ridge(**{params}), train_sizes={sizes}, cv=KFold({k}))"
        inputs = {"data": name, "train_sizes": sizes, "n_splits": k}
        expect_equal(np.asarray(got_sizes).astype(int), ref_sizes.astype(int), what="train_sizes",
                     how=how, inputs=inputs)
        expect_close(got_train, ref_train, what=f"train_scores on {name}", how=how, rtol=1e-9,
                     atol=1e-12, inputs=inputs)
        expect_close(got_val, ref_val, what=f"val_scores on {name}", how=how, rtol=1e-9,
                     atol=1e-12, inputs=inputs)
