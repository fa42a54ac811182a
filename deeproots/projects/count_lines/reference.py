"""count-lines: deeproots' reference counter (the worker refuses to open this for a learner).

A small CNN whose head is a *sum* over locations (a density map, as in Lempitsky & Zisserman
2010): each location says how much line it holds, the sum is the count. Trained as a
regression on a mix of ordinary and ink-controlled images, so ink alone cannot explain the
targets. Fresh images every step (the kit's generator is fast), Adam, a cosine decay over the
budget of training images.
"""
import math
import time

import numpy as np
import torch
from torch import nn


def block(a, b):
    return [nn.Conv2d(a, b, 3, padding=1), nn.BatchNorm2d(b), nn.ReLU()]


def make_model(width=16):
    return nn.Sequential(*block(1, width), *block(width, 2 * width), nn.MaxPool2d(2), *block(2 * width, 2 * width),
                         nn.Conv2d(2 * width, 2 * width, 1), nn.ReLU(), nn.Conv2d(2 * width, 1, 1))


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = make_model().to(ctx.device)
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    if ctx.resume is not None:
        model.load_state_dict(ctx.resume)
    step, last_checkpoint = 0, time.monotonic()
    while not ctx.done():
        images, counts = ctx.kit.training_batch(ctx, min(64, ctx.steps_left()), ink_controlled=step % 2 == 1)
        progress = ctx.steps_used() / ctx.steps
        for group in optimiser.param_groups:
            group["lr"] = 3e-3 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
        x = torch.from_numpy(images)[:, None].to(ctx.device)
        y = torch.from_numpy(counts).float().to(ctx.device)
        loss = nn.functional.mse_loss(model(x).sum((1, 2, 3)), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 20 == 0:
            ctx.log(loss=loss.item())
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
    return np.rint(model(torch.from_numpy(images)[:, None]).sum((1, 2, 3)).numpy())
