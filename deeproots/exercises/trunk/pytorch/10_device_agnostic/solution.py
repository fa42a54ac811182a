"""Device-agnostic PyTorch: one code path for CPU, CUDA GPUs and Apple's MPS.

Source: PyTorch tutorial "Build the Neural Network" (section "Get Device for Training")
and notes "CUDA semantics" (pytorch.org/docs/stable/notes/cuda.html, "Best practices:
device-agnostic code"); docs of torch.device, Tensor.to, Module.to, torch.cuda.is_available,
torch.backends.mps.is_available; Goodfellow, Bengio & Courville, Deep Learning §12.1.2
(GPU implementations).
https://pytorch.org/docs/stable/notes/cuda.html

Every tensor lives on a device: torch.device("cpu"), torch.device("cuda") (the current
GPU; "cuda:1" is the second one), torch.device("mps") (Apple silicon). An operation needs
all its operands on the same device, so a script that hard-codes "cuda" crashes on a
laptop ("Torch not compiled with CUDA enabled"), and one that forgets to move its data
crashes on a GPU ("Expected all tensors to be on the same device"). The cure: choose the
device once, at run time, and move everything there:

    device = torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")
    model.to(device)            # a Module moves IN PLACE (and returns itself)
    x = x.to(device)            # a tensor does NOT: .to returns a moved copy, keep it
    ...
    logits.detach().cpu().numpy()   # NumPy only reads CPU memory: bring results back

Creating a torch.device("cuda:1") object allocates nothing and works on any machine;
only moving a tensor there needs the GPU.

What to write:
  * pick_device(preferred=None) -> torch.device. An explicit choice wins:
    torch.device(preferred) (e.g. "cpu" to debug on a GPU machine, or "cuda:1").
    Otherwise "cuda" if torch.cuda.is_available(), else "mps" if
    torch.backends.mps.is_available(), else "cpu".
  * to_device(batch, device): the same structure with every tensor moved. batch may be
    a tensor, a tuple or list of them, a dict of them, or nested; other values (ints,
    strings) stay as they are; a tuple stays a tuple, a dict keeps its keys.
  * train_step(model, optimizer, batch, device=None) -> {"loss": float, "logits": ndarray}.
    device None means pick_device(); a string or torch.device is used as given. Move the
    model and the batch = (x, y) there, then one step: model.train(), zero_grad,
    logits = model(x), loss = F.cross_entropy(logits, y), backward, optimizer.step().
    Return plain CPU data: loss.item() (a Python float) and
    logits.detach().cpu().numpy(), the logits before the step, shape (N, 3).

Given (do not change): make_model(seed), nn.Sequential(Linear(4, 8), ReLU, Linear(8, 3))
in float32 (MPS has no float64); make_optimizer(model), SGD with lr 0.1;
parameter_devices(model), the device types holding the model's parameters (for the checks).

Shapes: x (N, 4) float32, y (N,) int64 labels 0-2.

Tiny example: on a machine without a GPU, pick_device() is device(type='cpu') and
pick_device("cuda:1") is device(type='cuda', index=1); to_device({"x": x, "n": 3}, "cpu")
is {"x": x, "n": 3}. With all-zero logits for 3 classes the first loss is log 3 = 1.0986.
The checks compute what pick_device() should give from torch.cuda.is_available() on the
machine they run on, so the same code passes on a laptop and on a GPU server.
"""
import numpy as np  # noqa: F401 - train_step returns NumPy arrays
import torch
import torch.nn.functional as F  # noqa: F401 - F.cross_entropy
from torch import nn


def make_model(seed: int) -> nn.Module:
    """Given: a small classifier (4 -> 8 -> 3) with seeded initial weights, float32, on the CPU."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


def make_optimizer(model: nn.Module) -> torch.optim.Optimizer:
    """Given: plain SGD with learning rate 0.1 over the model's parameters."""
    return torch.optim.SGD(model.parameters(), lr=0.1)


def parameter_devices(model: nn.Module) -> list[str]:
    """Given: the sorted device types ("cpu", "cuda", ...) of the model's parameters."""
    return sorted({parameter.device.type for parameter in model.parameters()})


def pick_device(preferred: str | None = None) -> torch.device:
    """Return torch.device(preferred) if given, else cuda, mps or cpu, whichever is available first."""
    # TODO: explicit choice first; then torch.cuda.is_available(), torch.backends.mps.is_available(), cpu.
    ### BEGIN SOLUTION
    if preferred is not None:
        return torch.device(preferred)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")
    ### END SOLUTION


def to_device(batch, device):
    """Return batch (tensor / tuple / list / dict, nested) with every tensor moved to device."""
    # TODO: recurse into dicts, lists and tuples (keep their type); tensor.to(device); leave the rest.
    ### BEGIN SOLUTION
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {key: to_device(value, device) for key, value in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(item, device) for item in batch)
    return batch
    ### END SOLUTION


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, batch, device=None) -> dict:
    """One training step on `device` (default pick_device()); return {"loss": float, "logits": CPU ndarray}."""
    # TODO: choose the device, model.to(device), move (x, y), the step, return CPU results.
    ### BEGIN SOLUTION
    device = pick_device() if device is None else torch.device(device)
    model.to(device)
    x, y = to_device(batch, device)
    model.train()
    optimizer.zero_grad()
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    optimizer.step()
    return {"loss": loss.item(), "logits": logits.detach().cpu().numpy()}
    ### END SOLUTION
