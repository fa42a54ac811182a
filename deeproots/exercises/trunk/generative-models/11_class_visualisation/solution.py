"""What does a convnet think a class looks like? Class models by gradient ascent.

Source: Simonyan, Vedaldi & Zisserman, "Deep Inside Convolutional Networks: Visualising
Image Classification Models and Saliency Maps" (ICLR workshop 2014), §2 (class model
visualisation); Stanford CS231n, assignment 3, Network_Visualization.ipynb
(create_class_visualization).
https://arxiv.org/abs/1312.6034

Fix the trained network and optimise the IMAGE instead of the weights: find an image I that
the network scores highly for class c, kept small by an L2 penalty,

    maximise  J(I) = S_c(I) - lambda * ||I||^2

where S_c(I) is the unnormalised class score (the logit, NOT the softmax probability: a
probability can be raised by pushing the OTHER classes down, which says little about what c
looks like) and ||I||^2 the sum of the squared pixels. Gradient ASCENT on J, with the step
normalised to a fixed length (as CS231n does, so step_size is the L2 length of each move):

    g = grad_I J(I) = grad_I S_c(I) - 2 lambda I
    I <- I + step_size * g / ||g||

Simonyan et al. and CS231n also jitter and blur the image between steps for nicer pictures;
here we keep it deterministic and leave them out.

class_visualisation_step(model, img, target, step_size, l2_reg): img (1, C, H, W) float32,
target an int class; returns the new image (1, C, H, W), detached. Put the model in eval
mode (batch norm's running statistics, no dropout: the objective must be a fixed function of
the image); take the gradient with torch.autograd.grad(J, img_leaf).

class_visualisation(model, img, target, steps, step_size, l2_reg): `steps` such steps from
img; returns the final image (1, C, H, W).

The model: make_digits_net() below builds the convnet the check trains ((N, 1, 8, 8) ->
(N, 10) scores, with batch norm and dropout); the check loads its trained weights.

Tiny example: a linear model S(I) = W I.flatten() + b with W[c] = 1 on the 64 pixels, img =
0 everywhere, lambda = 0.01, step_size = 0.8: g = W[c] - 0 is 1 on every pixel, ||g|| = 8,
so the new image is 0.8 / 8 = 0.1 on every pixel. From img = 0.1 everywhere, g = 1 - 2 *
0.01 * 0.1 = 0.998 on every pixel and again every pixel rises by 0.1.
"""
import torch
from torch import nn


def make_digits_net() -> nn.Sequential:
    """The digits convnet (given): (N, 1, 8, 8) images -> (N, 10) class scores."""
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(32 * 2 * 2, 10),
    )


def class_visualisation_step(model: nn.Module, img: torch.Tensor, target: int, step_size: float,
                             l2_reg: float) -> torch.Tensor:
    """Return img + step_size * g / ||g|| with g the gradient of S_target(img) - l2_reg * ||img||^2."""
    # TODO: eval mode; img as a leaf requiring grad; the objective; its gradient; a normalised ascent step.
    ### BEGIN SOLUTION
    model.eval()
    img = img.detach().clone().requires_grad_(True)
    score = model(img)[0, target]
    objective = score - l2_reg * (img ** 2).sum()
    (grad,) = torch.autograd.grad(objective, img)
    return (img + step_size * grad / grad.norm()).detach()
    ### END SOLUTION


def class_visualisation(model: nn.Module, img: torch.Tensor, target: int, steps: int = 100,
                        step_size: float = 0.2, l2_reg: float = 1e-3) -> torch.Tensor:
    """Return the image after `steps` class_visualisation_step updates from img."""
    # TODO: a loop.
    ### BEGIN SOLUTION
    for _ in range(steps):
        img = class_visualisation_step(model, img, target, step_size, l2_reg)
    return img
    ### END SOLUTION
