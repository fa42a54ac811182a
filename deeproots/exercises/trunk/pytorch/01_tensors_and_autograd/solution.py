"""PyTorch basics: tensor operations, autograd, and a hand-written gradient descent loop.

Source: PyTorch tutorials, "Learn the Basics" -> "Tensors" and "Automatic Differentiation
with torch.autograd" (pytorch.org/tutorials/beginner/basics/autogradqs_tutorial.html), and
"Learning PyTorch with Examples" (the "PyTorch: Tensors and autograd" section, which
updates weights by hand under torch.no_grad()); Goodfellow, Bengio & Courville, Deep
Learning §6.5 (back-propagation is what autograd automates).
https://pytorch.org/tutorials/beginner/basics/autogradqs_tutorial.html

1. A tensor op. A linear layer in torch.nn.Linear's convention (W has shape
   (out_features, in_features)) followed by a log-sum-exp over the outputs:

       z = x @ W.T + b                     x: (N, D), W: (M, D), b: (M,), z: (N, M)
       out[i] = log sum_j exp(z[i, j])     out: (N,)   -- use torch.logsumexp(z, dim=1),
                                           which is stable for |z| ~ 1000; log(exp(.).sum())
                                           overflows to inf

2. Autograd. For L = mean_i out[i] (a scalar), return L and its gradients with respect to
   x, W and b. Recipe: make leaf tensors that track gradients,
       x = x.detach().clone().requires_grad_(True)     (likewise W and b)
   (clone, so the caller's tensors are left alone), compute L, call L.backward(), and
   read x.grad, W.grad, b.grad. For checking: d out[i] / d z[i, :] = softmax(z[i, :]), so
   dL/dz = softmax(z, dim=1) / N, and then dL/dx = dL/dz @ W, dL/dW = (dL/dz).T @ x,
   dL/db = (dL/dz).sum(0).

3. Gradient descent by hand on least squares, L(w) = mean((X @ w - y)^2):
       w = w0.detach().clone().requires_grad_(True)
       repeat `steps` times:
           loss = ((X @ w - y) ** 2).mean();  record loss.item();  loss.backward()
           with torch.no_grad():         # the update itself must not be recorded
               w -= lr * w.grad
           w.grad.zero_()                # .grad ACCUMULATES across backward() calls
   and return (w.detach(), the list of recorded losses). The recorded loss is the loss
   before each update; the gradient is (2/n) X^T (X w - y).

Shapes and types: every argument and result is a torch tensor (float64 in the checks)
except lr (float), steps (int) and the losses (a list of Python floats).
linear_logsumexp returns (N,); loss_and_gradients returns (L 0-d, dx (N, D), dW (M, D),
db (M,)); gradient_descent takes X (n, d), y (n,), w0 (d,) and returns (w (d,), losses).

Tiny examples:
  * x = [[0.]], W = [[1.], [2.]], b = [0., 0.]: z = [[0, 0]], out = [log 2]; dL/db = [1/2, 1/2].
  * X = [[1.]], y = [2.], w0 = [0.], lr = 0.25, steps = 3: L(w) = (w - 2)^2, gradient 2(w - 2):
    w goes 0 -> 1 -> 1.5 -> 1.75 and losses = [4.0, 1.0, 0.25].
"""
import torch


def linear_logsumexp(x: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return logsumexp(x @ W.T + b) over the output dimension, shape (N,)."""
    # TODO: one line with torch.logsumexp(..., dim=1).
    ### BEGIN SOLUTION
    return torch.logsumexp(x @ W.T + b, dim=1)
    ### END SOLUTION


def loss_and_gradients(x: torch.Tensor, W: torch.Tensor, b: torch.Tensor):
    """Return (L, dL/dx, dL/dW, dL/db) for L = linear_logsumexp(x, W, b).mean(), via autograd."""
    # TODO: detached clones with requires_grad_(True), compute L, L.backward(), read .grad.
    ### BEGIN SOLUTION
    x = x.detach().clone().requires_grad_(True)
    W = W.detach().clone().requires_grad_(True)
    b = b.detach().clone().requires_grad_(True)
    loss = linear_logsumexp(x, W, b).mean()
    loss.backward()
    return loss.detach(), x.grad, W.grad, b.grad
    ### END SOLUTION


def gradient_descent(X: torch.Tensor, y: torch.Tensor, w0: torch.Tensor, lr: float,
                     steps: int) -> tuple[torch.Tensor, list[float]]:
    """Run `steps` updates of w on mean((X @ w - y)^2); return (w, losses before each step)."""
    # TODO: autograd for the gradient, the update under torch.no_grad(), zero the grad.
    ### BEGIN SOLUTION
    w = w0.detach().clone().requires_grad_(True)
    losses = []
    for _ in range(steps):
        loss = ((X @ w - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    return w.detach(), losses
    ### END SOLUTION
