"""behaviour-cloning: deeproots' reference, DAgger (the worker refuses to open this for a learner).

Ross, Gordon & Bagnell (2011), Algorithm "DAgger" as in CS285 lecture 2: start from behaviour
cloning on half of the label budget (the expert's own demonstrations), then repeat: roll
out the current policy, ask the expert what it would have done in the states *the policy*
visited, add those labels to the data set, retrain. The policy is a small MLP classifier
(cross-entropy, Adam); each round continues training the same network on all data so far.
"""

import numpy as np
import torch
from torch import nn

ROUNDS = 6  # DAgger rounds after the first behaviour-cloning fit
FIRST_FRACTION = 0.5  # of the label budget: the expert's own demonstrations
GRADIENT_STEPS, BATCH, LEARNING_RATE = 300, 64, 3e-3
N_ENVS = 8


def make_model():
    return nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 2))


def fit(model, optimiser, observations, actions, rng):
    x, y = torch.from_numpy(observations), torch.from_numpy(actions)
    for _ in range(GRADIENT_STEPS):
        i = torch.from_numpy(rng.integers(0, len(x), BATCH))
        loss = nn.functional.cross_entropy(model(x[i]), y[i])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return loss.item()


def train(ctx):
    torch.set_num_threads(1)  # a small network: one thread is faster
    torch.manual_seed(ctx.seed)
    rng = np.random.default_rng(ctx.seed)
    model = make_model()
    if ctx.resume is not None:
        model.load_state_dict(ctx.resume)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    budget = ctx.steps_left()
    # Round 0: behaviour cloning on the expert's own rollouts.
    observations, actions = ctx.kit.expert_demonstrations(ctx, int(budget * FIRST_FRACTION))
    ctx.log(loss=fit(model, optimiser, observations, actions, rng), labels=ctx.steps_used())
    ctx.checkpoint(model.state_dict())
    env = ctx.make_env(n_envs=N_ENVS)
    per_round = max(N_ENVS, (budget - len(observations)) // ROUNDS)
    while not ctx.done():
        # Roll out the current policy (greedy) and collect the states it visits.
        visited, state = [], env.reset()
        while len(visited) * N_ENVS < min(per_round, ctx.steps_left()):
            visited.append(state)
            with torch.no_grad():
                state, *_ = env.step(model(torch.from_numpy(state)).argmax(1).numpy())
        visited = np.concatenate(visited)[:ctx.steps_left()]
        # Ask the expert for labels on those states; aggregate; retrain.
        observations = np.concatenate([observations, visited])
        actions = np.concatenate([actions, ctx.kit.expert_actions(ctx, visited)])
        ctx.log(loss=fit(model, optimiser, observations, actions, rng), labels=ctx.steps_used())
        ctx.checkpoint(model.state_dict())
    return model.state_dict()


def load(state):
    torch.set_num_threads(1)
    model = make_model()
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def act(model, observations):
    return model(torch.as_tensor(observations, dtype=torch.float32)).argmax(1).numpy()
