"""Adversarial examples: the fast gradient sign method and fooling images.

Source: Goodfellow, Shlens & Szegedy, "Explaining and Harnessing Adversarial Examples"
(ICLR 2015), §3 (the fast gradient sign method); Kurakin, Goodfellow & Bengio, "Adversarial
examples in the physical world" (2017), §2.2 (the iterative, targeted version); Stanford
CS231n, assignment 3, Network_Visualization.ipynb (make_fooling_image).
https://arxiv.org/abs/1412.6572

A classifier's loss J(X, y) is nearly linear in the input over small distances. Among all
perturbations with every pixel changed by at most epsilon (an L-infinity ball), the one that
raises the linearised loss the most moves every pixel by epsilon in the direction of its
gradient's sign:

    X_adv = clip(X + epsilon * sign(grad_X J(X, y)), 0, 1)

with J the cross-entropy of the model's scores and the true labels y, and the clip keeping a
valid image (pixels in [0, 1]). One gradient, one step: for 8x8 digits, epsilon = 0.2 turns
most correct predictions into wrong ones although every pixel moved by at most 0.2.

fgsm(model, X, y, epsilon): X (N, C, H, W) float32 in [0, 1], y (N,) int64 true labels;
returns X_adv of X's shape, detached. Put the model in eval mode first (the attack is on
the deployed network: batch norm's running statistics, no dropout); take the gradient with
respect to the INPUT (torch.autograd.grad(loss, X_leaf)), not the weights, and leave the
parameters' .grad untouched (None for the model the check hands you).

The targeted, iterative version makes the network answer a chosen class. Instead of
climbing the loss of the true class it descends the loss of the target, in small sign
steps, until the prediction is the target:

    repeat at most max_steps times:
        if argmax model(X_fool) == target: stop
        X_fool = clip(X_fool - step_size * sign(grad_X J(X_fool, target)), 0, 1)

fooling_image(model, X, target, step_size, max_steps): X (1, C, H, W), target an int;
returns (X_fool (1, C, H, W) detached, steps) where steps is the number of updates made
(0 when the model already predicts target; max_steps when it never got there). Eval mode
here too.

The model: make_digits_net() below builds the convnet the check trains ((N, 1, 8, 8) ->
(N, 10) scores, with batch norm and dropout); the check loads its trained weights.

Tiny example: a linear model with two classes whose weights are +1 (class 0) and -1
(class 1) on every pixel, X = 0.5 everywhere, y = 0, epsilon = 0.1: the gradient of the
cross-entropy is (p_0 - 1) * (+1) + p_1 * (-1) = -2 p_1 < 0 on every pixel, so X_adv = 0.4
everywhere (lowering the pixels lowers class 0's score); with y = 1 it is 0.6 everywhere.
"""
import torch
import torch.nn.functional as F
from torch import nn


def make_digits_net() -> nn.Sequential:
    """The digits convnet (given): (N, 1, 8, 8) images -> (N, 10) class scores."""
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(32 * 2 * 2, 10),
    )


def fgsm(model: nn.Module, X: torch.Tensor, y: torch.Tensor, epsilon: float) -> torch.Tensor:
    """Return clip(X + epsilon * sign(grad_X cross_entropy(model(X), y)), 0, 1), detached."""
    # TODO: eval mode; X as a leaf requiring grad; the loss; its gradient w.r.t. X; one sign step; clip.
    ### BEGIN SOLUTION
    model.eval()
    X_leaf = X.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(model(X_leaf), y)
    (grad,) = torch.autograd.grad(loss, X_leaf)
    return (X.detach() + epsilon * grad.sign()).clamp(0.0, 1.0)
    ### END SOLUTION


def fooling_image(model: nn.Module, X: torch.Tensor, target: int, step_size: float = 0.05,
                  max_steps: int = 50) -> tuple[torch.Tensor, int]:
    """Return (X_fool, steps): sign steps down the target's loss until the model predicts target."""
    # TODO: eval mode; loop: stop if argmax == target (or max_steps reached), else one clipped sign step.
    ### BEGIN SOLUTION
    model.eval()
    X_fool = X.detach().clone()
    labels = torch.tensor([target])
    for steps in range(max_steps + 1):
        X_fool = X_fool.detach().requires_grad_(True)
        scores = model(X_fool)
        if int(scores.argmax(dim=1)[0]) == target or steps == max_steps:
            return X_fool.detach(), steps
        (grad,) = torch.autograd.grad(F.cross_entropy(scores, labels), X_fool)
        X_fool = (X_fool - step_size * grad.sign()).clamp(0.0, 1.0)
    ### END SOLUTION
