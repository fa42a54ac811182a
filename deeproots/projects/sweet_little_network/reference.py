"""sweet-little-network: deeproots' reference classifier (the worker refuses to open this for a learner).

A small CNN: a 5 x 5 convolution with stride 2, two 3 x 3 convolutions with batch norm, a max
pool over the whole image (the shape may be anywhere, so "is this feature somewhere?" is the
question), then a linear layer to the six classes. Fresh images every step, cross-entropy,
Adam with a cosine decay over the budget of training images.
"""
import math
import time

import numpy as np
import torch
from torch import nn


def make_model(width=16, classes=6):
    return nn.Sequential(
        nn.Conv2d(1, width, 5, stride=2, padding=2), nn.BatchNorm2d(width), nn.ReLU(),          # 16 x 16
        nn.Conv2d(width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(), nn.MaxPool2d(2),  # 8 x 8
        nn.Conv2d(2 * width, 4 * width, 3, padding=1), nn.BatchNorm2d(4 * width), nn.ReLU(),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(4 * width, classes))


def to_tensor(images):
    return torch.from_numpy(np.asarray(images, dtype=np.float32))[:, None] - 0.5


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = make_model().to(ctx.device)
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    if ctx.resume is not None:
        model.load_state_dict(ctx.resume)
    step, last_checkpoint = 0, time.monotonic()
    while not ctx.done():
        images, labels = ctx.kit.training_batch(ctx, min(64, ctx.steps_left()))
        progress = min(ctx.steps_used() / ctx.steps, 1.0)
        for group in optimiser.param_groups:  # cosine decay to 0 over the budget
            group["lr"] = 3e-3 * 0.5 * (1 + math.cos(math.pi * progress))
        logits = model(to_tensor(images).to(ctx.device))
        loss = nn.functional.cross_entropy(logits, torch.from_numpy(labels).to(ctx.device))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 20 == 0:
            ctx.log(loss=loss.item(), accuracy=(logits.argmax(1).cpu().numpy() == labels).mean())
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint(model.state_dict())
            last_checkpoint = time.monotonic()
    return model.state_dict()


def load(state):
    model = make_model()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def predict(model, images):
    return model(to_tensor(images)).argmax(1).numpy()
