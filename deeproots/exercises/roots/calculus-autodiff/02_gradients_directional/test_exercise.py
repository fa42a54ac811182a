"""Checks for closed-form gradients and directional derivatives (references: central
differences of the functions themselves, scipy.special.softmax, the limit definition of
the directional derivative, and hand-worked values)."""
import numpy as np
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax

from deeproots.grading import functions
from deeproots.grading.checks import central_difference, expect, expect_close


def test_quadratic_gradient_hand_example(ex, rng):
    A, b, x = np.array([[0.0, 2.0], [0.0, 0.0]]), np.array([1.0, -1.0]), np.array([3.0, 5.0])
    expect_close(ex.quadratic_gradient(A, b, x), np.array([6.0, 2.0]),
                 what="quadratic_gradient(A, b, x)",
                 how="by hand: f = x0 x1 + x0 - x1, grad = [x1 + 1, x0 - 1] (A is not symmetric)",
                 rtol=1e-12, atol=1e-12, inputs={"A": A, "b": b, "x": x})


def test_quadratic_gradient_matches_central_differences(ex, rng):
    for n in (1, 2, 5, 8):
        A = rng.normal(size=(n, n))  # not symmetric: the x^T A x term needs (A + A^T) / 2
        b, x = rng.normal(size=n), rng.normal(size=n)
        numeric = central_difference(lambda y: 0.5 * y @ A @ y + b @ y, x)
        # f is quadratic, so its central difference is exact up to rounding (~1e-9 here).
        expect_close(ex.quadratic_gradient(A, b, x), numeric, what=f"quadratic_gradient, n = {n}",
                     how="central_difference of f(x) = x^T A x / 2 + b^T x", rtol=1e-6, atol=1e-7,
                     inputs={"A": A, "b": b, "x": x})


def test_log_sum_exp_gradient(ex, rng):
    x = np.array([0.0, np.log(3.0)])
    expect_close(ex.log_sum_exp_gradient(x), np.array([0.25, 0.75]), what="log_sum_exp_gradient([0, log 3])",
                 how="by hand: [1, 3] / 4", rtol=1e-12, atol=1e-12)
    expect_close(ex.log_sum_exp_gradient(np.array([-4.0])), np.array([1.0]),
                 what="log_sum_exp_gradient of a single entry", how="softmax of one value is 1",
                 rtol=1e-12, atol=1e-12)
    for n in (3, 10):
        x = rng.normal(scale=2.0, size=n)
        got = ex.log_sum_exp_gradient(x)
        expect_close(got, central_difference(logsumexp, x), what=f"log_sum_exp_gradient, n = {n}",
                     how="central_difference of scipy.special.logsumexp", rtol=1e-6, atol=1e-9,
                     inputs={"x": x})
        expect_close(got, scipy_softmax(x), what=f"log_sum_exp_gradient, n = {n}",
                     how="scipy.special.softmax(x)", rtol=1e-10, atol=1e-14, inputs={"x": x})
    x = rng.normal(scale=1000.0, size=5)
    expect_close(ex.log_sum_exp_gradient(x), scipy_softmax(x), what="log_sum_exp_gradient with |x| ~ 1000",
                 how="scipy.special.softmax(x) (subtract max(x) before exp)", rtol=1e-10, atol=1e-14,
                 inputs={"x": x})


def test_norm_gradient(ex, rng):
    expect_close(ex.norm_gradient(np.array([3.0, 4.0])), np.array([0.6, 0.8]), what="norm_gradient([3, 4])",
                 how="by hand: x / ||x|| = [3, 4] / 5", rtol=1e-12, atol=1e-12)
    expect_close(ex.norm_gradient(np.array([-2.0])), np.array([-1.0]), what="norm_gradient([-2])",
                 how="|x| has slope -1 for x < 0", rtol=1e-12, atol=1e-12)
    for n in (2, 6):
        x = rng.normal(size=n)
        expect_close(ex.norm_gradient(x), central_difference(np.linalg.norm, x), what=f"norm_gradient, n = {n}",
                     how="central_difference of np.linalg.norm", rtol=1e-6, atol=1e-8, inputs={"x": x})


def test_directional_derivative(ex, rng):
    grad, u = np.array([6.0, 2.0]), np.array([3.0, 4.0])
    expect_close(ex.directional_derivative(grad, u), 5.2, what="directional_derivative([6, 2], [3, 4])",
                 how="by hand: u / ||u|| = [0.6, 0.8]; 6 * 0.6 + 2 * 0.8 = 5.2", rtol=1e-12, atol=1e-12)
    h = 1e-5
    for f, gradient, name, n in ((functions.log_sum_exp, functions.log_sum_exp_gradient, "log_sum_exp", 4),
                                 (functions.rosenbrock, functions.rosenbrock_gradient, "rosenbrock", 3)):
        x = rng.uniform(-1.0, 1.0, size=n)
        u = rng.normal(scale=3.0, size=n)  # deliberately not a unit vector
        unit = u / np.linalg.norm(u)
        limit = (f(x + h * unit) - f(x - h * unit)) / (2 * h)
        expect_close(ex.directional_derivative(gradient(x), u), limit,
                     what=f"directional_derivative(grad {name}(x), u)",
                     how="the limit (f(x + h u_hat) - f(x - h u_hat)) / 2h with h = 1e-5 and u_hat = u / ||u||",
                     rtol=1e-6, atol=1e-8, inputs={"x": x, "u": u})


def test_numerical_directional_derivative(ex, rng):
    x, u = np.array([1.0, 1.0]), np.array([3.0, 4.0])
    # ((x + h u)^3 - (x - h u)^3) / 2h = 3 x^2 u + h^2 u^3 per coordinate, exactly.
    expected = 3 * 0.6 + 3 * 0.8 + 0.01 * (0.6**3 + 0.8**3)
    expect_close(ex.numerical_directional_derivative(functions.sum_of_cubes, x, u, 0.1), expected,
                 what="numerical_directional_derivative(sum of cubes, [1, 1], [3, 4], h=0.1)",
                 how="by hand: u_hat = [0.6, 0.8]; sum 3 x^2 u_hat + h^2 u_hat^3 = 4.20728",
                 rtol=1e-9, atol=1e-12, inputs={"x": x, "u": u})
    cases = [(functions.rosenbrock, functions.rosenbrock_gradient, "rosenbrock"),
             (functions.log_sum_exp, functions.log_sum_exp_gradient, "log_sum_exp")]
    for f, gradient, name in cases:
        for n in (1, 2, 5):
            if n == 1 and name == "rosenbrock":
                continue
            x = rng.uniform(-1.2, 1.2, size=n)
            u = rng.normal(scale=2.0, size=n)
            g = gradient(x)
            expected = g @ (u / np.linalg.norm(u))
            expect_close(ex.numerical_directional_derivative(f, x, u, 1e-5), expected,
                         what=f"numerical_directional_derivative({name}, x, u, h=1e-5)",
                         how=f"analytic functions.{name}_gradient(x) . u / ||u||", rtol=1e-6,
                         atol=1e-8 * max(1.0, float(np.max(np.abs(g)))), inputs={"x": x, "u": u})


def test_steepest_ascent_direction(ex, rng):
    expect_close(ex.steepest_ascent_direction(np.array([3.0, -4.0])), np.array([0.6, -0.8]),
                 what="steepest_ascent_direction([3, -4])", how="by hand: grad / ||grad|| = [3, -4] / 5",
                 rtol=1e-12, atol=1e-12)
    for n in (1, 3, 6):
        x = rng.uniform(-1.0, 1.0, size=n + 1)
        grad = functions.rosenbrock_gradient(x)
        d = np.asarray(ex.steepest_ascent_direction(grad), dtype=float)
        expect_close(np.linalg.norm(d), 1.0, what="||steepest_ascent_direction(grad)||",
                     how="a direction is a unit vector", rtol=1e-10, atol=1e-12, inputs={"grad": grad})
        # No unit direction among many random ones may climb faster than the returned one.
        others = rng.normal(size=(500, grad.size))
        others /= np.linalg.norm(others, axis=1, keepdims=True)
        best_random = float(np.max(others @ grad))
        rate = float(grad @ d)
        expect(rate >= best_random - 1e-12,
               "steepest_ascent_direction: a random unit direction climbs faster than yours",
               your_rate=rate, best_random_rate=best_random, grad=grad)
        expect_close(rate, np.linalg.norm(grad), what="grad . steepest_ascent_direction(grad)",
                     how="Cauchy-Schwarz: the best rate is ||grad||", rtol=1e-10, atol=1e-12,
                     inputs={"grad": grad})
