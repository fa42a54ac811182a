"""Checks for training the two-layer net (references: PyTorch autograd for the pasted loss,
a NumPy forward pass for predictions and test accuracy, scikit-learn's digits with a fixed
split and standardisation made here)."""
from functools import lru_cache

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from deeproots.grading.checks import expect, expect_close, expect_equal

NAMES = ("W1", "b1", "W2", "b2")
# Hyper-parameters that a correct SGD reaches ~97.5% test accuracy with (96.9% at worst
# over 30 seeds, whatever the shuffling details), in well under a second.
SETTINGS = dict(hidden_size=64, learning_rate=1.0, learning_rate_decay=0.9, reg=1e-3,
                num_epochs=20, batch_size=100, weight_scale=0.1, seed=0)
ACCURACY_FLOOR = 0.95


@lru_cache(maxsize=1)
def _digits():
    """Fixed split: 25% test (never shown to the learner), 200 of the rest for validation;
    standardised with the training part's mean and std (constant pixels keep scale 1)."""
    X, y = load_digits(return_X_y=True)
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=200, random_state=0,
                                                      stratify=y_rest)
    scaler = StandardScaler().fit(X_train)
    return (scaler.transform(X_train), y_train, scaler.transform(X_val), y_val,
            scaler.transform(X_test), y_test)


def _scores(params, X):
    return np.maximum(0.0, X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def _accuracy(params, X, y):
    with np.errstate(all="ignore"):  # a diverged net has inf / nan weights
        return float(np.mean(np.argmax(_scores(params, X), axis=1) == y))


def _expect_params(params, d, h, c):
    expect(isinstance(params, dict) and set(params) >= set(NAMES),
           "the returned params must be a dict with the keys W1, b1, W2, b2", got=params)
    for name, shape in zip(NAMES, [(d, h), (h,), (h, c), (c,)]):
        expect_equal(np.shape(params[name]), shape, what=f"params['{name}'].shape",
                     how=f"W1 (D, H), b1 (H,), W2 (H, C), b2 (C,) with D, H, C = {d}, {h}, {c}")


def test_pasted_loss_matches_torch_autograd(ex, rng):
    n, d, h, c, reg = 6, 5, 4, 3, 0.2
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
              "W2": rng.normal(size=(h, c)), "b2": rng.normal(size=c)}
    X, y = rng.normal(size=(n, d)), rng.integers(0, c, size=n)
    loss, grads = ex.two_layer_net_loss(params, X, y, reg)
    p = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    scores = torch.relu(torch.from_numpy(X) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    want = (torch.nn.functional.cross_entropy(scores, torch.from_numpy(y))
            + 0.5 * reg * ((p["W1"] ** 2).sum() + (p["W2"] ** 2).sum()))
    want.backward()
    how = "torch float64 autograd of cross_entropy + 0.5 * reg * (sum W1^2 + sum W2^2)"
    inputs = {"X": X, "y": y, "reg": reg, **params}
    expect_close(loss, want.item(), what="two_layer_net_loss: loss", how=how, rtol=1e-10, atol=1e-12,
                 inputs=inputs)
    expect(isinstance(grads, dict) and set(grads) >= set(NAMES),
           "grads must be a dict with the keys W1, b1, W2, b2", got=grads)
    for name in NAMES:
        expect_close(grads[name], p[name].grad.numpy(), what=f"two_layer_net_loss: grads['{name}']",
                     how=how, rtol=1e-9, atol=1e-12, inputs=inputs)


def test_predict(ex, rng):
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]]),
              "b2": np.array([0.0, 0.0, -1.5])}
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.0], [-1.0, -1.0]])
    expect_equal(np.asarray(ex.predict(params, X)), np.array([0, 1, 2, 0]), what="predict(params, X)",
                 how="by hand: scores [1, 0, 0.5], [0, 3, -1.5], [2, 0, 2.5], [0, 0, -1.5] (ties: first)",
                 inputs={"X": X, **params})
    for n, d, h, c in [(1, 3, 4, 2), (30, 8, 6, 5)]:
        params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
                  "W2": rng.normal(size=(h, c)), "b2": rng.normal(size=c)}
        X = rng.normal(size=(n, d))
        expect_equal(np.asarray(ex.predict(params, X)), np.argmax(_scores(params, X), axis=1),
                     what=f"predict(params, X) for (N, D, H, C) = {(n, d, h, c)}",
                     how="np.argmax(NumPy forward pass scores, axis=1)", inputs={"X": X, **params})


def test_training_reaches_95_percent_on_digits(ex, rng):
    X_train, y_train, X_val, y_val, X_test, y_test = _digits()
    params, history = ex.train_two_layer_net(X_train, y_train, X_val, y_val, **SETTINGS)
    _expect_params(params, X_train.shape[1], SETTINGS["hidden_size"], 10)
    epochs = SETTINGS["num_epochs"]
    expect(isinstance(history, dict) and {"loss", "train_acc", "val_acc", "learning_rate"} <= set(history),
           "history must be a dict with the keys loss, train_acc, val_acc, learning_rate", got=history)
    schedule = SETTINGS["learning_rate"] * SETTINGS["learning_rate_decay"] ** np.arange(epochs)
    expect_close(np.asarray(history["learning_rate"], dtype=float), schedule,
                 what="history['learning_rate'] (the rate used in each epoch)",
                 how="step decay once per epoch: learning_rate * learning_rate_decay ** epoch",
                 rtol=1e-9, atol=0.0, inputs={"settings": SETTINGS})
    for key in ("train_acc", "val_acc"):
        expect_equal(len(history[key]), epochs, what=f"len(history['{key}'])", how="one value per epoch")
    for name in ("b1", "b2"):
        expect(np.any(np.asarray(params[name]) != 0.0),
               f"params['{name}'] is still all zero after training: update the biases too "
               f"(params['{name}'] -= lr * grads['{name}'])")
    losses = np.asarray(history["loss"], dtype=float)
    expect(losses.size >= epochs and np.all(np.isfinite(losses)),
           "history['loss'] should hold one finite loss per minibatch step", got=losses)
    first, last = losses[:10].mean(), losses[-10:].mean()
    expect(last < 0.5 * first, "the minibatch loss should fall during training (step against the gradient)",
           mean_of_first_10=first, mean_of_last_10=last)
    expect_close(history["val_acc"][-1], _accuracy(params, X_val, y_val),
                 what="history['val_acc'][-1]",
                 how="accuracy of the returned params on X_val, computed here (the last epoch's value)",
                 rtol=0.0, atol=1e-12)
    test_acc = _accuracy(params, X_test, y_test)
    expect(test_acc >= ACCURACY_FLOOR,
           f"test accuracy {test_acc:.4f} is below {ACCURACY_FLOOR} on the held-out digits "
           "(computed here from your returned params with a NumPy forward pass)",
           test_accuracy=test_acc, final_val_acc=history["val_acc"][-1], settings=SETTINGS)


def test_same_seed_same_result(ex, rng):
    X_train, y_train, X_val, y_val, _, _ = _digits()
    small = dict(SETTINGS, num_epochs=2, hidden_size=16)
    first, _ = ex.train_two_layer_net(X_train[:300], y_train[:300], X_val, y_val, **small)
    again, _ = ex.train_two_layer_net(X_train[:300], y_train[:300], X_val, y_val, **small)
    other, _ = ex.train_two_layer_net(X_train[:300], y_train[:300], X_val, y_val, **dict(small, seed=1))
    expect(all(np.array_equal(first[name], again[name]) for name in NAMES),
           "training twice with the same seed must give the same params: draw every random "
           "number (initial weights, shuffling) from np.random.default_rng(seed)")
    expect(not np.array_equal(first["W1"], other["W1"]), "a different seed must give different params")


def test_fresh_shuffle_every_epoch(ex, rng):
    # With learning_rate = 0 the params never move, so history["loss"] records the loss of
    # one fixed net on each minibatch, in the order the updates saw them: the minibatches
    # themselves become observable. Each epoch must visit every example once, in a fresh
    # random order.
    X_train, y_train, X_val, y_val, _, _ = _digits()
    n, batch_size, epochs = 120, 10, 3
    X, y = X_train[:n], y_train[:n]
    settings = dict(SETTINGS, learning_rate=0.0, reg=0.0, num_epochs=epochs, batch_size=batch_size,
                    hidden_size=16, seed=int(rng.integers(1000)))
    params, history = ex.train_two_layer_net(X, y, X_val, y_val, **settings)
    _expect_params(params, X.shape[1], settings["hidden_size"], 10)
    losses = np.asarray(history["loss"], dtype=float)
    steps = n // batch_size
    expect_equal(losses.shape, (epochs * steps,), what="len(history['loss'])",
                 how=f"one loss per minibatch step: {epochs} epochs of {n} / {batch_size} = {steps} steps")
    per_epoch = losses.reshape(epochs, steps)
    # scipy.special.log_softmax is the reference for the per-example cross-entropy.
    from scipy.special import log_softmax
    example_losses = -log_softmax(_scores(params, X), axis=1)[np.arange(n), y]
    how = ("the cross-entropy of the returned (unchanged, lr=0) params on each example, by "
           "scipy.special.log_softmax of a NumPy forward pass")
    expect_close(per_epoch.mean(axis=1), np.full(epochs, example_losses.mean()),
                 what="the mean minibatch loss of each epoch (lr=0, equal batches)",
                 how=how + ": each epoch visits every example exactly once", rtol=1e-9, atol=1e-12)
    unshuffled = example_losses.reshape(steps, batch_size).mean(axis=1)
    expect(not np.allclose(per_epoch[0], unshuffled, rtol=1e-9, atol=1e-12),
           "the first epoch's minibatches are X[0:10], X[10:20], ... in order: shuffle the examples "
           "(order = rng.permutation(N)) before cutting them into minibatches",
           how=how, minibatch_losses=per_epoch[0], unshuffled_minibatch_losses=unshuffled)
    for epoch in range(1, epochs):
        expect(not np.allclose(per_epoch[epoch], per_epoch[0], rtol=1e-9, atol=1e-12),
               f"epoch {epoch + 1} saw the same minibatches in the same order as epoch 1: draw a fresh "
               "rng.permutation(N) at the start of EVERY epoch, not once before the loop",
               how=how, epoch_1_losses=per_epoch[0], later_epoch_losses=per_epoch[epoch])
