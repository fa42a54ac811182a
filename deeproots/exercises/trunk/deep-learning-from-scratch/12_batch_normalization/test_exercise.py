"""Checks for batch normalization (references: torch.nn.functional.batch_norm in float64
for the train- and test-mode outputs, explicit np.mean / np.var formulas for the running
statistics, torch autograd and central differences for the backward pass)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, D): one example (var = 0), one feature, non-square both ways, tall, wide.
SHAPES = [(1, 3), (2, 1), (4, 5), (7, 3), (3, 8), (16, 2)]


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, d, loc=0.0, scale=1.0):
    x = rng.normal(loc=loc, scale=scale, size=(n, d))
    gamma = rng.normal(size=d)
    beta = rng.normal(size=d)
    return x, gamma, beta


def _reference_train(x, gamma, beta, eps):
    """Ioffe & Szegedy Algorithm 1 with NumPy's mean and biased variance (ddof=0)."""
    return gamma * (x - np.mean(x, axis=0)) / np.sqrt(np.var(x, axis=0) + eps) + beta


def _torch_train(x, gamma, beta, eps):
    out = F.batch_norm(_t(x), None, None, _t(gamma), _t(beta), training=True, eps=eps)
    return out.numpy()


def test_hand_example(ex, rng):
    x, gamma, beta = np.array([[1.0], [3.0]]), np.array([1.0]), np.array([0.0])
    out, _, param = ex.batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": 0.0})
    inputs = {"x": x, "gamma": gamma, "beta": beta, "bn_param": {"mode": "train", "eps": 0.0}}
    expect_close(out, np.array([[-1.0], [1.0]]), what="out (train mode)",
                 how="by hand: mu = 2, var = 1", rtol=1e-12, atol=1e-12, inputs=inputs)
    expect(isinstance(param, dict), "batchnorm_forward must return (out, cache, bn_param) "
           "with bn_param a dict", got=type(param).__name__)
    expect("running_mean" in param and "running_var" in param,
           "the returned bn_param must hold 'running_mean' and 'running_var'", keys=sorted(param))
    expect_close(param["running_mean"], np.array([0.2]), what="running_mean after one batch",
                 how="by hand: 0.9 * 0 + 0.1 * 2", rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(param["running_var"], np.array([0.1]), what="running_var after one batch",
                 how="by hand: 0.9 * 0 + 0.1 * 1", rtol=1e-12, atol=1e-12, inputs=inputs)
    test_param = {"mode": "test", "eps": 0.0, "running_mean": np.asarray(param["running_mean"]),
                  "running_var": np.asarray(param["running_var"])}
    out, _, _ = ex.batchnorm_forward(np.array([[1.2]]), gamma, beta, test_param)
    expect_close(out, np.array([[1.0 / np.sqrt(0.1)]]), what="out (test mode, x = [[1.2]])",
                 how="by hand: (1.2 - 0.2) / sqrt(0.1)", rtol=1e-10, atol=1e-12,
                 inputs={"x": np.array([[1.2]]), "bn_param": test_param})


def test_train_forward_matches_torch(ex, rng):
    cases = [(n, d, 0.0, 1.0, 1e-5) for n, d in SHAPES]
    cases += [(5, 4, 100.0, 0.5, 1e-5),   # a large offset: subtract the mean first
              (6, 3, 0.0, 0.01, 1e-3)]    # var ~ 1e-4 next to eps = 1e-3: eps inside the sqrt
    for n, d, loc, scale, eps in cases:
        x, gamma, beta = _problem(rng, n, d, loc, scale)
        param = {"mode": "train", "eps": eps}
        out, _, _ = ex.batchnorm_forward(x, gamma, beta, param)
        inputs = {"x": x, "gamma": gamma, "beta": beta, "bn_param": param}
        if n == 1:
            # torch refuses a batch of one in training mode; x - mu is exactly 0, so out = beta.
            expect_close(out, beta[None, :], what="out for a batch of one example",
                         how="theory: x_hat = 0 / sqrt(0 + eps) = 0, so out = beta",
                         rtol=1e-12, atol=1e-12, inputs=inputs)
            continue
        expect_close(out, _torch_train(x, gamma, beta, eps), what=f"out (train mode) for x of shape {x.shape}",
                     how="torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True, eps=eps), float64",
                     rtol=1e-8, atol=1e-10, inputs=inputs)


def test_running_statistics(ex, rng):
    n, d, momentum = 6, 4, 0.8
    running_mean, running_var = rng.normal(size=d), rng.uniform(0.5, 2.0, size=d)
    param = {"mode": "train", "momentum": momentum, "eps": 1e-5,
             "running_mean": running_mean.copy(), "running_var": running_var.copy()}
    gamma, beta = np.ones(d), np.zeros(d)
    for step in range(3):
        x = rng.normal(loc=rng.normal(size=d), scale=rng.uniform(0.5, 3.0, size=d), size=(n, d))
        inputs = {"x": x, "bn_param": param}
        _, _, param = ex.batchnorm_forward(x, gamma, beta, param)
        running_mean = momentum * running_mean + (1 - momentum) * np.mean(x, axis=0)
        running_var = momentum * running_var + (1 - momentum) * np.var(x, axis=0)
        expect_close(param["running_mean"], running_mean, what=f"running_mean after batch {step + 1}",
                     how="m * running_mean + (1 - m) * np.mean(x, axis=0), m = 0.8 "
                         "(torch's running_mean with momentum 1 - m)",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(param["running_var"], running_var, what=f"running_var after batch {step + 1}",
                     how="m * running_var + (1 - m) * np.var(x, axis=0), the biased variance "
                         "(torch would use the unbiased one here)",
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def test_defaults(ex, rng):
    # Features with variance ~1e-4, so the default eps = 1e-5 visibly matters.
    x, gamma, beta = _problem(rng, 8, 3, scale=0.01)
    param = {"mode": "train"}
    out, _, new = ex.batchnorm_forward(x, gamma, beta, param)
    inputs = {"x": x, "gamma": gamma, "beta": beta, "bn_param": param}
    expect_close(out, _torch_train(x, gamma, beta, 1e-5), what="out with the default eps",
                 how="torch.nn.functional.batch_norm(..., training=True, eps=1e-5)",
                 rtol=1e-8, atol=1e-10, inputs=inputs)
    expect_close(new.get("running_mean"), 0.1 * np.mean(x, axis=0),
                 what="running_mean from missing running statistics and momentum",
                 how="0.9 * zeros + 0.1 * np.mean(x, axis=0)", rtol=1e-10, atol=1e-14, inputs=inputs)
    expect_close(new.get("running_var"), 0.1 * np.var(x, axis=0),
                 what="running_var from missing running statistics and momentum",
                 how="0.9 * zeros + 0.1 * np.var(x, axis=0)", rtol=1e-10, atol=1e-14, inputs=inputs)


def test_test_mode_matches_torch(ex, rng):
    for n, d in SHAPES:
        x, gamma, beta = _problem(rng, n, d, loc=1.0, scale=2.0)
        running_mean, running_var = rng.normal(size=d), rng.uniform(0.1, 3.0, size=d)
        eps = 1e-3
        param = {"mode": "test", "eps": eps, "momentum": 0.9,
                 "running_mean": running_mean.copy(), "running_var": running_var.copy()}
        out, _, new = ex.batchnorm_forward(x, gamma, beta, param)
        inputs = {"x": x, "gamma": gamma, "beta": beta, "bn_param": param}
        expected = F.batch_norm(_t(x), _t(running_mean), _t(running_var), _t(gamma), _t(beta),
                                training=False, eps=eps).numpy()
        expect_close(out, expected, what=f"out (test mode) for x of shape {x.shape}",
                     how="torch.nn.functional.batch_norm(x, running_mean, running_var, gamma, beta, "
                         "training=False, eps=eps)", rtol=1e-8, atol=1e-10, inputs=inputs)
        expect_close(new["running_mean"], running_mean, what="running_mean after a test-mode call",
                     how="unchanged: test mode does not update the statistics",
                     rtol=0, atol=0, inputs=inputs)
        expect_close(new["running_var"], running_var, what="running_var after a test-mode call",
                     how="unchanged: test mode does not update the statistics",
                     rtol=0, atol=0, inputs=inputs)


def test_cache_is_plain_data(ex, rng):
    x, gamma, beta = _problem(rng, 3, 2)
    _, cache, _ = ex.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    expect(isinstance(cache, (tuple, list, dict)),
           "the train-mode cache must be plain data: a tuple of NumPy arrays and numbers",
           got=type(cache).__name__)


def _backward_cases(rng):
    for n, d in SHAPES:
        x, gamma, beta = _problem(rng, n, d)
        yield x, gamma, beta, rng.normal(size=(n, d))


def test_backward_matches_torch_autograd(ex, rng):
    for x, gamma, beta, dout in _backward_cases(rng):
        if x.shape[0] == 1:
            continue  # torch refuses a batch of one in training mode (central differences cover it)
        eps = 1e-5
        _, cache, _ = ex.batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": eps})
        dx, dgamma, dbeta = ex.batchnorm_backward(dout, cache)
        xt, gt, bt = _t(x, True), _t(gamma, True), _t(beta, True)
        out = F.batch_norm(xt, None, None, gt, bt, training=True, eps=eps)
        (out * _t(dout)).sum().backward()
        how = "torch autograd of sum(batch_norm(x, training=True) * dout), float64"
        inputs = {"x": x, "gamma": gamma, "beta": beta, "dout": dout}
        for name, got, want in (("dx", dx, xt.grad), ("dgamma", dgamma, gt.grad), ("dbeta", dbeta, bt.grad)):
            expect_close(got, want.numpy(), what=f"{name} for x of shape {x.shape}", how=how,
                         rtol=1e-7, atol=1e-9, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for x, gamma, beta, dout in _backward_cases(rng):
        eps = 1e-5
        _, cache, _ = ex.batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": eps})
        dx, dgamma, dbeta = ex.batchnorm_backward(dout, cache)
        how = "central_difference of L = sum(out * dout), out from np.mean / np.var"
        inputs = {"x": x, "gamma": gamma, "beta": beta, "dout": dout}
        numeric = {
            "dx": central_difference(lambda v: np.sum(_reference_train(v, gamma, beta, eps) * dout), x),
            "dgamma": central_difference(lambda v: np.sum(_reference_train(x, v, beta, eps) * dout), gamma),
            "dbeta": central_difference(lambda v: np.sum(_reference_train(x, gamma, v, eps) * dout), beta),
        }
        for name, got in (("dx", dx), ("dgamma", dgamma), ("dbeta", dbeta)):
            expect_close(got, numeric[name], what=f"{name} for x of shape {x.shape}", how=how,
                         rtol=1e-5, atol=1e-7, inputs=inputs)
