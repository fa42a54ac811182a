"""Checks for mutual information (references: KL(p(x, y) || p(x)p(y)) and H(X) + H(Y) - H(X, Y)
with scipy.stats.entropy; sklearn.metrics.mutual_info_score on label arrays)."""
import numpy as np
import scipy.stats
import sklearn.metrics

from deeproots.grading.checks import expect, expect_close

# (m, n): one cell, a single row or column, non-square both ways (a wrong axis shows), square.
SHAPES = [(1, 1), (1, 3), (4, 1), (2, 5), (5, 3), (4, 4)]

# Cover & Thomas Example 2.2.1 with rows x and columns y: I(X; Y) = H(Y) - H(Y | X) = 2 - 13/8.
COVER_THOMAS = np.array([[1 / 8, 1 / 16, 1 / 32, 1 / 32],
                         [1 / 16, 1 / 8, 1 / 32, 1 / 32],
                         [1 / 16, 1 / 16, 1 / 16, 1 / 16],
                         [1 / 4, 0.0, 0.0, 0.0]]).T


def _table(rng, m, n, zero_row=False):
    P = rng.dirichlet(np.ones(m * n)).reshape(m, n)
    if m * n > 1:
        P[rng.random((m, n)) < 0.3] = 0.0
        P.flat[rng.integers(m * n)] += 0.1
    if zero_row and m > 1:
        row = rng.integers(m)
        P[row] = 0.0
        if not P.any():
            P[(row + 1) % m, 0] = 1.0
    return P / P.sum()


def _scipy_mi(P, base):
    p_x, p_y = P.sum(axis=1), P.sum(axis=0)
    return scipy.stats.entropy(P.ravel(), np.outer(p_x, p_y).ravel(), base=base)


def test_hand_examples(ex, rng):
    P = np.array([[0.5, 0.0], [0.25, 0.25]])
    expected_pmi = np.array([[np.log2(4 / 3), -np.inf], [np.log2(2 / 3), 1.0]])
    expect_close(ex.pointwise_mutual_information(P, 2.0), expected_pmi,
                 what="pointwise_mutual_information(P, base=2)",
                 how="by hand: log2 of P / outer([1/2, 1/2], [3/4, 1/4]), -inf where P = 0",
                 rtol=1e-12, atol=1e-12, inputs={"P": P})
    expect_close(ex.mutual_information(P, 2.0), 1.0 + scipy.stats.entropy([0.75, 0.25], base=2) - 1.5,
                 what="mutual_information(P, base=2)", how="by hand: H(X) + H(Y) - H(X, Y) = 1 + 0.811 - 1.5",
                 rtol=1e-12, atol=1e-12, inputs={"P": P})
    P = np.array([[0.5, 0.0], [0.0, 0.5]])
    expect_close(ex.mutual_information(P, 2.0), 1.0, what="mutual_information([[1/2, 0], [0, 1/2]], base=2)",
                 how="Y = X, a fair bit: I = H(X) = 1 bit", rtol=1e-12, atol=1e-12)
    expect_close(ex.mutual_information(COVER_THOMAS, 2.0), 3 / 8,
                 what="mutual_information(P, base=2) for Cover & Thomas Example 2.2.1",
                 how="H(Y) - H(Y | X) = 2 - 13/8 = 3/8 bits", rtol=1e-12, atol=1e-12,
                 inputs={"P": COVER_THOMAS})
    x, y = np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1])
    expect_close(ex.joint_table(x, y, 2, 2), np.array([[0.25, 0.25], [0.0, 0.5]]),
                 what="joint_table([0, 0, 1, 1], [0, 1, 1, 1], 2, 2)", how="by hand: pair counts / 4",
                 rtol=1e-12, atol=1e-15)


def test_mutual_information_is_kl_to_the_product_of_marginals(ex, rng):
    for (m, n), zero_row in zip(SHAPES, (False, False, True, True, True, False)):
        P = _table(rng, m, n, zero_row)
        for base in (2.0, np.e):
            got = ex.mutual_information(P, base)
            expect_close(got, _scipy_mi(P, base),
                         what=f"mutual_information(P, base={base:.4g}) for P of shape {(m, n)}",
                         how="scipy.stats.entropy(P.ravel(), np.outer(P.sum(1), P.sum(0)).ravel()): "
                             "KL(p(x, y) || p(x) p(y))", rtol=1e-9, atol=1e-12, inputs={"P": P})
            h = lambda p: scipy.stats.entropy(p, base=base)  # noqa: E731
            expect_close(got, h(P.sum(axis=1)) + h(P.sum(axis=0)) - h(P.ravel()),
                         what=f"mutual_information(P, base={base:.4g}) for P of shape {(m, n)}",
                         how="H(X) + H(Y) - H(X, Y) with scipy.stats.entropy", rtol=1e-9, atol=1e-12,
                         inputs={"P": P})
        expect_close(ex.mutual_information(P.T, 2.0), _scipy_mi(P, 2.0),
                     what=f"mutual_information(P.T) for P of shape {(m, n)}: I(Y; X) = I(X; Y)",
                     how="KL to the product of marginals with scipy.stats.entropy, base 2",
                     rtol=1e-9, atol=1e-12, inputs={"P": P})


def test_pointwise_mutual_information(ex, rng):
    for (m, n), zero_row in zip(SHAPES, (False, True, False, True, False, True)):
        P = _table(rng, m, n, zero_row)
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = np.log(P) - np.log(P.sum(axis=1))[:, None] - np.log(P.sum(axis=0))[None, :]
        expected = np.where(P > 0, expected, -np.inf)
        for base in (2.0, np.e):
            expect_close(ex.pointwise_mutual_information(P, base), expected / np.log(base),
                         what=f"pointwise_mutual_information(P, base={base:.4g}) for P of shape {(m, n)}",
                         how="(ln P[x, y] - ln p(x) - ln p(y)) / ln(base), -inf where P = 0",
                         rtol=1e-9, atol=1e-12, inputs={"P": P})


def test_independent_tables_have_zero_information(ex, rng):
    for m, n in ((3, 5), (4, 2), (1, 3)):
        p_x, p_y = rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(n))
        if n > 1:
            p_y[-1] = 0.0  # a value of Y that never occurs
        p_y /= p_y.sum()
        P = np.outer(p_x, p_y)
        expect_close(ex.mutual_information(P, 2.0), 0.0, what=f"mutual_information(outer(p_x, p_y)), {(m, n)}",
                     how="I(X; Y) = 0 for independent X and Y", atol=1e-12, inputs={"P": P})
        pmi = np.asarray(ex.pointwise_mutual_information(P, 2.0))
        expect_close(pmi[P > 0], np.zeros(int(np.sum(P > 0))), what="PMI on the support of outer(p_x, p_y)",
                     how="log 1 = 0: p(x, y) = p(x) p(y) in every cell", atol=1e-12, inputs={"P": P})


def test_information_of_a_variable_with_itself_and_bounds(ex, rng):
    for k in (1, 2, 5):
        p = rng.dirichlet(np.ones(k))
        expect_close(ex.mutual_information(np.diag(p), 2.0), scipy.stats.entropy(p, base=2),
                     what=f"mutual_information(np.diag(p)) for {k} values: Y = X",
                     how="I(X; X) = H(X) = scipy.stats.entropy(p, base=2)", rtol=1e-10, atol=1e-12,
                     inputs={"p": p})
    f = np.array([1, 0, 1, 2, 2, 0])  # Y = f(X): I(X; Y) = H(Y)
    P = np.zeros((6, 3))
    P[np.arange(6), f] = rng.dirichlet(np.ones(6))
    expect_close(ex.mutual_information(P, 2.0), scipy.stats.entropy(P.sum(axis=0), base=2),
                 what="mutual_information(P) for Y = f(X)", how="I(X; Y) = H(Y) when Y is a function of X",
                 rtol=1e-10, atol=1e-12, inputs={"P": P})
    for m, n in ((3, 4), (5, 2)):
        P = _table(rng, m, n)
        got = float(ex.mutual_information(P, 2.0))
        bound = min(scipy.stats.entropy(P.sum(axis=1), base=2), scipy.stats.entropy(P.sum(axis=0), base=2))
        expect(-1e-12 <= got <= bound + 1e-12, "need 0 <= I(X; Y) <= min(H(X), H(Y))",
               I=got, min_H=bound, P=P)


def test_joint_table_of_labels(ex, rng):
    for n_pairs, num_x, num_y in ((1, 1, 1), (1, 3, 2), (50, 3, 4), (500, 6, 2), (200, 2, 7)):
        x = rng.integers(0, num_x, size=n_pairs)
        y = rng.integers(0, num_y, size=n_pairs)
        expected, _, _ = np.histogram2d(x, y, bins=[np.arange(num_x + 1), np.arange(num_y + 1)])
        expect_close(ex.joint_table(x, y, num_x, num_y), expected / n_pairs,
                     what=f"joint_table(x, y, {num_x}, {num_y}) for {n_pairs} pairs",
                     how="np.histogram2d(x, y, bins=[0..num_x, 0..num_y]) / N", rtol=1e-12, atol=1e-15,
                     inputs={"x": x, "y": y})


def test_matches_sklearn_on_labels_built_from_a_table(ex, rng):
    for m, n in ((2, 2), (3, 5), (6, 4)):
        counts = rng.integers(0, 6, size=(m, n))
        counts[0, 0] += 1
        rows, cols = np.indices((m, n))
        x = np.repeat(rows.ravel(), counts.ravel())  # label arrays whose joint table is counts / N
        y = np.repeat(cols.ravel(), counts.ravel())
        order = rng.permutation(x.size)
        x, y = x[order], y[order]
        P = counts / counts.sum()
        expect_close(ex.joint_table(x, y, m, n), P, what=f"joint_table(x, y, {m}, {n})",
                     how="the table of counts the labels were built from, divided by N", rtol=1e-12,
                     atol=1e-15, inputs={"x": x, "y": y})
        expect_close(ex.mutual_information(P, np.e), sklearn.metrics.mutual_info_score(x, y),
                     what=f"mutual_information(P, base=e) for a {(m, n)} table of counts",
                     how="sklearn.metrics.mutual_info_score(x, y) (nats) on label arrays with these counts",
                     rtol=1e-9, atol=1e-12, inputs={"P": P})
    # Dependent labels: y is x plus noise (mod 4), with a label value of y that never occurs.
    x = rng.integers(0, 4, size=400)
    y = (x + rng.integers(0, 2, size=400)) % 4
    got = ex.mutual_information(ex.joint_table(x, y, 4, 5), np.e)
    expect_close(got, sklearn.metrics.mutual_info_score(x, y),
                 what="mutual_information(joint_table(x, y, 4, 5), base=e), y = x + noise mod 4",
                 how="sklearn.metrics.mutual_info_score(x, y) (nats)", rtol=1e-9, atol=1e-12,
                 inputs={"x": x, "y": y})


def test_inputs_are_not_modified(ex, rng):
    P = _table(rng, 3, 4, zero_row=True)
    x, y = rng.integers(0, 3, size=20), rng.integers(0, 4, size=20)
    before = (P.copy(), x.copy(), y.copy())
    ex.pointwise_mutual_information(P)
    ex.mutual_information(P)
    ex.joint_table(x, y, 3, 4)
    expect(all(np.array_equal(a, b) for a, b in zip((P, x, y), before)), "a function modified its inputs")
