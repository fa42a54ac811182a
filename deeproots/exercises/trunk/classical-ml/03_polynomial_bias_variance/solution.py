"""Polynomial regression and the bias-variance trade-off.

Source: Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 6 "Advice for Applying
Machine Learning" (diagnosing bias vs variance, the error-vs-degree plot) and programming
exercise 5 "Regularized Linear Regression and Bias v.s. Variance" (polyFeatures);
Bishop, Pattern Recognition and Machine Learning §1.1 (polynomial curve fitting) and §3.2
(the bias-variance decomposition); Hastie, Tibshirani & Friedman, ESL §7.3.
https://www.coursera.org/specializations/machine-learning-introduction

A straight line is linear regression on the features [1, x]. Add the powers x^2, ..., x^d
as extra columns and the same least squares fits a polynomial of degree d. A low degree
underfits (high bias: training and validation errors both high); a high degree overfits
(high variance: tiny training error, large validation error). Between them the validation
error is smallest -- the error-vs-degree curve of Ng's week 6 is U-shaped.

1. Features. For x of shape (n,), polynomial_features(x, d) is the (n, d+1) matrix

       [[1, x_1, x_1^2, ..., x_1^d],
        [1, x_2, x_2^2, ..., x_2^d], ...]       (column k holds x^k)

   exactly what sklearn.preprocessing.PolynomialFeatures(d).fit_transform(x[:, None])
   returns. With include_bias=False, drop the column of ones: shape (n, d). Build the
   columns yourself, e.g. by repeated multiplication or x[:, None] ** np.arange(d + 1):
   sklearn's PolynomialFeatures and NumPy's polyfit are off limits in this exercise.

2. Fit. fit_polynomial(x, y, d) returns coef (d+1,), the least-squares solution of
   polynomial_features(x, d) @ coef ~ y (coef[k] multiplies x^k). Use np.linalg.lstsq:
   the columns x^k are nearly parallel at high degree, and the normal equations
   (A^T A) coef = A^T y square that ill-conditioning. predict_polynomial(coef, x) returns
   polynomial_features(x, len(coef) - 1) @ coef, shape (m,).

3. The error curve. error_curve(x_train, y_train, x_val, y_val, max_degree) fits every
   degree 1, 2, ..., max_degree on the training set and returns (train_errors, val_errors),
   two arrays of shape (max_degree,) whose entry [d - 1] is the mean squared error
   mean((prediction - y)^2) of the degree-d fit on each set. (Ng's J = 1/(2m) sum(...)
   is half of this; the shape of the curve is the same, but return the plain mean.)

4. The decomposition. Draw R training sets from the same noisy source y = f(x) + noise
   (variance sigma^2), fit a degree-d polynomial to each, and predict at m test points:
   P[r, j] = prediction of fit r at x_test[j], an (R, m) matrix. With Pbar = P.mean(axis=0):

       bias2      = mean_j (Pbar_j - f_j)^2               how far the average fit is from f
       variance   = mean_j mean_r (P[r, j] - Pbar_j)^2    how much fits vary between sets
       noise      = mean_{r,j} (y_tests[r, j] - f_j)^2    ~ sigma^2, nobody can remove it
       test_error = mean_{r,j} (P[r, j] - y_tests[r, j])^2

   bias_variance returns these four floats in a dict with exactly those keys. Expanding the
   square, mean_r (P[r,j] - f_j)^2 = (Pbar_j - f_j)^2 + mean_r (P[r,j] - Pbar_j)^2 exactly
   (population variance, divide by R), so

       test_error = bias2 + variance + noise - 2 mean_{r,j} (P[r,j] - f_j)(y_tests[r,j] - f_j)

   and the last term averages to zero because the test noise is independent of the fits:
   expected test error = bias^2 + variance + noise.

Shapes: x, y: (n,); x_trains, y_trains: (R, n) (row r is training set r); x_test, f_test:
(m,) (f_test = f(x_test), the noiseless truth); y_tests: (R, m) (noisy targets at x_test, a
fresh draw for each r); degree, max_degree: ints.

Tiny examples: polynomial_features([2, -1], 3) = [[1, 2, 4, 8], [1, -1, 1, -1]].
Points on y = 1 + 2x - x^2 are fitted exactly at degree 2: coef = [1, 2, -1].
Two fits predicting P = [[1], [3]] at one test point with f = 0: Pbar = 2, bias2 = 4,
variance = ((1-2)^2 + (3-2)^2) / 2 = 1.

Do not use: sklearn.preprocessing.PolynomialFeatures, numpy.polyfit,
numpy.polynomial.polynomial.polyfit.
"""
import numpy as np


def polynomial_features(x: np.ndarray, degree: int, include_bias: bool = True) -> np.ndarray:
    """Return the (n, degree+1) matrix of powers x^0..x^degree (without x^0 if not include_bias)."""
    # TODO: stack the columns 1, x, x^2, ..., x^degree; drop the first if include_bias is False.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float).reshape(-1)
    columns = [np.ones_like(x)]
    for _ in range(degree):
        columns.append(columns[-1] * x)
    features = np.stack(columns, axis=1)
    return features if include_bias else features[:, 1:]
    ### END SOLUTION


def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    """Return the least-squares coefficients (degree+1,) of a degree-d polynomial through (x, y)."""
    # TODO: np.linalg.lstsq(polynomial_features(x, degree), y, rcond=None)[0].
    ### BEGIN SOLUTION
    features = polynomial_features(x, degree)
    coef, *_ = np.linalg.lstsq(features, np.asarray(y, dtype=float), rcond=None)
    return coef
    ### END SOLUTION


def predict_polynomial(coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return the polynomial sum_k coef[k] x^k evaluated at every x, shape (m,)."""
    # TODO: the features of degree len(coef) - 1, times coef.
    ### BEGIN SOLUTION
    coef = np.asarray(coef, dtype=float)
    return polynomial_features(x, len(coef) - 1) @ coef
    ### END SOLUTION


def error_curve(x_train: np.ndarray, y_train: np.ndarray, x_val: np.ndarray, y_val: np.ndarray,
                max_degree: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (train_errors, val_errors), the mean squared errors of the fits of degree 1..max_degree."""
    # TODO: for each degree d in 1..max_degree fit on the training set, store both MSEs at [d - 1].
    ### BEGIN SOLUTION
    train_errors = np.zeros(max_degree)
    val_errors = np.zeros(max_degree)
    for degree in range(1, max_degree + 1):
        coef = fit_polynomial(x_train, y_train, degree)
        train_errors[degree - 1] = np.mean((predict_polynomial(coef, x_train) - y_train) ** 2)
        val_errors[degree - 1] = np.mean((predict_polynomial(coef, x_val) - y_val) ** 2)
    return train_errors, val_errors
    ### END SOLUTION


def bias_variance(x_trains: np.ndarray, y_trains: np.ndarray, x_test: np.ndarray,
                  f_test: np.ndarray, y_tests: np.ndarray, degree: int) -> dict:
    """Return {"bias2", "variance", "noise", "test_error"} of degree-d fits over the R training sets."""
    # TODO: predictions P (R, m) of one fit per training set; then the four averages above.
    ### BEGIN SOLUTION
    predictions = np.stack([predict_polynomial(fit_polynomial(x, y, degree), x_test)
                            for x, y in zip(x_trains, y_trains)])
    mean_prediction = predictions.mean(axis=0)
    return {
        "bias2": float(np.mean((mean_prediction - f_test) ** 2)),
        "variance": float(np.mean((predictions - mean_prediction) ** 2)),
        "noise": float(np.mean((y_tests - f_test) ** 2)),
        "test_error": float(np.mean((predictions - y_tests) ** 2)),
    }
    ### END SOLUTION
