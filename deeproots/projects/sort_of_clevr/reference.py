"""sort-of-clevr: deeproots' reference, a small Relation Network (the worker refuses to open this for a learner).

Santoro et al. (2017): a CNN turns the image into a k x k feature map; every cell is an "object"
(its channels plus its (x, y) coordinates). g_theta reads every pair of objects together with
the question, the pair outputs are pooled, and f_phi maps the pooled vector to the answer.
A relational question ("the shape of the object furthest from the red one") needs one object
compared with all the others: exactly what the sum over pairs gives.

Two small changes from the paper, as in the lab's experiment (deeproots/lab/experiments/
sort_of_clevr.py): g_theta's first layer is linear in (o_i, o_j, q), so it is computed per
object and broadcast over the pairs (the same function, far fewer multiplications); and the
pair outputs are averaged, then batch-normalised (a plain sum starts from huge logits).
The budget counts fresh images, not gradient steps: after each fresh batch the reference takes
REPLAY more steps on batches it has already seen (without them, 8,000 images are 500 steps,
and the RN stays at the blind guess).
"""
import math
import time

import torch
from torch import nn
from torch.nn import functional as F

CHANNELS, G_WIDTH, F_WIDTH, N_ANSWERS = 24, 32, 64, 10
BATCH, LR, WARMUP = 16, 3e-3, 0.05  # images per step (each with its 12 questions); Adam; warm-up share
REPLAY = 3  # after each fresh batch, this many steps on batches of images already seen (they cost no budget)


class RelationNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        layers, c_in = [], 3
        for _ in range(3):  # 32 x 32 -> 4 x 4 cells of 24 channels
            layers += [nn.Conv2d(c_in, CHANNELS, 3, stride=2, padding=1), nn.BatchNorm2d(CHANNELS), nn.ReLU()]
            c_in = CHANNELS
        self.conv = nn.Sequential(*layers)
        side = torch.linspace(-1, 1, 4)
        ys, xs = torch.meshgrid(side, side, indexing="ij")
        self.register_buffer("coords", torch.stack([xs, ys], -1).view(1, 16, 2))  # each cell's (x, y)
        c = CHANNELS + 2
        # g_theta's first layer on concat(o_i, o_j, q), split into its three blocks of columns.
        self.g_i, self.g_j = nn.Linear(c, G_WIDTH), nn.Linear(c, G_WIDTH, bias=False)
        self.g_q = nn.Linear(11, G_WIDTH, bias=False)
        self.g_rest = nn.Sequential(nn.Linear(G_WIDTH, G_WIDTH), nn.ReLU())
        self.norm = nn.BatchNorm1d(G_WIDTH)
        self.f = nn.Sequential(nn.Linear(G_WIDTH, F_WIDTH), nn.ReLU(), nn.Linear(F_WIDTH, F_WIDTH), nn.ReLU(),
                               nn.Linear(F_WIDTH, N_ANSWERS))

    def forward(self, images, questions):  # (B, 32, 32, 3), (B, q, 11) -> logits (B, q, 10)
        cells = self.conv(images.permute(0, 3, 1, 2).contiguous()).flatten(2).transpose(1, 2)  # (B, 16, C)
        objects = torch.cat([cells, self.coords.expand(len(cells), -1, -1)], dim=2)
        a, b, q = self.g_i(objects), self.g_j(objects), self.g_q(questions)
        pairs = F.relu(a[:, None, :, None] + b[:, None, None, :] + q[:, :, None, None])  # (B, q, 16, 16, w)
        relations = self.g_rest(pairs).mean(dim=(2, 3))  # (B, q, w): the sum over pairs / 256
        return self.f(self.norm(relations.flatten(0, 1)).view_as(relations))


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = RelationNetwork().to(ctx.device)
    if ctx.resume is not None:
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=LR)
    total = (1 + REPLAY) * max(1, (ctx.steps or 20_000) // BATCH)  # gradient steps in the budget (of images)
    warmup = max(1, round(WARMUP * total))

    def lr_at(step):  # linear warm-up, then a cosine decay to zero
        return LR * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(1.0, step / total)))

    seen = []  # every training batch so far: the budget counts images, so revisit them
    step, last_checkpoint = (1 + REPLAY) * (ctx.steps_used() // BATCH), time.monotonic()
    while not ctx.done():
        seen.append(ctx.kit.training_batch(ctx, min(BATCH, ctx.steps_left() or BATCH)))
        for k in range(1 + REPLAY):
            images, questions, answers = seen[-1] if k == 0 else seen[torch.randint(len(seen), ()).item()]
            x, q, y = (torch.from_numpy(a).to(ctx.device) for a in (images, questions, answers))
            for group in optimiser.param_groups:
                group["lr"] = lr_at(step)
            logits = model(x, q)
            loss = F.cross_entropy(logits.flatten(0, 1), y.flatten())
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            step += 1
        if step % 80 == 0:  # accuracy on the last (replayed) batch
            right = (logits.argmax(-1) == y).float()
            relational = q[..., 7] == 1  # bit 7: a relational question
            ctx.log(loss=loss.item(), relational=right[relational].mean().item(),
                    other=right[~relational].mean().item())
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint(model.state_dict())
            last_checkpoint = time.monotonic()
    return model.state_dict()


def load(state):
    model = RelationNetwork()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def predict(model, images, questions):
    """images (n, 32, 32, 3), questions (n, 12, 11) -> answers (n, 12), indices into the ten ANSWERS."""
    return model(torch.from_numpy(images), torch.from_numpy(questions)).argmax(-1).numpy()
