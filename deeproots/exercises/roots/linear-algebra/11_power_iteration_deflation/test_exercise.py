"""Checks for power iteration and Hotelling deflation (reference: numpy.linalg.eigh)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal


def _symmetric_with_spectrum(rng, lams):
    """Q diag(lams) Q^T with a random orthogonal Q: a symmetric matrix with known eigenvalues."""
    n = len(lams)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = (Q * np.asarray(lams, dtype=float)) @ Q.T
    return (A + A.T) / 2


def _spectrum(rng, n, ratio=0.6):
    # |lam_i| = 10 ratio^i with random signs: separated magnitudes, so power iteration and
    # deflation converge at the rate ratio, and negative eigenvalues are exercised too.
    return 10.0 * ratio ** np.arange(n) * rng.choice([-1.0, 1.0], size=n)


def _eigh_by_magnitude(A):
    w, V = np.linalg.eigh(A)
    order = np.argsort(-np.abs(w))
    return w[order], V[:, order]


def _align(x, reference):
    """x with its sign flipped to agree with the reference eigenvector (either sign is right)."""
    x = np.asarray(x, dtype=float)
    return x * (1.0 if float(x @ reference) >= 0 else -1.0)


def test_power_iteration_by_hand(ex, rng):
    s = 1 / np.sqrt(2)
    cases = [(np.array([[2.0, 1.0], [1.0, 2.0]]), 3.0, np.array([s, s]), "lam = 3, v = [1, 1]/sqrt(2)"),
             (np.array([[-5.0, 0.0], [0.0, 2.0]]), -5.0, np.array([1.0, 0.0]),
              "a negative dominant eigenvalue: lam = -5, v = e1 (the Rayleigh quotient keeps the sign)"),
             (np.diag([1.0, 3.0, 2.0]), 3.0, np.array([0.0, 1.0, 0.0]), "diagonal: lam = 3, v = e2"),
             (np.array([[4.0]]), 4.0, np.array([1.0]), "1x1: lam = 4, v = [1]")]
    for A, lam_ref, v_ref, how in cases:
        lam, x, _ = ex.power_iteration(A, 1000, 1e-10, 0)
        expect_close(lam, lam_ref, what="eigenvalue from power_iteration(A)", how=f"by hand: {how}",
                     rtol=1e-9, atol=1e-12, inputs={"A": A})
        expect_close(_align(x, v_ref), v_ref, what="eigenvector from power_iteration(A) (sign aligned)",
                     how=f"by hand: {how}", atol=1e-8, inputs={"A": A})


def test_power_iteration_matches_eigh(ex, rng):
    for n, seed in ((2, 0), (3, 1), (5, 2), (8, 3), (20, 4)):
        A = _symmetric_with_spectrum(rng, _spectrum(rng, n))
        w, V = _eigh_by_magnitude(A)
        lam, x, _ = ex.power_iteration(A, 2000, 1e-10, seed)
        x = np.asarray(x, dtype=float)
        inputs = {"A": A, "seed": seed}
        expect_close(lam, w[0], what=f"dominant eigenvalue of a {n}x{n} A",
                     how="np.linalg.eigh(A): the eigenvalue of largest |lam|", rtol=1e-9, atol=1e-12,
                     inputs=inputs)
        expect_close(np.linalg.norm(x), 1.0, what="||x|| from power_iteration", how="a unit vector",
                     rtol=1e-9, inputs=inputs)
        expect_close(_align(x, V[:, 0]), V[:, 0], what=f"dominant eigenvector of a {n}x{n} A (sign aligned)",
                     how="np.linalg.eigh(A): the eigenvector of largest |lam|", atol=1e-8, inputs=inputs)


def test_stops_at_the_tolerance_or_after_num_iters(ex, rng):
    # |lam2 / lam1| = 0.9: slow, a few hundred iterations for a tight tolerance.
    A = _symmetric_with_spectrum(rng, [10.0, 9.0, 3.0, 1.0, 0.5])
    _, x, n_iter = ex.power_iteration(A, 5, 1e-10, 1)
    expect_equal(int(n_iter), 5, what="n_iter when num_iters = 5 is too few to converge",
                 how="the loop must stop after num_iters iterations", inputs={"A": A})
    expect_close(np.linalg.norm(x), 1.0, what="||x|| after 5 iterations", how="a unit vector",
                 rtol=1e-9, inputs={"A": A})
    counts = {}
    for tol in (1e-3, 1e-12):
        lam, x, n_iter = ex.power_iteration(A, 5000, tol, 1)
        x = np.asarray(x, dtype=float)
        residual = np.linalg.norm(A @ x - lam * x)
        expect(residual <= tol * abs(lam) * 1.001,
               f"power_iteration(A, tol={tol:g}) stopped before ||A x - lam x|| <= tol * |lam|",
               residual=residual, tol_times_lam=tol * abs(lam), n_iter=n_iter)
        counts[tol] = int(n_iter)
    expect(counts[1e-3] < counts[1e-12] < 5000,
           "a looser tolerance must stop sooner, and 1e-12 must converge well before num_iters = 5000 "
           "(stop as soon as ||A x - lam x|| <= tol * |lam|)",
           n_iter_tol_1e_3=counts[1e-3], n_iter_tol_1e_12=counts[1e-12])


def test_deflate(ex, rng):
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    v = np.array([1.0, 1.0]) / np.sqrt(2)
    expect_close(ex.deflate(A, 3.0, v), np.array([[0.5, -0.5], [-0.5, 0.5]]), what="deflate(A, 3, v)",
                 how="by hand: A - 3 v v^T", rtol=1e-12, atol=1e-12, inputs={"A": A, "lam": 3.0, "v": v})
    for n in (3, 6):
        lams = _spectrum(rng, n)
        A = _symmetric_with_spectrum(rng, lams)
        w, V = _eigh_by_magnitude(A)
        D = np.asarray(ex.deflate(A, w[0], V[:, 0]), dtype=float)
        inputs = {"A": A, "lam": w[0], "v": V[:, 0]}
        expect_close(np.sort(np.linalg.eigvalsh(D)), np.sort(np.append(w[1:], 0.0)),
                     what="eigenvalues of deflate(A, lam1, v1)",
                     how="np.linalg.eigh(A): lam1 replaced by 0, the others unchanged", rtol=1e-9,
                     atol=1e-9, inputs=inputs)
        expect_close(D @ V[:, 0], np.zeros(n), what="deflate(A, lam1, v1) @ v1",
                     how="v1 becomes an eigenvector for 0", atol=1e-9, inputs=inputs)


def test_top_eigenpairs_match_eigh(ex, rng):
    for n, k, seed in ((1, 1, 0), (2, 2, 1), (4, 4, 2), (6, 3, 3), (8, 8, 4), (12, 2, 5)):
        A = _symmetric_with_spectrum(rng, _spectrum(rng, n))
        w, V = _eigh_by_magnitude(A)
        lams, vectors = ex.top_eigenpairs(A, k, 2000, 1e-10, seed)
        vectors = np.asarray(vectors, dtype=float)
        inputs = {"A": A, "k": k, "seed": seed}
        expect_close(lams, w[:k], what=f"top_eigenpairs(A, k={k}) eigenvalues for a {n}x{n} A",
                     how="np.linalg.eigh(A), sorted by decreasing |lam|", rtol=1e-7, atol=1e-9,
                     inputs=inputs)
        expect_equal(vectors.shape, (n, k), what="shape of the eigenvector matrix",
                     how="(n, k): one eigenvector per column", inputs=inputs)
        aligned = np.column_stack([_align(vectors[:, i], V[:, i]) for i in range(k)])
        expect_close(aligned, V[:, :k], what=f"top_eigenpairs(A, k={k}) eigenvectors (columns, sign aligned)",
                     how="np.linalg.eigh(A), sorted by decreasing |lam|", atol=1e-6, inputs=inputs)


def test_a_start_orthogonal_to_ones_still_finds_the_dominant_pair(ex, rng):
    # v1 = [1, -1]/sqrt(2) is orthogonal to [1, 1], itself an eigenvector (lam = 1): a start of
    # all ones would stay on it; the random start of the statement does not.
    A = np.array([[2.0, -1.0], [-1.0, 2.0]])
    for seed in (0, 1, 2):
        lam, _, _ = ex.power_iteration(A, 1000, 1e-10, seed)
        expect_close(lam, float(np.max(np.linalg.eigvalsh(A))), what=f"power_iteration(A, seed={seed})",
                     how="np.linalg.eigvalsh(A): 3 (eigenvalues 3 and 1); start from the seeded random "
                         "unit vector, not from all ones", rtol=1e-9, inputs={"A": A})


def test_the_stopping_test_is_relative_to_lam(ex, rng):
    # x <- A x / ||A x|| does the same thing to c A as to A, and the test ||A x - lam x|| <=
    # tol |lam| scales with c: the iteration count must not change when A is scaled by 1e8.
    A = _symmetric_with_spectrum(rng, [10.0, 9.0, 3.0, 1.0, 0.5])
    _, _, n_small = ex.power_iteration(A, 5000, 1e-10, 1)
    _, _, n_large = ex.power_iteration(1e8 * A, 5000, 1e-10, 1)
    expect(abs(int(n_large) - int(n_small)) <= 1,
           "power_iteration(1e8 * A) needs a different number of iterations than power_iteration(A): "
           "stop when ||A x - lam x|| <= tol * |lam| (relative), not <= tol",
           n_iter_for_A=n_small, n_iter_for_1e8_A=n_large)
