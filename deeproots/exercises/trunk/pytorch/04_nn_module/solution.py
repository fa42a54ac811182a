"""Writing an nn.Module: layers as registered submodules, parameters vs buffers, state_dict.

Source: PyTorch tutorial "Build the Neural Network" (pytorch.org/tutorials/beginner/basics/
buildmodel_tutorial.html) and docs of torch.nn.Module (register_buffer, named_parameters,
named_buffers, state_dict) and torch.nn.ModuleList; Goodfellow, Bengio & Courville, Deep
Learning §6.1-6.3 (feedforward networks, ReLU hidden units).
https://pytorch.org/tutorials/beginner/basics/buildmodel_tutorial.html

An nn.Module subclass calls super().__init__() first, then creates its pieces as attributes
in __init__; forward(x) says how they combine, and model(x) calls forward. nn.Module
registers what you assign to it by type:
  * an nn.Parameter (nn.Linear's weight and bias are ones) is TRAINED: it appears in
    model.parameters() (what the optimizer updates) and in model.state_dict();
  * a buffer, self.register_buffer("name", tensor), is STATE that is not trained (running
    statistics, fixed normalisation constants): it is in state_dict() and moves with
    model.to(device) / model.double(), but is NOT in parameters();
  * a submodule (nn.Linear, an nn.ModuleList of them) has its parameters and buffers
    registered under dotted names: "layers.0.weight". A plain Python list of layers is
    invisible to nn.Module: no parameters, nothing to train, nothing saved.

1. MLP(sizes): sizes = [d_0, d_1, ..., d_L] (at least two entries). Store the L layers as
   self.layers = nn.ModuleList of nn.Linear(d_{i-1}, d_i), in order; forward applies them in
   order with a ReLU after every layer EXCEPT the last (the output is raw scores):
       h_0 = x,  h_i = relu(h_{i-1} W_i^T + b_i) for i < L,  out = h_{L-1} W_L^T + b_L
   x (n, d_0) -> out (n, d_L). nn.Linear(a, b).weight is (b, a); its default initialisation
   draws weight and bias uniformly in [-1/sqrt(a), 1/sqrt(a)]. The state_dict keys are
   "layers.0.weight", "layers.0.bias", "layers.1.weight", ... and the number of parameters is
       sum_i (d_{i-1} * d_i + d_i).
2. Standardize(mean, std): mean and std are (d,) float tensors. Register copies of them as
   the buffers "mean" and "std" (mean.clone(): do not keep the caller's tensor), and create
   two trainable nn.Parameters of the same dtype, "gain" = ones(d) and "shift" = zeros(d).
   forward(x) = (x - mean) / std * gain + shift, for x (n, d). Parameters: 2d.
3. make_model(mean, std, sizes) = nn.Sequential(Standardize(mean, std), MLP(sizes)), with
   sizes[0] equal to len(mean): keys "0.mean", "0.std", "0.gain", "0.shift",
   "1.layers.0.weight", ...
4. Functions of any module:
   count_parameters(module) -> int, the total number of entries of module.parameters()
       (p.numel() each; buffers do not count);
   parameter_names(module) -> list of the names in module.named_parameters(), in order;
   buffer_names(module) -> list of the names in module.named_buffers(), in order;
   state_dict_tensors(module) -> dict(name -> tensor) of module.state_dict(), as a plain
       dict (state_dict() returns an OrderedDict; use dict(...) or a comprehension).

Tiny example: MLP([2, 3, 1]) has layers.0.weight (3, 2), layers.0.bias (3,),
layers.1.weight (1, 3), layers.1.bias (1,): 6 + 3 + 3 + 1 = 13 parameters.
Standardize(mean=[1., 2.], std=[2., 4.]) maps x = [[3., 6.]] to [[1., 1.]] (gain 1, shift 0),
has parameter_names ["gain", "shift"], buffer_names ["mean", "std"] and 4 parameters.
"""
import torch
from torch import nn


class MLP(nn.Module):
    """Linear layers of the given sizes with ReLU between them (not after the last)."""

    def __init__(self, sizes: list[int]):
        super().__init__()
        # TODO: self.layers = nn.ModuleList([...]) of nn.Linear(sizes[i], sizes[i + 1]).
        ### BEGIN SOLUTION
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return the raw output scores (n, sizes[-1]) for x (n, sizes[0])."""
        # TODO: each layer in order; ReLU after all but the last.
        ### BEGIN SOLUTION
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = torch.relu(x)
        return x
        ### END SOLUTION


class Standardize(nn.Module):
    """(x - mean) / std * gain + shift, with mean, std buffers and gain, shift parameters."""

    def __init__(self, mean: torch.Tensor, std: torch.Tensor):
        super().__init__()
        # TODO: register_buffer for mean and std (copies); nn.Parameter for gain and shift.
        ### BEGIN SOLUTION
        self.register_buffer("mean", mean.clone())
        self.register_buffer("std", std.clone())
        self.gain = nn.Parameter(torch.ones_like(mean))
        self.shift = nn.Parameter(torch.zeros_like(mean))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return (x - mean) / std * gain + shift."""
        # TODO: one line, broadcasting over the rows of x.
        ### BEGIN SOLUTION
        return (x - self.mean) / self.std * self.gain + self.shift
        ### END SOLUTION


def make_model(mean: torch.Tensor, std: torch.Tensor, sizes: list[int]) -> nn.Module:
    """Return nn.Sequential(Standardize(mean, std), MLP(sizes))."""
    # TODO: one line.
    ### BEGIN SOLUTION
    return nn.Sequential(Standardize(mean, std), MLP(sizes))
    ### END SOLUTION


def count_parameters(module: nn.Module) -> int:
    """Return the total number of trainable entries (parameters, not buffers)."""
    # TODO: sum of p.numel() over module.parameters().
    ### BEGIN SOLUTION
    return sum(p.numel() for p in module.parameters())
    ### END SOLUTION


def parameter_names(module: nn.Module) -> list[str]:
    """Return the names of module.named_parameters(), in order."""
    # TODO: a list comprehension.
    ### BEGIN SOLUTION
    return [name for name, _ in module.named_parameters()]
    ### END SOLUTION


def buffer_names(module: nn.Module) -> list[str]:
    """Return the names of module.named_buffers(), in order."""
    # TODO: a list comprehension.
    ### BEGIN SOLUTION
    return [name for name, _ in module.named_buffers()]
    ### END SOLUTION


def state_dict_tensors(module: nn.Module) -> dict[str, torch.Tensor]:
    """Return module.state_dict() as a plain dict of tensors."""
    # TODO: dict(...) of the state_dict.
    ### BEGIN SOLUTION
    return dict(module.state_dict())
    ### END SOLUTION
