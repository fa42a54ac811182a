"""Checks for Gaussian naive Bayes (reference: sklearn.naive_bayes.GaussianNB -- class_prior_,
theta_, var_, epsilon_, predict_joint_log_proba, predict_log_proba, predict_proba, predict --
on the bundled iris, wine and breast-cancer data and on random data; scipy.stats.norm.logpdf
for a hand-checkable joint log-likelihood)."""
import numpy as np
from scipy.stats import norm
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.naive_bayes import GaussianNB

from deeproots.grading.checks import expect, expect_close, expect_equal


def test_estimator_conventions(ex, rng):
    model = ex.GaussianNaiveBayes(var_smoothing=1e-6)
    expect_equal(model.var_smoothing, 1e-6, what="GaussianNaiveBayes(var_smoothing=1e-6).var_smoothing",
                 how="__init__ stores each argument under its own name")
    expect(not hasattr(model, "theta_") and not hasattr(model, "classes_"),
           "theta_ or classes_ exists before fit: __init__ must only store var_smoothing")
    X, y = rng.normal(size=(10, 2)), np.array([0, 1] * 5)
    returned = model.fit(X, y)
    expect(returned is model, "fit(X, y) must return self, so that model.fit(X, y).predict(X) works",
           got=returned)


def test_hand_example(ex, rng):
    X, y = np.array([[0.0], [2.0], [10.0]]), np.array([0, 0, 1])
    model = ex.GaussianNaiveBayes().fit(X, y)
    inputs = {"X": X, "y": y}
    epsilon = 1e-9 * 56.0 / 3.0
    for name, expected, how in [("class_prior_", np.array([2 / 3, 1 / 3]), "2 of 3 and 1 of 3 samples"),
                                ("theta_", np.array([[1.0], [10.0]]), "means of [0, 2] and [10]"),
                                ("epsilon_", epsilon, "1e-9 * Var([0, 2, 10]) = 1e-9 * 56/3"),
                                ("var_", np.array([[1.0 + epsilon], [epsilon]]),
                                 "population variances 1 and 0, plus epsilon_")]:
        expect_close(getattr(model, name), expected, what=name, how=f"by hand: {how}", rtol=1e-12,
                     atol=0, inputs=inputs)
    jll = np.asarray(model.joint_log_likelihood(np.array([[1.0]])))
    expect_close(jll[0, 0], np.log(2 / 3) + norm.logpdf(1.0, loc=1.0, scale=np.sqrt(1.0 + epsilon)),
                 what="joint_log_likelihood([[1]])[0, 0]",
                 how="log(2/3) + scipy.stats.norm.logpdf(1, loc=1, scale=sqrt(var_[0, 0]))",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(model.predict_proba(np.array([[1.0]])), np.array([[1.0, 0.0]]),
                 what="predict_proba([[1]])", how="by hand: class 1 has a variance of 1.9e-8 around 10",
                 rtol=0, atol=1e-12, inputs=inputs)


def _compare(ex, X, y, X_new, label, var_smoothing=1e-9):
    reference = GaussianNB(var_smoothing=var_smoothing).fit(X, y)
    model = ex.GaussianNaiveBayes(var_smoothing=var_smoothing).fit(X, y)
    how = f"sklearn.naive_bayes.GaussianNB(var_smoothing={var_smoothing:g})"
    inputs = {"var_smoothing": var_smoothing}
    expect_equal(np.asarray(model.classes_), reference.classes_, what=f"classes_ ({label})", how=how)
    expect_close(model.class_prior_, reference.class_prior_, what=f"class_prior_ ({label})", how=how,
                 rtol=1e-12, atol=0, inputs=inputs)
    expect_close(model.theta_, reference.theta_, what=f"theta_ ({label})", how=how, rtol=1e-10,
                 atol=1e-12, inputs=inputs)
    expect_close(model.epsilon_, reference.epsilon_, what=f"epsilon_ ({label})", how=how, rtol=1e-10,
                 atol=0, inputs=inputs)
    expect_close(model.var_, reference.var_, what=f"var_ ({label})", how=how, rtol=1e-9,
                 atol=1e-3 * reference.epsilon_, inputs=inputs)
    expect_close(model.joint_log_likelihood(X_new), reference.predict_joint_log_proba(X_new),
                 what=f"joint_log_likelihood ({label})", how=f"{how}.predict_joint_log_proba",
                 rtol=1e-8, atol=1e-8, inputs=inputs)
    expect_close(model.predict_log_proba(X_new), reference.predict_log_proba(X_new),
                 what=f"predict_log_proba ({label})", how=f"{how}.predict_log_proba", rtol=1e-8,
                 atol=1e-8, inputs=inputs)
    expect_close(model.predict_proba(X_new), reference.predict_proba(X_new),
                 what=f"predict_proba ({label})", how=f"{how}.predict_proba", rtol=1e-7, atol=1e-10,
                 inputs=inputs)
    expect_equal(np.asarray(model.predict(X_new)), reference.predict(X_new), what=f"predict ({label})",
                 how=f"{how}.predict")


def test_matches_sklearn_on_bundled_data(ex, rng):
    for load in (load_iris, load_wine, load_breast_cancer):
        X, y = load(return_X_y=True)
        order = rng.permutation(len(y))
        train, test = order[: 2 * len(y) // 3], order[2 * len(y) // 3:]
        _compare(ex, X[train], y[train], X[test], load.__name__[5:])


def test_far_from_the_data_needs_logsumexp(ex, rng):
    # 30 standard deviations away, every class's jll is around -1e3 to -1e5: exp() gives 0
    # for all of them, and only the shifted logsumexp still yields probabilities.
    X, y = load_wine(return_X_y=True)
    X_far = X[rng.choice(len(y), size=8, replace=False)] + 30 * X.std(axis=0) * rng.choice([-1, 1], size=(8, 13))
    _compare(ex, X, y, X_far, "wine, points 30 standard deviations away")


def test_arbitrary_labels_and_degenerate_classes(ex, rng):
    # Labels that are not 0..K-1, a class with a single sample (variance 0 before smoothing),
    # and a feature that is constant within one class.
    X = rng.normal(loc=[0.0, 5.0, -3.0], scale=[1.0, 2.0, 0.5], size=(25, 3))
    y = np.array([5] * 12 + [-1] * 12 + [3])
    X[:12, 1] = 4.0
    X_new = rng.normal(loc=[0.0, 5.0, -3.0], scale=[1.0, 2.0, 0.5], size=(10, 3))
    _compare(ex, X, y, X_new, "labels 5, -1, 3; one class of one sample", 1e-9)
    _compare(ex, X, y, X_new, "the same with var_smoothing=0.1", 0.1)


def test_large_offset_variances(ex, rng):
    # Features near 1e8 with spread ~1: mean(x^2) - mean(x)^2 subtracts two numbers near 1e16
    # and keeps no correct digit; the mean of squared deviations (np.var) stays exact.
    X = 1e8 + rng.normal(size=(60, 3)) * np.array([1.0, 2.0, 0.5])
    y = np.repeat([0, 1, 2], 20)
    _compare(ex, X, y, X[::7] + rng.normal(size=(9, 3)), "features offset by 1e8")
