"""Batch normalization: forward (train and test mode) and backward pass.

Source: Ioffe & Szegedy, "Batch Normalization" (2015), Algorithm 1 (the transform) and
Algorithm 2 (inference with population statistics); Stanford CS231n, assignment 2
"BatchNormalization.ipynb" (cs231n/layers.py: batchnorm_forward, batchnorm_backward,
batchnorm_backward_alt); Goodfellow, Bengio & Courville, Deep Learning §8.7.1.
https://arxiv.org/abs/1502.03167

The idea. Each feature (column) of a minibatch is shifted and scaled to zero mean and unit
variance using the statistics of the batch itself, then given back a learnable scale gamma
and shift beta. At test time there is no batch to average over, so the layer uses running
averages of the batch statistics gathered during training.

Train mode, for x of shape (N, D) (N examples, D features; every statistic is per column,
an average over axis 0):

    mu    = mean_i x[i]                  (D,)
    var   = mean_i (x[i] - mu)**2        (D,)  the biased variance: divide by N, not N - 1
    x_hat = (x - mu) / sqrt(var + eps)   (N, D)
    out   = gamma * x_hat + beta         (N, D)

    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var  = momentum * running_var  + (1 - momentum) * var

Test mode: out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta, and the
running statistics are left unchanged.

Conventions (mind them when you compare with PyTorch): here, as in CS231n, momentum is the
weight of the OLD running value (default 0.9) and running_var uses the biased variance.
torch.nn.functional.batch_norm does running = (1 - m) * running + m * batch (its momentum
0.1 means our 0.9) and feeds the unbiased variance (N - 1) into running_var.

bn_param is a plain dict:
    "mode"          "train" or "test" (required)
    "eps"           default 1e-5, added to the variance inside the square root
    "momentum"      default 0.9
    "running_mean"  (D,), default np.zeros(D) when the key is missing
    "running_var"   (D,), default np.zeros(D) when the key is missing

The contract. In CS231n the layer updates bn_param in place. In deeproots your function
runs in another process, so a mutation of the caller's dict would never come back: return
the updated dict instead. batchnorm_forward returns (out, cache, bn_param), where the
returned bn_param holds the caller's keys plus "running_mean" and "running_var", updated
(train mode) or unchanged (test mode): dict(bn_param, running_mean=..., running_var=...).
Do not modify x, gamma or beta in place. The cache must be plain data: a tuple of NumPy
arrays and numbers (in test mode any plain value, None say, will do).

Backward (train mode only). Given dout = dL/dout (N, D):

    dbeta  = sum_i dout[i]                                      (D,)
    dgamma = sum_i dout[i] * x_hat[i]                           (D,)
    dx_hat = dout * gamma                                       (N, D)
    dx = (dx_hat - mean_i dx_hat[i] - x_hat * mean_i (dx_hat[i] * x_hat[i])) / sqrt(var + eps)

Derive dx yourself if you can: walk back through the graph x -> mu -> var -> x_hat one
node at a time (CS231n's batchnorm_backward), then simplify on paper (batchnorm_backward_alt).
The three terms say that x_hat does not move when every x[i] shifts together or grows
together: the gradient is projected away from those two directions. Either form passes.

The point is to write the layer yourself.
Do not use: torch.*.

Shapes: x (N, D), gamma (D,), beta (D,), out (N, D); dx (N, D), dgamma (D,), dbeta (D,).

Tiny example: x = [[1], [3]], gamma = [1], beta = [0], bn_param = {"mode": "train",
"eps": 0.0} (momentum 0.9, fresh zero running statistics): mu = 2, var = 1,
out = [[-1], [1]], running_mean = [0.2], running_var = [0.1]. Then test mode with those
running statistics and eps = 0 maps x = [[1.2]] to out = [[(1.2 - 0.2) / sqrt(0.1)]]
= [[3.1623]].
"""
import numpy as np


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                      bn_param: dict) -> tuple[np.ndarray, object, dict]:
    """Return (out, cache, bn_param) for batch normalization of x (N, D) in bn_param["mode"]."""
    # TODO: read mode, eps, momentum and the running statistics (zeros when missing);
    # train: normalise with the batch mean and biased variance, update the running averages;
    # test: normalise with the running statistics; return a new dict with every key.
    ### BEGIN SOLUTION
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.zeros(d))
    if mode == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        std = np.sqrt(var + eps)
        x_hat = (x - mu) / std
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, std)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
        cache = None
    else:
        raise ValueError(f"unknown batch normalization mode {mode!r}")
    new_param = dict(bn_param, eps=eps, momentum=momentum,
                     running_mean=running_mean, running_var=running_var)
    return out, cache, new_param
    ### END SOLUTION


def batchnorm_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dgamma, dbeta) for a train-mode forward pass that produced cache."""
    # TODO: dbeta and dgamma are sums over the batch; dx from the formula above.
    ### BEGIN SOLUTION
    x_hat, gamma, std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std
    return dx, dgamma, dbeta
    ### END SOLUTION
