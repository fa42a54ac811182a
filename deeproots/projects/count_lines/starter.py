"""count-lines: your counter. Make it count the lines in a 32 x 32 image.

This starter runs end to end and is deliberately weak: it counts *ink* (a straight line from
an image's total brightness to its count). On the hidden ink-controlled images, where every
image holds the same total length of line, ink says nothing, so this scores below bronze.
Replace the model and the training loop with your own; keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state          # train within ctx's budget; return plain data (a state_dict)
  load(state) -> model         # rebuild your model from that state (in a fresh process)
  predict(model, images) -> counts   # images (n, 32, 32) float32 in [0, 1] -> n counts
"""
import numpy as np
import torch
from torch import nn


def make_model() -> nn.Module:
    # TODO: a real network. This one only sees the total ink of an image.
    return nn.Linear(1, 1)


def features(images: torch.Tensor) -> torch.Tensor:
    return images.sum(dim=(1, 2))[:, None] / 100.0


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = make_model()
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    step = 0
    while not ctx.done():
        images, counts = ctx.kit.training_batch(ctx, min(64, ctx.steps_left()))
        x, y = features(torch.from_numpy(images)), torch.from_numpy(counts).float()
        loss = nn.functional.mse_loss(model(x)[:, 0], y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 50 == 0:
            ctx.log(loss=loss.item())
        if step % 200 == 0:
            ctx.checkpoint(model.state_dict())
    return model.state_dict()


def load(state):
    model = make_model()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def predict(model, images):
    return np.rint(model(features(torch.from_numpy(images)))[:, 0].numpy())
