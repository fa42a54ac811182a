"""Training the two-layer net: minibatch SGD with learning-rate decay, on handwritten digits.

Source: Stanford CS231n, assignment 1 "two_layer_net.ipynb" (TwoLayerNet.train and
.predict: minibatch SGD, learning_rate_decay once per epoch, loss and accuracy history);
lecture notes "Neural Networks 3", sections "Babysitting the learning process" (the loss
curve, train/val accuracy) and "Annealing the learning rate" (step decay); Goodfellow,
Bengio & Courville, Deep Learning §8.3.1 (Algorithm 8.1, SGD, and its decaying step size).
https://cs231n.github.io/

The data: scikit-learn's digits (8 x 8 grey images flattened to D = 64 features,
C = 10 classes), already split and standardised by the check: each feature minus its
training mean, divided by its training std. You get X_train, y_train to learn from and
X_val, y_val to watch; a test set you never see decides the grade (>= 95% accuracy).

Minibatch stochastic gradient descent, epoch by epoch:

    params = weight_scale * standard normal weights, zero biases  (rng = default_rng(seed))
    lr = learning_rate
    for epoch in range(num_epochs):
        shuffle the N training examples (rng.permutation(N))
        for each minibatch of batch_size of them:
            loss, grads = two_layer_net_loss(params, X_batch, y_batch, reg)
            for every name in W1, b1, W2, b2:  params[name] -= lr * grads[name]
            record loss
        record lr (the rate used in this epoch), train and val accuracy (of the params now)
        lr *= learning_rate_decay         (step decay: once per epoch, not per minibatch)

So the learning rate of epoch k is learning_rate * learning_rate_decay ** k. Each step
moves AGAINST the gradient (-=), and every parameter moves, biases included.

Functions:
  two_layer_net_loss(params, X, y=None, reg=0.0): paste your solution of exercise
      two-layer-net (scores if y is None, else (loss, grads); L2 term 0.5 * reg * sum W^2).
  predict(params, X) -> (N,) int labels: the argmax of the scores over the classes.
  train_two_layer_net(X_train, y_train, X_val, y_val, hidden_size, learning_rate,
      learning_rate_decay, reg, num_epochs, batch_size, weight_scale, seed)
      -> (params, history). params: {"W1" (D, H), "b1" (H,), "W2" (H, C), "b2" (C,)} with
      C = max(y_train) + 1. history: {"loss": one float per minibatch step,
      "train_acc", "val_acc", "learning_rate": one float per epoch each}. The same seed
      must give the same result.

Shapes: X_train (N, D) float, y_train (N,) int; X_val (M, D), y_val (M,).

Tiny example of the schedule: learning_rate = 1.0, learning_rate_decay = 0.9, 3 epochs:
history["learning_rate"] = [1.0, 0.9, 0.81]. With N = 250 and batch_size = 100 an epoch is
3 steps (100, 100 and the last 50; dropping the short batch is fine too).

Write it with NumPy (PyTorch's optimisers are the shortcut).
Do not use: torch.*.
"""
import numpy as np


def two_layer_net_loss(params: dict, X: np.ndarray, y: np.ndarray | None = None,
                       reg: float = 0.0):
    """Return the scores (N, C) if y is None, else (loss, grads): your two-layer-net solution."""
    # TODO: paste two_layer_net_loss from exercise two-layer-net.
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def predict(params: dict, X: np.ndarray) -> np.ndarray:
    """Return the predicted class of each row of X: argmax of the scores, shape (N,)."""
    # TODO: np.argmax of the scores along axis 1.
    ### BEGIN SOLUTION
    return np.argmax(two_layer_net_loss(params, X), axis=1)
    ### END SOLUTION


def train_two_layer_net(X_train: np.ndarray, y_train: np.ndarray, X_val: np.ndarray,
                        y_val: np.ndarray, hidden_size: int = 64, learning_rate: float = 1.0,
                        learning_rate_decay: float = 0.9, reg: float = 1e-3, num_epochs: int = 20,
                        batch_size: int = 100, weight_scale: float = 0.1, seed: int = 0):
    """Return (params, history) after num_epochs epochs of minibatch SGD with step decay."""
    # TODO: initialise, then loop over epochs and shuffled minibatches as in the docstring:
    # params[name] -= lr * grads[name]; record the history; lr *= learning_rate_decay per epoch.
    ### BEGIN SOLUTION
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
    ### END SOLUTION
