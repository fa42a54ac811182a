"""Checks for zero_grad and training loops that reset gradients (references: central
differences of each batch's loss on its own, computed in NumPy, and SGD replayed here with
those gradients)."""
import numpy as np

from deeproots.grading.checks import central_difference, expect, expect_close

GRAD_RTOL, GRAD_ATOL = 1e-6, 1e-8


def _loss(p, X, y):
    """NumPy mean squared error of the linear model p = [w_1, ..., w_d, b]."""
    p = np.asarray(p, dtype=float)
    return float(np.mean((X @ p[:-1] + p[-1] - y) ** 2))


def _true_gradient(p, X, y):
    return central_difference(lambda q: _loss(q, X, y), p)


def _batches(rng, d, sizes):
    return [(rng.normal(size=(n, d)), rng.normal(size=n)) for n in sizes]


def test_zero_grad_resets_every_parameter(ex, rng):
    d = 3
    w = rng.normal(size=d + 1)
    (X1, y1), (X2, y2) = _batches(rng, d, (5, 4))
    params = ex.make_parameters(w)
    ex.batch_loss(params, X1, y1).backward()
    ex.zero_grad(params)
    inputs = {"w (weights, then bias)": w}
    expect_close(np.array([p.grad for p in params]), np.zeros(d + 1),
                 what="[p.grad for p in params] after backward() then zero_grad(params)",
                 how="zero_grad sets every .grad, the bias's too, to 0.0", rtol=0, atol=0, inputs=inputs)
    expect_close(np.array([p.data for p in params]), w, what="[p.data for p in params] after zero_grad",
                 how="zero_grad must leave .data alone", rtol=0, atol=0, inputs=inputs)
    ex.batch_loss(params, X2, y2).backward()
    expect_close(np.array([p.grad for p in params]), _true_gradient(w, X2, y2),
                 what="grads after zero_grad and a backward pass of a second, different loss",
                 how="central differences of the second batch's loss alone",
                 rtol=GRAD_RTOL, atol=GRAD_ATOL, inputs={**inputs, "X2": X2, "y2": y2})


def test_backward_twice_doubles_the_gradient(ex, rng):
    w = rng.normal(size=3)
    (X, y), = _batches(rng, 2, (6,))
    true = _true_gradient(w, X, y)
    inputs = {"w": w, "X": X, "y": y}
    expect_close(ex.sequential_gradients(w, [(X, y), (X, y)]), np.array([true, true]),
                 what="sequential_gradients(w, [(X, y), (X, y)]): the same loss twice",
                 how="central differences: both rows are the same gradient, not the second one doubled",
                 rtol=GRAD_RTOL, atol=GRAD_ATOL, inputs=inputs)
    # The given buggy helper: the engine's backward() must keep accumulating (+=);
    # resetting is zero_grad's job, not backward's.
    expect_close(ex.gradients_backward_twice(w, X, y), 2 * true,
                 what="gradients_backward_twice(w, X, y), the given helper without zero_grad",
                 how="2 * central differences: two backward passes add up (leave Value.backward as given)",
                 rtol=GRAD_RTOL, atol=GRAD_ATOL, inputs=inputs)


def test_tiny_example(ex, rng):
    w = np.array([1.0, 0.0])
    batches = [(np.array([[1.0]]), np.array([0.0])), (np.array([[2.0]]), np.array([0.0]))]
    expect_close(ex.sequential_gradients(w, batches), np.array([[2.0, 2.0], [8.0, 4.0]]),
                 what="sequential_gradients([1, 0], [([[1]], [0]), ([[2]], [0])])",
                 how="by hand: (w + b)^2 -> [2, 2]; (2w + b)^2 -> [8, 4] (not [10, 6], the sum)",
                 rtol=1e-12, atol=1e-12)


def test_sequential_gradients_match_each_loss_alone(ex, rng):
    for d, sizes in ((1, (3, 1)), (3, (4, 1, 6)), (2, (5, 5, 2, 3))):
        w = rng.normal(size=d + 1)
        batches = _batches(rng, d, sizes)
        got = np.asarray(ex.sequential_gradients(w, batches), dtype=float)
        expected = np.array([_true_gradient(w, X, y) for X, y in batches])
        inputs = {"w": w, "batch sizes": sizes, "first X": batches[0][0]}
        if got.shape == expected.shape and len(batches) > 1:
            running = np.cumsum(expected, axis=0)
            expect(not np.allclose(got[1:], running[1:], rtol=1e-6, atol=1e-8),
                   "row k is the SUM of the gradients of batches 0..k: the grads were not reset "
                   "with zero_grad(params) before each backward pass", got=got, expected=expected)
        expect_close(got, expected, what=f"sequential_gradients(w, batches), d = {d}, batch sizes {sizes}",
                     how="central differences of each batch's loss on its own",
                     rtol=GRAD_RTOL, atol=GRAD_ATOL, inputs=inputs)


def test_sgd_matches_reference(ex, rng):
    d, lr, epochs = 2, 0.1, 3
    w = rng.normal(size=d + 1)
    batches = _batches(rng, d, (4, 3, 5))
    p, expected_losses = w.copy(), []
    for _ in range(epochs):
        for X, y in batches:
            expected_losses.append(_loss(p, X, y))
            p = p - lr * _true_gradient(p, X, y)
    final, losses = ex.sgd(w, batches, lr, epochs)
    inputs = {"w": w, "lr": lr, "epochs": epochs, "batch sizes": (4, 3, 5)}
    expect_close(np.asarray(losses, dtype=float), np.array(expected_losses),
                 what="the losses recorded by sgd, one per step",
                 how="SGD replayed in NumPy: loss, then p -= lr * (central-difference gradient of that batch)",
                 rtol=1e-8, atol=1e-10, inputs=inputs)
    expect_close(final, p, what="the final parameters from sgd",
                 how="SGD replayed in NumPy with each batch's own gradient",
                 rtol=1e-8, atol=1e-10, inputs=inputs)
