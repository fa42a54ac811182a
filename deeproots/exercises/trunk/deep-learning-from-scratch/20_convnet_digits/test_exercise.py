"""Checks for the small convnet on the digits (references: the same net written in PyTorch
(float64) for the loss, autograd gradients and predictions; central differences of that loss;
a hand case with zero weights; the test accuracy computed here from the returned params)."""
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from deeproots.grading.checks import central_difference, expect, expect_close

NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
ACCURACY_FLOOR = 0.97


def _torch_scores(tensors, X):
    k = tensors["W1"].shape[2]
    conv = F.conv2d(torch.as_tensor(X, dtype=torch.float64), tensors["W1"], tensors["b1"],
                    stride=1, padding=(k - 1) // 2)
    pooled = F.max_pool2d(F.relu(conv), 2)
    hidden = F.relu(pooled.flatten(1) @ tensors["W2"] + tensors["b2"])
    return hidden @ tensors["W3"] + tensors["b3"]


def _torch_loss(tensors, X, y, reg):
    data = F.cross_entropy(_torch_scores(tensors, X), torch.as_tensor(y))
    return data + 0.5 * reg * sum((tensors[name] ** 2).sum() for name in ("W1", "W2", "W3"))


def _reference_loss_and_grads(params, X, y, reg):
    tensors = {name: torch.tensor(params[name], dtype=torch.float64, requires_grad=True)
               for name in NAMES}
    loss = _torch_loss(tensors, X, y, reg)
    loss.backward()
    return float(loss.detach()), {name: tensors[name].grad.numpy() for name in NAMES}


def _reference_loss(params, X, y, reg):
    with torch.no_grad():
        tensors = {name: torch.as_tensor(params[name], dtype=torch.float64) for name in NAMES}
        return float(_torch_loss(tensors, X, y, reg))


def _reference_predict(params, X):
    with torch.no_grad():
        tensors = {name: torch.as_tensor(np.asarray(params[name], dtype=np.float64)) for name in NAMES}
        return _torch_scores(tensors, X).argmax(dim=1).numpy()


def _random_params(rng, num_filters, filter_size, hidden_dim):
    pooled = num_filters * 16
    return {
        "W1": rng.normal(scale=0.5, size=(num_filters, 1, filter_size, filter_size)),
        "b1": rng.normal(scale=0.1, size=num_filters),
        "W2": rng.normal(scale=1.0 / np.sqrt(pooled), size=(pooled, hidden_dim)),
        "b2": rng.normal(scale=0.1, size=hidden_dim),
        "W3": rng.normal(scale=1.0 / np.sqrt(hidden_dim), size=(hidden_dim, 10)),
        "b3": rng.normal(scale=0.1, size=10),
    }


def _digits():
    digits = load_digits()
    return digits.images[:, None, :, :] / 16.0, digits.target


def test_zero_weights_hand_example(ex, rng):
    params = {name: np.zeros(shape) for name, shape in
              zip(NAMES, [(4, 1, 3, 3), (4,), (64, 5), (5,), (5, 10), (10,)])}
    X, y = rng.uniform(size=(2, 1, 8, 8)), np.array([3, 3])
    loss, grads = ex.loss_and_grads(params, X, y, 0.5)
    expect_close(loss, np.log(10.0), what="loss with every parameter zero",
                 how="by hand: all scores 0, softmax uniform, loss = log 10", rtol=1e-12, atol=1e-12,
                 inputs={"y": y})
    expect(isinstance(grads, dict) and set(grads) == set(NAMES),
           "grads must be a dict with the keys W1, b1, W2, b2, W3, b3",
           got=sorted(grads) if isinstance(grads, dict) else type(grads).__name__)
    db3 = np.full(10, 0.1)
    db3[3] = -0.9
    expect_close(grads["b3"], db3, what="grads['b3'] with every parameter zero",
                 how="by hand: 0.1 - (fraction of the batch labelled c)", rtol=1e-12, atol=1e-12,
                 inputs={"y": y})
    for name in ("W1", "b1", "W2", "b2", "W3"):
        expect_close(grads[name], np.zeros(params[name].shape), what=f"grads['{name}'] with every parameter zero",
                     how="by hand: the ReLUs of zero inputs pass nothing back", rtol=0, atol=1e-12)


def test_loss_and_grads_match_torch_autograd(ex, rng):
    # (N, F, filter size, H, reg): a single image, no regularisation, a 5x5 filter.
    for n, f, k, h, reg in [(5, 4, 3, 7, 0.3), (1, 2, 3, 3, 0.0), (6, 3, 5, 4, 0.05)]:
        params = _random_params(rng, f, k, h)
        X, y = rng.uniform(size=(n, 1, 8, 8)), rng.integers(0, 10, size=n)
        loss, grads = ex.loss_and_grads(params, X, y, reg)
        ref_loss, ref_grads = _reference_loss_and_grads(params, X, y, reg)
        label = f"for N={n}, {f} filters {k}x{k}, {h} hidden units, reg={reg}"
        inputs = {"X": X, "y": y, "reg": reg}
        expect_close(loss, ref_loss, what=f"loss {label}",
                     how="the same net in PyTorch: conv2d, relu, max_pool2d, linear, relu, linear, "
                         "cross_entropy + reg/2 * sum of squared weights", rtol=1e-10, atol=1e-12,
                     inputs=inputs)
        for name in NAMES:
            expect_close(grads[name], ref_grads[name], what=f"grads['{name}'] {label}",
                         how="torch autograd of the same loss", rtol=1e-8, atol=1e-10, inputs=inputs)


def test_grads_match_central_difference(ex, rng):
    params = _random_params(rng, 2, 3, 3)
    X, y, reg = rng.uniform(size=(3, 1, 8, 8)), rng.integers(0, 10, size=3), 0.2
    _, grads = ex.loss_and_grads(params, X, y, reg)
    for name in NAMES:
        def loss_of(value, name=name):
            return _reference_loss({**params, name: value}, X, y, reg)

        expect_close(grads[name], central_difference(loss_of, params[name]), what=f"grads['{name}']",
                     how="central_difference of the PyTorch loss (float64)", rtol=1e-5, atol=1e-8,
                     inputs={"X": X, "y": y, "reg": reg})


def test_predict_matches_reference(ex, rng):
    X, _ = _digits()
    X = X[rng.choice(len(X), size=40, replace=False)]
    params = _random_params(rng, 4, 3, 8)
    expect_close(ex.predict(params, X), _reference_predict(params, X), what="predict(params, X) on 40 digits",
                 how="argmax of the scores of the same net in PyTorch", rtol=0, atol=0)


def test_training_reaches_97_percent_on_held_out_digits(ex, rng):
    X, y = _digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    params = ex.train(X_train, y_train, seed=0)
    expect(isinstance(params, dict) and set(NAMES) <= set(params),
           "train must return a dict with the keys W1, b1, W2, b2, W3, b3",
           got=sorted(params) if isinstance(params, dict) else type(params).__name__)
    shapes = {name: np.shape(params[name]) for name in NAMES}
    f, k = shapes["W1"][0], shapes["W1"][-1]
    expect(len(shapes["W1"]) == 4 and shapes["W1"][1] == 1 and k % 2 == 1 and shapes["W1"][2] == k
           and shapes["b1"] == (f,) and len(shapes["W2"]) == 2 and shapes["W2"][0] == 16 * f
           and shapes["b2"] == (shapes["W2"][1],) and shapes["W3"] == (shapes["W2"][1], 10)
           and shapes["b3"] == (10,),
           "params must have the layout of the docstring: W1 (F, 1, k, k) with k odd, b1 (F,), "
           "W2 (16 F, H), b2 (H,), W3 (H, 10), b3 (10,)", shapes=shapes)
    accuracy = float(np.mean(_reference_predict(params, X_test) == y_test))
    expect(accuracy >= ACCURACY_FLOOR,
           f"test accuracy {accuracy:.4f} is below {ACCURACY_FLOOR}: the trained net does not classify "
           "held-out digits well enough (a gradient bug? an Adam update with the wrong sign or no "
           "bias correction? too few epochs?)",
           accuracy=accuracy, test_images=len(y_test), train_images=len(y_train),
           how="the held-out quarter of sklearn's load_digits (train_test_split, random_state=0, "
               "stratified), scored with a PyTorch forward pass of your params")


def test_training_steps_match_torch_adam(ex, rng):
    # A tiny run replayed with torch.optim.Adam from the same start (init_params) and the
    # statement's order: a fresh rng.permutation(N) every epoch, rng = default_rng(seed), the
    # rate times lr_decay after each epoch, 0.5 * reg * sum(W^2) on the weights only.
    X, y = _digits()
    X, y = X[:20], y[:20]
    seed, settings = 5, dict(num_filters=4, hidden_dim=8, epochs=3, batch_size=6, learning_rate=1e-2,
                             lr_decay=0.5, reg=1e-2)
    got = ex.train(X, y, seed=seed, **settings)
    start = ex.init_params(seed, num_filters=settings["num_filters"], hidden_dim=settings["hidden_dim"])
    tensors = {name: torch.tensor(np.asarray(start[name], dtype=np.float64), requires_grad=True) for name in NAMES}
    optimizer = torch.optim.Adam(tensors.values(), lr=settings["learning_rate"], betas=(0.9, 0.999), eps=1e-8)
    order_rng = np.random.default_rng(seed)
    for _ in range(settings["epochs"]):
        order = order_rng.permutation(len(y))
        for begin in range(0, len(y), settings["batch_size"]):
            batch = order[begin:begin + settings["batch_size"]]
            optimizer.zero_grad()
            _torch_loss(tensors, X[batch], y[batch], settings["reg"]).backward()
            optimizer.step()
        for group in optimizer.param_groups:
            group["lr"] *= settings["lr_decay"]
    how = ("torch.optim.Adam(betas=(0.9, 0.999), eps=1e-8) from init_params(seed), minibatches in the order "
           "of a fresh rng.permutation(N) each epoch (rng = np.random.default_rng(seed)), lr *= lr_decay after "
           "each epoch, loss + 0.5 * reg * sum(W^2) over W1, W2, W3 only")
    for name in NAMES:
        expect_close(got[name], tensors[name].detach().numpy(), what=f"train(...)['{name}'] after a tiny run",
                     how=how, rtol=1e-6, atol=1e-9, inputs={"N": len(y), "seed": seed, **settings})
