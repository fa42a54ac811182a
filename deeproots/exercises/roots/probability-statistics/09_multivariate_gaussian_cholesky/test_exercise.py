"""Checks for the multivariate Gaussian (references: scipy.linalg.cholesky,
scipy.stats.multivariate_normal.logpdf, and the standard errors of sample moments)."""
import numpy as np
import scipy.linalg
import scipy.stats

from deeproots.grading.checks import expect, expect_close

DIMENSIONS = (1, 2, 3, 5, 8)


def _random_covariance(rng, d, smallest=0.1):
    """A random SPD matrix with correlated coordinates: eigenvalues in [smallest, ~4]."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    eigenvalues = np.concatenate([[smallest], rng.uniform(smallest, 4.0, size=d - 1)])[:d]
    Sigma = (Q * eigenvalues) @ Q.T
    return (Sigma + Sigma.T) / 2.0


def _reference_logpdf(x, mu, Sigma):
    return np.asarray(scipy.stats.multivariate_normal.logpdf(x, mean=mu, cov=Sigma)).reshape(len(x))


def test_hand_example(ex, rng):
    mu, Sigma = np.array([1.0, 2.0]), np.array([[4.0, 2.0], [2.0, 2.0]])
    z = np.array([[1.0, 1.0]])
    expect_close(ex.gaussian_transform(mu, Sigma, z), np.array([[3.0, 4.0]]),
                 what="gaussian_transform(mu, Sigma, [[1, 1]])",
                 how="by hand: L = [[2, 0], [1, 1]], x = mu + L z = [1 + 2, 2 + 1 + 1]",
                 rtol=1e-12, atol=1e-12, inputs={"mu": mu, "Sigma": Sigma, "z": z})
    x = mu[None, :]
    expect_close(ex.gaussian_logpdf(x, mu, Sigma), np.array([-np.log(2.0 * np.pi) - np.log(2.0)]),
                 what="gaussian_logpdf([mu], mu, Sigma)",
                 how="by hand: -d/2 log(2 pi) - 1/2 log det Sigma with d = 2, det Sigma = 4",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "mu": mu, "Sigma": Sigma})


def test_transform_matches_cholesky(ex, rng):
    for d in DIMENSIONS:
        for n in (1, 6):
            mu = rng.normal(scale=2.0, size=d)
            Sigma = _random_covariance(rng, d)
            z = rng.standard_normal((n, d))
            L = scipy.linalg.cholesky(Sigma, lower=True)
            expected = np.array([mu + L @ z_i for z_i in z])
            expect_close(ex.gaussian_transform(mu, Sigma, z), expected,
                         what=f"gaussian_transform(mu, Sigma, z) with d = {d}, n = {n}",
                         how="mu + L z_i for each row, L = scipy.linalg.cholesky(Sigma, lower=True)",
                         rtol=1e-9, atol=1e-10, inputs={"mu": mu, "Sigma": Sigma, "z": z})


def test_samples_have_the_right_mean_and_covariance(ex, rng):
    n = 20_000
    mu = np.array([1.0, -2.0, 0.5])
    Sigma = np.array([[2.0, 1.2, -0.6],
                      [1.2, 1.5, 0.3],
                      [-0.6, 0.3, 0.8]])
    z = rng.standard_normal((n, 3))
    x = np.asarray(ex.gaussian_transform(mu, Sigma, z))
    expect(x.shape == (n, 3), f"gaussian_transform should return shape ({n}, 3)", got_shape=x.shape)
    # Standard errors: Var(sample mean_i) = Sigma_ii / n; for Gaussian data
    # Var(sample cov_ij) ~ (Sigma_ii Sigma_jj + Sigma_ij^2) / n. Allow 5 of them.
    mean_se = np.sqrt(np.diag(Sigma) / n)
    expect_close(x.mean(axis=0), mu, what="sample mean of 20000 transformed vectors",
                 how="mu, within 5 standard errors sqrt(Sigma_ii / n)", rtol=0.0,
                 atol=float(5 * mean_se.max()), inputs={"mu": mu, "Sigma": Sigma})
    cov_se = np.sqrt((np.outer(np.diag(Sigma), np.diag(Sigma)) + Sigma**2) / n)
    expect_close(np.cov(x, rowvar=False), Sigma, what="sample covariance of 20000 transformed vectors",
                 how="Sigma, within 5 standard errors sqrt((Sigma_ii Sigma_jj + Sigma_ij^2) / n)",
                 rtol=0.0, atol=float(5 * cov_se.max()), inputs={"mu": mu, "Sigma": Sigma})


def test_logpdf_matches_scipy(ex, rng):
    for d in DIMENSIONS:
        for n in (1, 7):
            mu = rng.normal(scale=2.0, size=d)
            Sigma = _random_covariance(rng, d)
            # Points near the mean and far out in the tails.
            x = mu + rng.normal(scale=rng.choice([0.5, 3.0], size=(n, 1)), size=(n, d))
            expect_close(ex.gaussian_logpdf(x, mu, Sigma), _reference_logpdf(x, mu, Sigma),
                         what=f"gaussian_logpdf(x, mu, Sigma) with d = {d}, n = {n}",
                         how="scipy.stats.multivariate_normal.logpdf(x, mean=mu, cov=Sigma)",
                         rtol=1e-9, atol=1e-9, inputs={"x": x, "mu": mu, "Sigma": Sigma})


def test_logpdf_near_singular_covariance(ex, rng):
    # Condition number 1e7: a nearly flat ellipsoid. Points are drawn from the distribution
    # itself, plus a few pushed a little off it along the thin direction.
    d = 4
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    Sigma = (Q * np.array([1.0, 0.5, 0.2, 1e-7])) @ Q.T
    Sigma = (Sigma + Sigma.T) / 2.0
    mu = rng.normal(size=d)
    L = scipy.linalg.cholesky(Sigma, lower=True)
    x = mu + rng.standard_normal((8, d)) @ L.T
    x[-2:] += np.outer([3e-4, -5e-4], Q[:, -1])
    expect_close(ex.gaussian_logpdf(x, mu, Sigma), _reference_logpdf(x, mu, Sigma),
                 what="gaussian_logpdf(x, mu, Sigma) for a nearly singular Sigma (condition 1e7)",
                 how="scipy.stats.multivariate_normal.logpdf (eigendecomposition)",
                 rtol=1e-7, atol=1e-6, inputs={"x": x, "mu": mu, "Sigma": Sigma})


def test_logpdf_high_dimension(ex, rng):
    # det Sigma = product of 64 eigenvalues of a few 1e-6 underflows to 0.0 in floating
    # point (about 1e-340 < 1e-308); the sum of the logs of L's diagonal does not.
    d = 64
    B = rng.normal(size=(d, 4))
    Sigma = np.diag(rng.uniform(1e-6, 1e-5, size=d)) + 1e-6 * B @ B.T / d
    mu = rng.normal(size=d)
    x = mu + rng.normal(scale=2e-3, size=(3, d))
    sign, log_det = np.linalg.slogdet(Sigma)
    centered = x - mu
    quadratic = np.sum(centered * np.linalg.solve(Sigma, centered.T).T, axis=1)
    expected = -0.5 * d * np.log(2.0 * np.pi) - 0.5 * log_det - 0.5 * quadratic
    expect_close(ex.gaussian_logpdf(x, mu, Sigma), expected,
                 what=f"gaussian_logpdf(x, mu, Sigma) with d = {d} (det Sigma underflows to 0)",
                 how="-d/2 log(2 pi) - 1/2 np.linalg.slogdet(Sigma) - 1/2 (x - mu)^T np.linalg.solve(Sigma, x - mu)",
                 rtol=1e-8, atol=1e-7, inputs={"x": x, "mu": mu, "Sigma": Sigma})
