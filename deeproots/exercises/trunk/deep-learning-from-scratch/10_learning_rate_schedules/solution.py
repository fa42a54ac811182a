"""Reference solution: closed-form learning-rate schedules."""
import numpy as np


def step_decay(steps: np.ndarray, base_lr: float, step_size: int, gamma: float) -> np.ndarray:
    steps = np.asarray(steps)
    return base_lr * gamma ** (steps // step_size)


def exponential_decay(steps: np.ndarray, base_lr: float, gamma: float) -> np.ndarray:
    return base_lr * gamma ** np.asarray(steps, dtype=float)


def inverse_time_decay(steps: np.ndarray, base_lr: float, k: float) -> np.ndarray:
    return base_lr / (1.0 + k * np.asarray(steps, dtype=float))


def cosine_annealing(steps: np.ndarray, base_lr: float, total_steps: int, min_lr: float = 0.0,
                     warmup_steps: int = 0) -> np.ndarray:
    t = np.asarray(steps, dtype=float)
    ramp = base_lr * t / max(warmup_steps, 1)
    progress = np.clip((t - warmup_steps) / (total_steps - warmup_steps), 0.0, 1.0)
    cosine = min_lr + 0.5 * (base_lr - min_lr) * (1.0 + np.cos(np.pi * progress))
    return np.where(t < warmup_steps, ramp, cosine)
