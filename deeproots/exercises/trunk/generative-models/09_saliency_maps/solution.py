"""Seeing what a convnet looks at: saliency maps.

Source: Simonyan, Vedaldi & Zisserman, "Deep Inside Convolutional Networks: Visualising
Image Classification Models and Saliency Maps" (ICLR workshop 2014), §3; Stanford CS231n,
assignment 3, Network_Visualization.ipynb (compute_saliency_maps).
https://arxiv.org/abs/1312.6034

A trained classifier gives each class c a score S_c(I), the unnormalised logit (NOT the
softmax probability: a probability can rise because the other classes' scores fell). Near a
given image I_0 the score is roughly linear, S_c(I) ~ w^T I + b with w = dS_c/dI at I_0, so
|w| says which pixels the score is most sensitive to. The saliency map of image n for its
class y_n is

    M[n, i, j] = max over channels k of | dS_{y_n}(X_n) / dX[n, k, i, j] |

Shapes: X (N, C, H, W) float32 images (here the 8x8 digits, C = 1, values in [0, 1]), y (N,)
int64 classes (the class whose score is explained: the true label or any other); returns
M (N, H, W), float32, non-negative.

How to compute it for a whole batch at once: put the model in eval mode (model.eval(): batch
norm uses its running statistics and dropout is off, so each image's scores depend on that
image only, and the map is deterministic); make X a leaf that requires grad
(X.detach().clone().requires_grad_(True)); scores = model(X) (N, num_classes); pick each
row's own class, scores.gather(1, y[:, None]) (careful: scores[:, y] is an (N, N) block,
every image paired with every class), sum them (the scores of different images do not
interact, so the gradient of the sum w.r.t. X_n is dS_{y_n}/dX_n), and take the gradient
w.r.t. X only: torch.autograd.grad(total, X). That leaves the model's parameters alone:
their .grad must stay as it was (None for the trained model the check hands you); with
.backward() instead, the parameters' .grad fill up. Leave the model in eval mode.

The model: make_digits_net() below builds the convnet the check trains (conv, batch norm,
ReLU, max-pool twice, dropout, a linear layer: (N, 1, 8, 8) -> (N, 10) scores); the check
loads its trained weights into one and passes it to saliency.

Tiny example: for a linear model S(X) = W X.flatten() + b (W of shape (10, 64)), dS_c/dX is
W[c] whatever X is, so the saliency map of any image for class c is |W[c]|.reshape(8, 8).
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


def saliency(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return (N, H, W): max over channels of |d score_{y_n} / d X_n| (the model left in eval)."""
    # TODO: eval mode; X as a leaf requiring grad; scores; each row's own class; autograd.grad; abs; max over dim 1.
    ### BEGIN SOLUTION
    model.eval()
    X = X.detach().clone().requires_grad_(True)
    scores = model(X)
    picked = scores.gather(1, y[:, None]).sum()
    (grad,) = torch.autograd.grad(picked, X)
    return grad.abs().amax(dim=1)
    ### END SOLUTION
