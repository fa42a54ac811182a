"""Learning-rate schedules: step, exponential, 1/t and cosine decay with linear warmup.

Source: Stanford CS231n lecture notes "Neural Networks 3" (section "Annealing the learning
rate": step decay, exponential decay, 1/t decay); Goodfellow, Bengio & Courville, Deep
Learning §8.3.1 (why SGD needs a decreasing learning rate); Loshchilov & Hutter 2017,
"SGDR: Stochastic Gradient Descent with Warm Restarts", eq. 5 (cosine annealing); Goyal
et al. 2017, "Accurate, Large Minibatch SGD", §2.2 (gradual warmup).
https://cs231n.github.io/

A large learning rate makes fast progress early; a small one settles into a minimum
instead of bouncing around it. A schedule is the learning rate as a function of the step
t = 0, 1, 2, ... (the number of updates done so far):

    step decay:         lr(t) = base_lr * gamma ** floor(t / step_size)
    exponential decay:  lr(t) = base_lr * gamma ** t       (CS231n's base_lr * exp(-k t), gamma = exp(-k))
    1/t decay:          lr(t) = base_lr / (1 + k * t)
    cosine annealing with linear warmup over W steps, ending at step T:
        t < W:        lr(t) = base_lr * t / W            (0 at t = 0, reaching base_lr at t = W)
        W <= t <= T:  lr(t) = min_lr + (base_lr - min_lr) * (1 + cos(pi * (t - W) / (T - W))) / 2
        t > T:        lr(t) = min_lr                     (stays at the bottom)
    With W = 0 there is no warmup (and no division by W).

Write each as a closed-form function of t, not as a loop that multiplies a running value:
the checks ask for arbitrary, unsorted steps. PyTorch's schedulers (StepLR, ExponentialLR,
CosineAnnealingLR) update the rate recursively, step by step; your closed forms must agree
with them, which the checks verify.

Shapes: steps is a 1-D NumPy int array (T,) of non-negative steps, in any order; every
function returns a float array of shape (T,), lr at each of those steps. Use NumPy
operations (//, **, np.cos, np.clip, np.where) so that the whole array is done at once.

Tiny examples:
    step_decay([0, 1, 2, 3, 4], base_lr=0.1, step_size=2, gamma=0.5) = [0.1, 0.1, 0.05, 0.05, 0.025]
    inverse_time_decay([0, 1, 3], base_lr=1.0, k=1.0)                 = [1, 1/2, 1/4]
    cosine_annealing([0, 1, 2, 3, 4, 5, 6, 7], base_lr=1.0, total_steps=6, warmup_steps=2)
        = [0, 0.5, 1, 0.854, 0.5, 0.146, 0, 0]        (0.854 = (1 + cos(pi/4)) / 2)

Write them with NumPy (torch.optim.lr_scheduler is the shortcut).
Do not use: torch.*.
"""
import numpy as np


def step_decay(steps: np.ndarray, base_lr: float, step_size: int, gamma: float) -> np.ndarray:
    """Return base_lr * gamma ** floor(steps / step_size) for every step."""
    # TODO: integer division steps // step_size, then a power.
    ### BEGIN SOLUTION
    steps = np.asarray(steps)
    return base_lr * gamma ** (steps // step_size)
    ### END SOLUTION


def exponential_decay(steps: np.ndarray, base_lr: float, gamma: float) -> np.ndarray:
    """Return base_lr * gamma ** steps for every step."""
    # TODO: one line.
    ### BEGIN SOLUTION
    return base_lr * gamma ** np.asarray(steps, dtype=float)
    ### END SOLUTION


def inverse_time_decay(steps: np.ndarray, base_lr: float, k: float) -> np.ndarray:
    """Return base_lr / (1 + k * steps) for every step."""
    # TODO: one line; lr(0) must be base_lr.
    ### BEGIN SOLUTION
    return base_lr / (1.0 + k * np.asarray(steps, dtype=float))
    ### END SOLUTION


def cosine_annealing(steps: np.ndarray, base_lr: float, total_steps: int, min_lr: float = 0.0,
                     warmup_steps: int = 0) -> np.ndarray:
    """Return the cosine schedule with a linear warmup of warmup_steps steps, flat after total_steps."""
    # TODO: progress = clip((t - W) / (T - W), 0, 1) for the cosine; np.where(t < W, ramp, cosine).
    ### BEGIN SOLUTION
    t = np.asarray(steps, dtype=float)
    ramp = base_lr * t / max(warmup_steps, 1)
    progress = np.clip((t - warmup_steps) / (total_steps - warmup_steps), 0.0, 1.0)
    cosine = min_lr + 0.5 * (base_lr - min_lr) * (1.0 + np.cos(np.pi * progress))
    return np.where(t < warmup_steps, ramp, cosine)
    ### END SOLUTION
