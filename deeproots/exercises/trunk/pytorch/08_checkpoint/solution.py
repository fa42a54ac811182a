"""Checkpoints: save a model AND its optimizer, load them back, resume training exactly.

Source: PyTorch tutorial "Saving and Loading a General Checkpoint for Inference and/or
Resuming Training" (pytorch.org/tutorials/recipes/recipes/saving_and_loading_a_general_checkpoint.html)
and the torch.save / torch.load docs (weights_only=True); Goodfellow, Bengio & Courville,
Deep Learning §8.5.3 (Adam keeps running moment estimates: state beyond the weights).
https://pytorch.org/tutorials/recipes/recipes/saving_and_loading_a_general_checkpoint.html

Long trainings get interrupted. A checkpoint must hold everything the next step depends
on: the model's parameters and buffers (model.state_dict()), the optimizer's state
(optimizer.state_dict(): for Adam the moving averages m and v of every parameter and the
step count t, which sets the bias correction), and how far you got (the epoch). With all
three, "train 4 epochs, save, restart the program, load, train 6 more" gives EXACTLY the
parameters of 10 uninterrupted epochs, bit for bit. Forget the optimizer and Adam restarts
with m = v = 0 and t = 0: the next updates are different (each first Adam step has size
about lr per coordinate, whatever the gradient) and the run diverges from the original.

The file is a plain dict saved with torch.save(obj, path):
    {"model_state_dict": model.state_dict(),          # name -> tensor
     "optimizer_state_dict": optimizer.state_dict(),  # {"state": {...}, "param_groups": [...]}
     "epoch": epoch}                                  # int: epochs completed so far
and read back with torch.load(path, weights_only=True). weights_only=True (the default
since PyTorch 2.6) only rebuilds tensors, numbers, strings and containers, never arbitrary
Python objects, so loading a file from elsewhere cannot run code: save state_dicts, not
whole models. Restore in place: model.load_state_dict(...) and
optimizer.load_state_dict(...) copy the saved values into objects you have already built.

Resuming builds a FRESH model and a fresh optimizer over THAT model's parameters, then
loads the checkpoint into both. Two classic bugs: loading the weights into some other
model object than the one you return and train, and building the optimizer over another
model's parameters (it would then step tensors nobody uses).

Given below (do not change them): make_model(seed), the network (3 -> 16 -> 1, tanh,
float64) with seeded initial weights; make_optimizer(model, lr), Adam; train_epochs, one
full-batch step of mean squared error per epoch, X (n, 3), y (n,), returning the losses;
weights(model), a plain dict copy of the state_dict for the checks.

Shapes: path is a str (a file in a folder that exists); epoch an int. load_checkpoint
returns the saved epoch; resume returns (model, optimizer, epoch).

Tiny example (the check does this, and compares with 10 epochs in one go):
    model = make_model(1); opt = make_optimizer(model, 0.05)
    train_epochs(model, opt, X, y, 4); save_checkpoint("ckpt.pt", model, opt, 4)
    model2, opt2, epoch = resume("ckpt.pt", 0.05)      # epoch == 4
    train_epochs(model2, opt2, X, y, 6)                 # == epochs 5..10 of one long run
"""
import torch
from torch import nn


def make_model(seed: int) -> nn.Module:
    """Given: the network (3 -> 16 -> 1, tanh, float64), initialised from `seed`."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1)).double()


def make_optimizer(model: nn.Module, lr: float) -> torch.optim.Optimizer:
    """Given: Adam over model's parameters."""
    return torch.optim.Adam(model.parameters(), lr=lr)


def train_epochs(model: nn.Module, optimizer: torch.optim.Optimizer, X: torch.Tensor, y: torch.Tensor,
                 epochs: int) -> list[float]:
    """Given: `epochs` full-batch steps of mean squared error; the loss of each."""
    losses = []
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = ((model(X).squeeze(1) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def weights(model: nn.Module) -> dict[str, torch.Tensor]:
    """Given: a plain dict copy of model.state_dict()."""
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}


def save_checkpoint(path: str, model: nn.Module, optimizer: torch.optim.Optimizer, epoch: int) -> None:
    """Save model and optimizer state_dicts and the epoch to `path` with torch.save."""
    # TODO: torch.save({"model_state_dict": ..., "optimizer_state_dict": ..., "epoch": epoch}, path).
    ### BEGIN SOLUTION
    torch.save({
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": optimizer.state_dict(),
        "epoch": epoch,
    }, path)
    ### END SOLUTION


def load_checkpoint(path: str, model: nn.Module, optimizer: torch.optim.Optimizer) -> int:
    """Load the checkpoint at `path` into model and optimizer (in place); return its epoch."""
    # TODO: torch.load(path, weights_only=True), then load_state_dict on both; return the epoch.
    ### BEGIN SOLUTION
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    return checkpoint["epoch"]
    ### END SOLUTION


def resume(path: str, lr: float):
    """Build a fresh model and Adam over its parameters, load the checkpoint; return (model, optimizer, epoch)."""
    # TODO: make_model(seed=0), make_optimizer(model, lr), load_checkpoint(path, model, optimizer).
    ### BEGIN SOLUTION
    model = make_model(seed=0)
    optimizer = make_optimizer(model, lr)
    epoch = load_checkpoint(path, model, optimizer)
    return model, optimizer, epoch
    ### END SOLUTION
