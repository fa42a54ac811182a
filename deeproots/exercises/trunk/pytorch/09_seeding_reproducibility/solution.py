"""Reference solution: seeding every random number generator, reproducible training and shuffling."""
import random

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def draw_from_each() -> dict:
    return {"python": random.random(), "numpy": np.random.rand(3), "torch": torch.rand(3),
            "deterministic": torch.are_deterministic_algorithms_enabled()}


def train_tiny(seed: int, epochs: int = 5, lr: float = 0.05):
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


def loader_orders(n: int, batch_size: int, seed: int, epochs: int) -> list[torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size, shuffle=True,
                        generator=generator)
    return [torch.cat([batch for (batch,) in loader]) for _ in range(epochs)]
