"""Checks for learning-rate schedules (references: torch.optim.lr_scheduler StepLR,
ExponentialLR and CosineAnnealingLR stepped here; the closed forms of CS231n and SGDR where
PyTorch has no matching scheduler: 1/t decay, the warmup ramp, the flat tail)."""
import warnings

import numpy as np
import torch

from deeproots.grading.checks import expect, expect_close

# The first optimiser PyTorch builds imports torch._dynamo (seconds): do it once here, when the
# checks are loaded, not inside a check that runs under the learner's time limit.
torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def _torch_lrs(make_scheduler, base_lr, count):
    """The learning rate PyTorch uses at steps 0, 1, ..., count - 1 (its recursive updates)."""
    p = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=base_lr)
    scheduler = make_scheduler(optimizer)
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(count):
            lrs.append(scheduler.get_last_lr()[0])
            optimizer.step()  # no gradient: a no-op, but the order PyTorch expects
            scheduler.step()
    return np.array(lrs)


def _shuffled(rng, count):
    steps = np.arange(count)
    order = rng.permutation(count)
    return steps, order, steps[order]


def test_hand_examples(ex, rng):
    steps = np.array([0, 1, 2, 3, 4])
    expect_close(ex.step_decay(steps, 0.1, 2, 0.5), np.array([0.1, 0.1, 0.05, 0.05, 0.025]),
                 what="step_decay([0..4], base_lr=0.1, step_size=2, gamma=0.5)",
                 how="by hand: halve every 2 steps", rtol=1e-12, atol=0.0)
    expect_close(ex.exponential_decay(np.array([0, 1, 2]), 2.0, 0.5), np.array([2.0, 1.0, 0.5]),
                 what="exponential_decay([0, 1, 2], base_lr=2, gamma=0.5)", how="by hand: 2 * 0.5^t",
                 rtol=1e-12, atol=0.0)
    expect_close(ex.inverse_time_decay(np.array([0, 1, 3]), 1.0, 1.0), np.array([1.0, 0.5, 0.25]),
                 what="inverse_time_decay([0, 1, 3], base_lr=1, k=1)", how="by hand: 1 / (1 + t)",
                 rtol=1e-12, atol=0.0)
    c = (1.0 + np.cos(np.pi / 4)) / 2
    expect_close(ex.cosine_annealing(np.arange(8), 1.0, 6, 0.0, 2),
                 np.array([0.0, 0.5, 1.0, c, 0.5, 1.0 - c, 0.0, 0.0]),
                 what="cosine_annealing([0..7], base_lr=1, total_steps=6, min_lr=0, warmup_steps=2)",
                 how="by hand: ramp 0, 1/2, then (1 + cos(pi (t - 2) / 4)) / 2, then 0",
                 rtol=1e-12, atol=1e-15)


def test_step_decay_matches_steplr(ex, rng):
    for base_lr, step_size, gamma, count in [(0.1, 10, 0.1, 45), (1.0, 3, 0.5, 20), (0.05, 1, 0.9, 15),
                                             (0.3, 7, 0.8, 7)]:
        steps, order, shuffled = _shuffled(rng, count)
        expected = _torch_lrs(lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size, gamma),
                              base_lr, count)
        expect_close(ex.step_decay(shuffled, base_lr, step_size, gamma), expected[order],
                     what=f"step_decay(steps, {base_lr}, step_size={step_size}, gamma={gamma})",
                     how="torch.optim.lr_scheduler.StepLR stepped step by step", rtol=1e-12,
                     atol=0.0, inputs={"steps": shuffled})


def test_exponential_decay_matches_exponentiallr(ex, rng):
    for base_lr, gamma, count in [(0.1, 0.95, 60), (1.0, 0.5, 12), (0.01, 0.999, 30)]:
        steps, order, shuffled = _shuffled(rng, count)
        expected = _torch_lrs(lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma),
                              base_lr, count)
        expect_close(ex.exponential_decay(shuffled, base_lr, gamma), expected[order],
                     what=f"exponential_decay(steps, {base_lr}, gamma={gamma})",
                     how="torch.optim.lr_scheduler.ExponentialLR (lr multiplied by gamma each step)",
                     rtol=1e-11, atol=0.0, inputs={"steps": shuffled})


def test_inverse_time_decay_closed_form(ex, rng):
    for base_lr, k in [(0.1, 0.5), (1.0, 0.01), (0.3, 2.0)]:
        steps = rng.permutation(np.arange(0, 200, 7))
        lrs = ex.inverse_time_decay(steps, base_lr, k)
        expect_close(lrs, base_lr / (1.0 + k * steps.astype(float)),
                     what=f"inverse_time_decay(steps, {base_lr}, k={k})",
                     how="CS231n 'Neural Networks 3': base_lr / (1 + k t)", rtol=1e-12, atol=0.0,
                     inputs={"steps": steps})


def test_cosine_matches_cosineannealinglr(ex, rng):
    for base_lr, total, min_lr in [(0.1, 50, 0.0), (1.0, 7, 0.1), (0.02, 1, 0.001), (0.5, 100, 0.05)]:
        steps, order, shuffled = _shuffled(rng, total + 1)
        expected = _torch_lrs(lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, total, min_lr),
                              base_lr, total + 1)
        expect_close(ex.cosine_annealing(shuffled, base_lr, total, min_lr), expected[order],
                     what=f"cosine_annealing(steps, {base_lr}, total_steps={total}, min_lr={min_lr})",
                     how="torch.optim.lr_scheduler.CosineAnnealingLR(T_max=total_steps, eta_min=min_lr), "
                     "steps 0..T_max (its recursive form, rounding ~1e-15)",
                     rtol=1e-9, atol=1e-12 * base_lr, inputs={"steps": shuffled})


def test_cosine_warmup_ramp_and_tail(ex, rng):
    for base_lr, total, min_lr, warmup in [(0.1, 40, 0.0, 5), (1.0, 20, 0.1, 1), (0.3, 30, 0.01, 10)]:
        count = total + 15  # past the end of the schedule
        steps = np.arange(count)
        lrs = np.asarray(ex.cosine_annealing(steps, base_lr, total, min_lr, warmup))
        what = f"cosine_annealing(0..{count - 1}, {base_lr}, total_steps={total}, min_lr={min_lr}, warmup_steps={warmup})"
        inputs = {"base_lr": base_lr, "total_steps": total, "min_lr": min_lr, "warmup_steps": warmup}
        expect_close(lrs[:warmup], base_lr * steps[:warmup] / warmup, what=f"{what}: the warmup steps",
                     how="linear ramp base_lr * t / warmup_steps (0 at t = 0)", rtol=1e-12,
                     atol=1e-15, inputs=inputs)
        tail = _torch_lrs(lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, total - warmup, min_lr),
                          base_lr, total - warmup + 1)
        expect_close(lrs[warmup:total + 1], tail, what=f"{what}: steps warmup_steps..total_steps",
                     how="torch CosineAnnealingLR(T_max = total_steps - warmup_steps, eta_min=min_lr), "
                     "shifted by warmup_steps", rtol=1e-9, atol=1e-12 * base_lr, inputs=inputs)
        expect_close(lrs[total:], np.full(count - total, min_lr), what=f"{what}: steps after total_steps",
                     how="flat at min_lr", rtol=1e-12, atol=1e-15, inputs=inputs)
        ramp = np.diff(lrs[:warmup + 1])
        expect(np.all(ramp > 0) and np.allclose(ramp, base_lr / warmup, rtol=1e-9),
               f"{what}: the warmup must rise in equal steps of base_lr / warmup_steps up to base_lr",
               lrs=lrs[:warmup + 1])
        expect(np.all(np.diff(lrs[warmup:]) <= 1e-15), f"{what}: after the warmup the rate must never rise",
               lrs=lrs)


def test_monotone_decay_and_random_steps(ex, rng):
    steps = np.sort(rng.choice(1000, size=40, replace=False))
    schedules = [("step_decay", ex.step_decay(steps, 0.1, 100, 0.5)),
                 ("exponential_decay", ex.exponential_decay(steps, 0.1, 0.995)),
                 ("inverse_time_decay", ex.inverse_time_decay(steps, 0.1, 0.01)),
                 ("cosine_annealing", ex.cosine_annealing(steps, 0.1, 1000, 0.0))]
    for name, lrs in schedules:
        lrs = np.asarray(lrs)
        expect(lrs.shape == steps.shape, f"{name}: one learning rate per step", shape=lrs.shape)
        expect(np.all(np.diff(lrs) <= 0) and np.all(lrs <= 0.1) and np.all(lrs >= 0),
               f"{name}: the learning rate must never increase, start at most at base_lr and stay >= 0",
               steps=steps, lrs=lrs)
    expect_close(schedules[0][1], 0.1 * 0.5 ** (steps // 100), what="step_decay at random steps",
                 how="closed form 0.1 * 0.5 ** (t // 100)", rtol=1e-12, atol=0.0, inputs={"steps": steps})
    expect_close(schedules[3][1], 0.05 * (1 + np.cos(np.pi * steps / 1000)),
                 what="cosine_annealing at random steps", how="closed form 0.1 (1 + cos(pi t / 1000)) / 2",
                 rtol=1e-12, atol=1e-15, inputs={"steps": steps})
