"""Checks for autograd bookkeeping (references: analytic gradients with scipy.special.expit
and NumPy, worked by hand for the small cases; requires_grad flags from the rules of autograd)."""
import numpy as np
import torch
from scipy.special import expit

from deeproots.grading.checks import expect, expect_close, expect_equal


def _t(array, requires_grad=False):
    return torch.from_numpy(np.array(array, dtype=np.float64)).requires_grad_(requires_grad)


def _expect_tensor(value, what):
    expect(isinstance(value, torch.Tensor), f"{what} must be a torch.Tensor",
           got=type(value).__name__)


def _logistic_problem(rng, n, d):
    X = rng.normal(size=(n, d))
    return X, (rng.random(n) < 0.5).astype(float)


def _logistic_gradient(w, X, y):
    return X.T @ (expit(X @ w) - y) / len(y)


def test_per_batch_gradients_hand_example(ex, rng):
    batches = [(_t([[1.0]]), _t([1.0])), (_t([[2.0]]), _t([0.0]))]
    rows = ex.per_batch_gradients(_t([0.0]), batches)
    _expect_tensor(rows, "per_batch_gradients(...)")
    expect_close(rows, np.array([[-0.5], [1.0]]), what="per_batch_gradients(w = [0], two batches)",
                 how="by hand: x (sigmoid(0) - y) = 1 * (1/2 - 1) and 2 * (1/2 - 0); "
                     "a second row of 0.5 is -0.5 + 1.0, a gradient never reset",
                 rtol=1e-12, atol=1e-12)


def test_per_batch_gradients_random(ex, rng):
    for d, sizes in [(3, [5, 1, 8, 3]), (1, [4, 4]), (6, [10, 2, 7])]:
        w = rng.normal(size=d)
        problems = [_logistic_problem(rng, n, d) for n in sizes]
        rows = ex.per_batch_gradients(_t(w), [(_t(X), _t(y)) for X, y in problems])
        expected = np.array([_logistic_gradient(w, X, y) for X, y in problems])
        expect_close(rows, expected, what=f"per_batch_gradients, d = {d}, batch sizes {sizes}",
                     how="X^T (expit(X w) - y) / n_k for each batch separately",
                     rtol=1e-9, atol=1e-12, inputs={"w": w, "batch sizes": sizes})


def test_accumulated_gradient(ex, rng):
    for n, d, chunk in [(10, 3, 4), (12, 2, 3), (5, 4, 5), (7, 1, 1), (6, 3, 10), (9, 5, 2)]:
        X, y = _logistic_problem(rng, n, d)
        w = rng.normal(size=d)
        got = ex.accumulated_gradient(_t(w), _t(X), _t(y), chunk)
        _expect_tensor(got, "accumulated_gradient(...)")
        expect_close(got, _logistic_gradient(w, X, y),
                     what=f"accumulated_gradient, n = {n}, chunk_size = {chunk}",
                     how="the full-batch gradient X^T (expit(X w) - y) / n",
                     rtol=1e-9, atol=1e-12, inputs={"X": X, "y": y, "w": w, "chunk_size": chunk})


def test_two_heads_hand_example(ex, rng):
    g1, g2 = ex.two_heads_gradients(_t([[1.0]]), _t([[0.0]]))
    _expect_tensor(g1, "dL1/dW")
    _expect_tensor(g2, "dL2/dW")
    expect_close(g1, np.array([[1.0]]), what="dL1/dW at x = [[1]], W = [[0]]",
                 how="by hand: h = tanh(0) = 0, dL1/dW = x (1 - h^2) = 1", rtol=1e-12, atol=1e-12)
    expect_close(g2, np.array([[0.0]]), what="dL2/dW at x = [[1]], W = [[0]]",
                 how="by hand: dL2/dh = 2h = 0", rtol=1e-12, atol=1e-12)


def test_two_heads_gradients(ex, rng):
    for n, d, k in [(4, 3, 2), (6, 2, 5), (1, 4, 1), (3, 3, 3)]:
        x, W = rng.normal(size=(n, d)), rng.normal(size=(d, k))
        h = np.tanh(x @ W)
        g1, g2 = ex.two_heads_gradients(_t(x), _t(W))
        how = "x^T (dL/dh * (1 - h^2)) with h = tanh(x W)"
        inputs = {"x": x, "W": W}
        expect_close(g1, x.T @ ((1.0 - h ** 2) / (n * k)), what=f"dL1/dW for (n, d, k) = {(n, d, k)}",
                     how=how + ", dL1/dh = 1 / (n k)", rtol=1e-9, atol=1e-12, inputs=inputs)
        expect_close(g2, x.T @ (2.0 * h * (1.0 - h ** 2)), what=f"dL2/dW for (n, d, k) = {(n, d, k)}",
                     how=how + ", dL2/dh = 2 h", rtol=1e-9, atol=1e-12, inputs=inputs)


def test_td_semi_gradient_hand_example(ex, rng):
    got = ex.td_semi_gradient(_t([1.0]), _t([[1.0]]), _t([[1.0]]), _t([0.0]), 0.5)
    _expect_tensor(got, "td_semi_gradient(...)")
    expect_close(got, np.array([1.0]), what="td_semi_gradient(w=[1], s=[1], s'=[1], r=[0], gamma=0.5)",
                 how="by hand: delta = 1 - 0.5 = 0.5, gradient 2 * s * delta = 1 "
                     "(0.5 if the target is not detached, -0.5 if the prediction is)",
                 rtol=1e-12, atol=1e-12)


def test_td_semi_gradient_random(ex, rng):
    for n, d, gamma in [(8, 3, 0.9), (1, 2, 0.5), (20, 5, 0.99), (5, 1, 0.3)]:
        w, S, S_next = rng.normal(size=d), rng.normal(size=(n, d)), rng.normal(size=(n, d))
        r = rng.normal(size=n)
        delta = S @ w - (r + gamma * S_next @ w)
        expect_close(ex.td_semi_gradient(_t(w), _t(S), _t(S_next), _t(r), gamma),
                     2.0 / n * S.T @ delta, what=f"td_semi_gradient, n = {n}, d = {d}, gamma = {gamma}",
                     how="the semi-gradient (2 / n) S^T delta, target held constant",
                     rtol=1e-9, atol=1e-12, inputs={"w": w, "S": S, "S_next": S_next, "r": r})


def test_frozen_first_layer(ex, rng):
    for n, d, m in [(6, 3, 4), (1, 2, 2), (10, 5, 3)]:
        W1, W2 = rng.normal(size=(d, m)), rng.normal(size=m)
        x, y = rng.normal(size=(n, d)), rng.normal(size=n)
        # W1 arrives requiring grad, as a model's weights do: freezing it is the learner's job.
        result = ex.frozen_first_layer(_t(W1, requires_grad=True), _t(W2), _t(x), _t(y))
        expect(isinstance(result, dict), "frozen_first_layer must return a dict", got=result)
        how = "autograd's rule: a result requires grad iff one of its inputs does"
        expect_equal(result["hidden_requires_grad"], False,
                     what="h.requires_grad (h = relu(x @ W1) with W1 frozen)", how=how)
        expect_equal(result["output_requires_grad"], True,
                     what="out.requires_grad (out = h @ W2 with W2 trainable)", how=how)
        expect(result["W1_grad"] is None, "W1.grad must stay None: the frozen layer gets no gradient "
               "(use W1 = W1.detach(), or W1.requires_grad_(False))", got=result["W1_grad"])
        h = np.maximum(x @ W1, 0.0)
        expect_close(result["W2_grad"], 2.0 / n * h.T @ (h @ W2 - y),
                     what=f"W2_grad for (n, d, m) = {(n, d, m)}",
                     how="(2 / n) h^T (h W2 - y) with h = relu(x W1)", rtol=1e-9, atol=1e-12,
                     inputs={"W1": W1, "W2": W2, "x": x, "y": y})


def test_predict_no_grad(ex, rng):
    for n, d in [(5, 3), (1, 1), (8, 2)]:
        w, X = rng.normal(size=d), rng.normal(size=(n, d))
        p = ex.predict_no_grad(_t(w, requires_grad=True), _t(X))
        _expect_tensor(p, "predict_no_grad(...)")
        expect_close(p, expit(X @ w), what=f"predict_no_grad for (n, d) = {(n, d)}",
                     how="scipy.special.expit(X @ w)", rtol=1e-12, atol=1e-14, inputs={"w": w, "X": X})
        expect_equal(p.requires_grad, False, what="predict_no_grad(...).requires_grad (w requires grad)",
                     how="results computed inside torch.no_grad() do not require grad")
