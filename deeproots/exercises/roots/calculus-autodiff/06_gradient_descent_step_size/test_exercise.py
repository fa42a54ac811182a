"""Checks for gradient descent on a quadratic (references: np.linalg.solve for the
minimiser, np.linalg.eigvalsh for the step limits, the contraction factor
max |1 - eta lambda_i| from theory, and a hand-worked 1-D run)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close


def _spd(rng, eigenvalues):
    """A symmetric positive definite matrix with the given spectrum in a random basis."""
    n = len(eigenvalues)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(eigenvalues) @ Q.T
    return 0.5 * (A + A.T)


def _history(ex, A, b, x0, eta, steps):
    """The learner's history as a float array, after checking its (steps + 1, n) shape."""
    history = np.asarray(ex.gradient_descent(A, b, x0, eta, steps), dtype=float)
    expect(history.shape == (steps + 1, len(x0)),
           f"gradient_descent(..., steps={steps}) must return steps + 1 = {steps + 1} rows (x0 first) of n = {len(x0)}",
           shape=history.shape)
    return history


def _rate(A, eta):
    return float(np.max(np.abs(1.0 - eta * np.linalg.eigvalsh(A))))


def test_hand_example(ex, rng):
    A, b, x0 = np.array([[2.0]]), np.array([2.0]), np.array([0.0])
    expect_close(ex.gradient_descent(A, b, x0, 0.25, 3), np.array([[0.0], [0.5], [0.75], [0.875]]),
                 what="gradient_descent([[2]], [2], [0], eta=0.25, steps=3)",
                 how="by hand: x_{k+1} = x_k - 0.25 (2 x_k - 2), so x_k = 1 - 0.5^k; row 0 is x0",
                 rtol=1e-12, atol=1e-12)
    A = np.diag([1.0, 10.0])
    expect_close(ex.largest_stable_step(A), 0.2, what="largest_stable_step(diag(1, 10))", how="by hand: 2 / 10",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.optimal_step(A), 2.0 / 11.0, what="optimal_step(diag(1, 10))", how="by hand: 2 / (1 + 10)",
                 rtol=1e-12, atol=1e-12)


def test_step_sizes_match_the_spectrum(ex, rng):
    for n in (1, 2, 5, 8):
        A = _spd(rng, rng.uniform(0.5, 10.0, size=n))
        eigenvalues = np.linalg.eigvalsh(A)
        expect_close(ex.largest_stable_step(A), 2.0 / eigenvalues.max(), what=f"largest_stable_step, n = {n}",
                     how="2 / max(np.linalg.eigvalsh(A))", rtol=1e-10, atol=1e-12, inputs={"A": A})
        expect_close(ex.optimal_step(A), 2.0 / (eigenvalues.min() + eigenvalues.max()),
                     what=f"optimal_step, n = {n}", how="2 / (min + max of np.linalg.eigvalsh(A))",
                     rtol=1e-10, atol=1e-12, inputs={"A": A})


def test_history_shape_and_first_row(ex, rng):
    A, b, x0 = _spd(rng, [1.0, 2.0, 4.0]), rng.normal(size=3), rng.normal(size=3)
    history = _history(ex, A, b, x0, 0.1, 5)
    expect_close(history[0], x0, what="history[0]", how="the starting point x0", rtol=0, atol=0,
                 inputs={"x0": x0})
    expect_close(history[1], x0 - 0.1 * (A @ x0 - b), what="history[1]", how="x0 - eta (A x0 - b)",
                 rtol=1e-12, atol=1e-12, inputs={"A": A, "b": b, "x0": x0})
    expect(bool(np.all(np.abs(np.diff(history, axis=0)) > 0)),
           "consecutive rows of the history are equal: store a copy of each iterate (x = x - ..., not x -= ...)",
           history=history)
    history = np.asarray(ex.gradient_descent(A, b, x0, 0.1, 0), dtype=float)
    expect_close(history, x0[None, :], what="gradient_descent(..., steps=0)", how="just the (1, n) row x0",
                 rtol=0, atol=0, inputs={"x0": x0})


def test_converges_to_the_minimiser_below_2_over_L(ex, rng):
    for n, spectrum in ((1, [3.0]), (2, [1.0, 4.0]), (5, [0.5, 1.0, 2.0, 5.0, 10.0])):
        A = _spd(rng, spectrum)
        b, x0 = rng.normal(size=n), rng.normal(size=n)
        x_star = np.linalg.solve(A, b)
        L, mu = max(spectrum), min(spectrum)
        for eta in (1.0 / L, 2.0 / (mu + L), 0.95 * 2.0 / L):
            rate = _rate(A, eta)
            steps = int(np.ceil(np.log(1e-12) / np.log(rate))) + 5 if rate > 0 else 3
            history = _history(ex, A, b, x0, eta, steps)
            expect_close(history[-1], x_star, what=f"last iterate, eta = {eta:.4g} < 2/L = {2 / L:.4g}",
                         how=f"np.linalg.solve(A, b); rate max|1 - eta lambda| = {rate:.3g}, {steps} steps",
                         rtol=1e-8, atol=1e-8, inputs={"A": A, "b": b, "x0": x0})


def test_contraction_factor_per_step(ex, rng):
    spectrum = [1.0, 3.0, 6.0, 10.0]
    A = _spd(rng, spectrum)
    b, x0 = rng.normal(size=4), rng.normal(size=4)
    x_star = np.linalg.solve(A, b)
    for eta, steps in ((0.1, 100), (2.0 / 11.0, 60)):
        rate = _rate(A, eta)  # 0.9 and 9/11
        errors = np.linalg.norm(_history(ex, A, b, x0, eta, steps) - x_star, axis=1)
        bound = rate ** np.arange(steps + 1) * errors[0]
        expect(bool(np.all(errors <= bound * (1 + 1e-8) + 1e-13)),
               f"eta = {eta:.4g}: ||x_k - x*|| must stay below rho^k ||x_0 - x*|| with rho = max|1 - eta lambda| = {rate:.4g}",
               errors=errors, bound=bound)
        observed = (errors[-1] / errors[-11]) ** 0.1
        expect_close(observed, rate, what=f"observed contraction per step, eta = {eta:.4g}",
                     how="max |1 - eta lambda_i| over np.linalg.eigvalsh(A) (the error's slowest mode)",
                     rtol=1e-4, atol=0, inputs={"A": A, "eta": eta})


def test_diverges_just_above_2_over_L(ex, rng):
    A = _spd(rng, [1.0, 3.0, 6.0, 10.0])
    b, x0 = rng.normal(size=4), rng.normal(size=4)
    x_star = np.linalg.solve(A, b)
    eta = 1.05 * 2.0 / 10.0
    rate = _rate(A, eta)  # |1 - 0.21 * 10| = 1.1
    history = _history(ex, A, b, x0, eta, 80)
    norms = np.linalg.norm(history, axis=1)
    expect(norms[-1] > 100 * norms[0] and bool(np.all(np.diff(norms[-20:]) > 0)),
           "eta = 1.05 * 2/L: the iterates should blow up (||x_k|| growing), not converge",
           eta=eta, norms=norms)
    errors = np.linalg.norm(history - x_star, axis=1)
    expect_close((errors[-1] / errors[-11]) ** 0.1, rate, what="growth of ||x_k - x*|| per step, eta = 1.05 * 2/L",
                 how="|1 - eta L| = 1.1 from np.linalg.eigvalsh(A)", rtol=1e-4, atol=0,
                 inputs={"A": A, "eta": eta})
