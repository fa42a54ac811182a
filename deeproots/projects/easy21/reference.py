"""easy21: deeproots' reference, tabular Q-learning (the worker refuses to open this for a learner).

Watkins (1989) Q-learning, as in Silver's lecture 5 and Sutton & Barto §6.5: behave with one
policy, learn about another. Here the behaviour is uniformly random (every state-action pair
keeps being tried, so every entry of Q is learned) and the target is the greedy policy:

    Q(s, a) += alpha * (r + max_a' Q(s', a') - Q(s, a))      (r alone when the game ends)

with alpha = 1 / N(s, a), the number of times (s, a) was tried. Easy21 is undiscounted and
every game ends, so Q converges to Q*, not to the Q of the random policy it follows.
Monte Carlo control (Silver's assignment, part 2) learns the Q of its own epsilon-greedy policy
instead, which converges to Q* only as epsilon dies out: at this budget it stays further away.
"""
import random
import time

import numpy as np


def train(ctx):
    rng = random.Random(ctx.seed)
    env = ctx.make_env()
    # Q and N indexed by (dealer 1..10, player 1..21, action); row and column 0 unused.
    # Plain nested lists: reading one number from a list is much faster than from a NumPy array.
    q, n = np.zeros((11, 22, 2)).tolist(), np.zeros((11, 22, 2)).tolist()
    if ctx.resume is not None:
        q, n = np.asarray(ctx.resume["q"]).tolist(), np.asarray(ctx.resume["n"]).tolist()
    games, last_checkpoint = 0, time.monotonic()

    def state():
        return {"q": np.array(q), "n": np.array(n)}

    while not ctx.done():
        (dealer, player), _ = env.reset()
        done = False
        while not done and not ctx.done():
            action = rng.randrange(2)  # behave at random: off-policy
            (next_dealer, next_player), reward, done, _, _ = env.step(action)
            target = reward if done else reward + max(q[next_dealer][next_player])
            n[dealer][player][action] += 1
            q[dealer][player][action] += (target - q[dealer][player][action]) / n[dealer][player][action]
            dealer, player = next_dealer, next_player
        games += 1
        if games % 10_000 == 0:
            ctx.log(games=games)
        if time.monotonic() - last_checkpoint > 5:
            ctx.checkpoint(state())
            last_checkpoint = time.monotonic()
    return state()


def load(state):
    return np.asarray(state["q"], dtype=float)


def predict(model, states):
    states = np.asarray(states)
    return model[states[:, 0], states[:, 1]]  # (n, 2): Q(s, hit), Q(s, stick)
