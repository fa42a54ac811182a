"""Checks for the optimiser update rules (references: torch.optim.SGD, SGD with momentum,
RMSprop and Adam stepped here on the same gradients in float64; the CS231n momentum formula
written out where PyTorch's convention differs; np.linalg.solve for a quadratic's minimum)."""
import copy

import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close, expect_equal
from deeproots.grading.functions import QUADRATIC_MATRIX, QUADRATIC_VECTOR

SHAPES = [(1,), (5,), (3, 4)]
STEPS = 6

# The first optimiser PyTorch builds imports torch._dynamo (seconds): do it once here, when the
# checks are loaded, not inside a check that runs under the learner's time limit.
torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def _torch_run(make_optimizer, w0, grads):
    """Step a torch optimiser on the given gradients; return the parameters after every step
    and the optimiser's state after every step."""
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([p])
    trajectory, states = [], []
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
        trajectory.append(p.detach().numpy().copy())
        states.append({key: (value.detach().numpy().copy() if torch.is_tensor(value) else value)
                       for key, value in optimizer.state[p].items()})
    return trajectory, states


def _learner_run(update, w0, grads, config):
    trajectory, configs = [], []
    w = w0
    for g in grads:
        w, config = update(w, g, config)
        trajectory.append(np.array(w))
        configs.append(copy.deepcopy(config))  # under plain pytest the learner reuses one dict
    return trajectory, configs


def _expect_same_trajectory(got, expected, what, how, inputs, rtol=1e-10, atol=1e-13):
    for step, (have, want) in enumerate(zip(got, expected), start=1):
        expect_close(have, want, what=f"{what}: w after step {step}", how=how, rtol=rtol,
                     atol=atol, inputs=inputs)


def test_sgd_hand_example_and_default(ex, rng):
    w, dw = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    next_w, config = ex.sgd(w, dw, {"learning_rate": 0.1})
    expect_close(next_w, np.array([0.95, 2.1]), what="sgd([1, 2], [0.5, -1], lr = 0.1)",
                 how="by hand: [1 - 0.05, 2 + 0.1]", rtol=1e-12, atol=1e-12)
    next_w, config = ex.sgd(w, dw)
    expect(isinstance(config, dict), "sgd(w, dw) with no config must return (next_w, a dict)",
           got=type(config).__name__)
    expect_close(config.get("learning_rate"), 1e-2, what='config["learning_rate"] after sgd(w, dw)',
                 how="the CS231n default 1e-2", rtol=0.0, atol=0.0)
    expect_close(next_w, w - 1e-2 * dw, what="sgd(w, dw) with the default learning rate",
                 how="w - 0.01 * dw", rtol=1e-12, atol=1e-12)


def test_sgd_matches_torch(ex, rng):
    for shape in SHAPES:
        w0 = rng.normal(size=shape)
        grads = [rng.normal(size=shape) for _ in range(STEPS)]
        lr = float(rng.uniform(0.01, 0.5))
        expected, _ = _torch_run(lambda params: torch.optim.SGD(params, lr=lr), w0, grads)
        got, _ = _learner_run(ex.sgd, w0, grads, {"learning_rate": lr})
        _expect_same_trajectory(got, expected, f"sgd, lr = {lr:.4g}, shape {shape}",
                                "torch.optim.SGD(lr=lr) on the same gradients",
                                {"w0": w0, "grads": grads})


def test_momentum_matches_torch(ex, rng):
    # Constant learning rate: CS231n's v equals -lr times torch's momentum buffer b.
    for shape, momentum in zip(SHAPES, (0.9, 0.5, 0.99)):
        w0 = rng.normal(size=shape)
        grads = [rng.normal(size=shape) for _ in range(STEPS)]
        lr = float(rng.uniform(0.01, 0.2))
        expected, states = _torch_run(
            lambda params: torch.optim.SGD(params, lr=lr, momentum=momentum, dampening=0.0),
            w0, grads)
        got, configs = _learner_run(ex.sgd_momentum, w0, grads,
                                    {"learning_rate": lr, "momentum": momentum})
        inputs = {"w0": w0, "grads": grads, "lr": lr, "momentum": momentum}
        _expect_same_trajectory(got, expected, f"sgd_momentum, momentum {momentum}, shape {shape}",
                                "torch.optim.SGD(lr, momentum, dampening=0) on the same gradients",
                                inputs)
        for step, (config, state) in enumerate(zip(configs, states), start=1):
            expect_close(config.get("velocity"), -lr * state["momentum_buffer"],
                         what=f'config["velocity"] after step {step}',
                         how="-lr * torch's momentum_buffer (v = momentum * v - lr * dw)",
                         rtol=1e-10, atol=1e-13, inputs=inputs)


def test_momentum_default_and_learning_rate_change(ex, rng):
    w0 = rng.normal(size=4)
    grads = [rng.normal(size=4) for _ in range(STEPS)]
    w, config = ex.sgd_momentum(w0, grads[0])
    expect_close(w, w0 - 1e-2 * grads[0], what="first sgd_momentum step with no config",
                 how="defaults lr = 1e-2, velocity 0: v = -0.01 dw, w + v", rtol=1e-12, atol=1e-14)
    expect_close(config.get("momentum"), 0.9, what='config["momentum"] default', how="CS231n: 0.9",
                 rtol=0.0, atol=0.0)
    # Now change the learning rate between steps: the CS231n formula and torch's part ways.
    expected_w, v = np.asarray(w), -1e-2 * grads[0]
    for step, g in enumerate(grads[1:], start=2):
        config["learning_rate"] = 0.1 if step < 4 else 0.02
        w, config = ex.sgd_momentum(w, g, config)
        v = 0.9 * v - config["learning_rate"] * g
        expected_w = expected_w + v
        expect_close(w, expected_w, what=f"w after step {step}, the learning rate changed to "
                     f"{config['learning_rate']}",
                     how="CS231n: v = momentum * v - lr * dw; w = w + v (torch's b-buffer "
                     "convention gives another w once lr changes)",
                     rtol=1e-10, atol=1e-13, inputs={"w0": w0, "grads": grads})
        expect_close(config.get("velocity"), v, what=f'config["velocity"] after step {step}',
                     how="v = momentum * v - lr * dw", rtol=1e-10, atol=1e-13)


def test_rmsprop_matches_torch(ex, rng):
    for shape in SHAPES:
        w0 = rng.normal(size=shape)
        grads = [rng.normal(scale=3.0, size=shape) for _ in range(STEPS)]
        lr, decay = float(rng.uniform(0.001, 0.05)), float(rng.choice([0.9, 0.99]))
        expected, states = _torch_run(
            lambda params: torch.optim.RMSprop(params, lr=lr, alpha=decay, eps=1e-8), w0, grads)
        got, configs = _learner_run(ex.rmsprop, w0, grads, {"learning_rate": lr, "decay_rate": decay})
        inputs = {"w0": w0, "grads": grads, "lr": lr, "decay_rate": decay}
        _expect_same_trajectory(got, expected, f"rmsprop, decay {decay}, shape {shape}",
                                "torch.optim.RMSprop(lr, alpha=decay_rate, eps=1e-8)", inputs)
        expect_close(configs[-1].get("cache"), states[-1]["square_avg"],
                     what=f'config["cache"] after {STEPS} steps', how="torch's square_avg",
                     rtol=1e-10, atol=1e-13, inputs=inputs)
    # Defaults: lr 1e-2, decay 0.99, eps 1e-8, against torch with the same numbers.
    w0, grads = rng.normal(size=3), [rng.normal(size=3) for _ in range(3)]
    expected, _ = _torch_run(lambda params: torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8),
                             w0, grads)
    got, _ = _learner_run(ex.rmsprop, w0, grads, None)
    _expect_same_trajectory(got, expected, "rmsprop with config None (defaults)",
                            "torch.optim.RMSprop(lr=1e-2, alpha=0.99, eps=1e-8)", {"w0": w0, "grads": grads})


def test_adam_first_step_by_hand(ex, rng):
    w, dw = np.zeros(3), np.array([1e-3, -5.0, 100.0])
    next_w, config = ex.adam(w, dw)
    # t = 1: m_hat = dw, v_hat = dw**2, so the step is lr * dw / (|dw| + eps).
    expect_close(next_w, -1e-3 * dw / (np.abs(dw) + 1e-8), what="first adam step with config None",
                 how="by hand: m_hat = dw, v_hat = dw^2, step lr * dw / (|dw| + eps), lr = 1e-3",
                 rtol=1e-9, atol=1e-15, inputs={"w": w, "dw": dw})
    expect_equal(int(config.get("t", -1)), 1, what='config["t"] after one adam step',
                 how="t counts the steps taken")


def test_adam_matches_torch(ex, rng):
    for shape in SHAPES:
        w0 = rng.normal(size=shape)
        grads = [rng.normal(scale=2.0, size=shape) for _ in range(STEPS)]
        lr = float(rng.uniform(1e-3, 0.1))
        beta1, beta2 = (0.9, 0.999) if shape != (5,) else (0.8, 0.95)
        expected, states = _torch_run(
            lambda params: torch.optim.Adam(params, lr=lr, betas=(beta1, beta2), eps=1e-8), w0, grads)
        got, configs = _learner_run(ex.adam, w0, grads,
                                    {"learning_rate": lr, "beta1": beta1, "beta2": beta2})
        inputs = {"w0": w0, "grads": grads, "lr": lr, "beta1": beta1, "beta2": beta2}
        _expect_same_trajectory(got, expected, f"adam, betas ({beta1}, {beta2}), shape {shape}",
                                "torch.optim.Adam(lr, betas, eps=1e-8) on the same gradients", inputs)
        last, state = configs[-1], states[-1]
        expect_close(last.get("m"), state["exp_avg"], what=f'config["m"] after {STEPS} steps',
                     how="torch's exp_avg (no bias correction stored)", rtol=1e-10, atol=1e-13,
                     inputs=inputs)
        expect_close(last.get("v"), state["exp_avg_sq"], what=f'config["v"] after {STEPS} steps',
                     how="torch's exp_avg_sq", rtol=1e-10, atol=1e-13, inputs=inputs)
        expect_equal(int(last.get("t", -1)), int(state["step"]), what=f'config["t"] after {STEPS} steps',
                     how="torch's step count")


def test_tiny_gradients_epsilon_placement(ex, rng):
    # |dw| ~ 1e-7: sqrt(v) is comparable to eps = 1e-8, so where eps goes matters.
    w0 = rng.normal(size=6)
    grads = [rng.normal(scale=1e-7, size=6) for _ in range(4)]
    inputs = {"w0": w0, "grads": grads}
    expected, _ = _torch_run(lambda params: torch.optim.Adam(params, lr=1e-3, eps=1e-8), w0, grads)
    got, _ = _learner_run(ex.adam, w0, grads, None)
    _expect_same_trajectory(got, expected, "adam with gradients ~1e-7",
                            "torch.optim.Adam: lr * m_hat / (sqrt(v_hat) + eps)", inputs,
                            rtol=1e-10, atol=1e-15)
    expected, _ = _torch_run(lambda params: torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8),
                             w0, grads)
    got, _ = _learner_run(ex.rmsprop, w0, grads, None)
    _expect_same_trajectory(got, expected, "rmsprop with gradients ~1e-7",
                            "torch.optim.RMSprop: lr * dw / (sqrt(cache) + eps)", inputs,
                            rtol=1e-10, atol=1e-15)


def test_convergence_on_a_quadratic(ex, rng):
    # f(w) = w^T A w / 2 - b^T w, gradient A w - b, minimum A^-1 b (eigenvalues of A: 0.86 to 4.76).
    A, b = QUADRATIC_MATRIX, QUADRATIC_VECTOR
    w_star = np.linalg.solve(A, b)
    w0 = np.zeros(4)
    # Adaptive methods with a constant learning rate hover around the minimum: larger radii.
    cases = [("sgd", {"learning_rate": 0.35}, 40, 1e-5,
              lambda params: torch.optim.SGD(params, lr=0.35)),
             ("sgd_momentum", {"learning_rate": 0.1, "momentum": 0.5}, 40, 1e-4,
              lambda params: torch.optim.SGD(params, lr=0.1, momentum=0.5)),
             ("rmsprop", {"learning_rate": 0.05}, 60, 0.1,
              lambda params: torch.optim.RMSprop(params, lr=0.05, alpha=0.99, eps=1e-8)),
             ("adam", {"learning_rate": 0.1}, 80, 0.1,
              lambda params: torch.optim.Adam(params, lr=0.1))]
    for name, config, steps, radius, make_optimizer in cases:
        update = getattr(ex, name)
        w = w0
        for _ in range(steps):
            w, config = update(w, A @ np.asarray(w) - b, config)
        w = np.asarray(w)
        p = torch.zeros(4, dtype=torch.float64, requires_grad=True)
        optimizer = make_optimizer([p])
        for _ in range(steps):
            p.grad = torch.from_numpy(A) @ p.detach() - torch.from_numpy(b)
            optimizer.step()
        distance = float(np.linalg.norm(w - w_star))
        expect(distance <= radius,
               f"{name} after {steps} steps should be within {radius:g} of the minimum A^-1 b "
               f"(it starts {np.linalg.norm(w_star):.3g} away)",
               distance=distance, w=w, minimum=w_star)
        expect_close(w, p.detach().numpy(), what=f"{name}: w after {steps} steps on the quadratic",
                     how=f"torch.optim with the same hyper-parameters, gradients A w - b",
                     rtol=1e-8, atol=1e-10, inputs={"config": config})
