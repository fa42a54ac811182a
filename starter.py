"""same-different: your classifier. Say whether the two patterns in a 90 x 90 image are identical.

This starter runs end to end and is deliberately weak: one small convolution, averaged over
the whole image, then a linear read-out. It can tell how much ink there is, not whether the two
patterns match, so it stays near chance, below the total-ink rule of bronze.
Replace the model and the training loop with your own; keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state                # train within ctx's budget; return plain data (a state_dict)
  load(state) -> model               # rebuild your model from that state (in a fresh process)
  predict(model, images) -> labels   # images (n, 90, 90) float32 in {0, 1} -> n labels, 1 same, 0 different
"""
import numpy as np
import torch
from torch import nn


def make_model() -> nn.Module:
    # TODO: a network that compares the two patterns, wherever they are.
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(8, 2))


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = make_model()
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    step = 0
    while not ctx.done():
        images, labels = ctx.kit.training_batch(ctx, min(64, ctx.steps_left()))
        x, y = torch.from_numpy(images)[:, None], torch.from_numpy(labels)
        loss = nn.functional.cross_entropy(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 10 == 0:
            ctx.log(loss=loss.item())
        if step % 50 == 0:
            ctx.checkpoint(model.state_dict())
    return model.state_dict()


def load(state):
    model = make_model()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def predict(model, images):
    return model(torch.from_numpy(images)[:, None]).argmax(1).numpy()
