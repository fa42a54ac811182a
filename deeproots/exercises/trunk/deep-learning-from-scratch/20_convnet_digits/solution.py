"""A small convnet, assembled and trained from scratch on scikit-learn's digits.

Source: Stanford CS231n, assignment 2 "ConvolutionalNetworks.ipynb" (section "Three-layer
ConvNet": cs231n/classifiers/cnn.py ThreeLayerConvNet, trained with cs231n/solver.py and the
Adam rule of cs231n/optim.py); Kingma & Ba 2015, "Adam", Algorithm 1; Goodfellow, Bengio &
Courville, Deep Learning §9.3 (conv - detector - pooling), §6.5 (back-propagation) and
§8.5.3 (Adam); LeCun et al. 1998 (LeNet, the ancestor of this net).
https://cs231n.github.io/

The layers are given below (forward returns (out, cache), backward takes (dout, cache)):
you put them together. The forward pass stacks them, the backward pass calls their backward
functions in the reverse order, each one receiving the gradient the next layer returned.

The net, for images X (N, 1, 8, 8) with pixel values in [0, 1] and labels y in 0..9:

    conv      W1 (F, 1, 3, 3), b1 (F,), stride 1, pad 1   -> (N, F, 8, 8)   conv_forward
    relu                                                -> (N, F, 8, 8)   relu_forward
    max pool  2x2, stride 2                             -> (N, F, 4, 4)   max_pool_2x2_forward
    affine    W2 (16 F, H), b2 (H,)  (flattens (F, 4, 4) in C order) -> (N, H)   affine_forward
    relu                                                -> (N, H)
    affine    W3 (H, 10), b3 (10,)                      -> scores (N, 10)
    softmax cross-entropy                               -> loss           softmax_loss

    loss = mean_i -log softmax(scores_i)[y_i] + reg/2 * (sum W1^2 + sum W2^2 + sum W3^2)

(biases are not regularised), so the weight gradients get + reg * W on top of what
back-propagation gives. params is a dict {"W1", "b1", "W2", "b2", "W3", "b3"} of float
arrays with the shapes above (init_params builds one); grads has the same keys and shapes.
conv_forward pads by (HH - 1) // 2, so any odd filter size keeps the 8x8 size; the checks
compute the test accuracy from your params with their own forward pass (PyTorch), so keep
exactly this layout. PyTorch is the checks' reference, not yours.
Do not use: torch.*.

Training: minibatch Adam. Each epoch visits the N training images once in a fresh random
order (rng.permutation(N), rng = np.random.default_rng(seed)), batch after batch. For each
parameter p with gradient g, at step t = 1, 2, ... (beta1 = 0.9, beta2 = 0.999, eps = 1e-8):

    m = beta1 m + (1 - beta1) g          v = beta2 v + (1 - beta2) g^2
    p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)

with m, v starting at zero for each parameter, and lr multiplied by lr_decay after each epoch.
The last batch of an epoch may be smaller (1347 images = 13 batches of 100 and one of 47).
The defaults of train (32 filters, 128 hidden units, 20 epochs of batches of 100, lr 5e-3,
lr_decay 0.9, reg 1e-4: 280 Adam steps) give about 98% test accuracy in a few seconds; the
check asks for at least 97% on a held-out quarter of the digits. Keep everything seeded by
`seed`, so that a run can be reproduced.

Shapes and types: X (N, 1, 8, 8) float, y (N,) int. loss_and_grads returns (loss, a float;
grads, a dict of arrays); predict returns (N,) int labels (argmax of the scores); train
returns params.

Tiny example: with every parameter zero, every score is 0, so softmax is uniform:
loss = log 10 = 2.302585..., and the only nonzero gradient is db3[c] = 0.1 - (the fraction
of the batch labelled c): with y = [3, 3], db3 = [0.1, 0.1, 0.1, -0.9, 0.1, ..., 0.1].
(Every other gradient is zero: the ReLUs of a zero input pass nothing back.)
"""
import numpy as np

# ----------------------------------------------------------------------------------------
# Given layers: already written, use them as they are.
# ----------------------------------------------------------------------------------------


def im2col(x: np.ndarray, HH: int, WW: int, pad: int) -> np.ndarray:
    """Stride-1 im2col: (N*H'*W', C*HH*WW), rows (n, i, j), columns (c, u, v)."""
    N, C, H, W = x.shape
    H_out, W_out = H + 2 * pad - HH + 1, W + 2 * pad - WW + 1
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((N, H_out, W_out, C, HH, WW), dtype=xp.dtype)
    for u in range(HH):
        for v in range(WW):
            cols[:, :, :, :, u, v] = xp[:, :, u:u + H_out, v:v + W_out].transpose(0, 2, 3, 1)
    return cols.reshape(N * H_out * W_out, C * HH * WW)


def col2im(cols: np.ndarray, x_shape: tuple, HH: int, WW: int, pad: int) -> np.ndarray:
    """The adjoint of im2col: add every entry back to its pixel, drop the padding."""
    N, C, H, W = x_shape
    H_out, W_out = H + 2 * pad - HH + 1, W + 2 * pad - WW + 1
    cols = cols.reshape(N, H_out, W_out, C, HH, WW)
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=cols.dtype)
    for u in range(HH):
        for v in range(WW):
            xp[:, :, u:u + H_out, v:v + W_out] += cols[:, :, :, :, u, v].transpose(0, 3, 1, 2)
    return xp[:, :, pad:pad + H, pad:pad + W]


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """'Same' convolution: stride 1, pad (HH - 1) // 2; out (N, F, H, W) for odd HH, WW."""
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    pad = (HH - 1) // 2
    cols = im2col(x, HH, WW, pad)
    out = cols @ w.reshape(F, -1).T + b
    H_out, W_out = H + 2 * pad - HH + 1, W + 2 * pad - WW + 1
    return out.reshape(N, H_out, W_out, F).transpose(0, 3, 1, 2), (x.shape, w, cols, pad)


def conv_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dw, db) of conv_forward."""
    x_shape, w, cols, pad = cache
    F, _, HH, WW = w.shape
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, F)
    dw = (dout2.T @ cols).reshape(w.shape)
    dx = col2im(dout2 @ w.reshape(F, -1), x_shape, HH, WW, pad)
    return dx, dw, dout2.sum(axis=0)


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (max(x, 0), cache)."""
    return np.maximum(x, 0.0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Return dx = dout where x > 0, else 0."""
    return dout * (cache > 0)


def max_pool_2x2_forward(x: np.ndarray) -> tuple[np.ndarray, tuple]:
    """2x2 max pooling with stride 2 (H and W even): (N, C, H, W) -> (N, C, H/2, W/2)."""
    N, C, H, W = x.shape
    windows = x.reshape(N, C, H // 2, 2, W // 2, 2).transpose(0, 1, 2, 4, 3, 5)
    windows = windows.reshape(N, C, H // 2, W // 2, 4)
    first = windows.argmax(axis=-1)  # the first maximum of each window gets the gradient
    out = np.take_along_axis(windows, first[..., None], axis=-1)[..., 0]
    return out, (x.shape, first)


def max_pool_2x2_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Route each dout to the first maximum of its window."""
    (N, C, H, W), first = cache
    dwindows = np.zeros((N, C, H // 2, W // 2, 4))
    np.put_along_axis(dwindows, first[..., None], dout[..., None], axis=-1)
    dx = dwindows.reshape(N, C, H // 2, W // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5)
    return dx.reshape(N, C, H, W)


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """out = x.reshape(N, -1) @ w + b."""
    return x.reshape(x.shape[0], -1) @ w + b, (x, w)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dw, db), dx with the shape of the input x."""
    x, w = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    return dx, dw, dout.sum(axis=0)


def softmax_loss(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of integer labels y and its gradient dL/dscores."""
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_p)
    dscores[np.arange(n), y] -= 1.0
    return float(-log_p[np.arange(n), y].mean()), dscores / n


def init_params(seed: int, num_filters: int = 32, filter_size: int = 3, hidden_dim: int = 128,
                image_size: int = 8, num_classes: int = 10) -> dict:
    """He-initialised weights, zero biases, for 1-channel square images."""
    rng = np.random.default_rng(seed)
    pooled = num_filters * (image_size // 2) ** 2
    return {
        "W1": rng.normal(size=(num_filters, 1, filter_size, filter_size)) * np.sqrt(2.0 / filter_size**2),
        "b1": np.zeros(num_filters),
        "W2": rng.normal(size=(pooled, hidden_dim)) * np.sqrt(2.0 / pooled),
        "b2": np.zeros(hidden_dim),
        "W3": rng.normal(size=(hidden_dim, num_classes)) * np.sqrt(2.0 / hidden_dim),
        "b3": np.zeros(num_classes),
    }


# ----------------------------------------------------------------------------------------
# Your part.
# ----------------------------------------------------------------------------------------


def loss_and_grads(params: dict, X: np.ndarray, y: np.ndarray, reg: float = 0.0) -> tuple[float, dict]:
    """Return (loss, grads) of the net above for a batch X, y, with L2 strength reg."""
    # TODO: forward through conv, relu, pool, affine, relu, affine, softmax_loss (keep every
    # cache); add the reg term; backward in reverse order; add reg * W to the weight grads.
    ### BEGIN SOLUTION
    W1, b1, W2, b2, W3, b3 = (params[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    conv, conv_cache = conv_forward(X, W1, b1)
    act1, relu1_cache = relu_forward(conv)
    pooled, pool_cache = max_pool_2x2_forward(act1)
    hidden, hidden_cache = affine_forward(pooled, W2, b2)
    act2, relu2_cache = relu_forward(hidden)
    scores, scores_cache = affine_forward(act2, W3, b3)
    data_loss, dscores = softmax_loss(scores, y)
    loss = data_loss + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(W3 * W3))

    grads = {}
    dact2, grads["W3"], grads["b3"] = affine_backward(dscores, scores_cache)
    dhidden = relu_backward(dact2, relu2_cache)
    dpooled, grads["W2"], grads["b2"] = affine_backward(dhidden, hidden_cache)
    dact1 = max_pool_2x2_backward(dpooled, pool_cache)
    dconv = relu_backward(dact1, relu1_cache)
    _, grads["W1"], grads["b1"] = conv_backward(dconv, conv_cache)
    for name in ("W1", "W2", "W3"):
        grads[name] = grads[name] + reg * params[name]
    return float(loss), grads
    ### END SOLUTION


def predict(params: dict, X: np.ndarray) -> np.ndarray:
    """Return the predicted labels (N,): the argmax of the scores."""
    # TODO: the same forward pass as in loss_and_grads, without the loss; argmax over axis 1.
    ### BEGIN SOLUTION
    conv, _ = conv_forward(X, params["W1"], params["b1"])
    pooled, _ = max_pool_2x2_forward(np.maximum(conv, 0.0))
    hidden, _ = affine_forward(pooled, params["W2"], params["b2"])
    scores, _ = affine_forward(np.maximum(hidden, 0.0), params["W3"], params["b3"])
    return scores.argmax(axis=1)
    ### END SOLUTION


def train(X: np.ndarray, y: np.ndarray, seed: int = 0, num_filters: int = 32, hidden_dim: int = 128,
          epochs: int = 20, batch_size: int = 100, learning_rate: float = 5e-3, lr_decay: float = 0.9,
          reg: float = 1e-4) -> dict:
    """Train the net with minibatch Adam from init_params(seed, ...) and return its params."""
    # TODO: params = init_params(seed, num_filters=num_filters, hidden_dim=hidden_dim);
    # Adam state m, v per parameter; for each epoch, shuffle with a seeded rng, loop over
    # batches: loss_and_grads, Adam update; decay the learning rate after each epoch.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    params = init_params(seed, num_filters=num_filters, hidden_dim=hidden_dim)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    m = {name: np.zeros_like(value) for name, value in params.items()}
    v = {name: np.zeros_like(value) for name, value in params.items()}
    t = 0
    n = X.shape[0]
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            _, grads = loss_and_grads(params, X[batch], y[batch], reg)
            t += 1
            for name in params:
                m[name] = beta1 * m[name] + (1 - beta1) * grads[name]
                v[name] = beta2 * v[name] + (1 - beta2) * grads[name] ** 2
                m_hat = m[name] / (1 - beta1**t)
                v_hat = v[name] / (1 - beta2**t)
                params[name] = params[name] - learning_rate * m_hat / (np.sqrt(v_hat) + eps)
        learning_rate *= lr_decay
    return params
    ### END SOLUTION
