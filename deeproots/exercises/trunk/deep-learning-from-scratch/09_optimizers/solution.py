"""Optimiser update rules: SGD, SGD with momentum, RMSProp and Adam.

Source: Stanford CS231n, assignment 2 "FullyConnectedNets" (cs231n/optim.py: sgd,
sgd_momentum, rmsprop, adam) and lecture notes "Neural Networks 3" (section "Parameter
updates": momentum, per-parameter adaptive methods); Goodfellow, Bengio & Courville, Deep
Learning §8.3.1-8.3.2 (SGD, momentum) and §8.5.2-8.5.3 (RMSProp, Adam, Algorithm 8.7);
Kingma & Ba 2015, "Adam", Algorithm 1.
https://cs231n.github.io/

Each rule is a function update(w, dw, config) -> (next_w, config): w is the current
parameter array, dw the gradient of the loss with respect to it (same shape), and config
a plain dict holding the hyper-parameters AND the optimiser's state, which you store in it
and return, so that the next call continues where this one stopped:

    next_w, config = adam(w, dw, config)      # config now holds m, v and t
    next_w2, config = adam(next_w, dw2, config)

With config None, start from an empty dict; use config.setdefault(key, default) for
every key, so that values the caller put there win. Defaults (the CS231n ones):

    sgd:           learning_rate 1e-2
                   next_w = w - lr * dw
    sgd_momentum:  learning_rate 1e-2, momentum 0.9, velocity zeros_like(w)
                   v = momentum * v - lr * dw;  next_w = w + v
    rmsprop:       learning_rate 1e-2, decay_rate 0.99, epsilon 1e-8, cache zeros_like(w)
                   cache = decay_rate * cache + (1 - decay_rate) * dw**2
                   next_w = w - lr * dw / (sqrt(cache) + epsilon)
    adam:          learning_rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8,
                   m zeros_like(w), v zeros_like(w), t 0
                   t = t + 1                         (first, so the first step has t = 1)
                   m = beta1 * m + (1 - beta1) * dw
                   v = beta2 * v + (1 - beta2) * dw**2
                   m_hat = m / (1 - beta1**t);  v_hat = v / (1 - beta2**t)   (bias correction)
                   next_w = w - lr * m_hat / (sqrt(v_hat) + epsilon)

Store the state under exactly these keys: "velocity", "cache", "m", "v", "t" (t an int).
The velocity convention is CS231n's: v already contains the learning rate. PyTorch's
torch.optim.SGD keeps b = momentum * b + dw and steps w - lr * b; with a constant learning
rate the two give the same w (v = -lr * b), but not when the learning rate changes between
steps: the checks change it, and follow the formula above.

Shapes: w and dw are float arrays of any one shape (a vector, a matrix); next_w and every
state array have that shape too. Do not modify w in place (no w -= ...): build next_w.

Tiny example: sgd(w=[1, 2], dw=[0.5, -1], {"learning_rate": 0.1}) gives [0.95, 2.1].
Adam's first step moves every entry by almost exactly lr against the sign of its gradient:
m_hat = dw and v_hat = dw**2, so the step is lr * dw / (|dw| + eps), whatever |dw| is.

Write them with NumPy (torch.optim is the shortcut); the checks compare your
trajectories with torch.optim.SGD, RMSprop and Adam.
Do not use: torch.*.
"""
import numpy as np


def sgd(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """Vanilla stochastic gradient descent: return (w - lr * dw, config)."""
    # TODO: default learning_rate 1e-2 with config.setdefault; build next_w.
    ### BEGIN SOLUTION
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * dw
    return next_w, config
    ### END SOLUTION


def sgd_momentum(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """SGD with momentum, CS231n convention v = mu * v - lr * dw; keeps v in config["velocity"]."""
    # TODO: defaults learning_rate 1e-2, momentum 0.9, velocity np.zeros_like(w).
    ### BEGIN SOLUTION
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config
    ### END SOLUTION


def rmsprop(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """RMSProp: divide by a running root mean square of the gradients, kept in config["cache"]."""
    # TODO: defaults learning_rate 1e-2, decay_rate 0.99, epsilon 1e-8, cache np.zeros_like(w).
    ### BEGIN SOLUTION
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))
    decay = config["decay_rate"]
    cache = decay * config["cache"] + (1 - decay) * dw**2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache
    return next_w, config
    ### END SOLUTION


def adam(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """Adam with bias correction; keeps config["m"], config["v"] and the step count config["t"]."""
    # TODO: defaults above; t += 1 first, then the moments, the bias correction, the step.
    ### BEGIN SOLUTION
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    beta1, beta2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config.update(m=m, v=v, t=t)
    return next_w, config
    ### END SOLUTION
