"""sort-of-clevr: your model. Answer questions about coloured shapes, relational ones above all.

This starter runs end to end and is deliberately weak: Santoro et al.'s CNN + MLP in miniature.
A few convolutions, the feature map flattened and concatenated with the question, then an MLP.
The paper's full-size CNN + MLP plateaued at 63% on relational questions; this small one,
trained on this budget, stays at or below the blind guess (the most common answer of each question
type), below bronze. Replace the model (and the training loop, if you like); keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state                          # train within ctx's budget; return plain data (a state_dict)
  load(state) -> model                         # rebuild your model from that state (in a fresh process)
  predict(model, images, questions) -> answers
      images (n, 32, 32, 3) float32 RGB in [0, 1]; questions (n, 12, 11) float32 (see statement.md)
      -> answers (n, 12): indices into ANSWERS = square, circle, yes, no, 1, 2, 3, 4, 5, 6
"""
import torch
from torch import nn
from torch.nn import functional as F


class CNNMLP(nn.Module):
    def __init__(self):
        super().__init__()
        # TODO: this reads the image, but nothing in it relates one object to another.
        self.conv = nn.Sequential(nn.Conv2d(3, 4, 3, stride=4, padding=1), nn.ReLU(), nn.Flatten())  # 4 x 8 x 8
        self.mlp = nn.Sequential(nn.Linear(4 * 8 * 8 + 11, 16), nn.ReLU(), nn.Linear(16, 10))

    def forward(self, images, questions):  # (B, 32, 32, 3), (B, q, 11) -> logits (B, q, 10)
        features = self.conv(images.permute(0, 3, 1, 2))  # (B, 256)
        features = features[:, None].expand(-1, questions.shape[1], -1)  # the same for every question
        return self.mlp(torch.cat([features, questions], dim=2))


def train(ctx):
    torch.manual_seed(ctx.seed)
    model = CNNMLP()
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    step = 0
    while not ctx.done():
        images, questions, answers = ctx.kit.training_batch(ctx, min(16, ctx.steps_left() or 16))
        x, q, y = torch.from_numpy(images), torch.from_numpy(questions), torch.from_numpy(answers)
        loss = F.cross_entropy(model(x, q).flatten(0, 1), y.flatten())
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 20 == 0:
            ctx.log(loss=loss.item())
        if step % 100 == 0:
            ctx.checkpoint(model.state_dict())
    return model.state_dict()


def load(state):
    model = CNNMLP()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def predict(model, images, questions):
    return model(torch.from_numpy(images), torch.from_numpy(questions)).argmax(-1).numpy()
