"""Checks for the training loop (references: a NumPy eval-mode forward pass built here from the
model's own weights and running statistics, scipy.special.log_softmax for the cross-entropy,
scikit-learn's LogisticRegression on the same fixed breast-cancer split for the accuracy floor)."""
import math
from functools import cache

import numpy as np
import torch
from scipy.special import log_softmax
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from deeproots.grading.checks import expect, expect_close, expect_equal

# The training run of test_train_model_on_breast_cancer (small: 70 Adam steps).
CONFIG = dict(n_hidden=16, dropout=0.3, epochs=10, lr=0.02, batch_size=64, seed=0)


@cache
def _breast_cancer():
    """A fixed stratified 75/25 split, standardised with the training rows' statistics."""
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)
    return (scaler.transform(X_train).astype(np.float32), y_train.astype(np.int64),
            scaler.transform(X_val).astype(np.float32), y_val.astype(np.int64))


def _x(array):
    return torch.from_numpy(np.asarray(array, dtype=np.float32))


def _y(array):
    return torch.from_numpy(np.asarray(array, dtype=np.int64))


def _np(value):
    return np.asarray(value.detach().numpy() if isinstance(value, torch.Tensor) else value, dtype=np.float64)


def _state_from_handles(model):
    """The weights and batch-norm statistics, read from model[0], model[1], model[4]."""
    linear1, norm, linear2 = model[0], model[1], model[4]
    return {"0.weight": _np(linear1.weight), "0.bias": _np(linear1.bias),
            "1.weight": _np(norm.weight), "1.bias": _np(norm.bias),
            "1.running_mean": _np(norm.running_mean), "1.running_var": _np(norm.running_var),
            "eps": float(norm.eps), "4.weight": _np(linear2.weight), "4.bias": _np(linear2.bias)}


def _eval_logits(state, X):
    """Eval mode in NumPy: batch norm with the running statistics, dropout the identity."""
    z = np.asarray(X, dtype=np.float64) @ state["0.weight"].T + state["0.bias"]
    z = (z - state["1.running_mean"]) / np.sqrt(state["1.running_var"] + state.get("eps", 1e-5))
    h = np.maximum(z * state["1.weight"] + state["1.bias"], 0.0)
    return h @ state["4.weight"].T + state["4.bias"]


def _cross_entropy(logits, y):
    return float(-np.mean(log_softmax(logits, axis=1)[np.arange(len(y)), y]))


def _warm_up_batch_norm(model, rng, n_features):
    """A few train-mode forward passes so that the running statistics move away from 0 and 1."""
    model.train()
    for _ in range(3):
        model(_x(rng.normal(loc=1.0, scale=2.0, size=(16, n_features))))


def test_make_model_structure(ex, rng):
    model = ex.make_model(5, 8, 3, 0.5, 0)
    expect_equal(len(model), 5, what="len(make_model(...))",
                 how="Linear, BatchNorm1d, ReLU, Dropout, Linear: five modules")
    shapes = {"model[0].weight": (model[0].weight, (8, 5)), "model[1].running_mean": (model[1].running_mean, (8,)),
              "model[4].weight": (model[4].weight, (3, 8))}
    for what, (value, shape) in shapes.items():
        expect_equal(tuple(value.shape), shape, what=f"{what}.shape for make_model(5, 8, 3, 0.5, 0)",
                     how="nn.Linear(5, 8), nn.BatchNorm1d(8), nn.Linear(8, 3)")
    expect_close(model[3].p, 0.5, what="model[3].p (the dropout probability)", how="the dropout argument",
                 rtol=0, atol=0)


def test_make_model_is_seeded(ex, rng):
    a, b, c = ex.make_model(4, 6, 2, 0.2, 7), ex.make_model(4, 6, 2, 0.2, 7), ex.make_model(4, 6, 2, 0.2, 8)
    expect_close(a[0].weight, _np(b[0].weight), what="model[0].weight of two models made with seed 7",
                 how="torch.manual_seed(seed) before building: the same initial weights", rtol=0, atol=0)
    expect(not np.array_equal(_np(a[0].weight), _np(c[0].weight)),
           "make_model with seeds 7 and 8 gave the same weights: seed torch with the seed argument")


def test_dropout_is_random_in_train_mode_only(ex, rng):
    model = ex.make_model(6, 32, 3, 0.5, 1)
    X = _x(rng.normal(size=(20, 6)))
    model.train()
    first, second = model(X), model(X)
    expect(not np.allclose(_np(first), _np(second)),
           "two train-mode forward passes gave the same output: the model needs nn.Dropout "
           "(random masks in train mode)")
    p1, p2 = ex.predict(model, X), ex.predict(model, X)
    expect_close(p1, _np(p2), what="predict(model, X) called twice",
                 how="eval mode is deterministic: dropout off, batch norm on running statistics",
                 rtol=0, atol=0)


def test_predict_matches_eval_mode_reference(ex, rng):
    for n_features, n_hidden, n_classes, n in [(6, 10, 3, 12), (2, 4, 2, 1), (5, 8, 4, 7)]:
        model = ex.make_model(n_features, n_hidden, n_classes, 0.4, 3)
        _warm_up_batch_norm(model, rng, n_features)  # leaves the model in train mode
        X = rng.normal(size=(n, n_features))
        logits = ex.predict(model, _x(X))
        expect(isinstance(logits, torch.Tensor), "predict must return a torch.Tensor", got=type(logits).__name__)
        expect_equal(logits.requires_grad, False, what="predict(model, X).requires_grad",
                     how="computed inside torch.no_grad(): no graph, no gradient tracking")
        expect_close(logits, _eval_logits(_state_from_handles(model), X),
                     what=f"predict(model, X) for n = {n} (model left in train mode before the call)",
                     how="NumPy eval-mode forward from the model's weights and running statistics",
                     rtol=1e-4, atol=1e-5, inputs={"X": X})


def test_evaluate_matches_reference(ex, rng):
    model = ex.make_model(4, 12, 3, 0.3, 5)
    _warm_up_batch_norm(model, rng, 4)
    X, y = rng.normal(size=(30, 4)), rng.integers(0, 3, size=30)
    loss, accuracy = ex.evaluate(model, _x(X), _y(y))
    logits = _eval_logits(_state_from_handles(model), X)
    inputs = {"X": X, "y": y}
    expect_close(loss, _cross_entropy(logits, y), what="evaluate(...) loss",
                 how="mean of -scipy.special.log_softmax(eval logits)[i, y_i]", rtol=1e-4, atol=1e-6,
                 inputs=inputs)
    expect_close(accuracy, np.mean(np.argmax(logits, axis=1) == y), what="evaluate(...) accuracy",
                 how="fraction of rows whose argmax eval logit is the label", rtol=0, atol=1e-6, inputs=inputs)


def test_train_model_on_breast_cancer(ex, rng):
    X_train, y_train, X_val, y_val = _breast_cancer()
    result = ex.train_model(_x(X_train), _y(y_train), _x(X_val), _y(y_val), **CONFIG)
    expect(isinstance(result, dict), "train_model must return a dict", got=result)
    epochs = CONFIG["epochs"]
    for key in ("train_loss", "val_loss", "val_accuracy"):
        expect_equal(len(result[key]), epochs, what=f"len(result[{key!r}])", how="one entry per epoch")
    train_loss = np.asarray(result["train_loss"], dtype=float)
    expect(train_loss[-1] < 0.7 * train_loss[0],
           "the training loss should fall well below its first-epoch value (to under 70% of it)",
           train_loss=train_loss)

    state = {key: _np(value) for key, value in result["state_dict"].items()}
    steps = epochs * math.ceil(len(X_train) / CONFIG["batch_size"])
    expect_equal(int(state["1.num_batches_tracked"]), steps,
                 what="state_dict['1.num_batches_tracked'] after training",
                 how=f"{epochs} epochs x ceil({len(X_train)} / {CONFIG['batch_size']}) train-mode batches: "
                     "fewer means some epochs ran in eval mode (model.train() missing at the start of "
                     "each epoch), more means batch norm also saw data outside training")

    logits = _eval_logits(state, X_val)
    accuracy = float(np.mean(np.argmax(logits, axis=1) == y_val))
    expect_close(result["val_accuracy"][-1], accuracy, what="the last val_accuracy",
                 how="argmax of a NumPy eval-mode forward pass from the returned state_dict",
                 rtol=0, atol=1.5 / len(y_val))
    expect_close(result["val_loss"][-1], _cross_entropy(logits, y_val), what="the last val_loss",
                 how="cross-entropy of a NumPy eval-mode forward pass from the returned state_dict",
                 rtol=1e-3, atol=1e-5)
    baseline = LogisticRegression().fit(X_train, y_train).score(X_val, y_val)
    expect(accuracy >= baseline - 0.05,
           "validation accuracy (recomputed from the returned state_dict) is too low: it should be "
           "within 5 points of a logistic regression on the same split",
           accuracy=accuracy, logistic_regression=baseline)
    final_loss, _ = ex.evaluate(result["model"], _x(X_val), _y(y_val))
    expect_close(final_loss, result["val_loss"][-1], what="evaluate(result['model'], X_val, y_val) loss",
                 how="the last recorded val_loss: the same model, evaluated in eval mode",
                 rtol=1e-6, atol=1e-8)


def test_train_model_is_reproducible(ex, rng):
    X_train, y_train, X_val, y_val = _breast_cancer()
    config = dict(CONFIG, epochs=2)
    args = (_x(X_train), _y(y_train), _x(X_val), _y(y_val))
    first = ex.train_model(*args, **config)
    second = ex.train_model(*args, **config)
    expect_close(second["train_loss"], np.asarray(first["train_loss"]),
                 what="train_loss of a second run with the same seed",
                 how="the first run: seeded model, seeded shuffling generator, seeded dropout",
                 rtol=0, atol=0)
    expect_close(second["state_dict"]["4.weight"], _np(first["state_dict"]["4.weight"]),
                 what="state_dict['4.weight'] of a second run with the same seed", how="the first run",
                 rtol=0, atol=0)


def test_epoch_loss_weights_each_batch_by_its_length(ex, rng):
    # lr = 0 and dropout = 0 leave the weights at make_model's start, so the epoch's loss can
    # be replayed: the same seeded order, each train-mode batch's cross-entropy (scipy
    # log_softmax) weighted by its number of rows; 426 rows in batches of 64 end with 42.
    X_train, y_train, X_val, y_val = _breast_cancer()
    config = dict(CONFIG, epochs=1, lr=0.0, dropout=0.0, seed=2)
    result = ex.train_model(_x(X_train), _y(y_train), _x(X_val), _y(y_val), **config)
    model = ex.make_model(X_train.shape[1], config["n_hidden"], int(y_train.max()) + 1, 0.0, config["seed"])
    model.train()
    order = torch.randperm(len(y_train), generator=torch.Generator().manual_seed(config["seed"])).numpy()
    total = 0.0
    for start in range(0, len(order), config["batch_size"]):
        index = order[start:start + config["batch_size"]]
        total += _cross_entropy(_np(model(_x(X_train[index]))), y_train[index]) * len(index)
    expect_close(result["train_loss"][0], total / len(order), what="train_loss[0] with lr=0 and dropout=0",
                 how="replayed here: torch.randperm(n, generator=Generator().manual_seed(seed)) order, the "
                 "train-mode cross-entropy of each batch times its length, summed and divided by n (the last "
                 "batch has 42 rows, not 64)", rtol=1e-5, atol=1e-7, inputs=config)
