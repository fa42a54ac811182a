"""Weight initialisation: Xavier/Glorot, He, and what goes wrong without them.

Source: Stanford CS231n lecture notes "Neural Networks 2" (section "Weight
Initialization": small random numbers, calibrating the variances with 1/sqrt(n)) and the
lecture "Training Neural Networks I" (the activation-statistics plots of a 10-layer tanh
net); Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward
neural networks", §4.2, eq. 16; He, Zhang, Ren & Sun 2015, "Delving Deep into
Rectifiers", §2.2; Goodfellow, Bengio & Courville, Deep Learning §8.4.
https://cs231n.github.io/

A layer z = h @ W sums fan_in products h_i W_ij, so Var(z) = fan_in * Var(W) * E[h^2].
If Var(W) is too small the signal shrinks by the same factor at every layer and after 20
layers it has vanished; too large and it explodes (ReLU) or saturates every tanh at +-1
(zero gradients). The fix is to pick Var(W) so that one layer keeps the scale:

    Xavier/Glorot (tanh, sigmoid, linear):  Var(W) = 2 / (fan_in + fan_out)
        uniform:  W ~ U(-a, a)  with  a = sqrt(6 / (fan_in + fan_out))   (U(-a, a) has variance a^2 / 3)
        normal:   W ~ N(0, 2 / (fan_in + fan_out))
    He/Kaiming (ReLU, which zeroes half of its inputs):  W ~ N(0, 2 / fan_in)

Mind variance vs standard deviation: np.random.Generator.normal(loc, scale, size) takes the
standard deviation, scale = sqrt(variance).

Shapes. Every init function takes ints fan_in, fan_out and seed and returns a float array
of shape (fan_in, fan_out), so that a batch h of shape (N, fan_in) maps to h @ W of shape
(N, fan_out). Draw from rng = np.random.default_rng(seed): the same seed gives the same
weights, different seeds different ones. No bias terms anywhere in this exercise.

activation_stds(x, weights, nonlinearity) pushes the batch x (N, D_0) through the stack:
for each W_l of shape (D_{l-1}, D_l) in the list weights, h = f(h @ W_l) with f = np.tanh
("tanh") or max(0, .) ("relu"), and records h.std() (NumPy's default, the population std
over all N * D_l entries, taken after the nonlinearity). It returns a float array of
shape (L,), one std per layer.

Tiny example: x = [[1, -1]], weights = [[[2, 0], [0, 2]], [[1], [1]]], "relu":
    layer 1: h = relu([[2, -2]]) = [[2, 0]], std 1;  layer 2: h = relu([[2]]), std 0
    so activation_stds returns [1.0, 0.0].
And xavier_uniform(400, 300, seed) has entries in (-sqrt(6/700), sqrt(6/700)) = (-0.0926, 0.0926).

The checks measure your weights statistically (sample variance within a few standard
errors of the formula) and run 20-layer stacks of width 64: with He + ReLU and Xavier +
tanh every layer's std stays in a healthy band, while std = 0.01 weights make it collapse
to ~1e-20 and std = 1 weights make ReLU explode to ~1e15 and tanh saturate.

Write it with NumPy (torch.nn.init is the shortcut).
Do not use: torch.*.
"""
import numpy as np


def xavier_uniform(fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    """Return a (fan_in, fan_out) array drawn from U(-a, a), a = sqrt(6 / (fan_in + fan_out))."""
    # TODO: rng = np.random.default_rng(seed); rng.uniform(-a, a, size=(fan_in, fan_out)).
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))
    ### END SOLUTION


def xavier_normal(fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    """Return a (fan_in, fan_out) array drawn from N(0, 2 / (fan_in + fan_out))."""
    # TODO: the normal draw takes the standard deviation: the square root of the variance.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=(fan_in, fan_out))
    ### END SOLUTION


def he_normal(fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    """Return a (fan_in, fan_out) array drawn from N(0, 2 / fan_in)."""
    # TODO: like xavier_normal, with variance 2 / fan_in.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    std = np.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, size=(fan_in, fan_out))
    ### END SOLUTION


def activation_stds(x: np.ndarray, weights: list, nonlinearity: str) -> np.ndarray:
    """Return the std of each layer's activations, f(h @ W), as an array of shape (L,)."""
    # TODO: h = x; for each W: h = f(h @ W) and record h.std(); f is np.tanh or ReLU.
    ### BEGIN SOLUTION
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
    ### END SOLUTION
