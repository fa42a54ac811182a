"""Checks for Sarsa(lambda) with replacing traces (references: the updates recomputed in the
check from the episode with the traces in closed form, e_t(s, a) = (gamma lambda)^(t-k) for
the last visit k <= t of (s, a), S&B §12.7 / eq. 12.5 with replacing traces; the same episode
replayed with the same random numbers; the maze's shortest path by breadth-first search)."""
from collections import deque

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

# The maze of the statement, copied here so that the checks do not trust the learner's file.
GRID = (
    "S..#....",
    ".#.#.##.",
    ".#...#..",
    ".####.#.",
    "......#G",
)
H, W = len(GRID), len(GRID[0])
S_N, START, GOAL = H * W, 0, H * W - 1
MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))


def _step(s, a):
    r, c = divmod(int(s), W)
    nr, nc = r + MOVES[a][0], c + MOVES[a][1]
    if 0 <= nr < H and 0 <= nc < W and GRID[nr][nc] != "#":
        r, c = nr, nc
    return r * W + c


def _eps_greedy(q_row, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q_row)))
    return int(rng.choice(np.flatnonzero(q_row == q_row.max())))


def _updates_from_definition(Q0, states, actions, rewards, alpha, gamma, lam):
    """Online Sarsa(lambda) along a given episode, traces from their closed form."""
    Q = np.array(Q0, dtype=float)
    last = {}  # (s, a) -> step of its last visit
    T = len(states)
    for t in range(T):
        last[(states[t], actions[t])] = t
        target = rewards[t] + (gamma * Q[states[t + 1], actions[t + 1]] if t + 1 < T else 0.0)
        delta = target - Q[states[t], actions[t]]
        for (s, a), k in last.items():
            Q[s, a] += alpha * delta * (gamma * lam) ** (t - k)
    return Q


def _replay_actions(Q0, seed, epsilon, alpha, gamma, lam):
    """The actions of the episode, chosen as the statement says from the evolving Q."""
    rng = np.random.default_rng(seed)
    Q, E = np.array(Q0, dtype=float), np.zeros_like(Q0, dtype=float)
    s, a, actions = START, _eps_greedy(Q[START], epsilon, rng), []
    while True:
        actions.append(a)
        s2 = _step(s, a)
        done = s2 == GOAL
        a2 = None if done else _eps_greedy(Q[s2], epsilon, rng)
        delta = -1.0 + (0.0 if done else gamma * Q[s2, a2]) - Q[s, a]
        E[s, a] = 1.0
        Q += alpha * delta * E
        E *= gamma * lam
        if done:
            return np.array(actions)
        s, a = s2, a2


def _check_episode(ex, agent, Q0, seed, epsilon, alpha, gamma, lam, what):
    states, actions, rewards = (np.asarray(x) for x in agent.run_episode(epsilon, np.random.default_rng(seed)))
    T = len(states)
    nexts = [_step(s, a) for s, a in zip(states, actions)]
    expect(T >= 1 and states[0] == START and nexts[-1] == GOAL and GOAL not in states
           and all(nexts[t] == states[t + 1] for t in range(T - 1)),
           f"{what}: the episode must start at START, follow the maze's moves and stop on reaching "
           f"GOAL (GOAL not listed)", states=states, actions=actions)
    expect_close(rewards, -np.ones(T), what=f"{what}: rewards", how="-1 per step", rtol=0, atol=0)
    expect_equal(actions, _replay_actions(Q0, seed, epsilon, alpha, gamma, lam),
                 what=f"{what}: actions", how="replayed in the check with the same seeded Generator: "
                 "A_0 from Q[START], then each A' chosen from Q[S'] before the update (epsilon_greedy)")
    expect_close(agent.Q, _updates_from_definition(Q0, states, actions, rewards, alpha, gamma, lam),
                 what=f"{what}: Q after the episode", rtol=1e-9, atol=1e-12,
                 how="online updates alpha delta_t e_t along your episode, delta_t = r + gamma Q(S', A') "
                     "- Q(S, A) (just r - Q(S, A) at the goal), e_t(s, a) = (gamma lambda)^(t - last "
                     "visit) (replacing traces, zero before the episode)")


def test_hand_example(ex, rng):
    agent = ex.SarsaLambda(np.zeros((3, 2)), 0.5, 1.0, 0.5)
    agent.update(0, 1, -1.0, 1, 0, False)
    expect_close(agent.Q, np.array([[0, -0.5], [0, 0], [0, 0]]), what="Q after update(0, 1, -1, 1, 0)",
                 how="by hand: delta = -1, e(0, 1) = 1, Q(0, 1) = 0.5 * -1", rtol=0, atol=1e-12)
    agent.update(1, 0, -1.0, 2, None, True)
    expect_close(agent.Q, np.array([[0, -0.75], [-0.5, 0], [0, 0]]), what="Q after the terminal update",
                 how="by hand: delta = -1, Q(1, 0) = -0.5, Q(0, 1) = -0.5 + 0.5 * -1 * 0.5 (its decayed trace)",
                 rtol=0, atol=1e-12)
    expect_close(agent.E, np.array([[0, 0.25], [0.5, 0], [0, 0]]), what="traces after the two updates",
                 how="by hand: each step sets e(S, A) = 1, then all decay by gamma lambda = 0.5",
                 rtol=0, atol=1e-12)


def test_one_episode_from_definition(ex, rng):
    for alpha, gamma, lam, epsilon in [(0.2, 0.9, 0.7, 0.3), (0.1, 1.0, 0.9, 0.5), (0.5, 0.95, 0.0, 0.2)]:
        Q0 = -rng.uniform(0.0, 10.0, size=(S_N, 4))
        agent = ex.SarsaLambda(Q0, alpha, gamma, lam)
        _check_episode(ex, agent, Q0, int(rng.integers(2 ** 31)), epsilon, alpha, gamma, lam,
                       f"alpha={alpha}, gamma={gamma}, lambda={lam}, epsilon={epsilon}")


def test_traces_reset_each_episode(ex, rng):
    alpha, gamma, lam, epsilon = 0.2, 0.9, 0.8, 0.3
    Q0 = -rng.uniform(0.0, 10.0, size=(S_N, 4))
    agent = ex.SarsaLambda(Q0, alpha, gamma, lam)
    agent.run_episode(epsilon, np.random.default_rng(int(rng.integers(2 ** 31))))
    Q1 = np.array(agent.Q)
    _check_episode(ex, agent, Q1, int(rng.integers(2 ** 31)), epsilon, alpha, gamma, lam,
                   "second episode of the same agent")
    agent.start_episode()
    expect_close(agent.E, np.zeros((S_N, 4)), what="traces after start_episode()", rtol=0, atol=0,
                 how="traces belong to one episode: all zero at its start (S&B §12.7 box)")


def test_learns_shortest_path(ex, rng):
    dist, queue = {START: 0}, deque([START])
    while queue:
        s = queue.popleft()
        for a in range(4):
            if _step(s, a) not in dist:
                dist[_step(s, a)] = dist[s] + 1
                queue.append(_step(s, a))
    shortest = dist[GOAL]
    lengths = []
    for seed in range(5):
        agent = ex.SarsaLambda(np.zeros((S_N, 4)), 0.3, 1.0, 0.8)
        gen = np.random.default_rng(int(rng.integers(2 ** 31)))
        for episode in range(50):
            agent.run_episode(0.1, gen)
            gen = np.random.default_rng(gen.integers(2 ** 31))  # the worker got a copy: move on
        Q, s, n = np.asarray(agent.Q), START, 0
        while s != GOAL and n < 100:
            s, n = _step(s, int(np.argmax(Q[s]))), n + 1
        lengths.append(n)
    expect(all(n == shortest for n in lengths),
           f"after 50 episodes (alpha 0.3, gamma 1, lambda 0.8, epsilon 0.1, Q0 = 0) the greedy "
           f"policy should walk the shortest path, {shortest} steps (breadth-first search in the "
           f"check), in all 5 runs; greedy path lengths {lengths} (100 = never reached the goal)")
