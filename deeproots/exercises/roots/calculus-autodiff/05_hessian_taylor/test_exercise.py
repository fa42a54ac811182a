"""Checks for the numerical Hessian, second-order Taylor and the second-derivative test
(references: the exact Hessian A of a quadratic, analytic Hessians of the Rosenbrock,
log-sum-exp and logistic losses, exact difference quotients, np.linalg.eigvalsh)."""
import numpy as np
from scipy.special import softmax

from deeproots.grading import functions
from deeproots.grading.checks import expect, expect_close


def _log_sum_exp_hessian(x):
    s = softmax(x)
    return np.diag(s) - np.outer(s, s)


NON_QUADRATIC = [  # (f, gradient, analytic Hessian, name, sizes n, scale of x)
    (functions.rosenbrock, functions.rosenbrock_gradient, functions.rosenbrock_hessian, "rosenbrock", (2, 3), 1.2),
    (functions.log_sum_exp, functions.log_sum_exp_gradient, _log_sum_exp_hessian, "log_sum_exp", (1, 4), 2.0),
    (functions.logistic_loss, functions.logistic_loss_gradient, functions.logistic_loss_hessian,
     "logistic_loss", (3,), 1.0),  # 3 features: its data are fixed
]


def _expect_symmetric(H, name, x):
    H = np.asarray(H, dtype=float)
    expect(H.ndim == 2 and H.shape[0] == H.shape[1], f"numerical_hessian({name}) must be a square matrix",
           shape=H.shape)
    expect(np.array_equal(H, H.T),
           f"numerical_hessian({name}) is not exactly symmetric: return (H + H.T) / 2 of the finite differences",
           max_asymmetry=float(np.max(np.abs(H - H.T))), x=x)


def test_hessian_of_a_quadratic_is_its_matrix(ex, rng):
    for _ in range(2):
        x = rng.normal(size=4)
        H = ex.numerical_hessian(functions.quadratic_gradient, x, 1e-5)
        expect_close(H, functions.QUADRATIC_MATRIX, what="numerical_hessian(quadratic_gradient, x)",
                     how="f = x^T A x / 2 - b^T x has Hessian A = functions.QUADRATIC_MATRIX everywhere",
                     rtol=1e-7, atol=1e-8, inputs={"x": x})
        _expect_symmetric(H, "quadratic", x)


def test_hessian_difference_quotient_is_exact_formula(ex, rng):
    for n in (1, 3):
        x = rng.uniform(-2.0, 2.0, size=n)
        # gradient x^3: ((x + h)^3 - (x - h)^3) / 2h = 3 x^2 + h^2 exactly, off-diagonals 0.
        expect_close(ex.numerical_hessian(functions.quartic_bowl_gradient, x, 0.1), np.diag(3 * x**2 + 0.01),
                     what="numerical_hessian(gradient x -> x^3, x, h=0.1)",
                     how="algebra: central difference of x^3 is 3 x^2 + h^2", rtol=1e-9, atol=1e-11,
                     inputs={"x": x})


def test_hessian_of_non_quadratic_functions(ex, rng):
    for _, gradient, hessian, name, sizes, scale in NON_QUADRATIC:
        for n in sizes:
            x = rng.uniform(-scale, scale, size=n)
            expected = hessian(x)
            H = ex.numerical_hessian(gradient, x, 1e-5)
            expect_close(H, expected, what=f"numerical_hessian({name}_gradient, x)",
                         how=f"analytic Hessian of {name}", rtol=1e-6,
                         atol=1e-7 * max(1.0, float(np.max(np.abs(expected)))), inputs={"x": x})
            _expect_symmetric(H, name, x)


def test_taylor_hand_example(ex, rng):
    got = ex.second_order_taylor(1.0, np.array([2.0]), np.array([[2.0]]), np.array([0.5]))
    expect_close(got, 2.25, what="second_order_taylor(1, [2], [[2]], [0.5])",
                 how="by hand: f = x^2 at x = 1: 1 + 2 * 0.5 + 0.5 * 2 * 0.25 = 1.5^2", rtol=1e-12, atol=1e-12)


def test_taylor_is_exact_for_a_quadratic(ex, rng):
    A = functions.QUADRATIC_MATRIX
    for scale in (0.1, 1.0, 10.0):
        x, d = rng.normal(size=4), rng.normal(scale=scale, size=4)
        got = ex.second_order_taylor(functions.quadratic(x), functions.quadratic_gradient(x), A, d)
        expect_close(got, functions.quadratic(x + d), what=f"second_order_taylor for a quadratic, |d| ~ {scale:g}",
                     how="f(x + d) itself: a quadratic equals its second-order Taylor polynomial", rtol=1e-10,
                     atol=1e-10, inputs={"x": x, "d": d})


def test_taylor_error_shrinks_like_d_cubed(ex, rng):
    for f, gradient, hessian, name, sizes, scale in NON_QUADRATIC:
        n = sizes[-1]
        x = rng.uniform(-scale, scale, size=n)
        direction = rng.normal(size=n)
        direction /= np.linalg.norm(direction)
        fx, g, H = f(x), gradient(x), hessian(x)
        steps = 0.05 * 0.5 ** np.arange(4)
        errors = np.array([abs(f(x + t * direction) - ex.second_order_taylor(fx, g, H, t * direction))
                           for t in steps])
        ratios = errors[:-1] / errors[1:]
        expect(bool(np.all((ratios > 6.5) & (ratios < 9.5))),
               f"{name}: halving d should divide the Taylor error by about 8 (error O(||d||^3)); "
               "a ratio near 4 means the error is O(||d||^2): is the 1/2 in 1/2 d^T H d missing?",
               ratios=ratios, errors=errors, steps=steps, x=x)
    # The same with your numerical Hessian in place of the analytic one.
    x = rng.uniform(-1.0, 1.0, size=3)
    H = np.asarray(ex.numerical_hessian(functions.rosenbrock_gradient, x, 1e-5), dtype=float)
    d = 0.01 * rng.normal(size=3)
    expected = functions.rosenbrock(x) + functions.rosenbrock_gradient(x) @ d + 0.5 * d @ functions.rosenbrock_hessian(x) @ d
    expect_close(ex.second_order_taylor(functions.rosenbrock(x), functions.rosenbrock_gradient(x), H, d), expected,
                 what="second_order_taylor(rosenbrock) with your numerical Hessian",
                 how="f + g^T d + d^T H d / 2 with the analytic Rosenbrock Hessian", rtol=1e-9, atol=1e-9,
                 inputs={"x": x, "d": d})


def test_second_derivative_test(ex, rng):
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    v = rng.normal(size=3)
    cases = [
        (np.array([[2.0, 0.0], [0.0, -2.0]]), "by hand: x^2 - y^2 at 0, eigenvalues 2 and -2"),
        (np.array([[1.0, 2.0], [2.0, 1.0]]), "by hand: positive diagonal, but eigenvalues 3 and -1"),
        (np.array([[-3.0]]), "by hand: one negative second derivative"),
        (np.array([[1.0, 0.0], [0.0, 0.0]]), "by hand: x^2 (+ 0 y^2): a zero eigenvalue"),
        (np.array([[1.0, 0.0], [0.0, -1e-12]]),
         "by hand: eigenvalues 1 and -1e-12, a rounding-level zero (within tol): not a saddle"),
        (np.outer(v, v), "rank one v v^T: eigenvalues ||v||^2, 0, 0"),
        (Q @ np.diag([1.0, 2.0, 5.0]) @ Q.T, "Q diag(1, 2, 5) Q^T"),
        (Q @ np.diag([-1.0, -0.5, -4.0]) @ Q.T, "Q diag(-1, -0.5, -4) Q^T"),
        (Q @ np.diag([-1.0, 0.5, 4.0]) @ Q.T, "Q diag(-1, 0.5, 4) Q^T"),
        (functions.rosenbrock_hessian(np.array([1.0, 1.0, 1.0])), "Rosenbrock's Hessian at its minimum (1, 1, 1)"),
    ]
    for H, how in cases:
        eigenvalues = np.linalg.eigvalsh(H)
        if np.all(eigenvalues > 1e-8):
            expected = "minimum"
        elif np.all(eigenvalues < -1e-8):
            expected = "maximum"
        elif np.any(eigenvalues > 1e-8) and np.any(eigenvalues < -1e-8):
            expected = "saddle"
        else:
            expected = "inconclusive"
        got = ex.second_derivative_test(H, 1e-8)
        expect(got == expected, f"second_derivative_test(H): expected {expected!r}, got {got!r}",
               H=H, eigenvalues=eigenvalues, expected_from=f"np.linalg.eigvalsh(H); {how}")
