"""Checks for log-loss and cross-entropy (references: sklearn.metrics.log_loss, and
H(p) + KL(p || q) from scipy.stats.entropy)."""
import numpy as np
import scipy.stats
import sklearn.metrics

from deeproots.grading.checks import expect, expect_close

# (N, C): one example, binary, non-square both ways, more classes than examples, larger.
SHAPES = [(1, 2), (1, 5), (6, 2), (20, 3), (3, 7), (60, 10)]


def _predictions(rng, n, c, floor=0.05):
    """Predicted probabilities (n, c): random rows, mixed with the uniform so that none is near 0 or 1."""
    return (1.0 - floor) * rng.dirichlet(np.ones(c), size=n) + floor / c


def _one_hot(y, c):
    return (np.asarray(y)[:, None] == np.arange(c)).astype(float)


def _scipy_cross_entropy(P, Q):
    """mean_i H(P[i]) + D(P[i] || Q[i]) with scipy.stats.entropy (rows of P must sum to 1)."""
    return float(np.mean(scipy.stats.entropy(P, axis=1) + scipy.stats.entropy(P, Q, axis=1)))


def test_hand_example(ex, rng):
    y, Q = np.array([0, 1]), np.array([[0.5, 0.5], [0.2, 0.8]])
    expected = -(np.log(0.5) + np.log(0.8)) / 2
    expect_close(ex.log_loss(y, Q), expected, what="log_loss([0, 1], [[0.5, 0.5], [0.2, 0.8]])",
                 how="by hand: -(ln 0.5 + ln 0.8) / 2 = 0.4581", rtol=1e-12, atol=1e-12)
    expect_close(ex.one_hot(y, 2), np.eye(2), what="one_hot([0, 1], 2)", how="by hand: [[1, 0], [0, 1]]",
                 rtol=0, atol=0)
    expect_close(ex.cross_entropy_loss(np.eye(2), Q), expected, what="cross_entropy_loss(one-hot, Q)",
                 how="by hand: the same 0.4581", rtol=1e-12, atol=1e-12, inputs={"Q": Q})
    expect_close(ex.empirical_distribution(np.array([0, 1, 1, 3]), 4), np.array([0.25, 0.5, 0.0, 0.25]),
                 what="empirical_distribution([0, 1, 1, 3], 4)", how="by hand: counts [1, 2, 0, 1] / 4",
                 rtol=1e-12, atol=1e-12)


def test_one_hot(ex, rng):
    for n, c in SHAPES + [(4, 1)]:
        y = rng.integers(0, c, size=n)
        expect_close(ex.one_hot(y, c), _one_hot(y, c), what=f"one_hot(y, {c}) for {n} labels",
                     how="(y[:, None] == np.arange(C)) as floats", rtol=0, atol=0, inputs={"y": y})


def test_log_loss_matches_sklearn(ex, rng):
    for n, c in SHAPES:
        Q = _predictions(rng, n, c)
        y = rng.integers(0, c, size=n)
        expect_close(ex.log_loss(y, Q), sklearn.metrics.log_loss(y, Q, labels=np.arange(c)),
                     what=f"log_loss(y, Q) for Q of shape {(n, c)}",
                     how="sklearn.metrics.log_loss(y, Q, labels=range(C)) (no clipping at work: "
                         "every probability is at least 0.05 / C)",
                     rtol=1e-10, atol=1e-12, inputs={"y": y, "Q": Q})


def test_log_loss_is_cross_entropy_with_one_hot_targets(ex, rng):
    for n, c in SHAPES:
        Q = _predictions(rng, n, c, floor=0.0)
        y = rng.integers(0, c, size=n)
        expected = _scipy_cross_entropy(_one_hot(y, c), Q)
        inputs = {"y": y, "Q": Q}
        expect_close(ex.log_loss(y, Q), expected, what=f"log_loss(y, Q) for Q of shape {(n, c)}",
                     how="mean of H(e_y) + KL(e_y || Q[i]) with scipy.stats.entropy (H(one-hot) = 0)",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(ex.cross_entropy_loss(_one_hot(y, c), Q), expected,
                     what=f"cross_entropy_loss(one_hot(y), Q) for Q of shape {(n, c)}",
                     how="mean of H(e_y) + KL(e_y || Q[i]) with scipy.stats.entropy",
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def test_tiny_and_zero_probabilities_are_not_clipped(ex, rng):
    y = np.array([0, 2, 1])
    Q = np.array([[1e-300, 0.5, 0.5], [0.3, 0.3, 0.4], [0.5, 1e-20, 0.5]])
    Q[0, 1:] = (1.0 - 1e-300) / 2
    Q[2, [0, 2]] = (1.0 - 1e-20) / 2
    expect_close(ex.log_loss(y, Q), _scipy_cross_entropy(_one_hot(y, 3), Q),
                 what="log_loss(y, Q) with true-class probabilities 1e-300 and 1e-20",
                 how="mean of KL(e_y || Q[i]) with scipy.stats.entropy: about (690.8 + 0.92 + 46.1) / 3; "
                     "sklearn's log_loss would clip 1e-300 to 2.2e-16 (36.0 nats)",
                 rtol=1e-10, atol=1e-12, inputs={"y": y, "Q": Q})
    Q = np.array([[0.0, 1.0], [0.5, 0.5]])
    got = ex.log_loss(np.array([0, 1]), Q)
    expect(bool(np.isposinf(got)), "log_loss should be inf when a true class has probability 0 "
           "(no clipping)", got=got, Q=Q)
    got = ex.cross_entropy_loss(np.array([[0.5, 0.5], [0.0, 1.0]]), np.array([[0.0, 1.0], [0.5, 0.5]]))
    expect(bool(np.isposinf(got)), "cross_entropy_loss should be inf when Q = 0 where P > 0", got=got)


def test_soft_targets(ex, rng):
    for n, c in [(1, 3), (5, 4), (8, 2), (30, 10)]:
        Q = _predictions(rng, n, c)
        y = rng.integers(0, c, size=n)
        smoothing = 0.1
        P = (1.0 - smoothing) * _one_hot(y, c) + smoothing / c  # label smoothing
        expect_close(ex.cross_entropy_loss(P, Q), _scipy_cross_entropy(P, Q),
                     what=f"cross_entropy_loss(P, Q) with label-smoothed P of shape {(n, c)}",
                     how="mean of scipy.stats.entropy(P, axis=1) + scipy.stats.entropy(P, Q, axis=1)",
                     rtol=1e-10, atol=1e-12, inputs={"P": P, "Q": Q})
    # Soft targets with zeros, and predictions that are 0 exactly where the targets are.
    P = rng.dirichlet(np.ones(6), size=7)
    P[rng.random(P.shape) < 0.4] = 0.0
    P[np.arange(7), rng.integers(6, size=7)] += 0.2
    P /= P.sum(axis=1, keepdims=True)
    Q = rng.dirichlet(np.ones(6), size=7) * (P > 0)
    Q /= Q.sum(axis=1, keepdims=True)
    expect_close(ex.cross_entropy_loss(P, Q), _scipy_cross_entropy(P, Q),
                 what="cross_entropy_loss(P, Q), zeros in P and Q at the same places",
                 how="mean of scipy.stats.entropy(P, axis=1) + scipy.stats.entropy(P, Q, axis=1)",
                 rtol=1e-10, atol=1e-12, inputs={"P": P, "Q": Q})


def test_empirical_distribution(ex, rng):
    for n, c in [(1, 1), (1, 4), (10, 3), (100, 7), (40, 12)]:
        y = rng.integers(0, max(c - 1, 1), size=n)  # the last class never occurs (for c > 1)
        values, counts = np.unique(y, return_counts=True)
        expected = np.zeros(c)
        expected[values] = counts / n
        expect_close(ex.empirical_distribution(y, c), expected,
                     what=f"empirical_distribution(y, {c}) for {n} labels",
                     how="np.unique(y, return_counts=True), counts / N, 0 for absent classes",
                     rtol=1e-12, atol=1e-15, inputs={"y": y})


def test_constant_prediction_and_maximum_likelihood(ex, rng):
    n, c = 300, 6
    y = rng.choice(c, size=n, p=[0.3, 0.25, 0.2, 0.15, 0.1, 0.0])  # class 5 never occurs
    p_hat = np.bincount(y, minlength=c) / n
    h_hat = scipy.stats.entropy(p_hat)
    for trial in range(3):
        q = _predictions(rng, 1, c)[0]
        Q = np.tile(q, (n, 1))
        got = ex.log_loss(y, Q)
        expect_close(got, h_hat + scipy.stats.entropy(p_hat, q),
                     what="log_loss(y, tile(q)): one prediction q for every example",
                     how="H(p_hat) + KL(p_hat || q) with scipy.stats.entropy, p_hat = class frequencies",
                     rtol=1e-10, atol=1e-12, inputs={"y": y, "q": q})
        expect(float(got) > h_hat, "log_loss(y, tile(q)) must exceed H(p_hat) unless q = p_hat "
               "(Gibbs' inequality)", log_loss=got, H_p_hat=h_hat, q=q)
    expect_close(ex.log_loss(y, np.tile(p_hat, (n, 1))), h_hat,
                 what="log_loss(y, tile(p_hat)): predicting the class frequencies",
                 how="the minimum, H(p_hat) = scipy.stats.entropy(p_hat) (maximum likelihood)",
                 rtol=1e-10, atol=1e-12, inputs={"y": y, "p_hat": p_hat})


def test_inputs_are_not_modified(ex, rng):
    Q = _predictions(rng, 5, 3)
    y = rng.integers(0, 3, size=5)
    P = _one_hot(y, 3)
    before = (y.copy(), Q.copy(), P.copy())
    ex.log_loss(y, Q)
    ex.cross_entropy_loss(P, Q)
    ex.empirical_distribution(y, 3)
    ex.one_hot(y, 3)
    expect(all(np.array_equal(a, b) for a, b in zip((y, Q, P), before)), "a function modified its inputs")
