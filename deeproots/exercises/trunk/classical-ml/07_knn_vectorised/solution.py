"""k-nearest neighbours with fully vectorised distances.

Source: Stanford CS231n, assignment 1 "knn.ipynb" (cs231n/classifiers/k_nearest_neighbor.py:
compute_distances_no_loops and predict_labels) and the lecture notes "Image
Classification: Data-driven Approach, k-Nearest Neighbor"; Hastie, Tibshirani & Friedman,
ESL §2.3.2 and §13.3 (nearest-neighbour classifiers).
https://cs231n.github.io/

kNN has no training: fit memorises the data. To classify a point, find the k training
points closest to it (Euclidean distance) and let them vote; the most common label wins.
All the work is in the distances, and the trick of the exercise is computing every
distance between m test points and n training points with matrix products instead of
Python loops.

Squared distances without loops. For rows a of A (m, d) and b of B (n, d):

    ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a . b

so with a2 = (A**2).sum(axis=1) (m,) and b2 = (B**2).sum(axis=1) (n,),

    D = a2[:, None] + b2[None, :] - 2 A @ B.T          (m, n), by broadcasting

One matrix product does the heavy lifting, and the memory is just the (m, n) result.
(Broadcasting the differences A[:, None, :] - B[None, :, :] is also loop-free but builds an
(m, n, d) array: 2.4 GB for the 500 x 500 points of 1200 features that the checks use.)
Rounding can make the expansion slightly negative when a is (almost) equal to b: clip the
result at 0 with np.maximum(D, 0.0) -- a squared distance is never negative.

Voting (deterministic rules, the same as sklearn's KNeighborsClassifier with
algorithm="brute"):
  * neighbours: the k smallest distances of each row, nearest first; equal distances are
    ordered by training index (np.argsort(D, axis=1, kind="stable")[:, :k]);
  * the vote: the label that occurs most often among the k neighbours; if several labels
    tie, the smallest label wins. Counting per class with classes_ = np.unique(y) (sorted)
    and taking np.argmax of the counts does exactly that, since argmax returns the first
    maximum.

Estimator conventions: __init__ stores k only; fit(X, y) keeps copies of the training data
(X_train_, y_train_, classes_) and returns self; kneighbors(X) returns the (m, k) indices of
the neighbours into the training set; predict(X) returns the (m,) predicted labels.

The checks compare against SciPy and scikit-learn, whose shortcuts are off limits here.
Do not use: scipy.spatial.distance.cdist, scipy.spatial.distance_matrix,
sklearn.metrics.pairwise_distances, sklearn.metrics.pairwise.pairwise_distances,
sklearn.metrics.pairwise.euclidean_distances, sklearn.neighbors.KNeighborsClassifier,
sklearn.neighbors.NearestNeighbors.

Shapes: A (m, d), B (n, d), squared_distances returns (m, n); X_train (n, d), y (n,) of
any sortable labels; X (m, d).

Tiny example: A = [[0, 0], [1, 1]], B = [[1, 0], [3, 4]]:
    a2 = [0, 2], b2 = [1, 25], A @ B.T = [[0, 0], [1, 7]],
    D = [[0+1-0, 0+25-0], [2+1-2, 2+25-14]] = [[1, 25], [1, 13]].
Training points [[0], [1], [3], [10]] labelled [2, 1, 5, 0], query [[0.4]]: with k=1 the
nearest is 0 (label 2); with k=2 the labels 2 and 1 tie and 1 (the smaller) wins.
"""
import numpy as np


def squared_distances(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Return the (m, n) matrix of squared Euclidean distances between the rows of A and B, no loops."""
    # TODO: a2[:, None] + b2[None, :] - 2 * A @ B.T, clipped at 0.
    ### BEGIN SOLUTION
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    a2 = np.sum(A * A, axis=1)
    b2 = np.sum(B * B, axis=1)
    squared = a2[:, None] + b2[None, :] - 2.0 * A @ B.T
    return np.maximum(squared, 0.0)
    ### END SOLUTION


class KNearestNeighbors:
    """k-nearest-neighbour classifier: majority vote, ties to the smallest label."""

    def __init__(self, k: int = 1):
        """Store k; learn nothing here."""
        # TODO: self.k = k.
        ### BEGIN SOLUTION
        self.k = k
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "KNearestNeighbors":
        """Memorise copies of the training data (X_train_, y_train_, classes_) and return self."""
        # TODO: np.array(...) copies; classes_ = np.unique(y).
        ### BEGIN SOLUTION
        self.X_train_ = np.array(X, dtype=float)
        self.y_train_ = np.array(y)
        self.classes_ = np.unique(self.y_train_)
        return self
        ### END SOLUTION

    def kneighbors(self, X: np.ndarray) -> np.ndarray:
        """Return the (m, k) training indices of the k nearest neighbours of each row, nearest first."""
        # TODO: a stable argsort of the squared distances along each row, keep k columns.
        ### BEGIN SOLUTION
        order = np.argsort(squared_distances(X, self.X_train_), axis=1, kind="stable")
        return order[:, :self.k]
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the majority label of the k neighbours of each row (ties: the smallest label)."""
        # TODO: labels of the neighbours, counts per class, classes_[argmax of the counts].
        ### BEGIN SOLUTION
        neighbour_labels = self.y_train_[self.kneighbors(X)]                        # (m, k)
        counts = np.sum(neighbour_labels[:, :, None] == self.classes_, axis=1)     # (m, K)
        return self.classes_[np.argmax(counts, axis=1)]  # first maximum: the smallest label
        ### END SOLUTION
