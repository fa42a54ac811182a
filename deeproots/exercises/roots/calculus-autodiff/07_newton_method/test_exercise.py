"""Checks for Newton's method (references: every step recomputed here from the previous
iterate, np.linalg.solve for a quadratic's minimiser, scipy.optimize.brentq for a root,
scipy.optimize.minimize (Newton-CG and BFGS) for minimisers, the constant
C = |g''(r) / 2 g'(r)| of quadratic convergence, and the Babylonian iterates of sqrt(2))."""
import numpy as np
import scipy.optimize

from deeproots.grading import functions
from deeproots.grading.checks import expect, expect_close

MINIMISATION = [  # (f, gradient, Hessian, name)
    (functions.quadratic, functions.quadratic_gradient, functions.quadratic_hessian, "quadratic"),
    (functions.logistic_loss, functions.logistic_loss_gradient, functions.logistic_loss_hessian, "logistic_loss"),
    (functions.rosenbrock, functions.rosenbrock_gradient, functions.rosenbrock_hessian, "rosenbrock"),
]


def _root_history(ex, g, dg, x0, tol, max_iter=50):
    history = np.asarray(ex.newton_root(g, dg, x0, tol, max_iter), dtype=float)
    expect(history.ndim == 1 and 1 <= history.size <= max_iter + 1 and history[0] == x0,
           f"newton_root must return a 1-D array [x0, x1, ...] of at most max_iter + 1 = {max_iter + 1} values",
           got=history, x0=x0)
    for k in range(history.size - 1):
        x = history[k]
        expect_close(history[k + 1], x - g(x) / dg(x), what=f"newton_root iterate {k + 1}",
                     how=f"x_{k} - g(x_{k}) / g'(x_{k}) from your x_{k}", rtol=1e-12, atol=1e-15,
                     inputs={"x0": x0})
    return history


def _minimize_history(ex, grad, hess, x0, tol, max_iter=50):
    history = np.asarray(ex.newton_minimize(grad, hess, x0, tol, max_iter), dtype=float)
    expect(history.ndim == 2 and history.shape[1] == x0.size and 1 <= history.shape[0] <= max_iter + 1
           and np.array_equal(history[0], x0),
           f"newton_minimize must return a (k + 1, n) array with row 0 = x0 and at most max_iter + 1 = {max_iter + 1} rows",
           shape=history.shape, x0=x0)
    for k in range(history.shape[0] - 1):
        x = history[k]
        expect_close(history[k + 1], x - np.linalg.solve(hess(x), grad(x)), what=f"newton_minimize row {k + 1}",
                     how=f"x_{k} - np.linalg.solve(H(x_{k}), grad(x_{k})) from your row {k}", rtol=1e-9,
                     atol=1e-12, inputs={"x0": x0})
    return history


def _expect_stopped_at_tolerance(values, tol, name):
    """values[k] = |g(x_k)| or ||grad f(x_k)||: the last meets tol, and no earlier one did
    (one extra step is tolerated for a stop on the step length instead)."""
    met = np.flatnonzero(values <= tol)
    expect(met.size > 0 and values[-1] <= tol, f"{name}: the last iterate should meet the tolerance {tol:g}",
           residuals=values)
    expect(met[0] >= values.size - 2, f"{name}: the iteration went on after |g| <= tol = {tol:g}: stop there",
           residuals=values)


def test_root_babylonian_square_root(ex, rng):
    history = _root_history(ex, functions.square_minus_two, functions.square_minus_two_derivative, 1.0, 1e-12)
    expect_close(history[:4], np.array([1.0, 1.5, 17 / 12, 577 / 408]), what="newton_root(x^2 - 2, 2x, 1)[:4]",
                 how="by hand: 1, 3/2, 17/12, 577/408", rtol=1e-15, atol=0)
    expect_close(history[-1], np.sqrt(2.0), what="last iterate", how="np.sqrt(2)", rtol=1e-15, atol=0)
    _expect_stopped_at_tolerance(np.abs(history**2 - 2.0), 1e-12, "newton_root(x^2 - 2)")


def test_root_of_cos_x_minus_x_converges_quadratically(ex, rng):
    root = scipy.optimize.brentq(functions.cos_minus_x, 0.0, 1.0, xtol=1e-15)
    C = np.cos(root) / (2.0 * (1.0 + np.sin(root)))  # |g''(r) / 2 g'(r)| = 0.2208
    for x0 in (0.0, 1.0, 3.0):
        history = _root_history(ex, functions.cos_minus_x, functions.cos_minus_x_derivative, x0, 1e-12)
        expect_close(history[-1], root, what=f"newton_root(cos x - x, x0 = {x0:g})",
                     how="scipy.optimize.brentq(cos x - x, 0, 1, xtol=1e-15)", rtol=1e-14, atol=1e-15)
        _expect_stopped_at_tolerance(np.abs(np.cos(history) - history), 1e-12, f"newton_root(cos x - x, x0 = {x0:g})")
        errors = np.abs(history - root)
        pairs = [(a, b) for a, b in zip(errors[:-1], errors[1:]) if 1e-7 < a < 0.02 and b > 1e-13]
        expect(len(pairs) >= 1, "newton_root(cos x - x): expected at least one step with error between 1e-7 and 0.02",
               errors=errors)
        ratios = np.array([b / a**2 for a, b in pairs])
        expect(bool(np.all(np.abs(ratios / C - 1.0) < 0.05)),
               f"newton_root(cos x - x, x0 = {x0:g}): e_(k+1) / e_k^2 should approach |g''(r) / 2 g'(r)| = {C:.4f}",
               ratios=ratios, errors=errors)


def test_root_stops_at_max_iter(ex, rng):
    history = _root_history(ex, functions.square_minus_two, functions.square_minus_two_derivative, 1.0, 1e-12, 2)
    expect(history.size == 3, "newton_root(..., max_iter=2) takes at most 2 steps: [x0, x1, x2]", got=history)


def test_one_newton_step_solves_a_quadratic(ex, rng):
    x_star = np.linalg.solve(functions.QUADRATIC_MATRIX, functions.QUADRATIC_VECTOR)
    for scale in (1.0, 100.0):
        x0 = rng.normal(scale=scale, size=4)
        history = _minimize_history(ex, functions.quadratic_gradient, functions.quadratic_hessian, x0, 1e-8)
        expect(history.shape[0] >= 2, "newton_minimize took no step on a quadratic", history=history)
        expect_close(history[1], x_star, what=f"first Newton step on a quadratic from |x0| ~ {scale:g}",
                     how="np.linalg.solve(A, b): the second-order model of a quadratic is exact", rtol=1e-10,
                     atol=1e-10, inputs={"x0": x0})
        expect(history.shape[0] <= 3, "newton_minimize should stop right after landing on a quadratic's minimiser",
               rows=history.shape[0])


def test_minimize_converges_quadratically(ex, rng):
    x0 = np.zeros(3)
    history = _minimize_history(ex, functions.logistic_loss_gradient, functions.logistic_loss_hessian, x0, 1e-10)
    norms = np.array([np.linalg.norm(functions.logistic_loss_gradient(x)) for x in history])
    _expect_stopped_at_tolerance(norms, 1e-10, "newton_minimize(logistic_loss)")
    # Near the minimiser ||grad f(x_{k+1})|| ~ C ||grad f(x_k)||^2 for a constant C.
    ratios = np.array([b / a**2 for a, b in zip(norms[:-1], norms[1:]) if a < 0.05 and b > 1e-12])
    expect(ratios.size >= 2 and bool(np.all(ratios < 5.0)) and ratios.max() / ratios.min() < 1.5,
           "newton_minimize(logistic_loss): ||grad_(k+1)|| / ||grad_k||^2 should settle to a constant "
           "(quadratic convergence)", ratios=ratios, gradient_norms=norms)


def test_minimize_agrees_with_scipy(ex, rng):
    for f, grad, hess, name, x0 in ((*MINIMISATION[1], np.zeros(3)), (*MINIMISATION[2], np.array([-1.2, 1.0]))):
        history = _minimize_history(ex, grad, hess, x0, 1e-10)
        for method, options in (("Newton-CG", {"xtol": 1e-12}), ("BFGS", {"gtol": 1e-10})):
            result = scipy.optimize.minimize(f, x0, jac=grad, hess=hess if method == "Newton-CG" else None,
                                             method=method, options=options)
            expect_close(history[-1], result.x, what=f"newton_minimize({name}) from {x0}",
                         how=f"scipy.optimize.minimize(method='{method}')", rtol=1e-6, atol=1e-6,
                         inputs={"x0": x0})
    history = _minimize_history(ex, functions.rosenbrock_gradient, functions.rosenbrock_hessian,
                                np.array([-1.2, 1.0]), 1e-10)
    expect_close(history[-1], np.ones(2), what="newton_minimize(rosenbrock) from (-1.2, 1)",
                 how="by hand: the Rosenbrock minimum is (1, 1)", rtol=1e-10, atol=1e-10)


def test_minimize_stops_at_max_iter(ex, rng):
    # Pure Newton from far away on the logistic loss cycles without converging.
    x0 = np.array([3.0, -3.0, 3.0])
    history = _minimize_history(ex, functions.logistic_loss_gradient, functions.logistic_loss_hessian, x0, 1e-10, 6)
    expect(history.shape[0] == 7, "newton_minimize(..., max_iter=6) that has not converged returns x0 and 6 steps",
           rows=history.shape[0])
