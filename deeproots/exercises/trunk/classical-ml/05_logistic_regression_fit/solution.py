"""Logistic regression, trained: an L2-regularised classifier fitted by gradient descent.

Source: Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 3 "Logistic Regression"
(cost function, gradient descent, regularised logistic regression) and programming
exercise 2; Hastie, Tibshirani & Friedman, ESL §4.4; scikit-learn user guide §1.1.11
(the objective that sklearn.linear_model.LogisticRegression minimises).
https://www.coursera.org/specializations/machine-learning-introduction

The model: P(y = 1 | x) = sigmoid(x . w + b). Fitting it means minimising the mean
cross-entropy (the negative log-likelihood per sample) plus an L2 penalty on w -- not on
the intercept b:

    L(w, b) = 1/n sum_i [ log(1 + exp(z_i)) - y_i z_i ]  +  lam/2 ||w||^2,    z = X w + b

    dL/dw = X^T (sigmoid(z) - y) / n + lam w          dL/db = mean(sigmoid(z) - y)

(log(1 + exp(z)) - y z is -y log p - (1 - y) log(1 - p) rewritten so that it never takes
the log of a rounded 0: compute it with np.logaddexp(0, z).)

scikit-learn's C. sklearn's LogisticRegression(C=C) minimises C * sum_i loss_i + 1/2 ||w||^2.
Dividing by C n leaves the minimiser unchanged and gives the mean form above with

    lam = 1 / (C n)          (a smaller C means a stronger penalty)

so with that lam your coefficients must agree with sklearn's. (The checks compare with
sklearn's LogisticRegression; calling it yourself is off limits.)

Training: batch gradient descent from w = 0, b = 0. Pack the parameters in one vector
params = [w_1, ..., w_d, b] of shape (d+1,) and repeat, at most max_iter times:

    loss, grad = loss_and_gradient(params, X, y, lam)
    stop if max |grad| < tol
    params <- params - learning_rate * grad

(The loss is convex; on standardised features a learning rate near 1 converges. Newton's
method, params <- params - H^-1 grad, is also fine if you prefer it.)

The estimator follows scikit-learn's conventions: __init__ stores C, learning_rate,
max_iter and tol and nothing else; fit(X, y) sets coef_ (d,) and intercept_ (a float) and
returns self; decision_function(X) = X @ coef_ + intercept_ (m,); predict_proba(X) has
shape (m, 2) with columns [P(y=0), P(y=1)], each row summing to 1; predict(X) returns
the labels 0 or 1 (ints), 1 where the decision function is positive.

Shapes: X (n, d) float, y (n,) of 0.0/1.0 (or 0/1), params (d+1,), lam a float;
loss_and_gradient returns (loss: float, grad: (d+1,) with dL/db last).

How the checks test your gradient: they perturb each entry of params by +-h, call your
loss twice and compare (L(p + h e_k) - L(p - h e_k)) / 2h with your grad[k] (a central
difference), so loss and gradient must describe the same function.

Tiny example: X = [[1.0], [-1.0]], y = [1, 0], params = [0, 0], lam = 0: p = [1/2, 1/2],
loss = log 2, grad = [([1, -1] . [-1/2, 1/2]) / 2, mean([-1/2, 1/2])] = [-0.5, 0.0].
Fitting X = [[0], [0], [0], [0]] with y = [1, 1, 1, 0] gives coef_ = [0] and
intercept_ = log 3 (the log-odds of 3/4), so predict_proba = [[0.25, 0.75]] for any x.

Do not use: sklearn.linear_model.LogisticRegression,
sklearn.linear_model.LogisticRegressionCV, sklearn.linear_model.SGDClassifier.
"""
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-z)) elementwise, without overflow for any z."""
    # TODO: e = np.exp(-np.abs(z)); np.where(z >= 0, 1 / (1 + e), e / (1 + e)).
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def loss_and_gradient(params: np.ndarray, X: np.ndarray, y: np.ndarray,
                      lam: float) -> tuple[float, np.ndarray]:
    """Return (L, dL/dparams) for params = [w..., b]: mean cross-entropy + lam/2 ||w||^2."""
    # TODO: split params into w and b; z = X @ w + b; the loss and both gradients above.
    ### BEGIN SOLUTION
    params = np.asarray(params, dtype=float)
    w, b = params[:-1], params[-1]
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + lam / 2 * (w @ w)
    error = sigmoid(z) - y
    grad_w = X.T @ error / len(y) + lam * w
    grad_b = np.mean(error)
    return float(loss), np.append(grad_w, grad_b)
    ### END SOLUTION


class LogisticRegressionGD:
    """Binary logistic regression with an L2 penalty (sklearn's C), fitted by gradient descent."""

    def __init__(self, C: float = 1.0, learning_rate: float = 1.0, max_iter: int = 10000,
                 tol: float = 1e-6):
        """Store the hyper-parameters; learn nothing here."""
        # TODO: store the four arguments under their own names.
        ### BEGIN SOLUTION
        self.C = C
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LogisticRegressionGD":
        """Run gradient descent on the mean loss with lam = 1 / (C n); set coef_, intercept_; return self."""
        # TODO: params = zeros(d + 1); step until max |grad| < tol or max_iter steps.
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        lam = 1.0 / (self.C * n)
        params = np.zeros(d + 1)
        for _ in range(self.max_iter):
            _, grad = loss_and_gradient(params, X, y, lam)
            if np.max(np.abs(grad)) < self.tol:
                break
            params = params - self.learning_rate * grad
        self.coef_ = params[:-1]
        self.intercept_ = float(params[-1])
        return self
        ### END SOLUTION

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Return X @ coef_ + intercept_, shape (m,)."""
        # TODO: one line.
        ### BEGIN SOLUTION
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
        ### END SOLUTION

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Return the (m, 2) array [P(y=0), P(y=1)] of every row of X."""
        # TODO: p = sigmoid(decision_function(X)); stack [1 - p, p] as columns.
        ### BEGIN SOLUTION
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the predicted labels (m,): 1 where the decision function is positive, else 0."""
        # TODO: compare the decision function with 0.
        ### BEGIN SOLUTION
        return (self.decision_function(X) > 0).astype(int)
        ### END SOLUTION
