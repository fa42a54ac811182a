"""Checks for covariance and correlation matrices (references: numpy.cov and
numpy.corrcoef with rowvar=False, and a hand-worked example)."""
import numpy as np

from deeproots.grading.checks import expect_close

# (n, d): one variable, two observations, more variables than observations, square, tall.
SHAPES = [(2, 1), (2, 3), (5, 2), (3, 7), (10, 10), (50, 4)]


def _np_cov(X):
    return np.atleast_2d(np.cov(X, rowvar=False))  # rows are observations; ddof = 1


def _np_corrcoef(X):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.atleast_2d(np.corrcoef(X, rowvar=False))


def _correlated_data(rng, n, d):
    mixing = rng.normal(size=(d, d))
    return rng.normal(size=(n, d)) @ mixing + rng.normal(scale=5.0, size=d)


def test_hand_example(ex, rng):
    X = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    expect_close(ex.covariance_matrix(X), np.array([[1.0, 2.0], [2.0, 4.0]]), what="covariance_matrix(X)",
                 how="by hand: deviations [-1, 0, 1] and [-2, 0, 2], sums of products over n - 1 = 2",
                 rtol=1e-12, atol=1e-12, inputs={"X": X})
    expect_close(ex.correlation_matrix(X), np.ones((2, 2)), what="correlation_matrix(X)",
                 how="by hand: column 2 = 2 * column 1, so every correlation is 1", rtol=1e-12, atol=1e-12,
                 inputs={"X": X})


def test_covariance_matches_numpy(ex, rng):
    for n, d in SHAPES:
        X = _correlated_data(rng, n, d)
        expect_close(ex.covariance_matrix(X), _np_cov(X), what=f"covariance_matrix(X), X of shape {(n, d)}",
                     how="np.cov(X, rowvar=False) (n - 1 denominator)", rtol=1e-9, atol=1e-11, inputs={"X": X})


def test_correlation_matches_numpy(ex, rng):
    for n, d in SHAPES:
        X = _correlated_data(rng, n, d)
        expect_close(ex.correlation_matrix(X), _np_corrcoef(X), what=f"correlation_matrix(X), X of shape {(n, d)}",
                     how="np.corrcoef(X, rowvar=False)", rtol=1e-9, atol=1e-11, inputs={"X": X})


def test_constant_column_gives_nan_correlations(ex, rng):
    for n, d, constant in ((6, 3, 1), (4, 1, 0), (8, 4, 3)):
        X = _correlated_data(rng, n, d)
        X[:, constant] = 3.0  # its mean is exactly 3.0, its deviations exactly 0
        inputs = {"X": X}
        expect_close(ex.covariance_matrix(X), _np_cov(X), what=f"covariance_matrix(X) with column {constant} constant",
                     how="np.cov(X, rowvar=False): a zero row and column", rtol=1e-9, atol=1e-11, inputs=inputs)
        expect_close(ex.correlation_matrix(X), _np_corrcoef(X),
                     what=f"correlation_matrix(X) with column {constant} constant",
                     how="np.corrcoef(X, rowvar=False): nan in that row and column (0 / 0)", rtol=1e-9, atol=1e-11,
                     inputs=inputs)


def test_data_far_from_zero(ex, rng):
    # Centre first: mean(x y) - mean(x) mean(y) would subtract numbers near 1e16.
    X = 1e8 + _correlated_data(rng, 30, 3)
    expect_close(ex.covariance_matrix(X), _np_cov(X), what="covariance_matrix(X) for values near 1e8",
                 how="np.cov(X, rowvar=False) (centres the columns first)", rtol=1e-6, atol=1e-6, inputs={"X": X})
    expect_close(ex.correlation_matrix(X), _np_corrcoef(X), what="correlation_matrix(X) for values near 1e8",
                 how="np.corrcoef(X, rowvar=False)", rtol=1e-6, atol=1e-6, inputs={"X": X})
