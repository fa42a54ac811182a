"""The grader's fixed split of scikit-learn's digits (the checks of cnn-digits and vae-train read
it too) and the trained digits convnet that the checks of saliency-maps, fgsm and
class-visualisation attack and inspect: one trusted copy of the network their learner files are
given (make_digits_net), trained once per grader process on that split."""
from __future__ import annotations

import functools

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn


def digits_convnet() -> nn.Sequential:
    """The architecture of the learner files' make_digits_net(): (N, 1, 8, 8) -> (N, 10) scores."""
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(32 * 2 * 2, 10),
    )


@functools.cache
def digits_split():
    """(X_train, X_test, y_train, y_test): images (n, 1, 8, 8) in [0, 1], a fixed stratified 75/25 split."""
    digits = load_digits()
    X = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    return train_test_split(X, digits.target.astype(np.int64), test_size=0.25, random_state=0, stratify=digits.target)


@functools.cache
def trained_digits_convnet():
    """(state_dict, reference model in eval mode): Adam 3e-3, 8 epochs of batches of 64, seed 0."""
    X_train, _, y_train, _ = digits_split()
    X_train, y_train = torch.from_numpy(X_train), torch.from_numpy(y_train)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a few seconds on one thread; more threads only contend on a shared machine
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = digits_convnet()
        optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
        for _ in range(8):
            model.train()
            order = torch.randperm(len(X_train))
            for start in range(0, len(X_train), 64):
                index = order[start:start + 64]
                optimizer.zero_grad()
                nn.functional.cross_entropy(model(X_train[index]), y_train[index]).backward()
                optimizer.step()
    torch.set_num_threads(threads)
    model.eval()
    model.zero_grad(set_to_none=True)
    return {name: value.detach().clone() for name, value in model.state_dict().items()}, model


def learner_digits_convnet(ex):
    """The learner's make_digits_net() with the trained weights, left in train mode (as built)."""
    state, _ = trained_digits_convnet()
    model = ex.make_digits_net()
    model.load_state_dict(state)
    return model
