"""behaviour-cloning: your imitation learner. Make it act like the expert on CartPole-v1.

This starter runs end to end and is deliberately weak: its "policy" is two numbers, one logit
per action, that never look at the observation. Trained on the expert's demonstrations it
learns the expert's most common action and pushes that way every step, so the pole falls in
about 9 steps: worse than a random agent, below bronze every time. Replace the model with a
network of the observation (behaviour cloning), then collect labels on the states your own
policy visits (DAgger). Keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state               # train within ctx's label budget; return plain data (a state_dict)
  load(state) -> model              # rebuild your model from that state (in a fresh process)
  act(model, observations) -> actions   # (n, 4) float32 observations -> n actions in {0, 1}
"""
import numpy as np
import torch
from torch import nn


class Majority(nn.Module):
    """TODO: a real policy. This one has a logit per action and ignores the observation."""

    def __init__(self):
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(2))

    def forward(self, observations):
        return self.logits.expand(len(observations), 2)


def train(ctx):
    torch.set_num_threads(1)  # a small model: one thread is faster
    torch.manual_seed(ctx.seed)
    model = Majority()
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    # Behaviour cloning: the expert's demonstrations (every label counts against the budget).
    observations, actions = ctx.kit.expert_demonstrations(ctx, ctx.steps_left())
    x, y = torch.from_numpy(observations), torch.from_numpy(actions)
    for step in range(500):
        loss = nn.functional.cross_entropy(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % 50 == 0:
            ctx.log(loss=loss.item())
    # DAgger would go on here: env = ctx.make_env(n_envs=8); roll out your policy;
    # labels = ctx.kit.expert_actions(ctx, visited_observations); add them; retrain.
    ctx.checkpoint(model.state_dict())
    return model.state_dict()


def load(state):
    model = Majority()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def act(model, observations):
    return model(torch.as_tensor(observations, dtype=torch.float32)).argmax(1).numpy()
