"""Reference solution: a training loop with train()/eval() modes and no_grad evaluation."""
import torch
import torch.nn.functional as F
from torch import nn


def make_model(n_features: int, n_hidden: int, n_classes: int, dropout: float, seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(n_features, n_hidden), nn.BatchNorm1d(n_hidden), nn.ReLU(),
                         nn.Dropout(dropout), nn.Linear(n_hidden, n_classes))


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(X)


def evaluate(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    logits = predict(model, X)
    loss = F.cross_entropy(logits, y).item()
    accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    return loss, accuracy


def train_model(X_train: torch.Tensor, y_train: torch.Tensor, X_val: torch.Tensor,
                y_val: torch.Tensor, n_hidden: int, dropout: float, epochs: int, lr: float,
                batch_size: int, seed: int) -> dict:
    n, d = X_train.shape
    model = make_model(d, n_hidden, int(y_train.max()) + 1, dropout, seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    history = {"train_loss": [], "val_loss": [], "val_accuracy": []}
    for _ in range(epochs):
        model.train()
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(X_train[index]), y_train[index])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(index)
        history["train_loss"].append(total / n)
        val_loss, val_accuracy = evaluate(model, X_val, y_val)
        history["val_loss"].append(val_loss)
        history["val_accuracy"].append(val_accuracy)
    return {"model": model, "state_dict": dict(model.state_dict()), **history}
