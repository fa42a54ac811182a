"""Seeding for reproducibility: Python, NumPy and PyTorch generators, and a seeded DataLoader.

Source: PyTorch notes "Reproducibility" (pytorch.org/docs/stable/notes/randomness.html:
"Controlling sources of randomness", torch.use_deterministic_algorithms, "DataLoader");
docs of torch.utils.data.DataLoader (shuffle=True, generator=); Goodfellow, Bengio &
Courville, Deep Learning §8.1.3 (mini-batches are drawn at random) and §7.12 (dropout).
https://pytorch.org/docs/stable/notes/randomness.html

A training run draws random numbers in many places: the initial weights (torch), the
dropout masks (torch), the data or its augmentation (often NumPy), the mini-batch order
(Python's random, or the DataLoader's sampler). Each library has its OWN global generator,
so seeding one of them leaves the others free: torch.manual_seed(0) does nothing for
np.random.randn. To repeat a run exactly, seed all three, and seed them BEFORE anything
random happens: a model built before the seed got whatever weights the generator's
previous state gave it.

    random.seed(seed)                          Python's random module
    np.random.seed(seed)                       NumPy's global generator (np.random.rand, randn, ...)
    torch.manual_seed(seed)                    torch's CPU generator (and every GPU's)
    torch.use_deterministic_algorithms(True)   refuse (raise on) GPU kernels that are not
                                               reproducible run to run (atomics in scatter_add,
                                               some cuDNN convolutions); on a GPU it also needs
                                               the environment variable CUBLAS_WORKSPACE_CONFIG=:4096:8

A DataLoader with shuffle=True draws each epoch's order from the generator you give it:
    generator = torch.Generator().manual_seed(seed)
    loader = DataLoader(dataset, batch_size=..., shuffle=True, generator=generator)
(sampler=RandomSampler(dataset, generator=generator) instead of shuffle=True works too.)
Make the loader (and its generator) ONCE: every pass over it is a new epoch with a new
order, and the sequence of orders is the same in every run. Without generator= the order
comes from torch's global generator, so anything else that draws from it changes it.

What to write:
  * seed_everything(seed): the four lines above.
  * train_tiny(seed, epochs=5, lr=0.05) -> (weights, losses): call seed_everything(seed)
    FIRST, then every random thing: the model nn.Sequential(Linear(4, 8), Tanh(),
    Dropout(0.2), Linear(8, 1)) (random initial weights), data X = np.random.randn(64, 4)
    as float32 (NumPy), y = X @ [1, -2, 0.5, 3] + 0.1 * torch.randn(64), then per epoch
    random.shuffle of the 64 row indices (Python) and mini-batches of 16 in that order,
    each one a gradient step on the mean squared error (dropout active: model in train
    mode). weights is a 1-D tensor of all parameters concatenated,
    torch.cat([p.detach().flatten() for p in model.parameters()]), 49 entries; losses is
    a list of `epochs` floats, the mean batch loss of each epoch.
  * loader_orders(n, batch_size, seed, epochs) -> list of `epochs` int64 tensors (n,):
    with a DataLoader over TensorDataset(torch.arange(n)) shuffled by a seeded generator,
    the order of the indices in each epoch (torch.cat of the batches; each batch is a
    1-tuple (indices,)).

Given (do not change): draw_from_each(), one draw from each global generator plus
torch.are_deterministic_algorithms_enabled(), which the checks use to see your seeding.

Checked: after seed_everything(s) the draws equal random.Random(s).random(),
np.random.RandomState(s).rand(3) and torch.rand(3, generator=torch.Generator().manual_seed(s));
train_tiny(s) twice gives identical results (even with other random draws in between),
another seed gives different ones; loader_orders matches a DataLoader built in the check,
(or one with the RandomSampler), is the same on every call and differs from epoch to epoch.

Tiny example: after seed_everything(0), random.random() = 0.8444218515250481 and
np.random.rand() = 0.5488135039273248; loader_orders(4, 2, 0, 2) is two permutations
of [0, 1, 2, 3] (of 4! = 24 possible), the same two every time you call it.
"""
import random

import numpy as np
import torch
from torch import nn  # noqa: F401 - for train_tiny
from torch.utils.data import DataLoader, TensorDataset  # noqa: F401 - for loader_orders


def seed_everything(seed: int) -> None:
    """Seed Python's random, NumPy's and torch's global generators; turn on deterministic algorithms."""
    # TODO: random.seed, np.random.seed, torch.manual_seed, torch.use_deterministic_algorithms(True).
    ### BEGIN SOLUTION
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    ### END SOLUTION


def draw_from_each() -> dict:
    """Given: one draw from each global generator, and whether deterministic algorithms are on."""
    return {"python": random.random(), "numpy": np.random.rand(3), "torch": torch.rand(3),
            "deterministic": torch.are_deterministic_algorithms_enabled()}


def train_tiny(seed: int, epochs: int = 5, lr: float = 0.05):
    """Seed first, then build, generate and train; return (1-D tensor of final weights, epoch losses)."""
    # TODO: seed_everything(seed) before the model, the NumPy data and the random.shuffle batches.
    ### BEGIN SOLUTION
    seed_everything(seed)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Dropout(0.2), nn.Linear(8, 1))
    X = torch.from_numpy(np.random.randn(64, 4).astype(np.float32))
    y = X @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(64)
    order = list(range(64))
    losses = []
    for _ in range(epochs):
        random.shuffle(order)
        total = 0.0
        for start in range(0, 64, 16):
            index = order[start:start + 16]
            loss = ((model(X[index]).squeeze(1) - y[index]) ** 2).mean()
            model.zero_grad()
            loss.backward()
            with torch.no_grad():
                for parameter in model.parameters():
                    parameter -= lr * parameter.grad
            total += loss.item()
        losses.append(total / 4)
    weights = torch.cat([parameter.detach().flatten() for parameter in model.parameters()])
    return weights, losses
    ### END SOLUTION


def loader_orders(n: int, batch_size: int, seed: int, epochs: int) -> list[torch.Tensor]:
    """Return each epoch's index order from a DataLoader shuffled by a generator seeded with `seed`."""
    # TODO: generator = torch.Generator().manual_seed(seed); one DataLoader; torch.cat of each epoch's batches.
    ### BEGIN SOLUTION
    generator = torch.Generator().manual_seed(seed)
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size, shuffle=True,
                        generator=generator)
    return [torch.cat([batch for (batch,) in loader]) for _ in range(epochs)]
    ### END SOLUTION
