"""Checks for the chain rule through z = W x + b, a = tanh(z), L = ||a||^2 / 2 (references:
central differences of the loss written here, and a hand-worked example)."""
import numpy as np

from deeproots.grading.checks import central_difference, expect_close

# (m, n): one unit, non-square both ways (a missing transpose shows), square, wider.
SHAPES = [(1, 1), (3, 5), (5, 3), (4, 4), (2, 7)]


def _loss(W, b, x):
    a = np.tanh(W @ x + b)
    return 0.5 * float(a @ a)


def _hand_example():
    return np.array([[1.0, 2.0]]), np.array([np.log(3.0) / 2.0]), np.array([0.0, 0.0])


def test_forward(ex, rng):
    W, b, x = _hand_example()
    z, a, loss = ex.forward(W, b, x)
    inputs = {"W": W, "b": b, "x": x}
    expect_close(a, np.array([0.5]), what="a = tanh(W x + b)", how="by hand: tanh(ln(3)/2) = (3-1)/(3+1)",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(loss, 0.125, what="loss", how="by hand: 0.5 * 0.5^2", rtol=1e-12, atol=1e-12, inputs=inputs)
    for m, n in SHAPES:
        W, b, x = rng.normal(size=(m, n)), rng.normal(size=m), rng.normal(size=n)
        z, a, loss = ex.forward(W, b, x)
        inputs = {"W": W, "b": b, "x": x}
        expect_close(z, W @ x + b, what=f"z for W of shape {(m, n)}", how="W @ x + b", rtol=1e-12,
                     atol=1e-12, inputs=inputs)
        expect_close(a, np.tanh(W @ x + b), what=f"a for W of shape {(m, n)}", how="np.tanh(W @ x + b)",
                     rtol=1e-12, atol=1e-12, inputs=inputs)
        expect_close(loss, _loss(W, b, x), what=f"loss for W of shape {(m, n)}",
                     how="0.5 * sum(np.tanh(W @ x + b) ** 2)", rtol=1e-12, atol=1e-12, inputs=inputs)


def test_tanh_backward(ex, rng):
    h = 1e-6
    for m in (1, 4, 9):
        z = rng.normal(scale=2.0, size=m)
        z[0] = 6.0 * np.sign(z[0])  # one nearly saturated unit: its local derivative is ~2.5e-5
        grad_a = rng.normal(size=m)
        slope = (np.tanh(z + h) - np.tanh(z - h)) / (2 * h)  # central difference, entry by entry
        expect_close(ex.tanh_backward(np.tanh(z), grad_a), grad_a * slope,
                     what=f"tanh_backward(a, grad_a), m = {m}",
                     how="grad_a * central difference of np.tanh at z", rtol=1e-6, atol=1e-10,
                     inputs={"a": np.tanh(z), "grad_a": grad_a})


def test_linear_backward(ex, rng):
    for m, n in SHAPES:
        W, b, x, grad_z = rng.normal(size=(m, n)), rng.normal(size=m), rng.normal(size=n), rng.normal(size=m)
        grad_W, grad_b, grad_x = ex.linear_backward(W, x, grad_z)
        inputs = {"W": W, "x": x, "grad_z": grad_z}
        # L = grad_z . (W x + b) has exactly the gradients a linear stage passes back.
        expect_close(grad_W, central_difference(lambda V: grad_z @ (V @ x + b), W),
                     what=f"grad_W for W of shape {(m, n)}", how="central_difference of grad_z . (W x + b) in W",
                     rtol=1e-6, atol=1e-8, inputs=inputs)
        expect_close(grad_b, central_difference(lambda c: grad_z @ (W @ x + c), b),
                     what=f"grad_b for W of shape {(m, n)}", how="central_difference of grad_z . (W x + b) in b",
                     rtol=1e-6, atol=1e-8, inputs=inputs)
        expect_close(grad_x, central_difference(lambda y: grad_z @ (W @ y + b), x),
                     what=f"grad_x for W of shape {(m, n)}", how="central_difference of grad_z . (W x + b) in x",
                     rtol=1e-6, atol=1e-8, inputs=inputs)


def test_backward_hand_example(ex, rng):
    W, b, x = _hand_example()
    grad_W, grad_b, grad_x = ex.backward(W, b, x)
    inputs = {"W": W, "b": b, "x": x}
    how = "by hand: grad_z = 0.5 * (1 - 0.5^2) = 0.375; grad_W = outer(grad_z, x); grad_x = W^T grad_z"
    expect_close(grad_W, np.array([[0.0, 0.0]]), what="grad_W", how=how, rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(grad_b, np.array([0.375]), what="grad_b", how=how, rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(grad_x, np.array([0.375, 0.75]), what="grad_x", how=how, rtol=1e-12, atol=1e-12, inputs=inputs)


def test_backward_matches_central_differences(ex, rng):
    for m, n in SHAPES:
        W, b, x = rng.normal(size=(m, n)), rng.normal(scale=0.5, size=m), rng.normal(size=n)
        grad_W, grad_b, grad_x = ex.backward(W, b, x)
        inputs = {"W": W, "b": b, "x": x}
        expect_close(grad_W, central_difference(lambda V: _loss(V, b, x), W), what=f"grad_W for W of shape {(m, n)}",
                     how="central_difference of the loss in W", rtol=1e-5, atol=1e-8, inputs=inputs)
        expect_close(grad_b, central_difference(lambda c: _loss(W, c, x), b), what=f"grad_b for W of shape {(m, n)}",
                     how="central_difference of the loss in b", rtol=1e-5, atol=1e-8, inputs=inputs)
        expect_close(grad_x, central_difference(lambda y: _loss(W, b, y), x), what=f"grad_x for W of shape {(m, n)}",
                     how="central_difference of the loss in x", rtol=1e-5, atol=1e-8, inputs=inputs)
