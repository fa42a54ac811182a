"""Checks for linear regression (references: scikit-learn's LinearRegression and
StandardScaler, on sklearn's bundled diabetes data and on random data)."""
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler

from deeproots.grading.checks import expect, expect_close, expect_equal


def _random_problem(rng, n, d):
    """Features with non-zero means and mixed scales, y linear in X plus noise."""
    X = rng.normal(loc=rng.uniform(-3, 3, size=d), scale=rng.uniform(0.5, 2.0, size=d),
                   size=(n, d))
    y = X @ rng.normal(size=d) + rng.normal() * 5 + 0.1 * rng.normal(size=n)
    return X, y


def test_init_stores_only_hyperparameters(ex, rng):
    model = ex.LinearRegressionNormal(fit_intercept=False)
    expect_equal(model.fit_intercept, False, what="LinearRegressionNormal(fit_intercept=False).fit_intercept",
                 how="scikit-learn convention: __init__ stores each argument under its own name")
    expect_equal(ex.LinearRegressionNormal().fit_intercept, True,
                 what="LinearRegressionNormal().fit_intercept", how="the default is True")
    for name in ("coef_", "intercept_"):
        expect(not hasattr(model, name),
               f"{name} exists before fit: __init__ must only store hyper-parameters "
               "(learned attributes ending in _ are created by fit)")


def test_fit_returns_self(ex, rng):
    X, y = _random_problem(rng, 20, 3)
    model = ex.LinearRegressionNormal()
    returned = model.fit(X, y)
    expect(returned is model, "fit(X, y) must return self (the same estimator object), "
           "so that model.fit(X, y).predict(X) works", got=returned)


def test_hand_example(ex, rng):
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 3.0, 5.0])
    model = ex.LinearRegressionNormal().fit(X, y)
    inputs = {"X": X, "y": y}
    expect_close(model.coef_, np.array([2.0]), what="coef_", how="by hand: y = 2x + 1",
                 rtol=1e-9, atol=1e-9, inputs=inputs)
    expect_close(model.intercept_, 1.0, what="intercept_", how="by hand: y = 2x + 1",
                 rtol=1e-9, atol=1e-9, inputs=inputs)
    expect_close(model.predict(np.array([[10.0]])), np.array([21.0]), what="predict([[10]])",
                 how="by hand: 2 * 10 + 1", rtol=1e-9, atol=1e-9, inputs=inputs)


def test_matches_sklearn_on_diabetes(ex, rng):
    X, y = load_diabetes(return_X_y=True)
    reference = LinearRegression().fit(X, y)
    model = ex.LinearRegressionNormal().fit(X, y)
    how = "sklearn.linear_model.LinearRegression().fit(X, y) on load_diabetes()"
    expect_close(model.coef_, reference.coef_, what="coef_ (diabetes)", how=how,
                 rtol=1e-6, atol=1e-6)
    expect_close(model.intercept_, reference.intercept_, what="intercept_ (diabetes)", how=how,
                 rtol=1e-6, atol=1e-6)
    expect_close(model.predict(X), reference.predict(X), what="predict(X) (diabetes)", how=how,
                 rtol=1e-6, atol=1e-6)


def test_matches_sklearn_on_random_data(ex, rng):
    for n, d, fit_intercept in [(20, 1, True), (50, 3, True), (200, 10, True),
                                (11, 10, True), (30, 5, False), (8, 2, False)]:
        X, y = _random_problem(rng, n, d)
        X_new = rng.normal(size=(4, d))
        reference = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
        model = ex.LinearRegressionNormal(fit_intercept=fit_intercept).fit(X, y)
        how = f"sklearn LinearRegression(fit_intercept={fit_intercept})"
        inputs = {"X": X, "y": y, "fit_intercept": fit_intercept}
        expect_close(model.coef_, reference.coef_, what="coef_", how=how,
                     rtol=1e-6, atol=1e-8, inputs=inputs)
        expect_close(model.intercept_, reference.intercept_, what="intercept_", how=how,
                     rtol=1e-6, atol=1e-8, inputs=inputs)
        expect_close(model.predict(X_new), reference.predict(X_new),
                     what="predict(X_new) on unseen rows", how=how, rtol=1e-6, atol=1e-8,
                     inputs={**inputs, "X_new": X_new})


def test_standardize_matches_standard_scaler(ex, rng):
    for n, d in [(2, 1), (10, 3), (100, 6)]:
        X = rng.normal(loc=rng.uniform(-100, 100, size=d),
                       scale=10.0 ** rng.uniform(-3, 3, size=d), size=(n, d))
        Z, mean, std = ex.standardize(X)
        scaler = StandardScaler().fit(X)
        how = "sklearn.preprocessing.StandardScaler (population std, ddof=0)"
        expect_close(mean, scaler.mean_, what="mean", how=how, rtol=1e-10, atol=1e-10,
                     inputs={"X": X})
        expect_close(std, scaler.scale_, what="std", how=how, rtol=1e-10, atol=1e-12,
                     inputs={"X": X})
        expect_close(Z, scaler.transform(X), what="Z", how=how, rtol=1e-8, atol=1e-8,
                     inputs={"X": X})


def test_gradient_descent_hand_example(ex, rng):
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 3.0, 5.0])
    coef, intercept = ex.gradient_descent(X, y, learning_rate=0.5, n_iterations=200)
    inputs = {"X": X, "y": y, "learning_rate": 0.5, "n_iterations": 200}
    expect_close(coef, np.array([2.0]), what="coef", how="by hand: y = 2x + 1",
                 rtol=1e-6, atol=1e-6, inputs=inputs)
    expect_close(intercept, 1.0, what="intercept", how="by hand: y = 2x + 1",
                 rtol=1e-6, atol=1e-6, inputs=inputs)


def test_gradient_descent_converges_on_diabetes(ex, rng):
    X, y = load_diabetes(return_X_y=True)
    reference = LinearRegression().fit(X, y)
    coef, intercept = ex.gradient_descent(X, y, learning_rate=0.3, n_iterations=10000)
    how = "sklearn LinearRegression on load_diabetes() (gradient descent converges to it)"
    expect_close(coef, reference.coef_, what="coef (diabetes, lr=0.3, 10000 iterations)",
                 how=how, rtol=1e-5, atol=1e-4)
    expect_close(intercept, reference.intercept_,
                 what="intercept (diabetes, lr=0.3, 10000 iterations)", how=how,
                 rtol=1e-6, atol=1e-6)


def test_gradient_descent_on_badly_scaled_features(ex, rng):
    # Columns of scale 100, 1 and 0.01: without standardisation no step size works.
    for n in (30, 100):
        X = rng.normal(size=(n, 3)) * np.array([100.0, 1.0, 0.01]) + np.array([500.0, -2.0, 0.01])
        y = X @ np.array([0.03, -2.0, 400.0]) + 7.0 + 0.1 * rng.normal(size=n)
        reference = LinearRegression().fit(X, y)
        coef, intercept = ex.gradient_descent(X, y, learning_rate=0.5, n_iterations=3000)
        how = "sklearn LinearRegression().fit(X, y)"
        inputs = {"X": X, "y": y, "learning_rate": 0.5, "n_iterations": 3000}
        expect_close(coef, reference.coef_, what="coef", how=how, rtol=1e-5, atol=1e-8,
                     inputs=inputs)
        expect_close(intercept, reference.intercept_, what="intercept", how=how,
                     rtol=1e-5, atol=1e-6, inputs=inputs)
