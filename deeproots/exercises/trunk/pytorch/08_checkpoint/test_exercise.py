"""Checks for checkpointing (references: the same network and Adam trained here in the check
process, checkpoint files read here with torch.load(weights_only=True) or written here in the
documented format, and the learner's own uninterrupted run for the bit-exact resume)."""
import os
import tempfile

import numpy as np
import torch
from torch import nn

from deeproots.grading.checks import CheckFailure, expect, expect_close, expect_equal

LR = 0.05
KEYS = ("model_state_dict", "optimizer_state_dict", "epoch")
ADAM_STATE = ("step", "exp_avg", "exp_avg_sq")


def _data(rng, n=32):
    X = rng.normal(size=(n, 3))
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + 0.1 * rng.normal(size=n)
    return torch.from_numpy(X), torch.from_numpy(y)


def _reference(seed, X, y, epochs):
    """The given make_model / make_optimizer / train_epochs, run here (global RNG left alone)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1)).double()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(epochs):
        optimizer.zero_grad()
        ((model(X).squeeze(1) - y) ** 2).mean().backward()
        optimizer.step()
    return model, optimizer


def _expect_same_weights(got, reference_model, what, how, exact=False):
    expect(isinstance(got, dict), f"{what}: expected a dict name -> tensor", got=got)
    for name, tensor in reference_model.state_dict().items():
        expect(name in got, f"{what}: no entry {name!r}", keys=sorted(map(str, got)))
        expect_close(got[name], tensor.numpy(), what=f"{what}[{name!r}]", how=how,
                     rtol=0 if exact else 1e-12, atol=0 if exact else 1e-14)


def _expect_same_adam_state(got, reference_optimizer, what, how):
    expected = reference_optimizer.state_dict()["state"]
    expect(isinstance(got, dict) and isinstance(got.get("state"), dict) and "param_groups" in got,
           f"{what} must be optimizer.state_dict(): a dict with 'state' and 'param_groups'", got=got)
    expect_equal(len(got["state"]), len(expected), what=f"number of parameters with Adam state in {what}",
                 how="one entry (step, exp_avg, exp_avg_sq) per parameter after training: an empty "
                     "'state' means a fresh optimizer's state_dict was saved or loaded")
    for index, entry in expected.items():
        for key in ADAM_STATE:
            expect_close(got["state"][index][key], entry[key].numpy(),
                         what=f"{what}['state'][{index}][{key!r}]", how=how, rtol=1e-12, atol=1e-14)


def _read_checkpoint(path):
    expect(os.path.isfile(path), "save_checkpoint wrote no file at the given path", path=path)
    try:
        return torch.load(path, weights_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the learner's to fix
        raise CheckFailure("torch.load(path, weights_only=True) could not read your checkpoint: save "
                           f"state_dicts and plain numbers, not whole objects ({type(error).__name__}: "
                           f"{str(error)[:300]})") from None


def test_saved_file_holds_model_optimizer_and_epoch(ex, rng):
    X, y = _data(rng)
    model = ex.make_model(1)
    optimizer = ex.make_optimizer(model, LR)
    ex.train_epochs(model, optimizer, X, y, 3)
    with tempfile.TemporaryDirectory(prefix="deeproots-checkpoint-") as folder:
        path = os.path.join(folder, "checkpoint.pt")
        ex.save_checkpoint(path, model, optimizer, 3)
        checkpoint = _read_checkpoint(path)
    expect(isinstance(checkpoint, dict), "the checkpoint must be a dict", got=type(checkpoint).__name__)
    for key in KEYS:
        expect(key in checkpoint, f"the checkpoint has no {key!r} entry", keys=sorted(map(str, checkpoint)))
    expect_equal(checkpoint["epoch"], 3, what="checkpoint['epoch']", how="the epoch passed to save_checkpoint")
    reference_model, reference_optimizer = _reference(1, X, y, 3)
    how = "make_model(1) and Adam(lr=0.05) trained 3 full-batch epochs in the check"
    _expect_same_weights(dict(checkpoint["model_state_dict"]), reference_model,
                         "checkpoint['model_state_dict']", how)
    _expect_same_adam_state(checkpoint["optimizer_state_dict"], reference_optimizer,
                            "checkpoint['optimizer_state_dict']", how)


def test_load_checkpoint_restores_in_place(ex, rng):
    X, y = _data(rng)
    reference_model, reference_optimizer = _reference(2, X, y, 5)
    with tempfile.TemporaryDirectory(prefix="deeproots-checkpoint-") as folder:
        path = os.path.join(folder, "checkpoint.pt")
        torch.save({"model_state_dict": reference_model.state_dict(),
                    "optimizer_state_dict": reference_optimizer.state_dict(), "epoch": 5}, path)
        model = ex.make_model(9)  # other initial weights: loading must overwrite them
        optimizer = ex.make_optimizer(model, LR)
        epoch = ex.load_checkpoint(path, model, optimizer)
    expect_equal(epoch, 5, what="load_checkpoint(...) return value", how="checkpoint['epoch'] of a file "
                 "written in the check")
    how = "the state_dicts in a checkpoint written by the check (make_model(2), Adam, 5 epochs)"
    _expect_same_weights(ex.weights(model), reference_model, "weights(model) after load_checkpoint", how)
    _expect_same_adam_state(optimizer.state_dict(), reference_optimizer,
                            "optimizer.state_dict() after load_checkpoint", how)


def test_resume_matches_uninterrupted_training(ex, rng):
    X, y = _data(rng)
    model = ex.make_model(3)
    optimizer = ex.make_optimizer(model, LR)
    losses = ex.train_epochs(model, optimizer, X, y, 10)
    uninterrupted = ex.weights(model)
    reference_model, _ = _reference(3, X, y, 10)
    _expect_same_weights(uninterrupted, reference_model, "weights after 10 uninterrupted epochs",
                         "make_model(3) and Adam trained 10 epochs in the check (the given functions "
                         "must stay as given)")

    model = ex.make_model(3)
    optimizer = ex.make_optimizer(model, LR)
    ex.train_epochs(model, optimizer, X, y, 4)
    with tempfile.TemporaryDirectory(prefix="deeproots-checkpoint-") as folder:
        path = os.path.join(folder, "checkpoint.pt")
        ex.save_checkpoint(path, model, optimizer, 4)
        resumed_model, resumed_optimizer, epoch = ex.resume(path, LR)
    expect_equal(epoch, 4, what="the epoch returned by resume", how="save_checkpoint(..., epoch=4)")
    rest = ex.train_epochs(resumed_model, resumed_optimizer, X, y, 6)
    how = "the same run without interruption: 4 epochs + save + resume + 6 epochs must equal 10 epochs"
    expect_close(rest, np.asarray(losses[4:]), what="losses of epochs 5-10 after resume", how=how,
                 rtol=0, atol=0)
    _expect_same_weights(ex.weights(resumed_model), reference_model,
                         "weights after 4 epochs, checkpoint, resume, 6 more epochs", how)
    for name, tensor in uninterrupted.items():
        expect_close(ex.weights(resumed_model)[name], tensor.numpy(), what=f"resumed weights[{name!r}]",
                     how=how + " (bit for bit)", rtol=0, atol=0)
