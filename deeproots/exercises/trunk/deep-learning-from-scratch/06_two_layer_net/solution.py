"""A two-layer fully connected network: affine - ReLU - affine - softmax, loss and gradients.

Source: Stanford CS231n, assignment 1 "two_layer_net.ipynb" (cs231n/classifiers/
neural_net.py: TwoLayerNet.loss; newer editions build the same net in assignment 2's
fc_net.py); lecture notes "Neural Networks Case Study" (a 2-layer net with softmax, the
0.5 * reg convention used here) and "Backpropagation, Intuitions"; Goodfellow, Bengio &
Courville, Deep Learning §6.5 (back-propagation; §6.5.7 works through a one-hidden-layer
ReLU network with cross-entropy and weight decay, the same one without biases).
https://cs231n.github.io/

The parameters live in a dict of arrays, as in CS231n's self.params:

    W1 (D, H)   b1 (H,)   W2 (H, C)   b2 (C,)

Forward, for a minibatch X of shape (N, D) and labels y of shape (N,) in 0..C-1:

    hidden_pre = X @ W1 + b1          (N, H)
    hidden     = max(0, hidden_pre)   (N, H)   ReLU
    scores     = hidden @ W2 + b2     (N, C)
    loss       = mean_i -log softmax(scores)[i, y[i]]  +  0.5 * reg * (sum(W1**2) + sum(W2**2))

The L2 convention of this course: 1/2 * reg * sum of squared WEIGHTS (biases are not
penalised), so the penalty's gradient is just reg * W. (Some CS231n editions write
reg * sum(W**2), whose gradient is 2 * reg * W.)

Backward, the chain rule from the top (exercises affine-forward-backward,
activations-forward-backward and softmax-cross-entropy, stacked):

    dscores = (softmax(scores) - one_hot(y)) / N                 (N, C)
    dW2 = hidden.T @ dscores + reg * W2      db2 = dscores.sum(axis=0)
    dhidden = dscores @ W2.T, then zero it where hidden_pre <= 0   (ReLU's gate)
    dW1 = X.T @ dhidden + reg * W1           db1 = dhidden.sum(axis=0)

Keep the softmax stable: subtract each row's max from the scores before exp, and take
the log-probabilities as shifted - log(sum(exp(shifted))).

Functions:
  init_two_layer_net(input_size, hidden_size, output_size, std, seed) -> params dict:
      weights std * standard normal (np.random.default_rng(seed)), biases zero (CS231n).
  two_layer_net_loss(params, X, y=None, reg=0.0):
      y is None -> return the scores (N, C) only (used for prediction);
      otherwise -> return (loss: float, grads: dict with keys W1, b1, W2, b2, each of the
      shape of its parameter). Do not modify params.

Tiny example: D = H = C = 2, X = [[1, -1]], y = [1], W1 = I, b1 = 0, W2 = [[log 3, 0],
[0, 0]], b2 = 0, reg = 0: hidden_pre = [1, -1], hidden = [1, 0], scores = [log 3, 0],
softmax = [3/4, 1/4], loss = -log(1/4) = log 4; dscores = [[3/4, -3/4]],
dW2 = [[3/4, -3/4], [0, 0]], db2 = [3/4, -3/4], dhidden = [3/4 log 3, 0] (the second unit
is gated off), dW1 = [[3/4 log 3, 0], [-3/4 log 3, 0]], db1 = [3/4 log 3, 0].

Write it with NumPy (PyTorch's autograd is the shortcut).
Do not use: torch.*.
"""
import numpy as np


def init_two_layer_net(input_size: int, hidden_size: int, output_size: int,
                       std: float = 1e-4, seed: int = 0) -> dict:
    """Return {"W1", "b1", "W2", "b2"}: weights std * N(0, 1) from default_rng(seed), zero biases."""
    # TODO: rng = np.random.default_rng(seed); W1 = std * rng.standard_normal((D, H)); ...
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    return {
        "W1": std * rng.standard_normal((input_size, hidden_size)),
        "b1": np.zeros(hidden_size),
        "W2": std * rng.standard_normal((hidden_size, output_size)),
        "b2": np.zeros(output_size),
    }
    ### END SOLUTION


def two_layer_net_loss(params: dict, X: np.ndarray, y: np.ndarray | None = None,
                       reg: float = 0.0):
    """Return the scores (N, C) if y is None, else (loss, grads) for the 2-layer net."""
    # TODO: forward (affine, ReLU, affine); if y is None return scores; stable softmax
    # cross-entropy + 0.5 * reg * (sum W1^2 + sum W2^2); backward as in the docstring.
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
