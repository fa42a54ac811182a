"""Checks for saliency maps (references: a digits convnet trained in the grader (deeproots.grading.digits) on a fixed split of
scikit-learn's load_digits, torch.autograd.grad of the chosen class scores computed here on
that model in eval mode, the closed form |W[c]| for a linear model, and the learner's model
inspected after the call: eval mode, no parameter gradients)."""
import numpy as np
import torch
from torch import nn

from deeproots.grading.checks import CheckFailure, expect, expect_close
from deeproots.grading.digits import digits_split, learner_digits_convnet, trained_digits_convnet


def _reference(X, y):
    _, model = trained_digits_convnet()
    X = torch.from_numpy(X).requires_grad_(True)
    scores = model(X)
    (grad,) = torch.autograd.grad(scores[torch.arange(len(y)), torch.from_numpy(y)].sum(), X)
    return grad.abs().amax(dim=1).numpy()


HOW = ("torch.autograd.grad of sum_n scores[n, y_n] w.r.t. X, computed here on the same trained network in eval "
       "mode, then abs and the max over the channel axis")


def _images(rng, n):
    _, X_test, _, _ = digits_split()
    return X_test[rng.choice(len(X_test), size=n, replace=False)]


def test_linear_model_hand_case(ex, rng):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Flatten(), nn.Linear(64, 10))
    W = model[1].weight.detach().numpy().copy()
    X = torch.from_numpy(rng.uniform(0, 1, size=(3, 1, 8, 8)).astype(np.float32))
    got = ex.saliency(model, X, torch.tensor([2, 7, 2]))
    expect_close(got, np.abs(W[[2, 7, 2]]).reshape(3, 8, 8), what="saliency(linear model, X, y=[2, 7, 2])",
                 how="closed form: a linear score W x + b has gradient W[c] for class c, so the map is "
                     "|W[c]| reshaped to 8x8, whatever the image", rtol=1e-6, atol=1e-7)


def test_saliency_matches_autograd(ex, rng):
    model = learner_digits_convnet(ex)
    for n in (12, 1, 5):
        X = _images(rng, n)
        y = rng.integers(0, 10, size=n).astype(np.int64)  # any classes, not only the predicted one
        got = ex.saliency(model, torch.from_numpy(X), torch.from_numpy(y))
        expect(isinstance(got, torch.Tensor) and tuple(got.shape) == (n, 8, 8),
               f"saliency must return a tensor of shape ({n}, 8, 8)", got=got)
        expect_close(got, _reference(X, y), what=f"saliency maps of {n} test digits", how=HOW,
                     rtol=1e-4, atol=1e-5, inputs={"y": y})


def test_each_map_depends_on_its_own_image_only(ex, rng):
    model = learner_digits_convnet(ex)
    X, y = _images(rng, 6), np.array([0, 3, 3, 9, 1, 5])
    whole = np.asarray(ex.saliency(model, torch.from_numpy(X), torch.from_numpy(y)))
    for n in range(len(y)):
        alone = ex.saliency(model, torch.from_numpy(X[n:n + 1]), torch.from_numpy(y[n:n + 1]))
        expect_close(alone, whole[n:n + 1], what=f"saliency of image {n} alone vs in a batch of {len(y)}",
                     how="the same call on the batch: in eval mode each image's scores depend on that image only",
                     rtol=1e-4, atol=1e-5, inputs={"y": y})


def test_model_left_in_eval_without_parameter_gradients(ex, rng):
    model = learner_digits_convnet(ex)
    X, y = _images(rng, 4), np.array([1, 2, 3, 4])
    ex.saliency(model, torch.from_numpy(X), torch.from_numpy(y))
    expect(model.training is False, "after saliency(model, ...) the model must be in eval mode: call model.eval()",
           training=model.training)
    try:
        learner_torch = ex.torch
    except Exception:  # noqa: BLE001 - the file no longer imports torch
        raise CheckFailure("keep `import torch` in your file (the check reads your parameters' gradients "
                           "through it)") from None
    total = learner_torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
    expect(float(total) == 0.0, "saliency left gradients on the model's parameters (their .grad is no longer None): "
           "take the gradient w.r.t. X only with torch.autograd.grad(total, X), or zero them afterwards "
           "(model.zero_grad(set_to_none=True))", parameter_gradient_norm=float(total),
           how="torch.nn.utils.clip_grad_norm_(model.parameters(), inf), which returns the norm of the "
               "gradients present (0 when every .grad is None) and leaves them unchanged")
