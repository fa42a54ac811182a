"""Checks for the custom softplus Function (references: np.logaddexp(0, x) and
scipy.special.expit, PyTorch's own torch.nn.functional.softplus differentiated by autograd,
NumPy central differences, and torch.autograd.gradcheck run here on the learner's Function
through a bridge, as well as the learner's own gradcheck)."""
import numpy as np
import torch
from scipy.special import expit

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal

# Several shapes, 0-d and a single element included.
SHAPES = [(), (1,), (7,), (3, 4), (2, 3, 2)]


def _t(array, dtype=np.float64):
    return torch.from_numpy(np.array(array, dtype=dtype))


def _forward_backward(ex, x, grad_output):
    y, grad = ex.forward_backward(_t(x, x.dtype), _t(grad_output, x.dtype))
    for name, value in (("y", y), ("dL/dx", grad)):
        expect(isinstance(value, torch.Tensor), f"forward_backward: {name} must be a torch.Tensor "
               "(did backward return None?)", got=type(value).__name__)
        expect_equal(tuple(value.shape), x.shape, what=f"{name}.shape", how="the shape of x")
    return y, grad


class _LearnerSoftplus(torch.autograd.Function):
    """A bridge: forward and backward both run the learner's Function (in the learner's process)."""

    @staticmethod
    def forward(ctx, x, learner):
        ctx.learner = learner
        ctx.save_for_backward(x)
        with torch.enable_grad():  # under plain pytest the learner's code runs here, inside forward
            y, _ = learner.forward_backward(x.detach(), torch.zeros_like(x))
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        with torch.enable_grad():
            _, grad = ctx.learner.forward_backward(x.detach(), grad_output.detach().contiguous())
        return grad, None


def test_forward_hand_example(ex, rng):
    y, grad = _forward_backward(ex, np.array([0.0]), np.array([4.0]))
    expect_close(y, np.array([np.log(2.0)]), what="softplus(0)", how="by hand: log(1 + e^0) = log 2",
                 rtol=1e-14, atol=1e-15)
    expect_close(grad, np.array([2.0]), what="dL/dx at x = 0 with grad_output = 4",
                 how="by hand: 4 * sigmoid(0) = 4 * 1/2", rtol=1e-14, atol=1e-15)


def test_forward_matches_logaddexp(ex, rng):
    for shape in SHAPES:
        x = rng.normal(scale=3.0, size=shape)
        y, _ = _forward_backward(ex, x, np.ones(shape))
        expect_close(y, np.logaddexp(0.0, x), what=f"softplus(x) for x of shape {shape}",
                     how="np.logaddexp(0, x) = log(e^0 + e^x)", rtol=1e-12, atol=1e-15, inputs={"x": x})


def test_stable_for_large_inputs(ex, rng):
    x = np.array([-1000.0, -200.0, -40.0, -1.0, 0.0, 1.0, 40.0, 200.0, 1000.0])
    y, grad = _forward_backward(ex, x, np.ones_like(x))
    expect_close(y, np.logaddexp(0.0, x), what="softplus(x) with |x| up to 1000 (float64)",
                 how="np.logaddexp(0, x): no overflow, softplus(1000) = 1000", rtol=1e-12, atol=1e-300,
                 inputs={"x": x})
    expect_close(grad, expit(x), what="dL/dx with |x| up to 1000 (grad_output = 1)",
                 how="scipy.special.expit(x), the stable sigmoid", rtol=1e-12, atol=1e-300, inputs={"x": x})
    x32 = np.array([-100.0, -20.0, 0.0, 20.0, 95.0], dtype=np.float32)
    y32, grad32 = _forward_backward(ex, x32, np.ones_like(x32))
    expect_equal(str(y32.dtype), "torch.float32", what="dtype of softplus(float32 x)", how="x's dtype")
    expect_close(y32, np.logaddexp(0.0, x32.astype(np.float64)),
                 what="softplus(x) in float32 (e^95 overflows float32)", how="np.logaddexp(0, x) in float64",
                 rtol=1e-6, atol=1e-30, inputs={"x": x32})
    expect_close(grad32, expit(x32.astype(np.float64)), what="dL/dx in float32",
                 how="scipy.special.expit(x) in float64", rtol=1e-6, atol=1e-30, inputs={"x": x32})


def test_backward_matches_torch_autograd(ex, rng):
    for shape in SHAPES:
        x, grad_output = rng.normal(scale=3.0, size=shape), rng.normal(size=shape)
        _, grad = _forward_backward(ex, x, grad_output)
        reference = _t(x).requires_grad_(True)
        torch.nn.functional.softplus(reference).backward(_t(grad_output))
        inputs = {"x": x, "grad_output": grad_output}
        expect_close(grad, reference.grad.numpy(), what=f"dL/dx for x of shape {shape}",
                     how="torch.nn.functional.softplus(x).backward(grad_output) in the check",
                     rtol=1e-12, atol=1e-15, inputs=inputs)
        expect_close(grad, grad_output * expit(x), what=f"dL/dx for x of shape {shape}",
                     how="grad_output * scipy.special.expit(x)", rtol=1e-12, atol=1e-15, inputs=inputs)


def test_backward_matches_central_differences(ex, rng):
    for shape in [(4,), (2, 3)]:
        x, grad_output = rng.normal(scale=2.0, size=shape), rng.normal(size=shape)
        _, grad = _forward_backward(ex, x, grad_output)
        numeric = central_difference(lambda v: np.sum(grad_output * np.logaddexp(0.0, v)), x)
        expect_close(grad, numeric, what=f"dL/dx for x of shape {shape}",
                     how="central_difference of L(x) = sum(grad_output * log(1 + e^x))", rtol=1e-6,
                     atol=1e-8, inputs={"x": x, "grad_output": grad_output})


def test_gradcheck_on_your_function(ex, rng):
    x = _t(np.concatenate([rng.normal(scale=4.0, size=5), [0.0]])).requires_grad_(True)
    passed = torch.autograd.gradcheck(lambda t: _LearnerSoftplus.apply(t, ex), (x,), eps=1e-6, atol=1e-7,
                                      rtol=1e-5, raise_exception=False)
    expect(passed, "torch.autograd.gradcheck, run by the check on your Function, failed: the Jacobian "
           "of your backward differs from central differences of your forward", x=x.detach().numpy())


def test_your_gradcheck_returns_true(ex, rng):
    expect_equal(ex.run_gradcheck(), True, what="run_gradcheck()",
                 how="torch.autograd.gradcheck on a correct Function returns True")
