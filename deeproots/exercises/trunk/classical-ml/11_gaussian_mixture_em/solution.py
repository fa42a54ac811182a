"""Reference solution: a Gaussian mixture with full covariances, fitted by EM."""
import numpy as np


def log_gaussian_pdf(X: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)                      # cov = L L^T
    z = np.linalg.solve(L, (X - mean).T)             # (d, n): L z = x - mean
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2.0 * np.pi) + log_det + np.sum(z ** 2, axis=0))


def e_step(X: np.ndarray, weights: np.ndarray, means: np.ndarray,
           covariances: np.ndarray) -> tuple[np.ndarray, float]:
    log_joint = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covariances[k])
                                 for k in range(len(weights))])       # (n, K)
    top = log_joint.max(axis=1, keepdims=True)
    log_norm = top + np.log(np.sum(np.exp(log_joint - top), axis=1, keepdims=True))
    return log_joint - log_norm, float(np.mean(log_norm))


def m_step(X: np.ndarray, resp: np.ndarray,
           reg_covar: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    nk = resp.sum(axis=0)                            # (K,) effective counts
    weights = nk / n
    means = resp.T @ X / nk[:, None]                 # (K, d)
    covariances = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covariances[k] = (resp[:, k] * diff.T) @ diff / nk[k] + reg_covar * np.eye(d)
    return weights, means, covariances


class GaussianMixture:
    """A K-component Gaussian mixture with full covariances, fitted by EM."""

    def __init__(self, n_components: int = 1, max_iter: int = 100, tol: float = 1e-3,
                 reg_covar: float = 1e-6, weights_init=None, means_init=None,
                 covariances_init=None, seed: int = 0):
        self.n_components = n_components
        self.max_iter = max_iter
        self.tol = tol
        self.reg_covar = reg_covar
        self.weights_init = weights_init
        self.means_init = means_init
        self.covariances_init = covariances_init
        self.seed = seed

    def fit(self, X: np.ndarray) -> "GaussianMixture":
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        K = self.n_components
        if self.weights_init is None:
            weights = np.full(K, 1.0 / K)
        else:
            weights = np.array(self.weights_init, dtype=float)
        if self.means_init is None:
            rng = np.random.default_rng(self.seed)
            means = X[rng.choice(n, size=K, replace=False)]
        else:
            means = np.array(self.means_init, dtype=float)
        if self.covariances_init is None:
            covariances = np.array([np.cov(X.T, bias=True).reshape(d, d) + self.reg_covar * np.eye(d)] * K)
        else:
            covariances = np.array(self.covariances_init, dtype=float)
        self.log_likelihoods_ = []
        self.converged_ = False
        previous = -np.inf
        for n_iter in range(1, self.max_iter + 1):
            log_resp, log_likelihood = e_step(X, weights, means, covariances)
            weights, means, covariances = m_step(X, np.exp(log_resp), self.reg_covar)
            self.log_likelihoods_.append(log_likelihood)
            if abs(log_likelihood - previous) < self.tol:
                self.converged_ = True
                break
            previous = log_likelihood
        self.weights_, self.means_, self.covariances_ = weights, means, covariances
        self.n_iter_ = n_iter
        return self

    def score(self, X: np.ndarray) -> float:
        return e_step(np.asarray(X, dtype=float), self.weights_, self.means_, self.covariances_)[1]

    def predict(self, X: np.ndarray) -> np.ndarray:
        log_resp, _ = e_step(np.asarray(X, dtype=float), self.weights_, self.means_, self.covariances_)
        return np.argmax(log_resp, axis=1)
