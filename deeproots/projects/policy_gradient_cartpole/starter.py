"""policy-gradient-cartpole: your agent. Balance the pole of CartPole-v1 for 500 steps.

This starter runs end to end and is deliberately weak: it plays whole episodes with a linear
softmax policy, computes each episode's return... and never takes a gradient step (see the
TODO), so its greedy act() pushes the same way every time and the pole falls in about 10 steps,
worse than a random agent. Write the policy-gradient update (REINFORCE: reward-to-go, then a
baseline), and perhaps a bigger policy. Keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state                  # play within ctx's budget of steps; return plain data
  load(state) -> model                 # rebuild your model from that state (in a fresh process)
  act(model, observations) -> actions  # observations (n, 4) float32 -> n actions, 0 or 1
"""
import time

import numpy as np
import torch
from torch import nn
from torch.distributions import Categorical


def make_policy() -> nn.Module:
    policy = nn.Linear(4, 2)  # logits of "push left" and "push right"
    nn.init.zeros_(policy.weight)
    nn.init.zeros_(policy.bias)
    return policy


def train(ctx):
    torch.manual_seed(ctx.seed)
    policy = make_policy()
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        policy.load_state_dict(ctx.resume)
    envs = ctx.make_env(n_envs=1)  # CartPole-v1; every step counts n_envs steps of your budget
    obs, _ = envs.reset()
    episode_obs, episode_actions, episode_rewards = [], [], []
    last_checkpoint = time.monotonic()
    while ctx.steps_left() >= envs.num_envs:
        with torch.no_grad():
            action = Categorical(logits=policy(torch.from_numpy(obs))).sample().numpy()
        episode_obs.append(obs[0])
        episode_actions.append(action[0])
        obs, reward, terminated, truncated, _ = envs.step(action)  # a finished episode restarts by itself
        episode_rewards.append(reward[0])
        if terminated[0] or truncated[0]:
            episode_return = float(np.sum(episode_rewards))
            # TODO: the policy-gradient step. Weight each log pi(a_t | s_t) by the return that
            # followed it (reward-to-go), subtract a baseline, and ascend with an optimiser.
            ctx.log(episode_return=episode_return)
            episode_obs, episode_actions, episode_rewards = [], [], []
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint(policy.state_dict())
            last_checkpoint = time.monotonic()
    envs.close()
    return policy.state_dict()


def load(state):
    policy = make_policy()
    policy.load_state_dict(state)
    return policy.eval()


@torch.no_grad()
def act(model, observations):
    return model(torch.as_tensor(observations)).argmax(-1).numpy()  # greedy: the most probable action
