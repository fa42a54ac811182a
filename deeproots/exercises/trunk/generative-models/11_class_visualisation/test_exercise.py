"""Checks for class visualisation (references: a digits convnet trained in the grader (deeproots.grading.digits) on a fixed split
of scikit-learn's load_digits, one gradient-ascent step computed here with torch.autograd on
that model in eval mode, the closed form for a linear model, and the check's own model's
scores and predictions for the learner's images)."""
import numpy as np
import torch
from torch import nn

from deeproots.grading.checks import expect, expect_close
from deeproots.grading.digits import digits_split, learner_digits_convnet, trained_digits_convnet


def _reference_step(model, img, target, step_size, l2_reg):
    """One step computed here: g = grad of S_target(I) - l2_reg ||I||^2 (autograd), I + step_size g / ||g||."""
    leaf = torch.as_tensor(img, dtype=torch.float32).clone().requires_grad_(True)
    objective = model(leaf)[0, target] - l2_reg * (leaf ** 2).sum()
    (grad,) = torch.autograd.grad(objective, leaf)
    return (leaf + step_size * grad / grad.norm()).detach().numpy()


def _scores(img):
    _, model = trained_digits_convnet()
    with torch.no_grad():
        return model(torch.as_tensor(np.asarray(img, dtype=np.float32))).numpy()[0]


def _linear_model(rng):
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 3))
    with torch.no_grad():
        model[1].weight.copy_(torch.from_numpy(rng.normal(size=(3, 64)).astype(np.float32)))
        model[1].bias.copy_(torch.tensor([0.5, -1.0, 2.0]))
    return model


def test_linear_model_hand_case(ex, rng):
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 2))
    with torch.no_grad():
        model[1].weight.copy_(torch.stack([torch.ones(64), torch.zeros(64)]))
        model[1].bias.zero_()
    first = ex.class_visualisation_step(model, torch.zeros(1, 1, 8, 8), 0, 0.8, 0.01)
    how = "by hand: g = W[0] - 2 * 0.01 * img is constant over the 64 pixels, so every pixel moves by 0.8 / 8 = 0.1"
    expect_close(first, np.full((1, 1, 8, 8), 0.1), what="class_visualisation_step(linear, zeros, 0, 0.8, 0.01)",
                 how=how, rtol=1e-6, atol=1e-6)
    second = ex.class_visualisation(model, torch.zeros(1, 1, 8, 8), 0, 2, 0.8, 0.01)
    expect_close(second, np.full((1, 1, 8, 8), 0.2), what="class_visualisation(linear, zeros, 0, steps=2, 0.8, 0.01)",
                 how=how + ", twice", rtol=1e-6, atol=1e-6)


def test_linear_model_closed_form(ex, rng):
    # For S(I) = W I + b the gradient of J is W[c] - 2 lambda I exactly; the softmax probability's is not.
    model = _linear_model(rng)
    W = model[1].weight.detach().numpy().astype(np.float64)
    for target, l2_reg in [(0, 0.0), (2, 0.5), (1, 2.0)]:
        img = rng.uniform(0.0, 1.0, size=(1, 1, 8, 8))
        g = W[target].reshape(1, 1, 8, 8) - 2.0 * l2_reg * img
        expected = img + 0.3 * g / np.linalg.norm(g)
        got = ex.class_visualisation_step(model, torch.from_numpy(img.astype(np.float32)), target, 0.3, l2_reg)
        expect_close(got, expected, what=f"class_visualisation_step(linear model, img, target={target}, 0.3, {l2_reg})",
                     how="closed form for a linear score: g = W[target] - 2 * l2_reg * img, img + 0.3 * g / ||g||",
                     rtol=1e-5, atol=1e-6)


def test_one_step_matches_autograd(ex, rng):
    _, model = trained_digits_convnet()
    learner_model = learner_digits_convnet(ex)
    _, X_test, _, _ = digits_split()
    for target, l2_reg, step_size in [(3, 0.1, 0.2), (7, 0.0, 0.5), (0, 1.0, 0.1)]:
        img = X_test[int(rng.integers(len(X_test)))][None]
        got = ex.class_visualisation_step(learner_model, torch.from_numpy(img), target, step_size, l2_reg)
        expect(isinstance(got, torch.Tensor) and tuple(got.shape) == (1, 1, 8, 8),
               "class_visualisation_step must return a (1, 1, 8, 8) tensor", got=got)
        expect_close(got, _reference_step(model, img, target, step_size, l2_reg),
                     what=f"class_visualisation_step(model, test digit, target={target}, {step_size}, {l2_reg})",
                     how="computed here: torch.autograd.grad of model(I)[0, target] - l2_reg * (I ** 2).sum() on the "
                         "same trained network in eval mode, then I + step_size * g / g.norm()",
                     rtol=1e-4, atol=1e-5)
        expect(learner_model.training is False, "the model must be in eval mode after the step: call model.eval()",
               training=learner_model.training)


def test_visualisation_makes_the_network_see_the_class(ex, rng):
    model = learner_digits_convnet(ex)
    _, X_test, _, y_test = digits_split()
    hits, report = 0, {}
    for target in range(10):
        index = int(np.flatnonzero(y_test == (target + 3) % 10)[0])  # start from a digit of ANOTHER class
        img = X_test[index][None]
        out = np.asarray(ex.class_visualisation(model, torch.from_numpy(img), target, 20, 0.2, 1e-3), dtype=np.float32)
        before, after = _scores(img), _scores(out)
        expect(after[target] > before[target] + 1.0,
               f"20 steps did not raise the score of class {target}: climb S_target (gradient ASCENT on the score)",
               score_before=float(before[target]), score_after=float(after[target]),
               how="the check's own trained network in eval mode; steps=20, step_size=0.2, l2_reg=1e-3")
        hits += int(np.argmax(after) == target)
        report[f"class {target}"] = int(np.argmax(after))
    expect(hits >= 8, f"after 20 steps the network predicts the target class for only {hits} of 10 classes "
           "(at least 8 expected; about 10 for a correct implementation)", predicted=report,
           how="each run starts from a test digit of another class; the check's own trained network decides")
