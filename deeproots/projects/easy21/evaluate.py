"""easy21's trusted evaluation: the exact Q* of Easy21 by dynamic programming, in the grader.

The game (kit.py) is a small MDP: states (dealer's first card d in 1..10, player's sum p in
1..21), actions hit / stick, undiscounted, rewards only at the end. Sums move both ways (red
cards subtract), so neither the dealer's play nor the player's is acyclic: both are solved as
linear systems, exactly (up to floating point):

- the dealer's final sum from each start is an absorbing Markov chain over the sums 1..16
  (absorbing: 17..21 and bust), solved once: ``dealer_outcomes``; so Q(d, p, stick) is known in
  closed form and does not depend on the policy (``stick_values``);
- Q(d, p, hit) = E[V(d, p + card)] with V = -1 outside 1..21: for a fixed policy, one 21 x 21
  linear system per dealer card (``policy_values``); policy iteration with those exact
  evaluations ends at Q* in a few sweeps (``optimal_q``).

The score is the mean squared error of the learner's Q over all 210 states x 2 actions; beside
it, the exact expected return of the learner's greedy policy (over the random first cards)
against the optimal policy's. Nothing here is random, so ``rng`` only shuffles the order in which
the states are asked. The naive baseline is the exact Q of the uniformly random policy.
"""
from __future__ import annotations

from functools import cache

import numpy as np

from deeproots.projects.easy21.kit import DEALER_STICKS, HIT, N_DEALER, N_PLAYER, STICK
from deeproots.projects.evaluation import Evaluation, as_array, paired_margin

CARDS = np.arange(1, 11)
P_BLACK, P_RED = 2 / 3 / 10, 1 / 3 / 10  # the probability of each (value, colour)
DEALERS, PLAYERS = np.arange(1, N_DEALER + 1), np.arange(1, N_PLAYER + 1)


def card_moves(n: int) -> tuple[np.ndarray, np.ndarray]:
    """For sums 1..n: ``move[i, j]`` = P(one card takes sum i+1 to sum j+1) and ``out[i]`` =
    P(it takes the sum below 1 or above 21)."""
    move, out = np.zeros((n, n)), np.zeros(n)
    for i, total in enumerate(range(1, n + 1)):
        for card in CARDS:
            for new, p in ((total + card, P_BLACK), (total - card, P_RED)):
                if not 1 <= new <= 21:
                    out[i] += p
                elif new <= n:
                    move[i, new - 1] += p
    return move, out


@cache
def dealer_outcomes() -> np.ndarray:
    """(10, 6): for the dealer's first card d, the probability that it ends bust (column 0) or
    on 17..21 (columns 1..5)."""
    n = DEALER_STICKS - 1  # the sums it hits on: 1..16
    move, bust = card_moves(n)
    ends = np.zeros((n, 6))  # one card from a sum in 1..16 straight to bust or to 17..21
    ends[:, 0] = bust
    for i, total in enumerate(range(1, n + 1)):
        for card in CARDS:
            for new, p in ((total + card, P_BLACK), (total - card, P_RED)):
                if DEALER_STICKS <= new <= 21:
                    ends[i, new - DEALER_STICKS + 1] += p
    absorbed = np.linalg.solve(np.eye(n) - move, ends)  # X = ends + move X
    return absorbed[:N_DEALER]  # the first card is black: 1..10


@cache
def stick_values() -> np.ndarray:
    """(10, 21): Q(d, p, stick) = P(dealer busts or ends below p) - P(dealer ends above p)."""
    outcomes = dealer_outcomes()
    finals = np.arange(DEALER_STICKS, 22)
    values = np.empty((N_DEALER, N_PLAYER))
    for j, p in enumerate(PLAYERS):
        values[:, j] = outcomes[:, 0] + outcomes[:, 1:] @ np.sign(p - finals)
    return values


def policy_values(hit_probability: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact (V, Q) of a policy that hits in (d, p) with probability ``hit_probability[d-1, p-1]``:
    V (10, 21) and Q (10, 21, 2) with Q[..., HIT], Q[..., STICK]."""
    move, bust = card_moves(N_PLAYER)
    stick = stick_values()
    values = np.empty((N_DEALER, N_PLAYER))
    for d in range(N_DEALER):
        h = hit_probability[d]
        # V = h (move V - bust) + (1 - h) stick
        values[d] = np.linalg.solve(np.eye(N_PLAYER) - h[:, None] * move, -h * bust + (1 - h) * stick[d])
    q = np.empty((N_DEALER, N_PLAYER, 2))
    q[..., HIT] = values @ move.T - bust
    q[..., STICK] = stick
    return values, q


def greedy(q: np.ndarray) -> np.ndarray:
    """The greedy policy of Q as hit probabilities (10, 21): hit only where Q(hit) > Q(stick)."""
    return (q[..., HIT] > q[..., STICK]).astype(float)


@cache
def optimal_q() -> np.ndarray:
    """Q* (10, 21, 2) by policy iteration with exact evaluations (a few sweeps)."""
    policy = np.zeros((N_DEALER, N_PLAYER))  # start from "always stick"
    for _ in range(100):
        _, q = policy_values(policy)
        better = np.where(q[..., HIT] > q[..., STICK] + 1e-12, 1.0, np.where(q[..., STICK] > q[..., HIT] + 1e-12, 0.0, policy))
        if np.array_equal(better, policy):
            return q
        policy = better
    raise RuntimeError("policy iteration did not converge")


def expected_return(hit_probability: np.ndarray) -> float:
    """The policy's exact expected return from a fresh game: both first cards black, uniform in 1..10."""
    values, _ = policy_values(hit_probability)
    return float(values[:, :10].mean())


def all_states() -> np.ndarray:
    """(210, 2) int64: every (dealer, player) pair, dealer-major."""
    return np.stack(np.meshgrid(DEALERS, PLAYERS, indexing="ij"), -1).reshape(-1, 2).astype(np.int64)



def _scores(q: np.ndarray, q_star: np.ndarray, best: float) -> dict[str, float]:
    value = expected_return(greedy(q))
    return {"mse": float(((q - q_star) ** 2).mean()), "policy_return": value, "return_gap": best - value,
            "wrong_actions": float((greedy(q) != greedy(q_star)).sum())}


def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    states = all_states()
    order = rng.permutation(len(states))
    answer = as_array(learner.predict(model, states[order].copy()), len(states),
                      "predict(model, states)'s action values", float, (2,))
    q = np.empty((len(states), 2))
    q[order] = answer
    q = q.reshape(N_DEALER, N_PLAYER, 2)
    q_star = optimal_q()
    best = expected_return(greedy(q_star))
    _, q_random = policy_values(np.full((N_DEALER, N_PLAYER), 0.5))
    metrics, baseline = _scores(q, q_star, best), _scores(q_random, q_star, best)
    error = np.abs(q - q_star).max(-1)
    worst = np.argsort(-error.ravel(), kind="stable")[:5]
    where = ", ".join(f"dealer {d + 1} / player {p + 1}: {error[d, p]:.2f}" for d, p in
                      (divmod(int(i), N_PLAYER) for i in worst))
    wrong = greedy(q) != greedy(q_star)
    failures = [(np.clip(error.T[::-1] / 2, 0, 1), f"|Q - Q*| (the larger of hit and stick), player 21 at the top, "
                                                    f"dealer 1 on the left; white = 2. Worst: {where}"),
                (wrong.T[::-1].astype(float), f"states where your greedy action differs from the optimal one "
                                              f"({int(wrong.sum())} of 210), white")]
    v, v_star = q.max(-1), q_star.max(-1)
    curve = {f"yours, dealer {d}": (PLAYERS.tolist(), v[d - 1].tolist()) for d in (1, 5, 10)}
    curve |= {f"V*, dealer {d}": (PLAYERS.tolist(), v_star[d - 1].tolist()) for d in (1, 5, 10)}
    return Evaluation(
        metrics, baseline, "the uniformly random policy's exact Q", 2 * len(states),
        failures=failures, failure_caption="Where your Q and your greedy policy are furthest from the optimum",
        curves={"max_a Q(dealer, player, a) against the player's sum": curve},
        margins={"mse": paired_margin((q - q_star) ** 2, (q_random - q_star) ** 2)},
        notes=[f"Q* is exact (dynamic programming on the rules); the optimal policy's expected return is {best:+.4f}, "
               f"your greedy policy's {metrics['policy_return']:+.4f}.",
               "Easy21 has no hidden test data: the score is the distance to the exact answer over every state."])
