"""crafter-agent: your Crafter agent. Make it unlock achievements in worlds it has never seen.

This starter runs end to end and is deliberately weak: it only walks (a random move each step)
and never acts on the world: no "do" (collect wood, drink, attack), no sleep, no crafting. It
unlocks almost nothing, so it scores below the random agent. Replace the policy and the
training loop with your own (a network that looks at the pixels, trained with PPO or A2C, say);
keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state                  # learn within ctx's budget of environment steps; return plain data
  load(state) -> model                 # rebuild your agent from that state (in a fresh process)
  act(model, observations) -> actions  # (n, 64, 64, 3) uint8 frames of n live games -> n actions in 0..16
"""
import time

import numpy as np
import torch

WALK = [0, 1, 2, 3, 4]  # noop, move_left, move_right, move_up, move_down (ctx.kit.ACTIONS names all 17)


def train(ctx):
    preferences = torch.full((ctx.kit.N_ACTIONS,), -1e9)  # TODO: learn these, or better a network of the pixels
    preferences[WALK] = 0.0
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        preferences = ctx.resume["preferences"]
    generator = np.random.default_rng(ctx.seed)
    games = ctx.make_env(8)  # 8 games in lockstep; every step of each counts against the budget
    obs = games.reset()
    last_checkpoint = time.monotonic()
    while not ctx.done() and ctx.steps_left() >= games.n:
        actions = act({"preferences": preferences, "rng": generator}, obs)
        obs, rewards, terminated, truncated, episodes = games.step(actions)
        # TODO: learn from (obs, actions, rewards, terminated) here.
        for episode in episodes:
            ctx.log(achievements=len(episode["achievements"]), episode_return=episode["return"])
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint({"preferences": preferences})
            last_checkpoint = time.monotonic()
    return {"preferences": preferences}


def load(state):
    return {"preferences": state["preferences"], "rng": np.random.default_rng()}


def act(model, observations):
    probabilities = torch.softmax(model["preferences"], 0).numpy()
    return model["rng"].choice(len(probabilities), size=len(observations), p=probabilities / probabilities.sum())
