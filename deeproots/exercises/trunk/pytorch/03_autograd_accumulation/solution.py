"""Reference solution: gradient accumulation, retain_graph, detach, frozen layers, no_grad."""
import torch
import torch.nn.functional as F


def per_batch_gradients(w: torch.Tensor, batches: list) -> torch.Tensor:
    w = w.detach().clone().requires_grad_(True)
    rows = []
    for X, y in batches:
        w.grad = None  # backward() adds into .grad: reset it first
        loss = F.binary_cross_entropy_with_logits(X @ w, y)
        loss.backward()
        rows.append(w.grad.clone())
    return torch.stack(rows)


def accumulated_gradient(w: torch.Tensor, X: torch.Tensor, y: torch.Tensor,
                         chunk_size: int) -> torch.Tensor:
    w = w.detach().clone().requires_grad_(True)
    n = X.shape[0]
    for start in range(0, n, chunk_size):
        Xc, yc = X[start:start + chunk_size], y[start:start + chunk_size]
        loss = F.binary_cross_entropy_with_logits(Xc @ w, yc, reduction="sum") / n
        loss.backward()
    return w.grad


def two_heads_gradients(x: torch.Tensor, W: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    W = W.detach().clone().requires_grad_(True)
    h = torch.tanh(x @ W)
    loss1, loss2 = h.mean(), (h ** 2).sum()
    loss1.backward(retain_graph=True)
    g1 = W.grad.clone()
    W.grad.zero_()
    loss2.backward()
    return g1, W.grad


def td_semi_gradient(w: torch.Tensor, S: torch.Tensor, S_next: torch.Tensor, r: torch.Tensor,
                     gamma: float) -> torch.Tensor:
    w = w.detach().clone().requires_grad_(True)
    prediction = S @ w
    target = (r + gamma * (S_next @ w)).detach()
    loss = ((prediction - target) ** 2).mean()
    loss.backward()
    return w.grad


def frozen_first_layer(W1: torch.Tensor, W2: torch.Tensor, x: torch.Tensor,
                       y: torch.Tensor) -> dict:
    W1 = W1.detach()
    W2 = W2.detach().clone().requires_grad_(True)
    h = torch.relu(x @ W1)
    out = h @ W2
    loss = ((out - y) ** 2).mean()
    loss.backward()
    return {"hidden_requires_grad": h.requires_grad, "output_requires_grad": out.requires_grad,
            "W1_grad": W1.grad, "W2_grad": W2.grad}


def predict_no_grad(w: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return torch.sigmoid(X @ w)
