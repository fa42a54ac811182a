"""Reference solution: Xavier/Glorot and He initialisation, activation statistics."""
import numpy as np


def xavier_uniform(fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def xavier_normal(fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=(fan_in, fan_out))


def he_normal(fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    std = np.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, size=(fan_in, fan_out))


def activation_stds(x: np.ndarray, weights: list, nonlinearity: str) -> np.ndarray:
    if nonlinearity == "relu":
        f = lambda z: np.maximum(z, 0.0)  # noqa: E731
    elif nonlinearity == "tanh":
        f = np.tanh
    else:
        raise ValueError(f"unknown nonlinearity {nonlinearity!r}")
    h = x
    stds = []
    for W in weights:
        h = f(h @ W)
        stds.append(h.std())
    return np.array(stds)
