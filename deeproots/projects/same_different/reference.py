"""same-different: deeproots' reference, a correlation layer (the worker refuses to open this for a learner).

Kim et al. (2018) argue that feedforward CNNs fail at same-different because they must compare
two items wherever they are, and a convolution only looks at one place at a time. So compare
every place with every other: the image's autocorrelation A(d) = sum_p x(p) x(p + d), computed
for all shifts d at once with an FFT. Two identical patterns put a peak at their displacement
whose height is the ink of one pattern, half the image's ink A(0); two different patterns
overlap less. A small MLP reads the three highest peaks (over shifts too large for an item to
overlap itself), each divided by half the ink, and learns where "same" begins.
"""
import time

import torch
from torch import nn

BOX, MIN_SHIFT, TOP = 90, 4, 3  # shifts below MIN_SHIFT pixels are a 4 x 4 item overlapping itself


def shift_mask():
    d = torch.arange(2 * BOX)
    d = torch.minimum(d, 2 * BOX - d)  # circular index -> |shift|
    return (torch.maximum(d[:, None], d[None, :]) >= MIN_SHIFT).flatten()


class Correlator(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("mask", shift_mask())
        self.head = nn.Sequential(nn.Linear(TOP, 16), nn.ReLU(), nn.Linear(16, 2))

    def features(self, images):  # (n, BOX, BOX) -> (n, TOP)
        spectrum = torch.fft.rfft2(images, s=(2 * BOX, 2 * BOX))  # zero-padded: no wrap-around
        corr = torch.fft.irfft2(spectrum * spectrum.conj(), s=(2 * BOX, 2 * BOX)).flatten(1)
        half_ink = corr[:, :1] / 2 + 1e-3
        return corr[:, self.mask].topk(TOP, dim=1).values / half_ink

    def forward(self, images):
        return self.head(self.features(images))


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = Correlator().to(ctx.device)
    if ctx.resume is not None:
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.head.parameters(), lr=1e-2)
    step, last_checkpoint = 0, time.monotonic()
    while not ctx.done():
        images, labels = ctx.kit.training_batch(ctx, min(64, ctx.steps_left()))
        x, y = torch.from_numpy(images).to(ctx.device), torch.from_numpy(labels).to(ctx.device)
        logits = model(x)
        loss = nn.functional.cross_entropy(logits, y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 10 == 0:
            ctx.log(loss=loss.item(), accuracy=(logits.argmax(1) == y).float().mean().item())
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint(model.state_dict())
            last_checkpoint = time.monotonic()
    return model.state_dict()


def load(state):
    model = Correlator()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def predict(model, images):
    return model(torch.from_numpy(images)).argmax(1).numpy()
