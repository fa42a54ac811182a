"""Softmax regression: multinomial logistic regression with L2, trained by gradient descent.

Source: Stanford CS231n, assignment 1 "softmax.ipynb" (cs231n/classifiers/softmax.py:
softmax_loss_vectorized) and the lecture notes "Linear classification" (softmax
classifier, numeric stability); Murphy, Probabilistic Machine Learning: An Introduction
§10.3 (multinomial logistic regression); scikit-learn user guide §1.1.11.
https://cs231n.github.io/

Logistic regression for K classes: each class k has a weight vector and a bias, the
scores s_ik = x_i . W[:, k] + b_k are turned into probabilities by the softmax, and
training minimises the mean cross-entropy (the negative log-likelihood) plus an L2
penalty on W (not on b):

    P_ik = exp(s_ik) / sum_j exp(s_ij)
    L(W, b) = 1/N sum_i [ log sum_j exp(s_ij) - s_i,y_i ]  +  lam/2 sum(W**2)

The gradient, fully vectorised (no loop over samples): with Y the one-hot matrix of y,

    dS = (P - Y) / N            (N, K)
    dW = X^T dS + lam W         (D, K)
    db = dS.sum(axis=0)         (K,)

Numerical stability: subtract each row's maximum score before exponentiating --
softmax(s - max) = softmax(s) exactly, and the largest exponent becomes exp(0) = 1, so
nothing overflows. Compute log P as shifted - log(sum(exp(shifted))) rather than log of a
probability that may have underflowed to 0.

scikit-learn's C: LogisticRegression(C=C) on three or more classes minimises
C * sum_i loss_i + 1/2 ||W||^2 (the multinomial loss; intercepts unpenalised). Divided by
C N, that is L above with lam = 1 / (C N). (The checks compare with it; calling it yourself
is off limits.)

Training (SoftmaxRegression.fit): classes_ = np.unique(y) (sorted labels); map y to
indices 0..K-1 (np.unique(y, return_inverse=True) does both); start from W = 0 (D, K),
b = 0 (K,); repeat at most max_iter times: compute the gradient, stop if every entry of
dW and db is below tol in absolute value, else W -= learning_rate * dW and
b -= learning_rate * db. Store coef_ = W.T with shape (K, D) and intercept_ = b (K,), the
layout of sklearn's coef_ and intercept_. predict_proba(X) = softmax(X @ coef_.T +
intercept_), shape (m, K), columns in the order of classes_; predict(X) returns the label
classes_[k] of the highest score of each row, shape (m,).

(The probabilities do not change if the same vector is added to every class's weights;
the L2 penalty picks the weights that sum to zero over the classes, and starting b at 0
keeps the biases summing to zero too, which is also what sklearn reports.)

Shapes: scores (N, K); X (N, D); y (N,) ints in 0..K-1 for the loss, any labels for fit;
W (D, K); b (K,); lam a float. softmax_loss_and_gradient returns (loss: float,
dW: (D, K), db: (K,)).

Tiny example: X = [[1, 0], [0, 1]], y = [0, 2], K = 3, W = 0, b = 0, lam = 0: every
P = 1/3, loss = log 3; P - Y = [[-2/3, 1/3, 1/3], [1/3, 1/3, -2/3]], so with X the
identity dW = (P - Y) / 2 = [[-1/3, 1/6, 1/6], [1/6, 1/6, -1/3]] and
db = [-1/6, 1/3, -1/6].

Do not use: sklearn.linear_model.LogisticRegression,
sklearn.linear_model.LogisticRegressionCV, sklearn.linear_model.SGDClassifier.
"""
import numpy as np


def softmax(scores: np.ndarray) -> np.ndarray:
    """Return the row-wise softmax of an (N, K) array, shifted by each row's max."""
    # TODO: subtract scores.max(axis=1, keepdims=True), exponentiate, divide by the row sums.
    ### BEGIN SOLUTION
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=1, keepdims=True)
    ### END SOLUTION


def softmax_loss_and_gradient(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray,
                              lam: float) -> tuple[float, np.ndarray, np.ndarray]:
    """Return (loss, dW, db) of the mean cross-entropy of softmax(X @ W + b) plus lam/2 sum(W**2)."""
    # TODO: stable log-probabilities, the loss, then dS = (P - Y) / N, dW and db -- no loops.
    ### BEGIN SOLUTION
    n = X.shape[0]
    scores = X @ W + b
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(n), y]) + lam / 2 * np.sum(W * W)
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1.0
    dscores /= n
    dW = X.T @ dscores + lam * W
    db = dscores.sum(axis=0)
    return float(loss), dW, db
    ### END SOLUTION


class SoftmaxRegression:
    """Multinomial logistic regression with an L2 penalty (sklearn's C), fitted by gradient descent."""

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

    def fit(self, X: np.ndarray, y: np.ndarray) -> "SoftmaxRegression":
        """Gradient descent with lam = 1 / (C N); set classes_, coef_ (K, D), intercept_ (K,); return self."""
        # TODO: map labels to 0..K-1, W = 0, b = 0, step until the gradient is below tol.
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        n, d = X.shape
        k = len(self.classes_)
        lam = 1.0 / (self.C * n)
        W, b = np.zeros((d, k)), np.zeros(k)
        for _ in range(self.max_iter):
            _, dW, db = softmax_loss_and_gradient(W, b, X, y_index, lam)
            if max(np.max(np.abs(dW)), np.max(np.abs(db))) < self.tol:
                break
            W = W - self.learning_rate * dW
            b = b - self.learning_rate * db
        self.coef_ = W.T
        self.intercept_ = b
        return self
        ### END SOLUTION

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Return the (m, K) class probabilities, columns ordered as classes_."""
        # TODO: softmax of X @ coef_.T + intercept_.
        ### BEGIN SOLUTION
        return softmax(np.asarray(X, dtype=float) @ self.coef_.T + self.intercept_)
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the most probable label (from classes_) of every row, shape (m,)."""
        # TODO: classes_[argmax of the scores along the class axis].
        ### BEGIN SOLUTION
        scores = np.asarray(X, dtype=float) @ self.coef_.T + self.intercept_
        return self.classes_[np.argmax(scores, axis=1)]
        ### END SOLUTION
