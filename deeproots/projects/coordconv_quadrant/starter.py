"""coordconv-quadrant: your network. Given a centre (x, y), paint its pixel on a 32 x 32 canvas.

This starter runs end to end and is deliberately weak: a plain decoder from the two numbers
(x, y) to 1,024 pixel scores, where every pixel has its own output weights. The pixels of the
bottom-right quadrant never light up in training, so the decoder learns to keep them dark: it
scores zero on the hidden test (centres in that quadrant). A plain convolutional decoder (the
paper's "deconv") fails the same way. Replace the model with your own; keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state                 # train within ctx's budget; return plain data (a state_dict)
  load(state) -> model                # rebuild your model from that state (in a fresh process)
  predict(model, coords) -> scores    # coords (n, 2) float32 pixels (x, y) -> (n, 32, 32) scores;
                                      # the pixel with the highest score is the one you paint
"""
import numpy as np
import torch
from torch import nn

SIZE = 32


def make_model() -> nn.Module:
    # TODO: a network that can paint a pixel it never saw painted.
    return nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, SIZE * SIZE))


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = make_model()
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=5e-3)
    step = 0
    while not ctx.done():
        coords, targets, squares = ctx.kit.training_batch(ctx, min(32, ctx.steps_left()))
        x = torch.from_numpy(coords) / (SIZE - 1)
        y = torch.from_numpy(targets.reshape(len(targets), -1).argmax(1))  # index of the centre pixel
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
def predict(model, coords):
    return model(torch.from_numpy(coords) / (SIZE - 1)).reshape(len(coords), SIZE, SIZE).numpy()
