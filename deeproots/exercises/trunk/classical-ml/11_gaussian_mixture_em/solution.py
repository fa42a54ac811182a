"""A Gaussian mixture model fitted by EM (full covariances).

Source: Bishop, Pattern Recognition and Machine Learning §9.2 ("Mixtures of Gaussians":
§9.2.2 EM for Gaussian mixtures, eqs. 9.23-9.28, and the log-likelihood 9.14); Murphy,
Probabilistic Machine Learning: An Introduction §8.7.3; scikit-learn user guide §2.1
"Gaussian mixture models" (the same algorithm, with reg_covar).
https://probml.github.io/pml-book/book1.html

The model: p(x) = sum_k pi_k N(x | mu_k, Sigma_k), with mixing weights pi_k >= 0 summing
to 1. EM alternates two steps; each can only raise the log-likelihood
log p(X) = sum_i log sum_k pi_k N(x_i | mu_k, Sigma_k), so it never decreases.

The Gaussian log-density, computed through the Cholesky factor Sigma = L L^T (no
inverse of Sigma): solve L z = x - mu, then

    log N(x | mu, Sigma) = -1/2 [ d log(2 pi) + log det Sigma + ||z||^2 ],
    log det Sigma = 2 sum_j log L_jj.

E-step (responsibilities, in logs): a_ik = log pi_k + log N(x_i | mu_k, Sigma_k),
    log r_ik = a_ik - logsumexp_k(a_ik),  logsumexp_k(a_ik) = m_i + log sum_k exp(a_ik - m_i)
    with m_i = max_k a_ik. Far from every centre a_ik is about -1e5: exp(a_ik) is exactly 0
    and normalising probabilities would give 0/0 = nan; the shift by m_i avoids it.
    The mean log-likelihood is mean_i logsumexp_k(a_ik).
M-step, with N_k = sum_i r_ik:
    pi_k = N_k / n,   mu_k = sum_i r_ik x_i / N_k,
    Sigma_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T / N_k + reg_covar * I
    (reg_covar, as in scikit-learn, keeps Sigma_k positive definite when a component
    sits on a few points or on a flat subspace).

fit(X) follows scikit-learn's loop exactly, starting from weights_init, means_init and
covariances_init (all three given in the checks):
    previous = -inf
    for n_iter in 1..max_iter:
        log_resp, ll = e_step(X, params)       # ll of the current parameters
        params = m_step(X, exp(log_resp), reg_covar)
        append ll to log_likelihoods_
        if |ll - previous| < tol: converged_ = True; stop
        previous = ll
so n_iter_ is the number of M-steps and log_likelihoods_[t] is the mean log-likelihood of
the parameters after t M-steps (t = 0: the initial ones). Without initial values use
uniform weights, means = X[np.random.default_rng(seed).choice(n, K, replace=False)] and
covariances = the covariance of all of X (np.cov(X.T, bias=True)) + reg_covar * I.
Do not use: sklearn.mixture.GaussianMixture, scipy.stats.multivariate_normal,
numpy.linalg.inv, scipy.linalg.inv.
scipy.special.logsumexp, np.linalg.cholesky and the solves of np.linalg / scipy.linalg are
fine; an explicit inverse of Sigma is what the Cholesky route avoids.

Shapes: X (n, d); weights (K,); means (K, d); covariances (K, d, d); resp (n, K).
log_gaussian_pdf(X, mean (d,), cov (d, d)) -> (n,); e_step(X, weights, means,
covariances) -> (log_resp (n, K), mean log-likelihood float); m_step(X, resp, reg_covar)
-> (weights, means, covariances). After fit: weights_, means_, covariances_, n_iter_,
converged_, log_likelihoods_ (a list of n_iter_ floats); score(X) -> mean log-likelihood
float; predict(X) -> (n,) argmax_k of the responsibilities.

Tiny example (d = 1): N(x=1 | 0, 1) has log-density -1/2 (log 2 pi + 0 + 1) = -1.4189.
Two components with weights [0.5, 0.5], means [[0], [2]], variances [[[1]], [[1]]] at
x = 1: both a_k = log 0.5 - 1.4189, so r = [0.5, 0.5]. M-step for X = [[0], [2]] with
resp [[1, 0], [0, 1]] and reg_covar = 0.1: weights [0.5, 0.5], means [[0], [2]],
covariances [[[0.1]], [[0.1]]] (each component holds one point: spread 0, plus reg_covar).
"""
import numpy as np


def log_gaussian_pdf(X: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Return log N(x_i | mean, cov) for every row of X, shape (n,)."""
    # TODO: L = np.linalg.cholesky(cov); z = solve(L, (X - mean).T); the formula above.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)                      # cov = L L^T
    z = np.linalg.solve(L, (X - mean).T)             # (d, n): L z = x - mean
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2.0 * np.pi) + log_det + np.sum(z ** 2, axis=0))
    ### END SOLUTION


def e_step(X: np.ndarray, weights: np.ndarray, means: np.ndarray,
           covariances: np.ndarray) -> tuple[np.ndarray, float]:
    """Return (log responsibilities (n, K), mean log-likelihood) for the given parameters."""
    # TODO: a = log weights + log densities (n, K); normalise with a max-shifted logsumexp.
    ### BEGIN SOLUTION
    log_joint = np.column_stack([np.log(weights[k]) + log_gaussian_pdf(X, means[k], covariances[k])
                                 for k in range(len(weights))])       # (n, K)
    top = log_joint.max(axis=1, keepdims=True)
    log_norm = top + np.log(np.sum(np.exp(log_joint - top), axis=1, keepdims=True))
    return log_joint - log_norm, float(np.mean(log_norm))
    ### END SOLUTION


def m_step(X: np.ndarray, resp: np.ndarray,
           reg_covar: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (weights (K,), means (K, d), covariances (K, d, d)) from responsibilities."""
    # TODO: N_k = resp.sum(axis=0); the three formulas above (+ reg_covar on each diagonal).
    ### BEGIN SOLUTION
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
    ### END SOLUTION


class GaussianMixture:
    """A K-component Gaussian mixture with full covariances, fitted by EM."""

    def __init__(self, n_components: int = 1, max_iter: int = 100, tol: float = 1e-3,
                 reg_covar: float = 1e-6, weights_init=None, means_init=None,
                 covariances_init=None, seed: int = 0):
        """Store the hyper-parameters; learn nothing here."""
        # TODO: store each argument under its own name.
        ### BEGIN SOLUTION
        self.n_components = n_components
        self.max_iter = max_iter
        self.tol = tol
        self.reg_covar = reg_covar
        self.weights_init = weights_init
        self.means_init = means_init
        self.covariances_init = covariances_init
        self.seed = seed
        ### END SOLUTION

    def fit(self, X: np.ndarray) -> "GaussianMixture":
        """Run EM from the initial parameters; set the learned attributes; return self."""
        # TODO: the loop above: weights_, means_, covariances_, n_iter_, converged_ and
        # log_likelihoods_.
        ### BEGIN SOLUTION
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
        ### END SOLUTION

    def score(self, X: np.ndarray) -> float:
        """Return the mean log-likelihood of the rows of X under the fitted mixture."""
        # TODO: the second output of e_step with the fitted parameters.
        ### BEGIN SOLUTION
        return e_step(np.asarray(X, dtype=float), self.weights_, self.means_, self.covariances_)[1]
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the most responsible component of each row of X, shape (n,)."""
        # TODO: argmax over components of the log responsibilities.
        ### BEGIN SOLUTION
        log_resp, _ = e_step(np.asarray(X, dtype=float), self.weights_, self.means_, self.covariances_)
        return np.argmax(log_resp, axis=1)
        ### END SOLUTION
