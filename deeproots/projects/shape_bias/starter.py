"""shape-bias: your classifier. Name the shape (disc, square, triangle, cross) in a 32 x 32 image.

In the training images each shape always wears its own texture (the disc horizontal stripes, the
square vertical stripes, the triangle a checkerboard, the cross dots), so the texture alone gives
the label away. deeproots scores your model on hidden *cue-conflict* images (a disc with the
square's stripes...): does it name the shape or the texture?

This starter is an ordinary CNN trained in the ordinary way. It learns the easiest cue, the
texture, and names the texture of nearly every cue-conflict image: a shape bias near 0%, below
bronze. Change what it sees or how it learns so that it decides by shape; keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state                 # train within ctx's budget; return plain data (a state_dict)
  load(state) -> model                # rebuild your model from that state (in a fresh process)
  predict(model, images) -> classes   # images (n, 32, 32) float32 in [0, 1] -> n classes in 0..3
"""
import numpy as np
import torch
from torch import nn


def make_model(width=8, classes=4) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, width, 5, stride=2, padding=2), nn.ReLU(),
        nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(2 * width, 4 * width, 3, padding=1), nn.ReLU(),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(4 * width, classes))


def to_tensor(images) -> torch.Tensor:
    # TODO: what the network sees. The grey background is 0.5; the textures' tones are 0 and 1.
    return torch.from_numpy(np.asarray(images, dtype=np.float32))[:, None] - 0.5


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = make_model()
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
    step = 0
    while not ctx.done():
        images, labels = ctx.kit.training_batch(ctx, min(64, ctx.steps_left()))
        # TODO: an augmentation here could take the texture's power away
        loss = nn.functional.cross_entropy(model(to_tensor(images)), torch.from_numpy(labels))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 20 == 0:
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
    return model(to_tensor(images)).argmax(1).numpy()
