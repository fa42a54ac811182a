"""Checks for layer normalization (references: torch.nn.functional.layer_norm in float64,
torch autograd and central differences of a NumPy forward for the backward pass)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, D): one example, one feature (x_hat = 0), non-square both ways (a wrong axis shows).
SHAPES = [(1, 4), (3, 1), (4, 5), (5, 4), (2, 7), (8, 3)]


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, d, loc=0.0, scale=1.0):
    x = rng.normal(loc=loc, scale=scale, size=(n, d))
    return x, rng.normal(size=d), rng.normal(size=d)


def _reference(x, gamma, beta, eps):
    """Ba et al. eq. 3-4 with NumPy's per-row mean and biased variance (ddof=0)."""
    mu = np.mean(x, axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(np.var(x, axis=1, keepdims=True) + eps) + beta


def _torch_layer_norm(x, gamma, beta, eps):
    return F.layer_norm(_t(x), (x.shape[1],), _t(gamma), _t(beta), eps=eps).numpy()


def test_hand_example(ex, rng):
    x, gamma, beta = np.array([[1.0, 3.0], [4.0, 0.0]]), np.ones(2), np.zeros(2)
    out, _ = ex.layernorm_forward(x, gamma, beta, {"eps": 0.0})
    expect_close(out, np.array([[-1.0, 1.0], [1.0, -1.0]]), what="out",
                 how="by hand: row 0 mu = 2, var = 1; row 1 mu = 2, var = 4",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "gamma": gamma, "beta": beta, "eps": 0.0})


def test_forward_matches_torch(ex, rng):
    cases = [(n, d, 0.0, 1.0, 1e-5) for n, d in SHAPES]
    cases += [(4, 6, 100.0, 0.5, 1e-5),   # a large offset: subtract the mean first
              (3, 5, 0.0, 0.01, 1e-3)]    # var ~ 1e-4 next to eps = 1e-3: eps inside the sqrt
    for n, d, loc, scale, eps in cases:
        x, gamma, beta = _problem(rng, n, d, loc, scale)
        out, _ = ex.layernorm_forward(x, gamma, beta, {"eps": eps})
        expect_close(out, _torch_layer_norm(x, gamma, beta, eps), what=f"out for x of shape {x.shape}",
                     how="torch.nn.functional.layer_norm(x, (D,), gamma, beta, eps=eps), float64",
                     rtol=1e-8, atol=1e-10, inputs={"x": x, "gamma": gamma, "beta": beta, "eps": eps})


def test_default_eps(ex, rng):
    x, gamma, beta = _problem(rng, 4, 3, scale=0.01)  # var ~ 1e-4: the default 1e-5 matters
    out, _ = ex.layernorm_forward(x, gamma, beta, {})
    expect_close(out, _torch_layer_norm(x, gamma, beta, 1e-5), what="out with ln_param = {}",
                 how="torch.nn.functional.layer_norm(x, (D,), gamma, beta, eps=1e-5)",
                 rtol=1e-8, atol=1e-10, inputs={"x": x, "gamma": gamma, "beta": beta})


def test_one_feature(ex, rng):
    x, gamma, beta = np.array([[5.0], [-2.0], [0.3]]), np.array([1.7]), np.array([0.5])
    out, cache = ex.layernorm_forward(x, gamma, beta, {"eps": 1e-5})
    inputs = {"x": x, "gamma": gamma, "beta": beta}
    expect_close(out, np.full((3, 1), 0.5), what="out with D = 1",
                 how="theory: each row equals its mean, x_hat = 0, out = beta",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    dout = np.array([[1.0], [-2.0], [0.5]])
    dx, dgamma, dbeta = ex.layernorm_backward(dout, cache)
    expect_close(dx, np.zeros((3, 1)), what="dx with D = 1",
                 how="theory: out = beta whatever x is, so dL/dx = 0", rtol=0, atol=1e-12, inputs=inputs)
    expect_close(dgamma, np.zeros(1), what="dgamma with D = 1",
                 how="theory: sum of dout * x_hat with x_hat = 0", rtol=0, atol=1e-12, inputs=inputs)
    expect_close(dbeta, np.array([-0.5]), what="dbeta with D = 1",
                 how="by hand: sum of dout = 1 - 2 + 0.5", rtol=1e-12, atol=1e-12, inputs=inputs)


def test_cache_is_plain_data(ex, rng):
    x, gamma, beta = _problem(rng, 3, 2)
    _, cache = ex.layernorm_forward(x, gamma, beta, {})
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: a tuple of NumPy arrays and numbers",
           got=type(cache).__name__)


def _backward_cases(rng):
    for n, d in SHAPES:
        x, gamma, beta = _problem(rng, n, d)
        yield x, gamma, beta, rng.normal(size=(n, d))


def test_backward_matches_torch_autograd(ex, rng):
    eps = 1e-5
    for x, gamma, beta, dout in _backward_cases(rng):
        _, cache = ex.layernorm_forward(x, gamma, beta, {"eps": eps})
        dx, dgamma, dbeta = ex.layernorm_backward(dout, cache)
        xt, gt, bt = _t(x, True), _t(gamma, True), _t(beta, True)
        (F.layer_norm(xt, (x.shape[1],), gt, bt, eps=eps) * _t(dout)).sum().backward()
        how = "torch autograd of sum(layer_norm(x) * dout), float64"
        inputs = {"x": x, "gamma": gamma, "beta": beta, "dout": dout}
        for name, got, want in (("dx", dx, xt.grad), ("dgamma", dgamma, gt.grad), ("dbeta", dbeta, bt.grad)):
            expect_close(got, want.numpy(), what=f"{name} for x of shape {x.shape}", how=how,
                         rtol=1e-7, atol=1e-9, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    eps = 1e-5
    for x, gamma, beta, dout in _backward_cases(rng):
        _, cache = ex.layernorm_forward(x, gamma, beta, {"eps": eps})
        dx, dgamma, dbeta = ex.layernorm_backward(dout, cache)
        how = "central_difference of L = sum(out * dout), out from np.mean / np.var over axis 1"
        inputs = {"x": x, "gamma": gamma, "beta": beta, "dout": dout}
        numeric = {
            "dx": central_difference(lambda v: np.sum(_reference(v, gamma, beta, eps) * dout), x),
            "dgamma": central_difference(lambda v: np.sum(_reference(x, v, beta, eps) * dout), gamma),
            "dbeta": central_difference(lambda v: np.sum(_reference(x, gamma, v, eps) * dout), beta),
        }
        for name, got in (("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)):
            expect_close(got, numeric[name], what=f"{name} for x of shape {x.shape}", how=how,
                         rtol=1e-5, atol=1e-7, inputs=inputs)
