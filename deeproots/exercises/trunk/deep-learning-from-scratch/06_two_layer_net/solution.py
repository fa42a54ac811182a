"""Reference solution: the two-layer net's loss and gradients (affine - ReLU - affine - softmax)."""
import numpy as np


def init_two_layer_net(input_size: int, hidden_size: int, output_size: int,
                       std: float = 1e-4, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "W1": std * rng.standard_normal((input_size, hidden_size)),
        "b1": np.zeros(hidden_size),
        "W2": std * rng.standard_normal((hidden_size, output_size)),
        "b2": np.zeros(output_size),
    }


def two_layer_net_loss(params: dict, X: np.ndarray, y: np.ndarray | None = None,
                       reg: float = 0.0):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = X.shape[0]
    hidden_pre = X @ W1 + b1
    hidden = np.maximum(0.0, hidden_pre)
    scores = hidden @ W2 + b2
    if y is None:
        return scores

    rows = np.arange(n)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[rows, y].mean() + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    dscores = np.exp(log_p)
    dscores[rows, y] -= 1.0
    dscores /= n
    dW2 = hidden.T @ dscores + reg * W2
    db2 = dscores.sum(axis=0)
    dhidden = dscores @ W2.T
    dhidden[hidden_pre <= 0] = 0.0
    dW1 = X.T @ dhidden + reg * W1
    db1 = dhidden.sum(axis=0)
    return float(loss), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
