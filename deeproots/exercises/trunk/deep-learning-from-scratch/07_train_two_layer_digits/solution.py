"""Reference solution: minibatch SGD with learning-rate decay for the two-layer net."""
import numpy as np


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


def predict(params: dict, X: np.ndarray) -> np.ndarray:
    return np.argmax(two_layer_net_loss(params, X), axis=1)


def train_two_layer_net(X_train: np.ndarray, y_train: np.ndarray, X_val: np.ndarray,
                        y_val: np.ndarray, hidden_size: int = 64, learning_rate: float = 1.0,
                        learning_rate_decay: float = 0.9, reg: float = 1e-3, num_epochs: int = 20,
                        batch_size: int = 100, weight_scale: float = 0.1, seed: int = 0):
    rng = np.random.default_rng(seed)
    n, d = X_train.shape
    c = int(np.max(y_train)) + 1
    params = {
        "W1": weight_scale * rng.standard_normal((d, hidden_size)),
        "b1": np.zeros(hidden_size),
        "W2": weight_scale * rng.standard_normal((hidden_size, c)),
        "b2": np.zeros(c),
    }
    history = {"loss": [], "train_acc": [], "val_acc": [], "learning_rate": []}
    lr = learning_rate
    for epoch in range(num_epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            loss, grads = two_layer_net_loss(params, X_train[batch], y_train[batch], reg)
            for name in params:
                params[name] -= lr * grads[name]
            history["loss"].append(loss)
        history["learning_rate"].append(lr)
        history["train_acc"].append(float(np.mean(predict(params, X_train) == y_train)))
        history["val_acc"].append(float(np.mean(predict(params, X_val) == y_val)))
        lr *= learning_rate_decay
    return params, history
