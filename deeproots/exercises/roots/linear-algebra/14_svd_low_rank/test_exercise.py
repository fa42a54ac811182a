"""Checks for the SVD via A^T A and low-rank approximation (reference: numpy.linalg.svd,
numpy.linalg.norm)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

SHAPES = [(5, 3), (3, 5), (6, 6), (10, 4), (2, 7), (1, 4), (4, 1)]


def _reference(A, r):
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return U[:, :r], s[:r], Vt[:r]


def _truncated(A, k):
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]


def _check_svd(ex, A, r, label, inputs):
    U, s, Vt = (np.asarray(part, dtype=float) for part in ex.svd(A))
    U_ref, s_ref, Vt_ref = _reference(A, r)
    m, n = A.shape
    expect_equal(s.shape, (r,), what=f"shape of s for {label}",
                 how=f"(r,) with r = {r}, the rank (np.linalg.matrix_rank)", inputs=inputs)
    expect_equal((U.shape, Vt.shape), ((m, r), (r, n)), what=f"shapes of U and Vt for {label}",
                 how="the compact SVD: U (m, r), Vt (r, n)", inputs=inputs)
    # Through A^T A, rounding errors grow with the square of the condition number
    # cond = sigma_1 / sigma_r: sigma_i is off by about eps * sigma_1 * cond, a vector by eps * cond^2.
    cond = s_ref[0] / s_ref[-1]
    expect_close(s, s_ref, what=f"singular values of {label}", how="np.linalg.svd(A)",
                 rtol=1e-9, atol=1e-14 * s_ref[0] * cond, inputs=inputs)
    expect_close(A @ Vt.T, U * s, what=f"A v_i against sigma_i u_i for {label}",
                 how="the u's must follow the signs of the v's: u_i = A v_i / sigma_i",
                 rtol=1e-8, atol=(1e-9 + 1e-14 * cond**2) * s_ref[0], inputs=inputs)
    # Each v_i is defined up to its sign: flip the learner's pairs (v_i, u_i) to agree with NumPy's.
    signs = np.where(np.sum(Vt * Vt_ref, axis=1) >= 0, 1.0, -1.0)
    expect_close(Vt * signs[:, None], Vt_ref, what=f"right singular vectors (rows of Vt, sign aligned) of {label}",
                 how="np.linalg.svd(A)", atol=1e-9 + 1e-14 * cond**2, inputs=inputs)
    expect_close(U * signs, U_ref, what=f"left singular vectors (columns of U, sign aligned) of {label}",
                 how="np.linalg.svd(A), with the same sign flips as the v's", atol=1e-9 + 1e-14 * cond**2,
                 inputs=inputs)
    expect_close(U.T @ U, np.eye(r), what=f"U^T U for {label}", how="orthonormal columns: I",
                 atol=1e-8 + 1e-14 * cond**2, inputs=inputs)
    expect_close((U * s) @ Vt, A, what=f"U diag(s) Vt for {label}", how="must rebuild A",
                 rtol=1e-8, atol=1e-9, inputs=inputs)


def test_svd_by_hand(ex, rng):
    A = np.array([[4.0, 4.0], [-3.0, 3.0]])
    U, s, Vt = (np.asarray(part, dtype=float) for part in ex.svd(A))
    expect_close(s, np.array([4.0, 3.0]) * np.sqrt(2.0), what="singular values of [[4, 4], [-3, 3]]",
                 how="by hand (lecture 29): sqrt of the eigenvalues 32 and 18 of A^T A", rtol=1e-12,
                 atol=1e-12, inputs={"A": A})
    _check_svd(ex, A, 2, "[[4, 4], [-3, 3]]", {"A": A})
    a = np.array([[3.0], [4.0]])
    U, s, Vt = (np.asarray(part, dtype=float) for part in ex.svd(a))
    expect_close(s, np.array([5.0]), what="singular values of the column [3, 4]",
                 how="by hand: sigma = ||a|| = 5", rtol=1e-12, atol=1e-12, inputs={"A": a})
    expect_close(U * Vt[0, 0], np.array([[0.6], [0.8]]), what="u (times the sign of v) for the column [3, 4]",
                 how="by hand: u = a / ||a||", rtol=1e-12, atol=1e-12, inputs={"A": a})


def test_svd_matches_numpy(ex, rng):
    for m, n in SHAPES:
        A = rng.normal(size=(m, n))
        _check_svd(ex, A, min(m, n), f"a random {m}x{n} A", {"A": A})
    A = rng.normal(scale=1e3, size=(4, 3))
    _check_svd(ex, A, 3, "a 4x3 A with entries around 1e3", {"A": A})


def test_svd_of_rank_deficient_matrices(ex, rng):
    for m, n, r in ((8, 5, 2), (4, 6, 3), (5, 5, 1)):
        A = rng.normal(size=(m, r)) @ rng.normal(size=(r, n))
        _check_svd(ex, A, r, f"a {m}x{n} A of rank {r}", {"A": A})


def test_low_rank_approximation_matches_truncated_svd(ex, rng):
    for m, n in ((6, 4), (3, 7), (5, 5)):
        A = rng.normal(size=(m, n))
        for k in range(1, min(m, n) + 2):
            expect_close(ex.low_rank_approximation(A, k), _truncated(A, k),
                         what=f"low_rank_approximation(A, {k}) for a {m}x{n} A",
                         how="np.linalg.svd(A) truncated to its first k terms (all of A for k >= rank)",
                         rtol=1e-8, atol=1e-9, inputs={"A": A, "k": k})
    A = np.array([[4.0, 4.0], [-3.0, 3.0]])
    expect_close(ex.low_rank_approximation(A, 1), np.array([[4.0, 4.0], [0.0, 0.0]]),
                 what="low_rank_approximation([[4, 4], [-3, 3]], 1)", how="by hand: sigma_1 u_1 v_1^T",
                 rtol=1e-12, atol=1e-12, inputs={"A": A, "k": 1})


def test_eckart_young(ex, rng):
    for m, n in ((7, 5), (4, 6)):
        A = rng.normal(size=(m, n))
        s_ref = np.linalg.svd(A, compute_uv=False)
        for k in range(1, min(m, n) + 2):
            A_k = np.asarray(ex.low_rank_approximation(A, k), dtype=float)
            tail = s_ref[k:]
            inputs = {"A": A, "k": k}
            expect_close(np.linalg.norm(A - A_k, 2), tail[0] if tail.size else 0.0,
                         what=f"||A - A_k||_2 for your A_k, k = {k}",
                         how="Eckart-Young: sigma_(k+1) from np.linalg.svd(A)", rtol=1e-7, atol=1e-9,
                         inputs=inputs)
            expect_close(np.linalg.norm(A - A_k, "fro"), np.sqrt(np.sum(tail**2)),
                         what=f"||A - A_k||_F for your A_k, k = {k}",
                         how="Eckart-Young: sqrt of the sum of sigma_i^2, i > k, from np.linalg.svd(A)",
                         rtol=1e-7, atol=1e-9, inputs=inputs)
            errors = ex.eckart_young_errors(s_ref, k)
            expect(len(errors) == 2, "eckart_young_errors must return (spectral, frobenius)", got=errors)
            residual = A - _truncated(A, k)
            expect_close(errors[0], np.linalg.norm(residual, 2), what=f"eckart_young_errors(s, {k})[0]",
                         how="np.linalg.norm(A - A_k, 2), A_k from np.linalg.svd", rtol=1e-9, atol=1e-12,
                         inputs={"s": s_ref, "k": k})
            expect_close(errors[1], np.linalg.norm(residual, "fro"), what=f"eckart_young_errors(s, {k})[1]",
                         how="np.linalg.norm(A - A_k, 'fro'), A_k from np.linalg.svd", rtol=1e-9,
                         atol=1e-12, inputs={"s": s_ref, "k": k})
