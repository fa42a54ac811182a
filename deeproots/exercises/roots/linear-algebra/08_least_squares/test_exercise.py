"""Checks for least squares by the normal equations and by QR (references:
numpy.linalg.lstsq, scipy.linalg.solve_triangular, Strang's line fit by hand, and for the
ill-conditioned case the exact solution of a consistent system with the error bounds
eps * kappa(A) (QR) and eps * kappa(A)^2 (normal equations))."""
import numpy as np
import scipy.linalg

from deeproots.grading.checks import expect, expect_close

EPS = np.finfo(float).eps
# (m, n): square, tall, one column, many rows.
SHAPES = [(1, 1), (3, 1), (4, 4), (5, 2), (10, 3), (40, 6)]


def _relative_error(x, x_true):
    return float(np.linalg.norm(np.asarray(x, dtype=float) - x_true) / np.linalg.norm(x_true))


def test_hand_example_line_fit(ex, rng):
    A, b = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]), np.array([1.0, 2.0, 2.0])
    expected = np.array([2.0 / 3.0, 0.5])
    how = "by hand (MIT 18.06 lecture 16): [[3, 6], [6, 14]] x = [5, 11] gives [2/3, 1/2]"
    for name in ("normal_equations", "qr_least_squares"):
        expect_close(getattr(ex, name)(A, b), expected, what=f"{name}(A, b) for the line through "
                     "(1, 1), (2, 2), (3, 2)", how=how, rtol=1e-12, atol=1e-12, inputs={"A": A, "b": b})


def test_back_substitute_matches_scipy(ex, rng):
    for n in (1, 2, 5, 10):
        R = np.triu(rng.normal(size=(n, n)))
        R[np.diag_indices(n)] = rng.uniform(1.0, 3.0, size=n) * rng.choice([-1.0, 1.0], size=n)
        c = rng.normal(size=n)
        expect_close(ex.back_substitute(R, c), scipy.linalg.solve_triangular(R, c),
                     what=f"back_substitute(R, c), n = {n}", how="scipy.linalg.solve_triangular(R, c)",
                     rtol=1e-9, atol=1e-10, inputs={"R": R, "c": c})


def test_both_routes_match_lstsq(ex, rng):
    for m, n in SHAPES:
        A, b = rng.normal(size=(m, n)), rng.normal(size=m)
        x_ref = np.linalg.lstsq(A, b, rcond=None)[0]
        for name in ("normal_equations", "qr_least_squares"):
            x_hat = getattr(ex, name)(A, b)
            expect_close(x_hat, x_ref, what=f"{name}(A, b), A of shape {(m, n)}",
                         how="np.linalg.lstsq(A, b) (SVD-based)", rtol=1e-7, atol=1e-9,
                         inputs={"A": A, "b": b})
    A = rng.normal(scale=1e4, size=(8, 3))  # large entries: a well-conditioned A is still easy
    b = rng.normal(scale=1e4, size=8)
    x_ref = np.linalg.lstsq(A, b, rcond=None)[0]
    for name in ("normal_equations", "qr_least_squares"):
        expect_close(getattr(ex, name)(A, b), x_ref, what=f"{name}(A, b), entries ~ 1e4",
                     how="np.linalg.lstsq(A, b)", rtol=1e-7, atol=1e-9, inputs={"A": A, "b": b})


def test_ill_conditioned_vandermonde_qr_beats_normal_equations(ex, rng):
    for m in (50, 30):
        t = np.linspace(0.0, 1.0, m)
        A = np.vander(t, 10, increasing=True)  # A[i, j] = t_i^j, fitting a degree-9 polynomial
        kappa = float(np.linalg.cond(A))  # about 3.6e6
        x_true = rng.normal(size=10)
        b = A @ x_true  # consistent: x_true is the least-squares solution (up to rounding of b)
        inputs = {"A": A, "b": b, "x_true": x_true}
        err_qr = _relative_error(ex.qr_least_squares(A, b), x_true)
        err_ne = _relative_error(ex.normal_equations(A, b), x_true)
        numbers = dict(kappa=kappa, eps_kappa=EPS * kappa, eps_kappa_squared=EPS * kappa**2,
                       qr_relative_error=err_qr, normal_equations_relative_error=err_ne)
        expect(err_qr <= 10 * EPS * kappa,
               f"qr_least_squares on a Vandermonde matrix ({m} x 10, kappa(A) = {kappa:.2g}): relative error "
               f"{err_qr:.2g}, more than 10 eps kappa(A) = {10 * EPS * kappa:.2g}. Householder QR is "
               "backward stable, so its error should be ~ eps kappa(A). Solve R x = Q^T b by back "
               "substitution (not R^T R x = A^T b, which squares kappa like the normal equations).",
               **numbers, **inputs)
        expect(err_ne <= 10 * EPS * kappa**2,
               f"normal_equations on a Vandermonde matrix ({m} x 10): relative error {err_ne:.2g}, more than "
               f"10 eps kappa(A)^2 = {10 * EPS * kappa**2:.2g}: worse than the normal equations should be",
               **numbers, **inputs)
        expect(err_ne >= 100 * err_qr,
               f"normal_equations on a Vandermonde matrix ({m} x 10, kappa(A) = {kappa:.2g}): relative error "
               f"{err_ne:.2g}, not much larger than QR's {err_qr:.2g}. Forming A^T A squares the condition "
               f"number (eps kappa^2 = {EPS * kappa**2:.2g} vs eps kappa = {EPS * kappa:.2g}): solve "
               "A^T A x = A^T b as written, the point is to see those digits lost",
               **numbers, **inputs)
