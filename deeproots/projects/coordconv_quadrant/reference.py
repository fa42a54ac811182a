"""coordconv-quadrant: deeproots' reference, CoordConv (the worker refuses to open this for a learner).

Liu et al. (2018): give the network every pixel's own coordinates. The input centre (x, y) is
tiled over the canvas beside each pixel's coordinates (i, j), all scaled to [-1, 1]; the same
small MLP then runs at every pixel (a stack of 1 x 1 convolutions, written here as Linear
layers over the pixels, which is the same thing and faster on a CPU) and gives that pixel's
score. A pixel only has to learn "is (i, j) close to (x, y)?", which is the same rule in every
quadrant: it extrapolates to the quadrant it never saw. Softmax over the pixels, cross-entropy.
"""
import time

import torch
from torch import nn

SIZE = 32


def scaled(values):
    return values / (SIZE - 1) * 2 - 1  # pixels 0..31 -> [-1, 1]


class CoordConv(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        axis = scaled(torch.arange(SIZE, dtype=torch.float32))
        j, i = torch.meshgrid(axis, axis, indexing="ij")  # j: row (y), i: column (x)
        self.register_buffer("grid", torch.stack([i, j], -1).reshape(1, SIZE * SIZE, 2))
        self.net = nn.Sequential(nn.Linear(4, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                                 nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 1))

    def forward(self, coords):  # (n, 2) pixels -> (n, SIZE * SIZE) logits
        grid = self.grid.expand(len(coords), -1, -1)
        tiled = scaled(coords)[:, None, :].expand_as(grid)
        return self.net(torch.cat([tiled, grid], -1))[..., 0]


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = CoordConv().to(ctx.device)
    if ctx.resume is not None:
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=5e-3)
    step, last_checkpoint = 0, time.monotonic()
    while not ctx.done():
        coords, targets, _ = ctx.kit.training_batch(ctx, min(32, ctx.steps_left()))
        x = torch.from_numpy(coords).to(ctx.device)
        y = torch.from_numpy(targets.reshape(len(targets), -1).argmax(1)).to(ctx.device)  # the centre pixel
        loss = nn.functional.cross_entropy(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 10 == 0:
            ctx.log(loss=loss.item())
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint(model.state_dict())
            last_checkpoint = time.monotonic()
    return model.state_dict()


def load(state):
    model = CoordConv()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def predict(model, coords):
    return model(torch.from_numpy(coords)).reshape(len(coords), SIZE, SIZE).numpy()
