"""Reference solution: k-means++ seeding and Lloyd's algorithm."""
import numpy as np


def squared_distances(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    diff = X[:, None, :] - centers[None, :, :]
    return np.sum(diff ** 2, axis=2)


def d2_probabilities(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    centers = np.asarray(centers, dtype=float).reshape(-1, X.shape[1])
    d2 = squared_distances(X, centers).min(axis=1)
    total = d2.sum()
    if total == 0.0:
        return np.full(len(X), 1.0 / len(X))
    return d2 / total


def kmeans_plusplus(X: np.ndarray, n_clusters: int, uniforms: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    n = len(X)
    chosen = [min(int(uniforms[0] * n), n - 1)]
    for u in uniforms[1:n_clusters]:
        d2 = squared_distances(X, X[chosen]).min(axis=1)
        cumulative = np.cumsum(d2)
        if cumulative[-1] == 0.0:
            chosen.append(min(int(u * n), n - 1))
        else:
            chosen.append(int(np.searchsorted(cumulative, u * cumulative[-1], side="right")))
    return np.array(chosen)


def assign_labels(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return np.argmin(squared_distances(np.asarray(X, dtype=float), np.asarray(centers, dtype=float)), axis=1)


def update_centers(X: np.ndarray, labels: np.ndarray, centers: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    new = np.array(centers, dtype=float)
    for j in range(len(new)):
        members = X[labels == j]
        if len(members) > 0:  # an empty cluster keeps its previous centre
            new[j] = members.mean(axis=0)
    return new


class KMeans:
    """k-means clustering: k-means++ seeding, then Lloyd iterations; best of n_init runs."""

    def __init__(self, n_clusters: int = 8, n_init: int = 10, max_iter: int = 300,
                 seed: int = 0, init=None):
        self.n_clusters = n_clusters
        self.n_init = n_init
        self.max_iter = max_iter
        self.seed = seed
        self.init = init

    def _lloyd(self, X, centers):
        labels = None
        for n_iter in range(1, self.max_iter + 1):
            new_labels = assign_labels(X, centers)
            centers = update_centers(X, new_labels, centers)
            if labels is not None and np.array_equal(new_labels, labels):
                break
            labels = new_labels
        labels = assign_labels(X, centers)
        inertia = float(np.sum((X - centers[labels]) ** 2))
        return centers, labels, inertia, n_iter

    def fit(self, X: np.ndarray) -> "KMeans":
        X = np.asarray(X, dtype=float)
        if self.init is not None:
            starts = [np.array(self.init, dtype=float)]
        else:
            rng = np.random.default_rng(self.seed)
            starts = [X[kmeans_plusplus(X, self.n_clusters, rng.random(self.n_clusters))]
                      for _ in range(self.n_init)]
        best = None
        for start in starts:
            run = self._lloyd(X, start)
            if best is None or run[2] < best[2]:
                best = run
        self.cluster_centers_, self.labels_, self.inertia_, self.n_iter_ = best
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        return assign_labels(X, self.cluster_centers_)
