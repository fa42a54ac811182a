"""Checks for polynomial regression and the bias-variance decomposition (references:
sklearn.preprocessing.PolynomialFeatures; numpy.polynomial's Polynomial.fit, polyfit, polyval
and legvander; the decomposition identity, with a tolerance of five standard errors of its
noise cross term)."""
import numpy as np
from numpy.polynomial import Polynomial
from numpy.polynomial import legendre
from numpy.polynomial import polynomial as npoly
from sklearn.preprocessing import PolynomialFeatures

from deeproots.grading.checks import expect, expect_close, expect_equal

SIGMA = 0.3  # noise standard deviation of the synthetic data


def _truth(x):
    return np.sin(np.pi * x)


def _sample(rng, shape):
    x = rng.uniform(-1.0, 1.0, size=shape)
    return x, _truth(x) + SIGMA * rng.normal(size=shape)


def test_features_hand_example(ex, rng):
    x = np.array([2.0, -1.0])
    expect_close(ex.polynomial_features(x, 3), np.array([[1.0, 2, 4, 8], [1, -1, 1, -1]]),
                 what="polynomial_features([2, -1], 3)", how="by hand: columns 1, x, x^2, x^3",
                 rtol=0, atol=0, inputs={"x": x})
    expect_close(ex.polynomial_features(x, 2, include_bias=False), np.array([[2.0, 4], [-1, 1]]),
                 what="polynomial_features([2, -1], 2, include_bias=False)",
                 how="by hand: columns x, x^2 (no column of ones)", rtol=0, atol=0, inputs={"x": x})


def test_features_match_sklearn(ex, rng):
    for n, degree in [(1, 1), (1, 4), (5, 0), (6, 2), (30, 5), (50, 12)]:
        x = rng.normal(scale=2.0, size=n)
        for include_bias in (True, False):
            if degree == 0 and not include_bias:
                continue
            expected = PolynomialFeatures(degree, include_bias=include_bias).fit_transform(x[:, None])
            expect_close(ex.polynomial_features(x, degree, include_bias=include_bias), expected,
                         what=f"polynomial_features(x, {degree}, include_bias={include_bias})",
                         how=f"sklearn PolynomialFeatures({degree}, include_bias={include_bias})"
                             ".fit_transform(x[:, None])",
                         rtol=1e-13, atol=0, inputs={"x": x})


def test_fit_hand_example(ex, rng):
    x = np.array([-2.0, -1.0, 0.0, 1.0, 3.0])
    y = 1.0 + 2.0 * x - x ** 2
    inputs = {"x": x, "y": y}
    expect_close(ex.fit_polynomial(x, y, 2), np.array([1.0, 2.0, -1.0]), what="fit_polynomial(x, y, 2)",
                 how="by hand: the points lie on y = 1 + 2x - x^2", rtol=1e-9, atol=1e-9, inputs=inputs)
    expect_close(ex.predict_polynomial(np.array([1.0, 2.0, -1.0]), np.array([10.0])), np.array([-79.0]),
                 what="predict_polynomial([1, 2, -1], [10])", how="by hand: 1 + 20 - 100",
                 rtol=1e-12, atol=1e-12)


def test_fit_matches_numpy_polyfit(ex, rng):
    for n, degree in [(2, 1), (4, 3), (10, 2), (40, 5), (7, 6)]:  # (4, 3), (7, 6): interpolation
        x, y = _sample(rng, n)
        x_new = rng.uniform(-1.0, 1.0, size=9)
        inputs = {"x": x, "y": y, "degree": degree}
        coef = ex.fit_polynomial(x, y, degree)
        expect_close(coef, npoly.polyfit(x, y, degree), what=f"fit_polynomial(x, y, {degree})",
                     how="numpy.polynomial.polynomial.polyfit(x, y, degree) (lowest power first)",
                     rtol=1e-6, atol=1e-7, inputs=inputs)
        expect_close(ex.predict_polynomial(coef, x_new), npoly.polyval(x_new, np.asarray(coef)),
                     what="predict_polynomial(coef, x_new)",
                     how="numpy.polynomial.polynomial.polyval(x_new, coef)", rtol=1e-10, atol=1e-12,
                     inputs={"coef": coef, "x_new": x_new})


def test_error_curve_is_u_shaped(ex, rng):
    x_train, y_train = _sample(rng, 20)
    x_val, y_val = _sample(rng, 200)
    max_degree = 12
    train_errors, val_errors = ex.error_curve(x_train, y_train, x_val, y_val, max_degree)
    train_errors, val_errors = np.asarray(train_errors), np.asarray(val_errors)
    ref_train, ref_val = np.zeros(max_degree), np.zeros(max_degree)
    for degree in range(1, max_degree + 1):
        poly = Polynomial.fit(x_train, y_train, degree)
        ref_train[degree - 1] = np.mean((poly(x_train) - y_train) ** 2)
        ref_val[degree - 1] = np.mean((poly(x_val) - y_val) ** 2)
    inputs = {"x_train": x_train, "y_train": y_train, "max_degree": max_degree}
    how = "numpy.polynomial.Polynomial.fit(x_train, y_train, d) for d = 1..12, then mean((pred - y)^2)"
    expect_close(train_errors, ref_train, what="train_errors (entry d-1 is degree d)", how=how,
                 rtol=1e-6, atol=1e-12, inputs=inputs)
    # Degree 12 extrapolates wildly between and beyond 20 random points: allow for rounding.
    expect_close(val_errors, ref_val, what="val_errors (entry d-1 is degree d)", how=how,
                 rtol=1e-4, atol=1e-12, inputs=inputs)
    expect(bool(np.all(np.diff(train_errors) <= 1e-6 * train_errors[:-1])),
           "the training error must not increase with the degree: each model contains the previous one",
           train_errors=train_errors)
    best = int(np.argmin(val_errors)) + 1
    expect(1 < best < max_degree and val_errors[-1] > 2 * val_errors[best - 1],
           f"the validation error should be U-shaped: smallest at an interior degree (got {best}), "
           "high for degree 1 (bias) and for degree 12 (variance)", val_errors=val_errors)


def _reference_bias_variance(x_trains, y_trains, x_test, f_test, y_tests, degree):
    # All R least-squares fits at once in the well-conditioned Legendre basis on [-1, 1]
    # (the same polynomials, another basis): batched normal equations V^T V c = V^T y.
    V = legendre.legvander(x_trains, degree)                        # (R, n, degree+1)
    coefs = np.linalg.solve(np.swapaxes(V, 1, 2) @ V, np.swapaxes(V, 1, 2) @ y_trains[..., None])
    predictions = (legendre.legvander(x_test, degree) @ coefs)[..., 0]  # (R, m)
    mean_prediction = predictions.mean(axis=0)
    return predictions, {
        "bias2": np.mean((mean_prediction - f_test) ** 2),
        "variance": np.mean(predictions.var(axis=0)),
        "noise": np.mean((y_tests - f_test) ** 2),
        "test_error": np.mean((predictions - y_tests) ** 2),
    }


def test_bias_variance_hand_example(ex, rng):
    # Two training sets of two points; degree 0 fits their means: 1 and 3.
    x_trains = np.array([[0.0, 1.0], [0.0, 1.0]])
    y_trains = np.array([[0.0, 2.0], [2.0, 4.0]])
    x_test, f_test, y_tests = np.array([0.5]), np.array([0.0]), np.array([[0.5], [-0.5]])
    got = ex.bias_variance(x_trains, y_trains, x_test, f_test, y_tests, 0)
    expect_equal(sorted(got), ["bias2", "noise", "test_error", "variance"],
                 what="the keys of bias_variance(...)", how="the exercise's specification")
    inputs = {"x_trains": x_trains, "y_trains": y_trains, "y_tests": y_tests}
    for key, value, how in [("bias2", 4.0, "predictions 1 and 3, mean 2, f = 0: 2^2"),
                            ("variance", 1.0, "((1-2)^2 + (3-2)^2) / 2"),
                            ("noise", 0.25, "(0.5^2 + 0.5^2) / 2"),
                            ("test_error", 6.25, "((1-0.5)^2 + (3+0.5)^2) / 2")]:
        expect_close(got[key], value, what=key, how=f"by hand: {how}", rtol=1e-12, atol=1e-12,
                     inputs=inputs)


def test_bias_variance_decomposition(ex, rng):
    R, n, m = 200, 20, 50
    x_test = np.linspace(-0.8, 0.8, m)
    f_test = _truth(x_test)
    results = {}
    for degree in (1, 3, 9):
        x_trains, y_trains = _sample(rng, (R, n))
        y_tests = f_test + SIGMA * rng.normal(size=(R, m))
        got = ex.bias_variance(x_trains, y_trains, x_test, f_test, y_tests, degree)
        predictions, expected = _reference_bias_variance(x_trains, y_trains, x_test, f_test, y_tests, degree)
        inputs = {"degree": degree, "R": R, "n": n, "x_test": x_test}
        for key in ("bias2", "variance", "noise", "test_error"):
            expect_close(got[key], expected[key], what=f"{key} at degree {degree}",
                         how="least squares in the Legendre basis (numpy.polynomial.legendre.legvander) per set",
                         rtol=1e-6, atol=1e-12, inputs=inputs)
        # test_error - (bias2 + variance + noise) = -2 mean((P - f) * noise): mean zero, and
        # standard deviation 2 sigma sqrt(mean((P - f)^2) / (R m)). Allow five of them.
        spread = 2 * SIGMA * np.sqrt(np.mean((predictions - f_test) ** 2) / (R * m))
        expect_close(got["test_error"], got["bias2"] + got["variance"] + got["noise"],
                     what=f"test_error vs bias2 + variance + noise at degree {degree}",
                     how=f"the decomposition, up to 5 standard errors ({5 * spread:.2g}) of the "
                         "cross term -2 mean((P - f)(y - f))",
                     rtol=0, atol=5 * spread, inputs=inputs)
        results[degree] = got
    expect(results[1]["bias2"] > results[3]["bias2"] and results[9]["variance"] > results[3]["variance"],
           "degree 1 should have the largest bias and degree 9 the largest variance",
           bias2=np.array([results[d]["bias2"] for d in (1, 3, 9)]),
           variance=np.array([results[d]["variance"] for d in (1, 3, 9)]))


def test_high_degree_fit_is_still_least_squares(ex, rng):
    # At degree 14 on [0, 4] the columns x^k are nearly parallel (cond ~ 1e13): the normal
    # equations square that and lose every digit, while lstsq (an SVD) still finds the fit.
    x = np.linspace(0.0, 4.0, 30)
    y = np.sin(2.0 * x) + 0.05 * rng.normal(size=x.size)
    degree = 14
    vandermonde = np.vander(x, degree + 1, increasing=True)
    best, *_ = np.linalg.lstsq(vandermonde, y, rcond=None)
    best_sse = float(np.sum((vandermonde @ best - y) ** 2))
    coef = np.asarray(ex.fit_polynomial(x, y, degree), dtype=float)
    expect_equal(coef.shape, (degree + 1,), what=f"fit_polynomial(x, y, {degree}).shape", how="degree + 1 coefficients")
    with np.errstate(all="ignore"):
        sse = float(np.sum((vandermonde @ coef - y) ** 2))
    expect(np.isfinite(sse) and sse <= best_sse * (1 + 1e-4) + 1e-12,
           f"the degree-{degree} fit is not the least-squares fit: solve with np.linalg.lstsq, not the "
           "normal equations (A^T A squares the ill-conditioning of the nearly parallel columns)",
           your_sum_of_squared_residuals=sse, least_squares_sum_from_numpy_lstsq=best_sse,
           inputs={"x": "np.linspace(0, 4, 30)", "degree": degree})
