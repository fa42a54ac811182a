"""Linear regression two ways: the normal equations and batch gradient descent.

Source: Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 2 "Linear Regression
with Multiple Variables" (gradient descent, feature scaling, the normal equation);
Hastie, Tibshirani & Friedman, The Elements of Statistical Learning §3.2;
scikit-learn's developer guide, "APIs of scikit-learn objects" (the estimator conventions).
https://www.coursera.org/specializations/machine-learning-introduction

The model predicts  y_hat = X @ coef + intercept  and is fitted by least squares:

    minimise  J(coef, intercept) = 1/(2n) * sum_i (x_i . coef + intercept - y_i)^2

1. The normal equations. Centre the data (X_mean = X.mean(axis=0), y_mean = y.mean()),
   Xc = X - X_mean, yc = y - y_mean. Then

       (Xc^T Xc) coef = Xc^T yc          intercept = y_mean - X_mean . coef

   Solve the d x d linear system with np.linalg.solve (or np.linalg.lstsq(Xc, yc)):
   forming the inverse with np.linalg.inv is slower and less accurate.
   (Appending a column of ones to X and solving for [coef, intercept] is the same thing.)
   With fit_intercept=False, do not centre: solve (X^T X) coef = X^T y and intercept = 0.0.

2. Batch gradient descent with feature standardisation. Features on wildly different
   scales make gradient descent crawl, so first standardise each column:

       mean = X.mean(axis=0), std = X.std(axis=0),  Z = (X - mean) / std

   then start from w = 0, b = 0 and repeat n_iterations times (all samples each step):

       r  = Z @ w + b - y                     residuals, shape (n,)
       w <- w - learning_rate * (Z^T r) / n   the gradient of J w.r.t. w
       b <- b - learning_rate * r.mean()      the gradient of J w.r.t. b

   Finally undo the scaling, since Z @ w + b = X @ (w / std) + (b - mean . (w / std)):

       coef = w / std,  intercept = b - mean . coef

Estimator conventions (scikit-learn): __init__ only stores its hyper-parameters, under the
same names as the arguments, and does no work; fit(X, y) learns and returns self, so that
`LinearRegressionNormal().fit(X, y).predict(X)` works; what is learned goes in attributes
ending in an underscore (coef_, intercept_), which do not exist before fit.

Shapes: X is (n, d) float, y is (n,) float; coef_ is (d,), intercept_ a float,
predict(X) returns (n,); standardize returns Z (n, d), mean (d,), std (d,);
gradient_descent returns (coef (d,), intercept float).

Tiny example: X = [[0], [1], [2]], y = [1, 3, 5] lies exactly on y = 2x + 1:
    Xc = [[-1], [0], [1]], yc = [-2, 0, 2], Xc^T Xc = 2, Xc^T yc = 4  ->  coef_ = [2.0]
    intercept_ = 3 - 1 * 2 = 1.0, and predict([[10]]) = [21.0].

Both fits are yours to write; scikit-learn's LinearRegression is the checks' reference.
Do not use: numpy.linalg.inv, sklearn.linear_model.LinearRegression.
"""
import numpy as np


class LinearRegressionNormal:
    """Ordinary least squares solved with the normal equations."""

    def __init__(self, fit_intercept: bool = True):
        """Store the hyper-parameter; learn nothing here."""
        # TODO: store fit_intercept as self.fit_intercept (and nothing else).
        ### BEGIN SOLUTION
        self.fit_intercept = fit_intercept
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LinearRegressionNormal":
        """Solve the normal equations, set coef_ and intercept_, and return self."""
        # TODO: centre X and y if fit_intercept, solve with np.linalg.solve, return self.
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            X_mean, y_mean = X.mean(axis=0), y.mean()
        else:
            X_mean, y_mean = np.zeros(X.shape[1]), 0.0
        Xc = X - X_mean
        yc = y - y_mean
        self.coef_ = np.linalg.solve(Xc.T @ Xc, Xc.T @ yc)
        self.intercept_ = float(y_mean - X_mean @ self.coef_)
        return self
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return X @ coef_ + intercept_, shape (n,)."""
        # TODO: one line.
        ### BEGIN SOLUTION
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
        ### END SOLUTION


def standardize(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (Z, mean, std) with Z = (X - mean) / std column by column."""
    # TODO: X.mean(axis=0), X.std(axis=0) (the population std, ddof=0).
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return (X - mean) / std, mean, std
    ### END SOLUTION


def gradient_descent(X: np.ndarray, y: np.ndarray, learning_rate: float = 0.1,
                     n_iterations: int = 1000) -> tuple[np.ndarray, float]:
    """Fit by batch gradient descent on standardised features; return (coef, intercept)."""
    # TODO: standardize, iterate the updates above from zeros, then undo the scaling.
    ### BEGIN SOLUTION
    Z, mean, std = standardize(X)
    y = np.asarray(y, dtype=float)
    n, d = Z.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iterations):
        residual = Z @ w + b - y
        w = w - learning_rate * (Z.T @ residual) / n
        b = b - learning_rate * residual.mean()
    coef = w / std
    intercept = float(b - mean @ coef)
    return coef, intercept
    ### END SOLUTION
