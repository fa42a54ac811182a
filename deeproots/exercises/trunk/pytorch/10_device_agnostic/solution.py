"""Reference solution: device-agnostic PyTorch (pick a device, move model and batch, return CPU data)."""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def make_model(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


def make_optimizer(model: nn.Module) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=0.1)


def parameter_devices(model: nn.Module) -> list[str]:
    return sorted({parameter.device.type for parameter in model.parameters()})


def pick_device(preferred: str | None = None) -> torch.device:
    if preferred is not None:
        return torch.device(preferred)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {key: to_device(value, device) for key, value in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(item, device) for item in batch)
    return batch


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, batch, device=None) -> dict:
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
