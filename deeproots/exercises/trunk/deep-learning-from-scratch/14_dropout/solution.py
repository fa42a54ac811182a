"""Reference solution: inverted dropout, p the probability of dropping a unit."""
import numpy as np


def dropout_forward(x: np.ndarray, dropout_param: dict) -> tuple[np.ndarray, tuple]:
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param["seed"])
        keep = rng.random(x.shape) >= p
        mask = keep / (1.0 - p)
        out = x * mask
    elif mode == "test":
        mask = None
        out = x.copy()
    else:
        raise ValueError(f"unknown dropout mode {mode!r}")
    return out, (dropout_param, mask)


def dropout_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return dout * mask
    return dout
