"""Checks for EM on a Gaussian mixture (references: scipy.stats.multivariate_normal,
scipy.special.logsumexp, np.cov with weights, sklearn.mixture.GaussianMixture started from
the same initial parameters)."""
import warnings

import numpy as np
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.datasets import load_iris
from sklearn.mixture import GaussianMixture as SklearnMixture

from deeproots.grading.checks import expect, expect_close, expect_equal


def _spd(rng, d, scale=1.0):
    A = rng.normal(size=(d, d))
    return scale * (A @ A.T / d + 0.2 * np.eye(d))


def _mixture_data(rng, n, d, K):
    """K elongated, fairly separated Gaussian clusters, and a start: K random points as
    means, uniform weights, identity covariances."""
    centres = rng.normal(scale=3.0, size=(K, d))
    shapes = 0.6 * rng.normal(size=(K, d, d))
    z = rng.integers(0, K, size=n)
    X = centres[z] + np.einsum("nij,nj->ni", shapes[z], rng.normal(size=(n, d)))
    start = (np.full(K, 1.0 / K), X[rng.choice(n, size=K, replace=False)], np.array([np.eye(d)] * K))
    return X, start


def _reference_log_likelihood(X, weights, means, covariances):
    a = np.column_stack([np.log(w) + multivariate_normal(m, c).logpdf(X).reshape(-1)
                         for w, m, c in zip(weights, means, covariances)])
    return a - logsumexp(a, axis=1, keepdims=True), float(np.mean(logsumexp(a, axis=1)))


def _sklearn_fit(X, start, **params):
    weights, means, covariances = start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning when max_iter is reached on purpose
        return SklearnMixture(n_components=len(weights), covariance_type="full",
                              weights_init=weights, means_init=means,
                              precisions_init=np.linalg.inv(covariances), init_params="random",
                              random_state=0, **params).fit(X)


def _fit(ex, X, start, **params):
    weights, means, covariances = start
    return ex.GaussianMixture(n_components=len(weights), weights_init=weights, means_init=means,
                              covariances_init=covariances, **params).fit(X)


def test_log_gaussian_pdf_matches_scipy(ex, rng):
    X, mean, cov = np.array([[1.0]]), np.array([0.0]), np.array([[1.0]])
    expect_close(ex.log_gaussian_pdf(X, mean, cov), np.array([-0.5 * (np.log(2 * np.pi) + 1.0)]),
                 what="log_gaussian_pdf", how="by hand: -1/2 (log 2 pi + 1)", rtol=1e-12,
                 atol=1e-12, inputs={"X": X, "mean": mean, "cov": cov})
    for n, d in [(1, 1), (7, 2), (40, 3), (25, 5)]:
        X, mean, cov = rng.normal(size=(n, d)) * 2, rng.normal(size=d), _spd(rng, d)
        expect_close(ex.log_gaussian_pdf(X, mean, cov), multivariate_normal(mean, cov).logpdf(X).reshape(n),
                     what="log_gaussian_pdf", how="scipy.stats.multivariate_normal(mean, cov).logpdf(X)",
                     rtol=1e-9, atol=1e-9, inputs={"X": X, "mean": mean, "cov": cov})
    # Ill-conditioned: variances from 1e-6 to 1e2 along a rotated basis.
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    cov = Q @ np.diag([1e-6, 1.0, 1e2]) @ Q.T
    cov = (cov + cov.T) / 2
    X = rng.normal(size=(10, 3)) * 1e-3
    expect_close(ex.log_gaussian_pdf(X, np.zeros(3), cov),
                 multivariate_normal(np.zeros(3), cov).logpdf(X),
                 what="log_gaussian_pdf with condition number 1e8",
                 how="scipy.stats.multivariate_normal(0, cov).logpdf(X)", rtol=1e-6, atol=1e-6,
                 inputs={"X": X, "cov": cov})


def test_e_step_matches_scipy(ex, rng):
    X = np.array([[1.0]])
    start = (np.array([0.5, 0.5]), np.array([[0.0], [2.0]]), np.array([[[1.0]], [[1.0]]]))
    log_resp, _ = ex.e_step(X, *start)
    expect_close(np.exp(log_resp), np.array([[0.5, 0.5]]), what="exp(log_resp)",
                 how="by hand: x = 1 is halfway between two equal components", rtol=1e-12,
                 atol=1e-12, inputs={"X": X})
    for n, d, K in [(1, 1, 1), (10, 2, 2), (60, 3, 4)]:
        X = rng.normal(scale=2.0, size=(n, d))
        weights = rng.dirichlet(np.ones(K))
        means = rng.normal(scale=2.0, size=(K, d))
        covariances = np.array([_spd(rng, d) for _ in range(K)])
        # Far-away points: every density underflows to 0, the logs stay finite.
        X[0] = 1000.0
        expected_resp, expected_ll = _reference_log_likelihood(X, weights, means, covariances)
        log_resp, ll = ex.e_step(X, weights, means, covariances)
        how = "log w_k + scipy multivariate_normal.logpdf, normalised by scipy.special.logsumexp"
        inputs = {"X": X, "weights": weights, "means": means, "covariances": covariances}
        expect_close(log_resp, expected_resp, what="log_resp", how=how, rtol=1e-8, atol=1e-8,
                     inputs=inputs)
        expect_close(ll, expected_ll, what="mean log-likelihood", how=how, rtol=1e-10, atol=1e-8,
                     inputs=inputs)


def test_m_step_matches_formula(ex, rng):
    X, resp = np.array([[0.0], [2.0]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    weights, means, covariances = ex.m_step(X, resp, 0.1)
    how = "by hand: one point per component, spread 0 + reg_covar"
    expect_close(weights, np.array([0.5, 0.5]), what="weights", how=how, rtol=1e-12, atol=1e-12)
    expect_close(means, np.array([[0.0], [2.0]]), what="means", how=how, rtol=1e-12, atol=1e-12)
    expect_close(covariances, np.array([[[0.1]], [[0.1]]]), what="covariances", how=how,
                 rtol=1e-12, atol=1e-12)
    for n, d, K, reg in [(5, 1, 2, 0.0), (30, 2, 3, 1e-6), (80, 4, 3, 0.25)]:
        X = rng.normal(size=(n, d)) + rng.normal(size=d)
        resp = rng.dirichlet(np.ones(K), size=n)
        weights, means, covariances = ex.m_step(X, resp, reg)
        inputs = {"X": X, "resp": resp, "reg_covar": reg}
        expect_close(weights, resp.mean(axis=0), what="weights", how="N_k / n = resp.mean(axis=0)",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(means, np.array([np.average(X, axis=0, weights=resp[:, k]) for k in range(K)]),
                     what="means", how="np.average(X, axis=0, weights=resp[:, k])", rtol=1e-10,
                     atol=1e-10, inputs=inputs)
        expected = np.array([np.cov(X.T, aweights=resp[:, k], bias=True).reshape(d, d) + reg * np.eye(d)
                             for k in range(K)])
        expect_close(covariances, expected, what="covariances",
                     how="np.cov(X.T, aweights=resp[:, k], bias=True) + reg_covar * I", rtol=1e-9,
                     atol=1e-10, inputs=inputs)


def test_log_likelihood_never_decreases(ex, rng):
    X, start = _mixture_data(rng, 200, 2, 3)
    model = _fit(ex, X, start, max_iter=8, tol=0.0)
    expect(model is not None and model.n_iter_ == 8,
           "with tol=0 EM must run all max_iter=8 iterations (n_iter_ = 8)", n_iter=model.n_iter_)
    history = np.asarray(model.log_likelihoods_, dtype=float)
    # The check's own log-likelihood of the parameters after t M-steps, t = 0..8.
    lls = [_reference_log_likelihood(X, *start)[1]]
    for t in range(1, 9):
        fitted = _fit(ex, X, start, max_iter=t, tol=0.0)
        lls.append(_reference_log_likelihood(X, fitted.weights_, fitted.means_, fitted.covariances_)[1])
    lls = np.array(lls)
    expect(np.all(np.diff(lls) >= -1e-10 * np.abs(lls[1:])),
           "the log-likelihood went down during EM: every E-step + M-step must raise it (or "
           "keep it); it was computed by the check with scipy after max_iter = 0, 1, ..., 8",
           log_likelihoods=lls, differences=np.diff(lls))
    expect_close(history, lls[:8], what="log_likelihoods_ (max_iter=8, tol=0)",
                 how="scipy log-likelihood of the parameters after t = 0..7 M-steps (refits "
                     "with max_iter = t)", rtol=1e-9, atol=1e-9, inputs={"X": X})


def test_matches_sklearn_after_fixed_iterations(ex, rng):
    for n, d, K in [(150, 1, 2), (200, 3, 3)]:
        X, start = _mixture_data(rng, n, d, K)
        reference = _sklearn_fit(X, start, max_iter=20, tol=0.0)
        model = _fit(ex, X, start, max_iter=20, tol=0.0)
        how = ('sklearn GaussianMixture(covariance_type="full", tol=0, max_iter=20) from the same '
               "weights, means and precisions = inv(covariances)")
        inputs = {"X": X, "weights_init": start[0], "means_init": start[1]}
        expect_close(model.weights_, reference.weights_, what="weights_", how=how, rtol=1e-7,
                     atol=1e-9, inputs=inputs)
        expect_close(model.means_, reference.means_, what="means_", how=how, rtol=1e-7, atol=1e-8,
                     inputs=inputs)
        expect_close(model.covariances_, reference.covariances_, what="covariances_", how=how,
                     rtol=1e-7, atol=1e-8, inputs=inputs)


def test_converges_like_sklearn(ex, rng):
    iris = load_iris().data
    K = 3
    cases = [("iris", iris, (np.full(K, 1 / K), iris[[0, 60, 120]], np.array([np.eye(4)] * K))),
             ("random", *_mixture_data(rng, 300, 2, 3))]
    for name, X, start in cases:
        reference = _sklearn_fit(X, start, max_iter=500, tol=1e-6)
        model = _fit(ex, X, start, max_iter=500, tol=1e-6)
        how = ('sklearn GaussianMixture(covariance_type="full", tol=1e-6) from the same '
               "weights, means and precisions")
        inputs = {f"X ({name})": X, "means_init": start[1]}
        expect(bool(model.converged_), f"converged_ is False on {name} with tol=1e-6 and max_iter=500",
               n_iter=model.n_iter_)
        expect(abs(int(model.n_iter_) - int(reference.n_iter_)) <= 1,
               f"n_iter_ on {name} is far from sklearn's (the loop or the stopping rule differ)",
               your_n_iter=model.n_iter_, sklearn_n_iter=reference.n_iter_)
        expect_close(model.means_, reference.means_, what=f"means_ ({name})", how=how, rtol=1e-5,
                     atol=1e-5, inputs=inputs)
        expect_close(model.covariances_, reference.covariances_, what=f"covariances_ ({name})",
                     how=how, rtol=1e-5, atol=1e-5, inputs=inputs)
        expect_close(model.score(X), reference.score(X), what=f"score(X) ({name})", how=how,
                     rtol=1e-7, atol=1e-7, inputs=inputs)
        expect_equal(np.asarray(model.predict(X)).astype(int), reference.predict(X).astype(int),
                     what=f"predict(X) ({name})", how=how, inputs=inputs)


def test_reg_covar_on_flat_data(ex, rng):
    # Points on a plane in 3-D: without reg_covar the covariances are singular.
    n = 120
    X = rng.normal(size=(n, 2)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.0]])
    X[: n // 2] += 5.0
    start = (np.array([0.5, 0.5]), X[[0, n - 1]], np.array([np.eye(3)] * 2))
    reference = _sklearn_fit(X, start, max_iter=30, tol=0.0, reg_covar=1e-3)
    model = _fit(ex, X, start, max_iter=30, tol=0.0, reg_covar=1e-3)
    how = 'sklearn GaussianMixture(covariance_type="full", reg_covar=1e-3, tol=0, max_iter=30)'
    expect_close(model.covariances_, reference.covariances_, what="covariances_ on flat data",
                 how=how, rtol=1e-6, atol=1e-8, inputs={"X": X})
    expect_close(model.means_, reference.means_, what="means_ on flat data", how=how, rtol=1e-6,
                 atol=1e-8, inputs={"X": X})


def test_estimator_conventions_and_default_start(ex, rng):
    model = ex.GaussianMixture(n_components=2, max_iter=50, tol=1e-4, reg_covar=1e-5)
    for name, value in [("n_components", 2), ("max_iter", 50), ("tol", 1e-4), ("reg_covar", 1e-5)]:
        expect_equal(getattr(model, name), value, what=f"GaussianMixture(...).{name}",
                     how="scikit-learn convention: __init__ stores each argument under its own name")
    expect(not hasattr(model, "means_"), "means_ exists before fit: __init__ must only store "
           "hyper-parameters")
    X, _ = _mixture_data(rng, 150, 2, 2)
    expect(model.fit(X) is model, "fit(X) must return self (the same estimator object)")
    history = np.asarray(model.log_likelihoods_, dtype=float)
    expect(len(history) == model.n_iter_ and np.all(np.diff(history) >= -1e-10 * np.abs(history[1:])),
           "without initial values (random points as means, uniform weights, the covariance of X), "
           "log_likelihoods_ must have n_iter_ entries and never decrease",
           log_likelihoods=history, n_iter=model.n_iter_)
    expect_close(model.score(X),
                 _reference_log_likelihood(X, model.weights_, model.means_, model.covariances_)[1],
                 what="score(X)", how="scipy log-likelihood of the fitted parameters", rtol=1e-10,
                 atol=1e-10, inputs={"X": X})


def test_default_start_without_initial_values(ex, rng):
    # log_likelihoods_[0] is the mean log-likelihood of the starting parameters, so it
    # reveals the default start: uniform weights, means = X[default_rng(seed).choice(n, K,
    # replace=False)], every covariance = np.cov(X.T, bias=True) + reg_covar * I (divide by n).
    X = rng.normal(size=(40, 2)) * np.array([2.0, 0.5]) + np.array([1.0, -3.0])
    K, seed, reg_covar = 3, 7, 1e-6
    model = ex.GaussianMixture(n_components=K, max_iter=1, reg_covar=reg_covar, seed=seed).fit(X)
    means = X[np.random.default_rng(seed).choice(len(X), K, replace=False)]
    cov = np.cov(X.T, bias=True) + reg_covar * np.eye(2)
    densities = np.column_stack([multivariate_normal(mean, cov).logpdf(X) for mean in means]) + np.log(1.0 / K)
    expected = float(np.mean(logsumexp(densities, axis=1)))
    expect_close(np.asarray(model.log_likelihoods_, dtype=float)[0], expected,
                 what="log_likelihoods_[0] with no initial values (the default start)",
                 how="mean over X of scipy logsumexp of log(1/K) + scipy.stats.multivariate_normal(mean_k, "
                 "np.cov(X.T, bias=True) + reg_covar * I).logpdf, means_k = X[default_rng(seed).choice(n, K, "
                 "replace=False)]", rtol=1e-10, atol=1e-12, inputs={"K": K, "seed": seed, "X": X})
