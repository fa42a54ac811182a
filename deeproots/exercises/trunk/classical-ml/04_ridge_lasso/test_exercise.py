"""Checks for ridge and lasso (references: sklearn.linear_model.Ridge and Lasso with tight
tolerances, on sklearn's bundled diabetes data and on random data; the L1 proximal map written
as z - clip(z, -gamma, gamma); the lasso's optimality conditions)."""
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, Ridge

from deeproots.grading.checks import expect, expect_close, expect_equal

TIGHT = {"tol": 1e-12, "max_iter": 1_000_000}  # sklearn Lasso run to convergence
LEARNER = {"tol": 1e-10, "max_iter": 2000}  # the solution needs at most ~60 sweeps here


def _random_problem(rng, n, d, sparse=False):
    X = rng.normal(loc=rng.uniform(-2, 2, size=d), scale=rng.uniform(0.5, 2.0, size=d), size=(n, d))
    w = rng.normal(size=d)
    if sparse:
        w[rng.permutation(d)[: d // 2]] = 0.0
    return X, X @ w + 3.0 + 0.5 * rng.normal(size=n)


def _alpha_max(X, y, fit_intercept):
    """The smallest alpha for which the lasso's weights are all zero: max_j |x_j . y| / n."""
    Xc, yc = (X - X.mean(axis=0), y - y.mean()) if fit_intercept else (X, y)
    return float(np.max(np.abs(Xc.T @ yc)) / len(y))


def test_init_stores_only_hyperparameters(ex, rng):
    ridge = ex.RidgeRegression(alpha=2.5, fit_intercept=False)
    lasso = ex.LassoRegression(alpha=0.5, fit_intercept=False, max_iter=7, tol=1e-3)
    how = "scikit-learn convention: __init__ stores each argument under its own name"
    for name, got, want in [("RidgeRegression.alpha", ridge.alpha, 2.5),
                            ("RidgeRegression.fit_intercept", ridge.fit_intercept, False),
                            ("LassoRegression.alpha", lasso.alpha, 0.5),
                            ("LassoRegression.fit_intercept", lasso.fit_intercept, False),
                            ("LassoRegression.max_iter", lasso.max_iter, 7),
                            ("LassoRegression.tol", lasso.tol, 1e-3)]:
        expect_equal(got, want, what=name, how=how)
    for model in (ridge, lasso):
        expect(not hasattr(model, "coef_") and not hasattr(model, "intercept_"),
               "coef_ or intercept_ exists before fit: __init__ must only store hyper-parameters")
    X, y = _random_problem(rng, 10, 2)
    for model in (ex.RidgeRegression(), ex.LassoRegression(**LEARNER)):
        returned = model.fit(X, y)
        expect(returned is model, "fit(X, y) must return self, so that model.fit(X, y).predict(X) works",
               got=returned)


def test_ridge_hand_example(ex, rng):
    X, y = np.array([[0.0], [2.0]]), np.array([0.0, 2.0])
    model = ex.RidgeRegression(alpha=2.0).fit(X, y)
    inputs = {"X": X, "y": y, "alpha": 2.0}
    expect_close(model.coef_, np.array([0.5]), what="coef_", how="by hand: (2 + 2) w = 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(model.intercept_, 0.5, what="intercept_", how="by hand: 1 - 1 * 0.5",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(model.predict(np.array([[4.0]])), np.array([2.5]), what="predict([[4]])",
                 how="by hand: 0.5 * 4 + 0.5", rtol=1e-12, atol=1e-12, inputs=inputs)


def test_ridge_matches_sklearn_on_diabetes(ex, rng):
    X, y = load_diabetes(return_X_y=True)
    for alpha in (0.01, 1.0, 100.0):
        reference = Ridge(alpha=alpha).fit(X, y)
        model = ex.RidgeRegression(alpha=alpha).fit(X, y)
        how = f"sklearn.linear_model.Ridge(alpha={alpha}).fit(X, y) on load_diabetes()"
        expect_close(model.coef_, reference.coef_, what=f"coef_ (diabetes, alpha={alpha})", how=how,
                     rtol=1e-8, atol=1e-8)
        expect_close(model.intercept_, reference.intercept_, what=f"intercept_ (diabetes, alpha={alpha})",
                     how=how, rtol=1e-8, atol=1e-8)
        expect_close(model.predict(X[:20]), reference.predict(X[:20]),
                     what=f"predict(X[:20]) (diabetes, alpha={alpha})", how=how, rtol=1e-8, atol=1e-8)


def test_ridge_matches_sklearn_on_random_data(ex, rng):
    # n < d, n = 1 and a constant column included: alpha > 0 keeps the system invertible.
    for n, d, alpha, fit_intercept in [(1, 2, 1.0, True), (30, 4, 0.5, True), (10, 25, 3.0, True),
                                       (40, 6, 1e6, True), (25, 3, 2.0, False), (8, 12, 0.1, False)]:
        X, y = _random_problem(rng, n, d)
        if d == 6:
            X[:, 2] = 4.0
        reference = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
        model = ex.RidgeRegression(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
        how = f"sklearn Ridge(alpha={alpha}, fit_intercept={fit_intercept})"
        inputs = {"X": X, "y": y, "alpha": alpha, "fit_intercept": fit_intercept}
        expect_close(model.coef_, reference.coef_, what="coef_", how=how, rtol=1e-7, atol=1e-10,
                     inputs=inputs)
        expect_close(model.intercept_, reference.intercept_, what="intercept_", how=how,
                     rtol=1e-7, atol=1e-10, inputs=inputs)


def test_soft_threshold(ex, rng):
    z = np.array([-3.0, 0.5, 2.0])
    expect_close(ex.soft_threshold(z, 1.0), np.array([-2.0, 0.0, 1.0]), what="soft_threshold([-3, 0.5, 2], 1)",
                 how="by hand: shrink towards 0 by 1, stop at 0", rtol=0, atol=0, inputs={"z": z})
    for shape, gamma in [((1,), 0.3), ((20,), 1.0), ((4, 5), 0.0), ((50,), 2.5)]:
        z = rng.normal(scale=2.0, size=shape)
        expect_close(ex.soft_threshold(z, gamma), z - np.clip(z, -gamma, gamma),
                     what=f"soft_threshold(z, {gamma})",
                     how="z - clip(z, -gamma, gamma) (the same map: shrink by gamma, stop at 0)",
                     rtol=1e-15, atol=1e-15, inputs={"z": z, "gamma": gamma})


def test_lasso_hand_example(ex, rng):
    X, y = np.array([[1.0], [-1.0]]), np.array([3.0, -3.0])
    inputs = {"X": X, "y": y, "alpha": 1.0}
    expect_close(ex.lasso_coordinate_descent(X, y, 1.0), np.array([2.0]),
                 what="lasso_coordinate_descent(X, y, alpha=1)", how="by hand: (6 - 2*1) / 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    model = ex.LassoRegression(alpha=1.0).fit(X, y)
    expect_close(model.coef_, np.array([2.0]), what="LassoRegression(alpha=1).coef_",
                 how="by hand: (6 - 2*1) / 2", rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(model.intercept_, 0.0, what="LassoRegression(alpha=1).intercept_",
                 how="by hand: X and y already have mean 0", rtol=0, atol=1e-12, inputs=inputs)


def test_lasso_coordinate_descent_matches_sklearn(ex, rng):
    for n, d, fraction in [(1, 1, 0.5), (15, 3, 0.1), (40, 8, 0.2), (12, 20, 0.3)]:
        X, y = _random_problem(rng, n, d, sparse=True)
        alpha = fraction * _alpha_max(X, y, fit_intercept=False)
        reference = Lasso(alpha=alpha, fit_intercept=False, **TIGHT).fit(X, y)
        w = ex.lasso_coordinate_descent(X, y, alpha, LEARNER["max_iter"], LEARNER["tol"])
        expect_close(w, reference.coef_, what=f"lasso_coordinate_descent(X, y, alpha={alpha:.4g})",
                     how="sklearn Lasso(alpha, fit_intercept=False, tol=1e-12, max_iter=1e6)",
                     rtol=1e-6, atol=1e-7, inputs={"X": X, "y": y, "alpha": alpha})


def _check_lasso(ex, X, y, alpha, fit_intercept, label, inputs):
    reference = Lasso(alpha=alpha, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
    model = ex.LassoRegression(alpha=alpha, fit_intercept=fit_intercept, **LEARNER).fit(X, y)
    coef = np.asarray(model.coef_)
    how = f"sklearn Lasso(alpha={alpha:.4g}, fit_intercept={fit_intercept}, tol=1e-12, max_iter=1e6)"
    expect_close(coef, reference.coef_, what=f"coef_ ({label})", how=how, rtol=1e-6, atol=1e-6,
                 inputs=inputs)
    expect_close(model.intercept_, reference.intercept_, what=f"intercept_ ({label})", how=how,
                 rtol=1e-6, atol=1e-6, inputs=inputs)
    # Exact zeros: where the optimality condition |x_j . r| / n <= alpha holds with a clear margin,
    # the weight must be exactly 0.0 (soft-thresholding produces true zeros, not 1e-17).
    Xc = X - X.mean(axis=0) if fit_intercept else X
    residual = y - reference.predict(X)
    margin = alpha - np.abs(Xc.T @ residual) / len(y)
    clear = (reference.coef_ == 0) & (margin > 1e-6 * max(alpha, 1.0))
    expect_equal(coef[clear] == 0.0, np.ones(int(clear.sum()), dtype=bool),
                 what=f"coef_[j] == 0.0 exactly for the features the lasso drops ({label})",
                 how=f"{how}: |x_j . r| / n < alpha there (the subgradient condition)")
    return coef


def test_lasso_matches_sklearn_on_diabetes(ex, rng):
    X, y = load_diabetes(return_X_y=True)
    zeros = []
    for alpha in (0.1, 0.3, 1.0):
        coef = _check_lasso(ex, X, y, alpha, True, f"diabetes, alpha={alpha}", {"alpha": alpha})
        zeros.append(int(np.sum(coef == 0.0)))
    expect(zeros[0] <= zeros[1] <= zeros[2] and zeros[2] >= 5,
           "a larger alpha should zero out more weights (sklearn drops 3, 6 and 7 of the 10)",
           zero_counts=np.array(zeros))


def test_lasso_all_zero_above_alpha_max(ex, rng):
    X, y = load_diabetes(return_X_y=True)
    alpha = 1.01 * _alpha_max(X, y, fit_intercept=True)
    model = ex.LassoRegression(alpha=alpha, **LEARNER).fit(X, y)
    expect_equal(np.asarray(model.coef_), np.zeros(X.shape[1]), what=f"coef_ (diabetes, alpha={alpha:.4g})",
                 how="theory: for alpha >= max_j |x_j . (y - mean y)| / n = 2.148 every weight is exactly 0")
    expect_close(model.intercept_, y.mean(), what="intercept_ with every weight 0",
                 how="y.mean(): only the unpenalised intercept is left", rtol=1e-12, atol=1e-12)


def test_lasso_matches_sklearn_on_random_data(ex, rng):
    for n, d, fraction, fit_intercept in [(30, 5, 0.05, True), (60, 10, 0.3, True),
                                          (15, 25, 0.2, True), (40, 6, 0.1, False)]:
        X, y = _random_problem(rng, n, d, sparse=True)
        if d == 10:
            X[:, 3] = -2.0  # a constant feature: zero once centred, its weight stays 0
        alpha = fraction * _alpha_max(X, y, fit_intercept)
        _check_lasso(ex, X, y, alpha, fit_intercept, f"n={n}, d={d}",
                     {"X": X, "y": y, "alpha": alpha, "fit_intercept": fit_intercept})
