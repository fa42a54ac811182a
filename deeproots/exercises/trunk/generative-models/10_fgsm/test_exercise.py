"""Checks for FGSM and fooling images (references: a digits convnet trained in the grader (deeproots.grading.digits) on a fixed
split of scikit-learn's load_digits, the FGSM image computed here with torch.autograd on that
model in eval mode, the hand-worked linear case, prediction flips and targets judged by the
check's own model, and the learner's model inspected after the call)."""
import numpy as np
import torch
from torch import nn

from deeproots.grading.checks import CheckFailure, expect, expect_close
from deeproots.grading.digits import digits_split, learner_digits_convnet, trained_digits_convnet


def _trusted_fgsm(X, y, epsilon):
    """FGSM computed here: clip(X + epsilon * sign(grad_X cross_entropy(model(X), y)), 0, 1), model in eval."""
    _, model = trained_digits_convnet()
    X = torch.as_tensor(X)
    leaf = X.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(nn.functional.cross_entropy(model(leaf), torch.as_tensor(y)), leaf)
    return (X + epsilon * grad.sign()).clamp(0.0, 1.0), grad


def _predict(X):
    _, model = trained_digits_convnet()
    with torch.no_grad():
        return model(torch.as_tensor(X)).argmax(dim=1).numpy()


def _correct_test_digits(count):
    _, X_test, _, y_test = digits_split()
    keep = _predict(X_test) == y_test
    return X_test[keep][:count], y_test[keep][:count]


def _toy_linear():
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 2))
    with torch.no_grad():
        model[1].weight.copy_(torch.stack([torch.ones(64), -torch.ones(64)]))
        model[1].bias.zero_()
    return model


def _expect_parameters_clean(ex, model, what):
    expect(model.training is False, f"after {what} the model must be in eval mode: call model.eval()",
           training=model.training)
    try:
        learner_torch = ex.torch
    except Exception:  # noqa: BLE001 - the file no longer imports torch
        raise CheckFailure("keep `import torch` in your file (the check reads your parameters' gradients "
                           "through it)") from None
    total = learner_torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
    expect(float(total) == 0.0, f"{what} left gradients on the model's parameters (their .grad is no longer None): "
           "differentiate w.r.t. the image only, torch.autograd.grad(loss, X_leaf)",
           parameter_gradient_norm=float(total),
           how="torch.nn.utils.clip_grad_norm_(model.parameters(), inf): the norm of the gradients present, "
               "0 when every .grad is None")


def test_fgsm_hand_case(ex, rng):
    X = torch.full((2, 1, 8, 8), 0.5)
    got = ex.fgsm(_toy_linear(), X, torch.tensor([0, 1]), 0.1)
    expected = np.concatenate([np.full((1, 1, 8, 8), 0.4), np.full((1, 1, 8, 8), 0.6)])
    expect_close(got, expected, what="fgsm(linear model with weights +1 / -1, X = 0.5, y = [0, 1], epsilon = 0.1)",
                 how="by hand: the cross-entropy gradient is -2 p_1 < 0 for y = 0 and +2 p_0 > 0 for y = 1 on every "
                     "pixel, so 0.5 - 0.1 and 0.5 + 0.1", rtol=1e-6, atol=1e-6)


def test_fgsm_matches_the_trusted_attack(ex, rng):
    model = learner_digits_convnet(ex)
    _, X_test, _, y_test = digits_split()
    for n, epsilon in [(20, 0.1), (1, 0.2), (7, 0.05)]:
        index = rng.choice(len(y_test), size=n, replace=False)
        X, y = X_test[index], y_test[index]
        got = ex.fgsm(model, torch.from_numpy(X), torch.from_numpy(y), epsilon)
        expect(isinstance(got, torch.Tensor) and tuple(got.shape) == X.shape,
               f"fgsm must return a tensor of X's shape {X.shape}", got=got)
        expected, grad = _trusted_fgsm(X, y, epsilon)
        got = np.asarray(got.detach(), dtype=np.float64)
        sure = np.abs(grad.numpy()) > 1e-6  # where the gradient's sign is not a rounding matter
        expect_close(got[sure], expected.numpy()[sure], what=f"fgsm(..., epsilon={epsilon}) on {n} test digits "
                     "(pixels whose gradient is not ~0)", how="computed here: clip(X + epsilon * sign(grad_X "
                     "F.cross_entropy(model(X), y)), 0, 1) with torch.autograd on the same network in eval mode",
                     rtol=1e-6, atol=1e-6, inputs={"y": y})
        expect(bool(np.all(got >= 0.0) and np.all(got <= 1.0)), "the adversarial image leaves [0, 1]: clip it "
               "(X_adv.clamp(0, 1))", min=float(got.min()), max=float(got.max()))
        expect(float(np.max(np.abs(got - X))) <= epsilon + 1e-6, f"some pixel moved by more than epsilon = {epsilon}",
               max_change=float(np.max(np.abs(got - X))))


def test_fgsm_fools_the_network(ex, rng):
    model = learner_digits_convnet(ex)
    X, y = _correct_test_digits(200)
    epsilon = 0.2
    adversarial = ex.fgsm(model, torch.from_numpy(X), torch.from_numpy(y), epsilon)
    flipped = float(np.mean(_predict(np.asarray(adversarial.detach(), dtype=np.float32)) != y))
    trusted = float(np.mean(_predict(_trusted_fgsm(X, y, epsilon)[0].numpy()) != y))
    expect(flipped >= 0.9 * trusted and flipped >= 0.5,
           f"your attack flips only {flipped:.0%} of 200 correctly classified test digits at epsilon = {epsilon} "
           f"(the FGSM computed here flips {trusted:.0%}): step UP the loss of the true class, along the sign of "
           "its gradient", flipped=flipped, trusted=trusted,
           how="predictions of the check's own trained network on your images and on its own FGSM images")
    _expect_parameters_clean(ex, model, "fgsm(model, ...)")


def test_fooling_image_one_step(ex, rng):
    model = learner_digits_convnet(ex)
    _, X_test, _, _ = digits_split()
    X = X_test[rng.choice(len(X_test), size=3, replace=False)]
    for n in range(3):
        image = X[n:n + 1]
        target = (int(_predict(image)[0]) + 1 + n) % 10
        got, steps = ex.fooling_image(model, torch.from_numpy(image), target, 0.05, 1)
        expected, _ = _trusted_fgsm(image, np.array([target]), -0.05)
        expect_close(got, expected.numpy(), what=f"fooling_image(..., target={target}, step_size=0.05, max_steps=1)",
                     how="one step computed here: clip(X - 0.05 * sign(grad_X F.cross_entropy(model(X), target)), 0, 1)",
                     rtol=1e-6, atol=1e-6)
        expect(steps == 1, "with max_steps = 1 and a target the model does not predict yet, steps must be 1", got=steps)


def test_fooling_image_reaches_its_target(ex, rng):
    model = learner_digits_convnet(ex)
    _, X_test, _, y_test = digits_split()
    for n in range(8):
        index = int(rng.integers(len(y_test)))
        image = X_test[index:index + 1]
        current = int(_predict(image)[0])
        target = (current + 1 + int(rng.integers(9))) % 10
        got, steps = ex.fooling_image(model, torch.from_numpy(image), target, 0.05, 30)
        got = np.asarray(got.detach(), dtype=np.float32)
        expect(int(_predict(got)[0]) == target, f"the fooling image of test digit {index} (predicted {current}) is "
               f"not classified as the target {target}: step DOWN the target's cross-entropy", steps=steps,
               how="the check's own trained network in eval mode; step_size 0.05, max_steps 30 (10 are always enough)")
        expect(isinstance(steps, int) and 1 <= steps <= 30, "steps must be the number of updates made (1 .. 30 here)",
               got=steps)
        expect(bool(np.all(got >= 0.0) and np.all(got <= 1.0)), "the fooling image leaves [0, 1]: clip every step",
               min=float(got.min()), max=float(got.max()))
    image = X_test[:1]
    got, steps = ex.fooling_image(model, torch.from_numpy(image), int(_predict(image)[0]), 0.05, 30)
    expect(steps == 0, "when the model already predicts the target, fooling_image returns X unchanged with steps = 0",
           got=steps)
    expect_close(got, image, what="fooling_image when the target is already predicted", how="X itself",
                 rtol=0, atol=0)
    _expect_parameters_clean(ex, model, "fooling_image(model, ...)")
