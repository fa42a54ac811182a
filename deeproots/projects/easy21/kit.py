"""easy21's kit: the Easy21 card game (the learner's ``ctx.kit``; ``ctx.make_env()``).

Easy21 (Silver, UCL RL course 2015, assignment): an infinite deck of cards numbered 1 to 10,
drawn uniformly, black with probability 2/3 (added) or red with probability 1/3 (subtracted).
Player and dealer each start with one black card. The player hits (draws a card) or sticks; a
sum below 1 or above 21 is a bust (reward -1). Once the player sticks, the dealer hits until
its sum is 17 or more, or it busts (reward +1); then the larger sum wins (+1 / 0 / -1).

Every ``step`` counts one step of the budget (``ctx.count(1)``): the learner's file may not
import the evaluator (the exact Q*), so every Q it returns is learned from counted play.
"""
from __future__ import annotations

import random

HIT, STICK = 0, 1
ACTIONS = ("hit", "stick")
N_DEALER, N_PLAYER = 10, 21  # dealer's first card 1..10, player's sum 1..21
DEALER_STICKS = 17


def draw(rng: random.Random, black: bool = False) -> int:
    """One card's effect on a sum: +value (black, probability 2/3) or -value (red, 1/3)."""
    value = rng.randint(1, 10)
    return value if black or rng.random() < 2 / 3 else -value


def dealer_plays(first: int, rng: random.Random) -> int:
    """The dealer's final sum from its first card: it hits below 17; a bust returns 0 or more than 21."""
    total = first
    while 1 <= total < DEALER_STICKS:
        total += draw(rng)
    return total


class Easy21:
    """One game at a time, Gymnasium-style: ``reset() -> (state, info)`` and
    ``step(action) -> (state, reward, terminated, truncated, info)``.

    A state is the tuple (dealer's first card 1..10, player's sum 1..21); actions are
    ``HIT = 0`` and ``STICK = 1``. Rewards come only at the end (+1 win, 0 draw, -1 loss); after
    the end the returned state is not a decision state (a bust sum may lie outside 1..21)."""

    n_actions = 2

    def __init__(self, ctx, seed: int) -> None:
        self._ctx = ctx
        self._rng = random.Random(seed)
        self.state: tuple[int, int] | None = None

    def reset(self, seed: int | None = None) -> tuple[tuple[int, int], dict]:
        if seed is not None:
            self._rng = random.Random(seed)
        self.state = (draw(self._rng, black=True), draw(self._rng, black=True))
        return self.state, {}

    def step(self, action: int) -> tuple[tuple[int, int], float, bool, bool, dict]:
        if self.state is None:
            raise RuntimeError("call reset() before step(), and again after a game ends")
        if action not in (HIT, STICK):  # 0/1 of any integer type compare equal
            raise ValueError(f"action must be HIT (0) or STICK (1), got {action!r}")
        self._ctx.count(1)  # the project's budget is in steps: past it, BudgetExhausted
        dealer, player = self.state
        if action == HIT:
            player += draw(self._rng)
            if not 1 <= player <= 21:
                self.state = None
                return (dealer, player), -1.0, True, False, {}
            self.state = (dealer, player)
            return self.state, 0.0, False, False, {}
        final = dealer_plays(dealer, self._rng)
        self.state = None
        if not 1 <= final <= 21 or final < player:
            reward = 1.0
        else:
            reward = 0.0 if final == player else -1.0
        return (dealer, player), reward, True, False, {}


def make_env(ctx, seed: int | None = None) -> Easy21:
    """A new game (call ``reset()`` first); every ``step`` counts against ``ctx.steps``. Each call
    draws its own cards (from ``ctx.seed`` and a counter) unless ``seed`` is given."""
    if seed is None:
        made = getattr(ctx, "_easy21_envs", 0)
        ctx._easy21_envs = made + 1
        seed = hash((ctx.seed, made)) & (2**63 - 1)
    return Easy21(ctx, seed)
