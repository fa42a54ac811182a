"""Checks for diagonalisation and matrix powers (references: numpy.linalg.matrix_power,
numpy.linalg.eig, numpy.linalg.inv, the integer Fibonacci recurrence)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal


def _fibonacci_by_recurrence(k_max):
    """Exact Python integers F_0 .. F_k_max from F_{k+2} = F_{k+1} + F_k."""
    F = [0, 1]
    while len(F) <= k_max:
        F.append(F[-1] + F[-2])
    return F[: k_max + 1]


def _random_markov(rng, n):
    P = rng.random((n, n))
    return P / P.sum(axis=0, keepdims=True)


def test_power_by_hand(ex, rng):
    A = np.array([[2.0, 0.0], [0.0, 3.0]])
    expect_close(ex.power_by_diagonalisation(A, 3), np.array([[8.0, 0.0], [0.0, 27.0]]),
                 what="power_by_diagonalisation(A, 3)", how="by hand: diag(2^3, 3^3)", rtol=1e-12,
                 atol=1e-12, inputs={"A": A, "k": 3})
    A = np.array([[0.8, 0.3], [0.2, 0.7]])
    expect_close(ex.power_by_diagonalisation(A, 0), np.eye(2), what="power_by_diagonalisation(A, 0)",
                 how="A^0 = I", rtol=1e-12, atol=1e-12, inputs={"A": A, "k": 0})
    # A rotation by 90 degrees: eigenvalues +-i, S complex, A^2 = -I (real).
    A = np.array([[0.0, -1.0], [1.0, 0.0]])
    expect_close(ex.power_by_diagonalisation(A, 2), -np.eye(2), what="power_by_diagonalisation(R, 2)",
                 how="by hand: two quarter turns make a half turn, -I (a real result from complex S)",
                 rtol=1e-12, atol=1e-12, inputs={"A": A, "k": 2})


def test_power_matches_matrix_power(ex, rng):
    cases = []
    for n in (1, 3, 5):
        B = rng.normal(size=(n, n))
        cases.append(((B + B.T) / 2, "symmetric"))
    for n in (2, 4, 6):
        cases.append((rng.normal(size=(n, n)), "random (complex eigenvalues likely)"))
    for A, kind in cases:
        for k in (1, 2, 5, 8):
            expected = np.linalg.matrix_power(A, k)
            expect_close(ex.power_by_diagonalisation(A, k), expected,
                         what=f"power_by_diagonalisation(A, {k}) for a {A.shape[0]}x{A.shape[0]} {kind} A",
                         how="np.linalg.matrix_power(A, k)", rtol=1e-8,
                         atol=1e-9 * max(1.0, float(np.abs(expected).max())), inputs={"A": A, "k": k})


def test_power_minus_one_is_the_inverse(ex, rng):
    for n in (2, 4):
        A = rng.normal(size=(n, n)) + 3 * np.eye(n)
        expected = np.linalg.inv(A)
        expect_close(ex.power_by_diagonalisation(A, -1), expected, what="power_by_diagonalisation(A, -1)",
                     how="np.linalg.inv(A): S Lambda^-1 S^-1", rtol=1e-8,
                     atol=1e-9 * max(1.0, float(np.abs(expected).max())), inputs={"A": A, "k": -1})


def test_fibonacci_by_hand(ex, rng):
    ks = np.array([0, 1, 2, 10])
    got = np.asarray(ex.fibonacci(ks))
    expect_equal(got, np.array([0, 1, 1, 55]), what="fibonacci([0, 1, 2, 10])",
                 how="by hand: 0, 1, 1, ..., F_10 = 55", inputs={"ks": ks})


def test_fibonacci_exact_up_to_70(ex, rng):
    F = _fibonacci_by_recurrence(70)
    ks = rng.permutation(71)
    got = np.asarray(ex.fibonacci(ks))
    expect(got.dtype.kind in "iu", "fibonacci must return integers (round, then .astype(np.int64))",
           dtype=str(got.dtype), got=got)
    expect_equal(got, np.array([F[k] for k in ks], dtype=np.int64),
                 what="fibonacci(ks) for ks a shuffle of 0..70",
                 how="the exact integer recurrence F_{k+2} = F_{k+1} + F_k (Python ints)", inputs={"ks": ks})


def test_steady_state_by_hand(ex, rng):
    cases = [(np.array([[0.8, 0.3], [0.2, 0.7]]), np.array([0.6, 0.4]),
              "eigenvector [3, 2] for lam = 1, scaled to sum 1"),
             (np.array([[1.0]]), np.array([1.0]), "a single state"),
             (np.eye(3)[[1, 2, 0]].T.copy(), np.full(3, 1 / 3),
              "a 3-cycle (period 3, eigenvalues 1, e^(+-2 pi i/3)): uniform"),
             (np.array([[0.0, 0.5, 0.0], [1.0, 0.0, 1.0], [0.0, 0.5, 0.0]]), np.array([0.25, 0.5, 0.25]),
              "period 2 (eigenvalues 1, -1, 0): pi_1 = pi_0 + pi_2, pi_0 = pi_2 = pi_1 / 2")]
    for P, expected, how in cases:
        expect_close(ex.steady_state(P), expected, what="steady_state(P)", how=f"by hand: {how}",
                     rtol=1e-10, atol=1e-12, inputs={"P": P})


def test_steady_state_matches_eig_and_long_powers(ex, rng):
    for n in (2, 3, 5, 8):
        P = _random_markov(rng, n)
        got = np.asarray(ex.steady_state(P))
        lam, S = np.linalg.eig(P)
        u = S[:, int(np.argmin(np.abs(lam - 1.0)))].real
        expect_close(got, u / u.sum(), what=f"steady_state(P) for a {n}x{n} Markov P",
                     how="np.linalg.eig(P): the eigenvector for lam = 1, divided by its sum",
                     rtol=1e-9, atol=1e-12, inputs={"P": P})
        # A positive Markov matrix has |lam| < 1 for every other eigenvalue: P^k u_0 converges.
        limit = np.linalg.matrix_power(P, 500) @ np.full(n, 1.0 / n)
        expect_close(got, limit, what=f"steady_state(P) for a {n}x{n} Markov P",
                     how="np.linalg.matrix_power(P, 500) @ [1/n, ..., 1/n]", rtol=1e-8, atol=1e-10,
                     inputs={"P": P})
