"""A linear support vector machine: the hinge loss, its subgradient, subgradient descent.

Source: Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 7 "Support Vector
Machines" (optimisation objective, large-margin intuition); Shalev-Shwartz, Singer, Srebro
& Cotter, "Pegasos: Primal Estimated sub-GrAdient SOlver for SVM" (2011); Stanford CS231n
assignment 1 (the multiclass SVM loss, the same hinge); Bishop PRML §7.1.
https://www.coursera.org/specializations/machine-learning-introduction

Labels are y_i in {-1, +1}; the classifier is f(x) = w . x + b, predicting +1 when
f(x) >= 0. The margin of sample i is m_i = y_i f(x_i): > 0 means correctly classified,
>= 1 means correctly classified with room to spare. The soft-margin SVM minimises

    J(w, b) = lam/2 * ||w||^2  +  1/n * sum_i max(0, 1 - m_i)

(the bias b is not penalised). The hinge max(0, 1 - m) has a kink at m = 1, so J has no
gradient there; a subgradient is enough for descent. Taking 0 as the hinge's slope at the
kink, i.e. counting only the "active" samples with m_i < 1 (strictly):

    dJ/dw = lam * w - 1/n * sum_{i: m_i < 1} y_i x_i,      dJ/db = -1/n * sum_{i: m_i < 1} y_i.

Away from the kinks this is the true gradient (central differences agree with it).

Training, full-batch subgradient descent from w = 0, b = 0 with a decaying step (Bottou's
schedule for a lam-strongly convex objective; Pegasos uses its limit 1 / (lam t)):

    for t = 1, ..., n_iter:   eta_t = learning_rate / (1 + learning_rate * lam * t)
                              w <- w - eta_t * dJ/dw,   b <- b - eta_t * dJ/db

J is not smooth, so it does not go down at every step: keep the best iterate (lowest J,
the starting point included) as coef_ and intercept_, its J as objective_, and the J of
every iterate, start included, in objective_history_ (n_iter + 1 floats; history[0] is
J(0, 0) = 1). Standardise the features first (the checks do): subgradient descent
crawls on badly scaled features.

Support vectors: at the optimum, w = 1/(lam n) * sum_i alpha_i y_i x_i with alpha_i > 0
only for samples on or inside the margin (m_i <= 1): the support vectors; moving any other
sample (a little) changes nothing. margin_support_vectors returns the sorted indices i
with m_i <= 1 + tol.

fit(X, y) raises ValueError if y has values other than -1 and +1 (labels 0/1 would train
silently wrong).

Do not use: sklearn.svm.LinearSVC, sklearn.svm.SVC, sklearn.linear_model.SGDClassifier.

Shapes: X (n, d); y (n,) of -1.0/+1.0; w (d,); b, lam floats. hinge_objective -> float;
hinge_subgradient -> (dw (d,), db float); margin_support_vectors -> (k,) int indices.
LinearSVM(lam, n_iter, learning_rate): fit returns self and sets coef_ (d,), intercept_
(float), objective_, objective_history_; decision_function(X) -> (n,); predict(X) -> (n,)
of -1/+1.

Tiny example: X = [[1, 0], [-1, 0]], y = [1, -1], w = [0, 0], b = 0, lam = 0.5:
margins [0, 0], J = 0 + (1 + 1)/2 = 1; both samples are active, so
dw = 0.5 * [0, 0] - ([1, 0] + [1, 0]) / 2 = [-1, 0] and db = -(1 - 1)/2 = 0.
At w = [2, 0], b = 0: margins [2, 2], nothing active, J = 0.25 * 4 = 1, dw = lam * w = [1, 0].
"""
import numpy as np


def hinge_objective(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lam: float) -> float:
    """Return J(w, b) = lam/2 ||w||^2 + mean(max(0, 1 - y (X w + b)))."""
    # TODO: margins = y * (X @ w + b); one line for J.
    ### BEGIN SOLUTION
    margins = y * (X @ w + b)
    return float(lam / 2 * (w @ w) + np.mean(np.maximum(0.0, 1.0 - margins)))
    ### END SOLUTION


def hinge_subgradient(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                      lam: float) -> tuple[np.ndarray, float]:
    """Return (dJ/dw, dJ/db), counting the samples with margin < 1."""
    # TODO: active = margins < 1; dw = lam * w - (y[active] @ X[active]) / n; db likewise.
    ### BEGIN SOLUTION
    n = len(y)
    active = y * (X @ w + b) < 1.0          # points inside the margin or misclassified
    dw = lam * w - (y[active] @ X[active]) / n
    db = -float(np.sum(y[active])) / n
    return dw, db
    ### END SOLUTION


def margin_support_vectors(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                           tol: float = 1e-3) -> np.ndarray:
    """Return the sorted indices of the samples with margin y (X w + b) <= 1 + tol."""
    # TODO: np.flatnonzero of a boolean mask.
    ### BEGIN SOLUTION
    return np.flatnonzero(y * (X @ w + b) <= 1.0 + tol)
    ### END SOLUTION


class LinearSVM:
    """A soft-margin linear SVM (labels -1/+1) trained by full-batch subgradient descent."""

    def __init__(self, lam: float = 0.01, n_iter: int = 1000, learning_rate: float = 1.0):
        """Store the hyper-parameters; learn nothing here."""
        # TODO: store each argument under its own name.
        ### BEGIN SOLUTION
        self.lam = lam
        self.n_iter = n_iter
        self.learning_rate = learning_rate
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LinearSVM":
        """Run n_iter subgradient steps from zero, keep the best iterate, and return self."""
        # TODO: check the labels; the loop above; coef_, intercept_, objective_, objective_history_.
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if not np.all(np.isin(y, (-1.0, 1.0))):
            raise ValueError("labels must be -1 or +1")
        w, b = np.zeros(X.shape[1]), 0.0
        best = (hinge_objective(w, b, X, y, self.lam), w, b)
        history = [best[0]]
        for t in range(1, self.n_iter + 1):
            dw, db = hinge_subgradient(w, b, X, y, self.lam)
            eta = self.learning_rate / (1.0 + self.learning_rate * self.lam * t)
            w = w - eta * dw
            b = b - eta * db
            history.append(hinge_objective(w, b, X, y, self.lam))
            if history[-1] < best[0]:
                best = (history[-1], w, b)
        self.objective_, self.coef_, self.intercept_ = best
        self.objective_history_ = history
        return self
        ### END SOLUTION

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """Return f(x) = x . coef_ + intercept_ for every row of X, shape (n,)."""
        # TODO: one line.
        ### BEGIN SOLUTION
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return +1 where the decision function is >= 0, else -1, shape (n,)."""
        # TODO: np.where on the decision function.
        ### BEGIN SOLUTION
        return np.where(self.decision_function(X) >= 0.0, 1, -1)
        ### END SOLUTION
