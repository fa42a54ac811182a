"""A custom autograd Function: softplus with its own forward and backward, verified by gradcheck.

Source: PyTorch notes "Extending torch.autograd" (pytorch.org/docs/stable/notes/extending.html)
and the tutorial "Learning PyTorch with Examples", section "PyTorch: Defining new autograd
functions"; docs of torch.autograd.gradcheck; Goodfellow, Bengio & Courville, Deep Learning
§6.5.6 (every operation supplies a bprop: the gradient of its inputs given the gradient of
its output) and §4.1 (overflow and underflow); CS231n notes "Neural Networks 3", "Gradient checks".
https://pytorch.org/docs/stable/notes/extending.html

Autograd knows the derivative of every built-in op. For your own op (a fused kernel, a
formula autograd would differentiate badly, a straight-through trick) you subclass
torch.autograd.Function and write both directions yourself:

    class MyOp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):               # plain tensor maths, no graph is recorded here
            ctx.save_for_backward(x)       # keep what backward needs (tensors go HERE, so
            return f(x)                    #   autograd can check they were not modified)
        @staticmethod
        def backward(ctx, grad_output):    # grad_output = dL/dy, same shape as y
            (x,) = ctx.saved_tensors
            return grad_output * f'(x)     # dL/dx by the chain rule, same shape as x
    y = MyOp.apply(x)                      # apply() runs forward(), not you

The op: softplus(x) = log(1 + e^x), a smooth ReLU. Written like that it overflows:
e^1000 = inf in float64 (e^89 already in float32), so softplus(1000) would be inf instead
of 1000. The stable form, equal for every x:

    softplus(x) = max(x, 0) + log1p(e^{-|x|})          (e^{-|x|} <= 1: nothing overflows;
                                                         log1p stays accurate when it is tiny)
    d softplus / dx = sigmoid(x) = 1 / (1 + e^{-x})    (torch.sigmoid is stable)

So backward returns grad_output * sigmoid(x), elementwise; it must use grad_output (the
upstream gradient), not only the local derivative.

torch.autograd.gradcheck(fn, (x,), eps=1e-6, atol=..., rtol=...) compares the Jacobian your
backward implies with central differences (f(x + eps) - f(x - eps)) / (2 eps) of your
forward, entry by entry. It needs float64 inputs with requires_grad=True (in float32 the
differences are swamped by rounding) and returns True, or raises GradcheckError showing
both Jacobians.

What to write: Softplus.forward (stable, saving x), Softplus.backward, and run_gradcheck(),
which builds a float64 tensor with requires_grad=True holding negative, zero and positive
values (a few tens in magnitude at most: central differences lose accuracy beyond) and
returns torch.autograd.gradcheck(Softplus.apply, (x,), eps=1e-6, atol=1e-7, rtol=1e-5).
Off limits (the point is to write them yourself): torch.nn.functional.softplus, and
torch.autograd.grad (a backward that asks autograd for the answer).

Given (do not change): forward_backward(x, grad_output) -> (y, dL/dx), which runs your
Function forward and backward; the checks compare it with PyTorch's own softplus and
autograd, with NumPy central differences, and run gradcheck on it from their side too.

Shapes: x any shape (0-d included), float64 or float32; y and dL/dx have x's shape and
dtype; grad_output has x's shape.

Tiny example: softplus(0) = log 2 = 0.6931 with slope sigmoid(0) = 1/2, so with
grad_output = 4 the gradient is 2. softplus(1000) = 1000 (slope 1) and
softplus(-1000) = e^{-1000}, which is 0 in float64 (slope 0).

Do not use: torch.nn.functional.softplus, torch.autograd.grad.
"""
import torch


class Softplus(torch.autograd.Function):
    """y = log(1 + exp(x)), computed stably, with a hand-written backward."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        """Save x for backward and return max(x, 0) + log1p(exp(-|x|))."""
        # TODO: ctx.save_for_backward(x); the stable formula with torch.clamp/abs/exp/log1p.
        ### BEGIN SOLUTION
        ctx.save_for_backward(x)
        return torch.clamp(x, min=0) + torch.log1p(torch.exp(-torch.abs(x)))
        ### END SOLUTION

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        """Return dL/dx = grad_output * sigmoid(x)."""
        # TODO: read x from ctx.saved_tensors; chain rule with torch.sigmoid.
        ### BEGIN SOLUTION
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)
        ### END SOLUTION


def forward_backward(x: torch.Tensor, grad_output: torch.Tensor):
    """Given: (Softplus.apply(x), dL/dx) for L with dL/dy = grad_output."""
    x = x.detach().clone().requires_grad_(True)
    y = Softplus.apply(x)
    y.backward(grad_output)
    return y.detach(), x.grad


def run_gradcheck() -> bool:
    """Return torch.autograd.gradcheck of Softplus.apply on a float64 input with requires_grad=True."""
    # TODO: x = torch.tensor([...], dtype=torch.float64, requires_grad=True); return torch.autograd.gradcheck(...).
    ### BEGIN SOLUTION
    x = torch.tensor([-30.0, -3.0, -0.5, 0.0, 0.7, 2.0, 25.0], dtype=torch.float64, requires_grad=True)
    return torch.autograd.gradcheck(Softplus.apply, (x,), eps=1e-6, atol=1e-7, rtol=1e-5)
    ### END SOLUTION
