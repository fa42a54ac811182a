"""Ridge and lasso: least squares with an L2 or an L1 penalty.

Source: Hastie, Tibshirani & Friedman, The Elements of Statistical Learning §3.4.1 (ridge),
§3.4.2 (lasso) and §3.8.6 (pathwise coordinate optimisation); Friedman, Hastie & Tibshirani,
"Regularization Paths for Generalized Linear Models via Coordinate Descent" (2010) §2;
Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 3 "Regularization" and
week 6 "Regularization and Bias/Variance"; scikit-learn user guide §1.1.2-1.1.3.
https://hastie.su.domains/ElemStatLearn/

Penalising the size of the weights trades a little bias for less variance. Ridge (L2)
shrinks every weight smoothly and has a closed form; lasso (L1) sets weights exactly to
zero -- it selects features -- and is solved one coordinate at a time. The intercept is
never penalised: centre the data, fit the weights, then put the intercept back.

Objectives, with scikit-learn's scaling (the two differ, on purpose: compare the docs of
sklearn.linear_model.Ridge and Lasso):

    ridge:  minimise  ||y - X w - b||^2 + alpha ||w||^2
    lasso:  minimise  1/(2n) ||y - X w - b||^2 + alpha ||w||_1

Centring. With fit_intercept=True use Xc = X - X.mean(axis=0), yc = y - y.mean(); fit w on
(Xc, yc) without an intercept, then intercept_ = y.mean() - X.mean(axis=0) @ coef_. With
fit_intercept=False use X and y as they are and intercept_ = 0.0.

1. Ridge in closed form: setting the gradient to zero gives

       (Xc^T Xc + alpha I) w = Xc^T yc         solve it with np.linalg.solve (d x d)

   The matrix is invertible for alpha > 0 even when n < d or columns are collinear.

2. Soft-thresholding, the proximal map of the L1 norm (the solution of
   min_w 1/2 (w - z)^2 + gamma |w|):

       S(z, gamma) = sign(z) * max(|z| - gamma, 0)        elementwise

3. Lasso by cyclic coordinate descent on centred data. Keep the residual r = y - X w.
   Sweep j = 0, 1, ..., d-1: with a_j = ||x_j||^2 (column j's squared norm),

       rho_j = x_j . r + a_j w_j            (x_j . (y - X w) with feature j left out)
       w_j_new = S(rho_j, n * alpha) / a_j
       r <- r - x_j (w_j_new - w_j)         update the residual before the next coordinate

   Skip a column whose a_j is 0 (a constant feature, once centred): its weight stays 0.
   Start from w = 0 and repeat sweeps until the largest |w_j_new - w_j| of a sweep is
   below tol, or max_iter sweeps have been made. Each step minimises the objective
   exactly in w_j, so the objective never increases; for alpha >= max_j |x_j . y| / n every
   weight is exactly 0.

Estimator conventions (scikit-learn): __init__ only stores the hyper-parameters under the
names of its arguments; fit(X, y) sets coef_ (d,) and intercept_ (a float) and returns
self; predict(X) returns X @ coef_ + intercept_ of shape (m,).

Writing both fits is the exercise; the checks compare against scikit-learn.
Do not use: sklearn.linear_model.Ridge, sklearn.linear_model.Lasso,
sklearn.linear_model.ElasticNet, sklearn.linear_model.ridge_regression,
sklearn.linear_model.lasso_path, sklearn.linear_model.enet_path.

Shapes: X (n, d), y (n,), z any shape (soft_threshold keeps it), lasso_coordinate_descent
returns w (d,).

Tiny examples: soft_threshold([-3, 0.5, 2], 1) = [-2, 0, 1].
Ridge with X = [[0], [2]], y = [0, 2], alpha = 2: Xc = [[-1], [1]], yc = [-1, 1],
(2 + 2) w = 2, so coef_ = [0.5] and intercept_ = 1 - 1 * 0.5 = 0.5.
Lasso with X = [[1], [-1]], y = [3, -3], alpha = 1: a = 2, rho = 6, n alpha = 2,
w = (6 - 2) / 2 = 2 (least squares alone would give 3).
"""
import numpy as np
### BEGIN SOLUTION


def _centre(X: np.ndarray, y: np.ndarray, fit_intercept: bool):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if fit_intercept:
        X_mean, y_mean = X.mean(axis=0), y.mean()
    else:
        X_mean, y_mean = np.zeros(X.shape[1]), 0.0
    return X - X_mean, y - y_mean, X_mean, y_mean
### END SOLUTION


class RidgeRegression:
    """Least squares with an L2 penalty on the weights (not on the intercept)."""

    def __init__(self, alpha: float = 1.0, fit_intercept: bool = True):
        """Store the hyper-parameters; learn nothing here."""
        # TODO: self.alpha = alpha; self.fit_intercept = fit_intercept.
        ### BEGIN SOLUTION
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "RidgeRegression":
        """Solve (Xc^T Xc + alpha I) w = Xc^T yc, set coef_ and intercept_, return self."""
        # TODO: centre (if fit_intercept), solve the d x d system, put the intercept back.
        ### BEGIN SOLUTION
        Xc, yc, X_mean, y_mean = _centre(X, y, self.fit_intercept)
        d = Xc.shape[1]
        self.coef_ = np.linalg.solve(Xc.T @ Xc + self.alpha * np.eye(d), Xc.T @ yc)
        self.intercept_ = float(y_mean - X_mean @ self.coef_)
        return self
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return X @ coef_ + intercept_, shape (m,)."""
        # TODO: one line.
        ### BEGIN SOLUTION
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
        ### END SOLUTION


def soft_threshold(z: np.ndarray, gamma: float) -> np.ndarray:
    """Return sign(z) * max(|z| - gamma, 0) elementwise."""
    # TODO: one line with np.sign, np.abs and np.maximum.
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - gamma, 0.0)
    ### END SOLUTION


def lasso_coordinate_descent(X: np.ndarray, y: np.ndarray, alpha: float, max_iter: int = 10000,
                             tol: float = 1e-8) -> np.ndarray:
    """Minimise 1/(2n) ||y - X w||^2 + alpha ||w||_1 (no intercept) by cyclic coordinate descent."""
    # TODO: w = 0, r = y; sweep the coordinates with soft_threshold(rho_j, n * alpha) / a_j,
    #  updating r after each one, until the largest change of a sweep is below tol.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    column_norms = np.sum(X ** 2, axis=0)
    residual = y.copy()  # y - X @ w, kept up to date
    for _ in range(max_iter):
        largest_change = 0.0
        for j in range(d):
            if column_norms[j] == 0.0:
                continue
            w_old = w[j]
            rho = X[:, j] @ residual + column_norms[j] * w_old
            w_new = float(soft_threshold(rho, n * alpha)) / column_norms[j]
            if w_new != w_old:
                residual -= X[:, j] * (w_new - w_old)
                w[j] = w_new
            largest_change = max(largest_change, abs(w_new - w_old))
        if largest_change < tol:
            break
    return w
    ### END SOLUTION


class LassoRegression:
    """Least squares with an L1 penalty, fitted by cyclic coordinate descent."""

    def __init__(self, alpha: float = 1.0, fit_intercept: bool = True, max_iter: int = 10000,
                 tol: float = 1e-8):
        """Store the hyper-parameters; learn nothing here."""
        # TODO: store the four arguments under their own names.
        ### BEGIN SOLUTION
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LassoRegression":
        """Centre, run lasso_coordinate_descent, set coef_ and intercept_, return self."""
        # TODO: as in RidgeRegression.fit, with lasso_coordinate_descent for the weights.
        ### BEGIN SOLUTION
        Xc, yc, X_mean, y_mean = _centre(X, y, self.fit_intercept)
        self.coef_ = lasso_coordinate_descent(Xc, yc, self.alpha, self.max_iter, self.tol)
        self.intercept_ = float(y_mean - X_mean @ self.coef_)
        return self
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return X @ coef_ + intercept_, shape (m,)."""
        # TODO: one line.
        ### BEGIN SOLUTION
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
        ### END SOLUTION
