"""Gaussian naive Bayes, computed in log space.

Source: Andrew Ng, CS229 lecture notes part IV "Generative Learning Algorithms" (§1 Gaussian
discriminant analysis, §2 naive Bayes); Murphy, Probabilistic Machine Learning: An
Introduction §9.3 (naive Bayes classifiers); scikit-learn user guide §1.9.1 (Gaussian naive
Bayes) and the source of sklearn.naive_bayes.GaussianNB (var_smoothing).
https://cs229.stanford.edu/

A generative classifier: model how each class generates its features, then invert with
Bayes' rule. Naive Bayes assumes the features are independent given the class; the
Gaussian version gives feature j of class c its own normal distribution N(theta_cj, var_cj).

Fit (maximum likelihood, per class c with n_c of the n samples):

    class_prior_[c] = n_c / n
    theta_[c, j]    = mean of X[y == c, j]
    var_[c, j]      = variance of X[y == c, j] (population variance: divide by n_c) + epsilon_
    epsilon_        = var_smoothing * max_j Var(X[:, j])   (over all samples, as sklearn does)

epsilon_ keeps every variance positive (a feature constant within a class, a class with one
sample) without changing anything at the scale of the data. Compute variances as the mean
of squared deviations from the mean (np.var does), not as mean(x^2) - mean(x)^2: that
difference of two large numbers cancels catastrophically and can even come out negative.

Predict, in log space -- densities of many features multiply to numbers far below the
smallest float (1e-308), so never multiply probabilities; add logs:

    jll[i, c] = log class_prior_[c]
                - 1/2 sum_j log(2 pi var_[c, j])
                - 1/2 sum_j (x_ij - theta_[c, j])^2 / var_[c, j]        (joint log-likelihood)

    log P(c | x_i) = jll[i, c] - logsumexp_c' jll[i, c']
    logsumexp(v) = max(v) + log(sum(exp(v - max(v))))       (shift by the max: no underflow)

predict_proba is exp of predict_log_proba, and predict takes the class with the largest
jll. (Far from the training data every jll can be -1e5: exp(jll) is exactly 0 for every
class and the naive ratio exp(jll) / sum(exp(jll)) is 0/0 = nan. The shift avoids it.)
Write the logsumexp yourself (scipy.special.logsumexp is fine too).

Estimator conventions (scikit-learn): __init__ stores var_smoothing only; fit(X, y) sets
classes_ (the sorted labels, np.unique(y)), class_prior_ (K,), theta_ (K, d), var_ (K, d),
epsilon_ (float) and returns self. sklearn.naive_bayes.GaussianNB is off limits (the checks
compare against it).

Shapes: X (n, d), y (n,) of any sortable labels; joint_log_likelihood, predict_log_proba
and predict_proba return (m, K) with columns in the order of classes_; predict (m,).

Tiny example: X = [[0], [2], [10]], y = [0, 0, 1]:
    class_prior_ = [2/3, 1/3], theta_ = [[1], [10]], and the class variances are 1 and 0 --
    a zero variance, which is what var_smoothing is for: epsilon_ = 1e-9 * Var([0, 2, 10])
    = 1e-9 * 56/3 = 1.87e-8, so var_ = [[1 + 1.87e-8], [1.87e-8]].
    At x = 1: jll[class 0] = log(2/3) - 1/2 log(2 pi var_00) - 0 = -1.324..., while class 1
    has -(1 - 10)^2 / (2 * 1.87e-8) = -2.2e9: P(class 0 | x = 1) = 1.

Do not use: sklearn.naive_bayes.GaussianNB.
"""
import numpy as np


class GaussianNaiveBayes:
    """Gaussian naive Bayes: per-class feature means and variances, Bayes' rule in log space."""

    def __init__(self, var_smoothing: float = 1e-9):
        """Store var_smoothing; learn nothing here."""
        # TODO: self.var_smoothing = var_smoothing.
        ### BEGIN SOLUTION
        self.var_smoothing = var_smoothing
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "GaussianNaiveBayes":
        """Set classes_, class_prior_, theta_, var_ (+ epsilon_) and epsilon_; return self."""
        # TODO: epsilon_ from the overall variances; then per class: prior, mean, variance.
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        self.epsilon_ = self.var_smoothing * np.max(np.var(X, axis=0))
        k, d = len(self.classes_), X.shape[1]
        self.theta_ = np.zeros((k, d))
        self.var_ = np.zeros((k, d))
        self.class_prior_ = np.zeros(k)
        for index, label in enumerate(self.classes_):
            X_c = X[y == label]
            self.theta_[index] = X_c.mean(axis=0)
            self.var_[index] = X_c.var(axis=0) + self.epsilon_
            self.class_prior_[index] = len(X_c) / len(X)
        return self
        ### END SOLUTION

    def joint_log_likelihood(self, X: np.ndarray) -> np.ndarray:
        """Return the (m, K) array log P(c) + sum_j log N(x_j; theta_cj, var_cj)."""
        # TODO: vectorise over samples and classes with broadcasting (m, K, d), sum over j.
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        log_normalisers = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_), axis=1)          # (K,)
        squares = (X[:, None, :] - self.theta_[None, :, :]) ** 2 / self.var_[None, :, :]  # (m, K, d)
        return np.log(self.class_prior_) + log_normalisers - 0.5 * np.sum(squares, axis=2)
        ### END SOLUTION

    def predict_log_proba(self, X: np.ndarray) -> np.ndarray:
        """Return log P(c | x), the jll minus its logsumexp over classes, shape (m, K)."""
        # TODO: logsumexp along axis 1, shifted by the row max.
        ### BEGIN SOLUTION
        jll = self.joint_log_likelihood(X)
        top = np.max(jll, axis=1, keepdims=True)
        log_evidence = top + np.log(np.sum(np.exp(jll - top), axis=1, keepdims=True))
        return jll - log_evidence
        ### END SOLUTION

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Return P(c | x), shape (m, K); each row sums to 1."""
        # TODO: exp of predict_log_proba.
        ### BEGIN SOLUTION
        return np.exp(self.predict_log_proba(X))
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the label (from classes_) with the largest joint log-likelihood, shape (m,)."""
        # TODO: classes_[argmax along the class axis].
        ### BEGIN SOLUTION
        return self.classes_[np.argmax(self.joint_log_likelihood(X), axis=1)]
        ### END SOLUTION
