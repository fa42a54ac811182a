"""Checks for the tests of positive definiteness (references: numpy.linalg.det,
numpy.linalg.eigvalsh, numpy.linalg.cholesky)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal, expect_raises


def _positive_definite(rng, n):
    M = rng.normal(size=(n, n))
    return M @ M.T + 0.1 * np.eye(n)  # every eigenvalue >= 0.1


def _indefinite(rng, n):
    # A symmetric matrix with eigenvalues of both signs (and none near 0).
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    lams = rng.uniform(0.5, 3.0, size=n) * np.where(np.arange(n) == rng.integers(n), -1.0, 1.0)
    A = (Q * lams) @ Q.T
    return (A + A.T) / 2


def _semidefinite(rng, n):
    M = rng.normal(scale=0.5, size=(n, n - 1))
    return M @ M.T  # rank n - 1: singular, eigenvalues >= 0 with one 0


def test_pivots_and_minors_by_hand(ex, rng):
    cases = [(np.array([[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]]), [2.0, 1.5, 4 / 3], [2.0, 3.0, 4.0]),
             (np.array([[2.0, 6.0], [6.0, 20.0]]), [2.0, 2.0], [2.0, 4.0]),
             (np.array([[2.0, 6.0], [6.0, 18.0]]), [2.0, 0.0], [2.0, 0.0]),
             (np.array([[2.0, 6.0], [6.0, 7.0]]), [2.0, -11.0], [2.0, -22.0]),
             (np.array([[3.0]]), [3.0], [3.0])]
    for A, piv, minors in cases:
        expect_close(ex.pivots(A), np.array(piv), what="pivots(A)",
                     how="by hand (lecture 27): d_1 = a_11, d_2 = a_22 - a_21 a_12 / a_11, ...",
                     rtol=1e-12, atol=1e-12, inputs={"A": A})
        expect_close(ex.leading_minors(A), np.array(minors), what="leading_minors(A)",
                     how="by hand: D_k = d_1 ... d_k", rtol=1e-12, atol=1e-12, inputs={"A": A})


def test_pivots_are_ratios_of_minors(ex, rng):
    for n in (1, 2, 4, 7):
        for A in (_positive_definite(rng, n), _indefinite(rng, n)):
            minors = np.array([np.linalg.det(A[:k, :k]) for k in range(1, n + 1)])
            expected = minors / np.concatenate([[1.0], minors[:-1]])
            expect_close(ex.pivots(A), expected, what=f"pivots(A) for a {n}x{n} A",
                         how="d_k = D_k / D_(k-1), the D_k from np.linalg.det (no row exchanges)",
                         rtol=1e-8, atol=1e-10, inputs={"A": A})


def test_leading_minors_match_numpy(ex, rng):
    for n in (1, 3, 6):
        for A in (_positive_definite(rng, n), _indefinite(rng, n)):
            expected = np.array([np.linalg.det(A[:k, :k]) for k in range(1, n + 1)])
            expect_close(ex.leading_minors(A), expected, what=f"leading_minors(A) for a {n}x{n} A",
                         how="np.linalg.det(A[:k, :k]) for k = 1..n", rtol=1e-9, atol=1e-12,
                         inputs={"A": A})


def test_cholesky_matches_numpy(ex, rng):
    A = np.array([[2.0, 6.0], [6.0, 20.0]])
    r = np.sqrt(2.0)
    expect_close(ex.cholesky(A), np.array([[r, 0.0], [3 * r, r]]), what="cholesky([[2, 6], [6, 20]])",
                 how="by hand: L = [[sqrt 2, 0], [3 sqrt 2, sqrt 2]]", rtol=1e-12, atol=1e-12,
                 inputs={"A": A})
    for n in (1, 2, 3, 5, 10):
        A = _positive_definite(rng, n)
        L = np.asarray(ex.cholesky(A), dtype=float)
        expect_close(np.triu(L, 1), np.zeros((n, n)), what="entries of L above the diagonal",
                     how="L must be lower triangular", atol=1e-14, inputs={"A": A})
        expect_close(L, np.linalg.cholesky(A), what=f"cholesky(A) for a {n}x{n} A",
                     how="np.linalg.cholesky(A)", rtol=1e-9, atol=1e-12, inputs={"A": A})
        expect_close(L @ L.T, A, what="L @ L.T", how="the factorisation must rebuild A",
                     rtol=1e-9, atol=1e-12, inputs={"A": A})


def test_cholesky_refuses_matrices_that_are_not_positive_definite(ex, rng):
    cases = [(np.array([[2.0, 6.0], [6.0, 7.0]]), "indefinite: pivot 7 - 18 < 0"),
             (-np.eye(3), "negative definite: the first pivot is -1"),
             (np.array([[1.0, 1.0], [1.0, 1.0]]), "semidefinite: the second pivot is exactly 0"),
             (np.array([[4.0, 2.0, 2.0], [2.0, 1.0, 1.0], [2.0, 1.0, 1.0]]),
              "semidefinite (rank 1): the second pivot is exactly 0"),
             (_indefinite(rng, 4), "indefinite: a negative eigenvalue"),
             (_indefinite(rng, 6), "indefinite: a negative eigenvalue")]
    for A, how in cases:
        try:  # the trusted reference refuses it too
            np.linalg.cholesky(A)
            reference_refuses = False
        except np.linalg.LinAlgError:
            reference_refuses = True
        assert reference_refuses, "check error: the example should not be positive definite"
        expect_raises(lambda: ex.cholesky(A), ValueError, what="cholesky(A)",
                      why=f" when A is not positive definite ({how})", inputs={"A": A})


def test_positive_definite_tests(ex, rng):
    cases = [(np.array([[2.0, 6.0], [6.0, 20.0]]), True, "pivots 2, 2"),
             (np.array([[2.0, 6.0], [6.0, 18.0]]), False, "semidefinite: pivots 2, 0"),
             (np.array([[2.0, 6.0], [6.0, 7.0]]), False, "indefinite: pivots 2, -11"),
             (np.array([[0.0, 1.0], [1.0, 0.0]]), False, "a zero first pivot; eigenvalues 1, -1"),
             (np.array([[2.0, -1.0, -1.0], [-1.0, 2.0, -1.0], [-1.0, -1.0, 2.0]]), False,
              "semidefinite: eigenvalues 0, 3, 3"),
             (np.array([[5.0]]), True, "1x1 with 5 > 0"),
             (np.array([[-5.0]]), False, "1x1 with -5 < 0")]
    for n in (2, 3, 6):
        cases.append((_positive_definite(rng, n), True, "M M^T + 0.1 I: every eigenvalue >= 0.1"))
        cases.append((_indefinite(rng, n), False, "one negative eigenvalue"))
        cases.append((_semidefinite(rng, n), False, "M M^T with M of rank n - 1: singular"))
    for A, expected, how in cases:
        assert (np.linalg.eigvalsh(A).min() > 1e-10) == expected, "check error: wrong label"
        verdicts = ex.positive_definite_tests(A, 1e-10)
        for test in ("pivots", "minors", "eigenvalues"):
            expect(test in verdicts, f"positive_definite_tests(A) has no {test!r} key",
                   keys=sorted(verdicts))
            expect_equal(verdicts[test], expected, what=f"positive_definite_tests(A)[{test!r}]",
                         how=f"np.linalg.eigvalsh(A).min() > 1e-10 ({how})", inputs={"A": A})
