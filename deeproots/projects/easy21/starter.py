"""easy21: your learner. Learn the optimal action values Q*(s, a) of Easy21 by playing it.

This starter runs end to end and is deliberately weak: it plays at random and averages the
returns that follow each (state, action): Monte Carlo *evaluation* of the random policy. It
learns Q of the random policy, not Q*, so it can at best equal the baseline (the random
policy's exact Q), never beat it. Make it *control*: Monte Carlo control with a decaying
epsilon, Sarsa(lambda), Q-learning... Keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state             # play within ctx's budget of steps; return plain data
  load(state) -> model            # rebuild your model from that state (in a fresh process)
  predict(model, states) -> q     # states (n, 2) int [dealer 1..10, player 1..21] -> (n, 2)
                                  # action values [Q(s, hit), Q(s, stick)]
"""
import random
import time

import numpy as np


def train(ctx):
    rng = random.Random(ctx.seed)
    env = ctx.make_env()  # the game; env.step counts one step of your budget
    HIT, STICK = ctx.kit.HIT, ctx.kit.STICK  # 0 and 1: the columns of your Q
    returns = np.zeros((11, 22, 2))  # sums of returns, indexed by (dealer, player, action)
    visits = np.zeros((11, 22, 2))
    if ctx.resume is not None:  # Ctrl-C kept a checkpoint: go on from it
        returns, visits = np.array(ctx.resume["returns"]), np.array(ctx.resume["visits"])
    last_checkpoint = time.monotonic()
    while not ctx.done():
        (dealer, player), _ = env.reset()
        seen, done = [], False
        while not done and not ctx.done():
            action = rng.choice((HIT, STICK))  # TODO: act on what you have learned (epsilon-greedy)
            seen.append((dealer, player, action))
            (dealer, player), reward, done, _, _ = env.step(action)
        if done:
            for d, p, a in seen:  # Easy21 pays only at the end: every step's return is the final reward
                returns[d, p, a] += reward
                visits[d, p, a] += 1
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint({"returns": returns, "visits": visits})
            last_checkpoint = time.monotonic()
    return {"returns": returns, "visits": visits}


def load(state):
    return np.asarray(state["returns"]) / np.maximum(np.asarray(state["visits"]), 1)


def predict(model, states):
    states = np.asarray(states)
    return model[states[:, 0], states[:, 1]]
