"""A training loop with train() and eval() modes: dropout, batch norm, no_grad evaluation.

Source: PyTorch tutorial "Optimizing Model Parameters" (pytorch.org/tutorials/beginner/basics/
optimization_tutorial.html: train_loop / test_loop, model.train(), model.eval(),
torch.no_grad()); docs of nn.Dropout and nn.BatchNorm1d; Goodfellow, Bengio & Courville,
Deep Learning §7.12 (dropout: random masks in training, the full network at test time) and
§8.7.1 (batch normalisation: batch statistics in training, running averages at test time);
Ioffe & Szegedy (2015) §3.1.
https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html

Two layers behave differently in training and in evaluation, and model.train() /
model.eval() switch every such layer of a model at once:
  * nn.Dropout(p): in train mode each activation is zeroed with probability p and the
    survivors are scaled by 1 / (1 - p); in eval mode it is the identity. So in train mode
    two forward passes on the same input differ; in eval mode they are identical.
  * nn.BatchNorm1d(m): in train mode it normalises with the mean and (biased) variance of
    the current batch and updates running_mean / running_var (momentum 0.1) and counts
    num_batches_tracked += 1; in eval mode it uses the running statistics:
        bn(z) = (z - running_mean) / sqrt(running_var + eps) * weight + bias
And torch.no_grad() is separate from eval(): eval() changes what the layers compute,
no_grad() stops autograd from recording a graph (less memory, and outputs whose
requires_grad is False). Evaluation needs both. The classic bug: evaluating once per epoch
puts the model in eval mode, and the next epoch trains with dropout off and frozen
batch-norm statistics unless the loop calls model.train() at the start of every epoch.

1. make_model(n_features, n_hidden, n_classes, dropout, seed): torch.manual_seed(seed), then
       nn.Sequential(nn.Linear(n_features, n_hidden), nn.BatchNorm1d(n_hidden), nn.ReLU(),
                     nn.Dropout(dropout), nn.Linear(n_hidden, n_classes))
   in exactly this order (the checks read model[0], model[1], model[4]).
2. predict(model, X): X (n, n_features) float32 -> logits (n, n_classes): model.eval(), then
   the forward pass inside `with torch.no_grad():`.
3. evaluate(model, X, y): y (n,) int64 class labels -> (loss, accuracy) as Python floats:
   the mean cross-entropy F.cross_entropy(logits, y) and the fraction of rows whose argmax
   logit equals y, from predict(model, X).
4. train_model(X_train, y_train, X_val, y_val, n_hidden, dropout, epochs, lr, batch_size, seed):
   model = make_model(d, n_hidden, n_classes, dropout, seed) with n_classes = y_train.max() + 1;
   optimizer = torch.optim.Adam(model.parameters(), lr=lr); generator =
   torch.Generator().manual_seed(seed). Each epoch: model.train(); order =
   torch.randperm(n, generator=generator); mini-batches of batch_size rows in that order
   (every row once, the last batch shorter, none dropped); per batch: zero the gradients,
   loss = F.cross_entropy(model(Xb), yb), backward, optimizer.step(). Then record
       train_loss: the epoch's mean training loss per example (sum of loss * batch length / n)
       val_loss, val_accuracy: evaluate(model, X_val, y_val)
   Return {"model": model, "state_dict": dict(model.state_dict()), "train_loss": [...],
   "val_loss": [...], "val_accuracy": [...]} (lists of `epochs` floats).
   The same arguments must give the same results: all randomness comes from the seed.

Shapes: X float32 (n, d); y int64 (n,); logits (n, n_classes).

Tiny example: in eval mode a model whose running_mean is 0, running_var 1, weight 1, bias 0
passes z through batch norm as z / sqrt(1 + 1e-5); dropout(p = 0.5) in train mode turns
[1, 1, 1, 1] into, say, [2, 0, 2, 0], and in eval mode leaves it [1, 1, 1, 1]. With
n = 426 rows and batch_size = 32 an epoch has 14 batches (13 full, one of 10), so after
12 epochs model[1].num_batches_tracked is 168.
"""
import torch
import torch.nn.functional as F
from torch import nn


def make_model(n_features: int, n_hidden: int, n_classes: int, dropout: float, seed: int) -> nn.Module:
    """Return the seeded Sequential Linear -> BatchNorm1d -> ReLU -> Dropout -> Linear."""
    # TODO: torch.manual_seed(seed), then nn.Sequential(...) in the docstring's order.
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(n_features, n_hidden), nn.BatchNorm1d(n_hidden), nn.ReLU(),
                         nn.Dropout(dropout), nn.Linear(n_hidden, n_classes))
    ### END SOLUTION


def predict(model: nn.Module, X: torch.Tensor) -> torch.Tensor:
    """Return the logits of X in evaluation mode, without recording a graph."""
    # TODO: model.eval(); with torch.no_grad(): return model(X).
    ### BEGIN SOLUTION
    model.eval()
    with torch.no_grad():
        return model(X)
    ### END SOLUTION


def evaluate(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Return (mean cross-entropy, accuracy) of the model on (X, y), in evaluation mode."""
    # TODO: logits = predict(model, X); F.cross_entropy(...).item(); (argmax == y) mean.
    ### BEGIN SOLUTION
    logits = predict(model, X)
    loss = F.cross_entropy(logits, y).item()
    accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    return loss, accuracy
    ### END SOLUTION


def train_model(X_train: torch.Tensor, y_train: torch.Tensor, X_val: torch.Tensor,
                y_val: torch.Tensor, n_hidden: int, dropout: float, epochs: int, lr: float,
                batch_size: int, seed: int) -> dict:
    """Train with Adam for `epochs` epochs; return the model, its state_dict and the histories."""
    # TODO: model.train() at the start of EVERY epoch; evaluate() at its end.
    ### BEGIN SOLUTION
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
    ### END SOLUTION
