"""Checks for Dyna-Q on the Dyna maze (references: the maze, epsilon-greedy, the direct
update and the planning loop written out again below from S&B §8.2's Tabular Dyna-Q box,
replayed with the same random stream; the shortest path by breadth-first search; the
qualitative claim of S&B Figure 8.2 with stated margins)."""
from collections import deque

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

ROWS, COLS, A = 6, 9, 4
S = ROWS * COLS
WALLS = {(1, 2), (2, 2), (3, 2), (4, 5), (0, 7), (1, 7), (2, 7)}  # Figure 8.2's maze
START, GOAL = 2 * COLS + 0, 0 * COLS + 8
MOVES = ((-1, 0), (1, 0), (0, -1), (0, 1))
FREE = [r * COLS + c for r in range(ROWS) for c in range(COLS) if (r, c) not in WALLS]


def _step(s, a):
    r, c = divmod(s, COLS)
    r2, c2 = r + MOVES[a][0], c + MOVES[a][1]
    if not (0 <= r2 < ROWS and 0 <= c2 < COLS) or (r2, c2) in WALLS:
        r2, c2 = r, c
    s2 = r2 * COLS + c2
    return (1.0 if s2 == GOAL else 0.0), s2


def _eps_greedy(row, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(row)))
    best = [a for a in range(len(row)) if row[a] == max(row)]
    return best[int(rng.integers(len(best)))]


def _planning(Q, mr, mn, n, rng, alpha, gamma):
    Q = Q.copy()
    if n == 0:
        return Q
    seen = [k for k in range(S * A) if mn[k // A, k % A] >= 0]
    for i in rng.integers(len(seen), size=n):
        s, a = divmod(seen[i], A)
        Q[s, a] += alpha * (mr[s, a] + gamma * max(Q[mn[s, a]]) - Q[s, a])
    return Q


def _dyna_step(Q, mr, mn, s, n, rng, alpha=0.1, gamma=0.95, epsilon=0.1):
    Q, mr, mn = Q.copy(), mr.copy(), mn.copy()
    a = _eps_greedy(Q[s], epsilon, rng)
    r, s2 = _step(s, a)
    Q[s, a] += alpha * (r + gamma * max(Q[s2]) - Q[s, a])
    mr[s, a], mn[s, a] = r, s2
    return _planning(Q, mr, mn, n, rng, alpha, gamma), mr, mn, s2


def _empty():
    return np.zeros((S, A)), np.zeros((S, A)), np.full((S, A), -1, dtype=int)


def _random_tables(rng, observed):
    """A Q with the goal row 0 and a model holding `observed` real transitions."""
    Q = rng.normal(scale=0.5, size=(S, A))
    Q[GOAL] = 0.0
    _, mr, mn = _empty()
    for _ in range(observed):
        s, a = FREE[int(rng.integers(len(FREE)))], int(rng.integers(A))
        mr[s, a], mn[s, a] = _step(s, a)
    return Q, mr, mn


def _bfs_distance():
    dist, queue = {START: 0}, deque([START])
    while queue:
        s = queue.popleft()
        for a in range(A):
            s2 = _step(s, a)[1]
            if s2 not in dist:
                dist[s2] = dist[s] + 1
                queue.append(s2)
    return dist[GOAL]


def test_hand_example(ex, rng):
    Q, mr, mn = _empty()
    mr, mn = ex.model_update(mr, mn, 17, 0, 1.0, GOAL)
    expect(mn[17, 0] == GOAL and mr[17, 0] == 1.0 and (np.asarray(mn) >= 0).sum() == 1,
           "model_update(s=17, a=0, r=1, s2=8) should set only model_next[17, 0] = 8, "
           "model_r[17, 0] = 1", model_next_row=mn[17], model_r_row=mr[17])
    got = ex.planning(Q, mr, mn, 3, np.random.default_rng(0), 0.1, 0.95)
    expected = np.zeros((S, A))
    expected[17, 0] = 0.271
    expect_close(got, expected, what="Q after 3 planning steps on the one observed pair",
                 how="by hand: 0 -> 0.1 -> 0.1 + 0.1 (1 - 0.1) = 0.19 -> 0.19 + 0.1 (1 - 0.19) "
                     "= 0.271 (max Q[goal] = 0)", rtol=0, atol=1e-12)


def test_model_keeps_last_observation(ex, rng):
    Q, mr, mn = _empty()
    last = {}
    for _ in range(25):
        s, a = int(rng.integers(3)), int(rng.integers(2))  # few pairs: many repeats
        r, s2 = float(rng.normal()), int(rng.integers(S))
        mr, mn = ex.model_update(mr, mn, s, a, r, s2)
        mr, mn = np.asarray(mr), np.asarray(mn)
        last[s, a] = (r, s2)
    exp_r, exp_n = np.zeros((S, A)), np.full((S, A), -1)
    for (s, a), (r, s2) in last.items():
        exp_r[s, a], exp_n[s, a] = r, s2
    expect_close(mr, exp_r, what="model_r after 25 updates with repeated pairs",
                 how="the last reward observed for each (s, a), 0 elsewhere", rtol=0, atol=0)
    expect_close(mn, exp_n, what="model_next after 25 updates with repeated pairs",
                 how="the last next state observed for each (s, a), -1 for pairs never seen",
                 rtol=0, atol=0)


def test_planning_matches_reference(ex, rng):
    for observed, n in ((1, 4), (5, 1), (30, 7), (120, 50), (60, 0)):
        Q, mr, mn = _random_tables(rng, observed)
        seed = int(rng.integers(2**31))
        before = Q.copy()
        expected = _planning(Q, mr, mn, n, np.random.default_rng(seed), 0.1, 0.95)
        got = ex.planning(Q, mr, mn, n, np.random.default_rng(seed), 0.1, 0.95)
        expect_close(got, expected, what=f"Q after planning, n={n}, {observed} transitions seen",
                     how="n Q-learning updates on pairs seen[idx], idx = rng.integers(len(seen), "
                         "size=n), seen the observed flat indices in increasing order",
                     rtol=1e-12, atol=1e-12, inputs={"n": n, "seed": seed})
        expect(np.array_equal(Q, before), "planning modified Q in place: update a copy")


def test_dyna_q_step_matches_reference(ex, rng):
    for n, epsilon in ((0, 0.1), (5, 0.1), (20, 1.0), (3, 0.0), (10, 0.5)):
        Q, mr, mn = _random_tables(rng, 40)
        s = [x for x in FREE if x != GOAL][int(rng.integers(len(FREE) - 1))]
        seed = int(rng.integers(2**31))
        eQ, emr, emn, es2 = _dyna_step(Q, mr, mn, s, n, np.random.default_rng(seed),
                                       epsilon=epsilon)
        gQ, gmr, gmn, gs2 = ex.dyna_q_step(Q, mr, mn, s, n, np.random.default_rng(seed),
                                           0.1, 0.95, epsilon)
        inputs = {"s": s, "n": n, "epsilon": epsilon, "seed": seed}
        how = ("action by epsilon_greedy, real step, direct Q-learning update, model update, "
               "then planning, all with one rng in that order")
        expect_equal(int(gs2), es2, what=f"next state, n={n}", how=how, inputs=inputs)
        expect_close(gmn, emn, what=f"model_next after one step, n={n}", how=how,
                     rtol=0, atol=0, inputs=inputs)
        expect_close(gmr, emr, what=f"model_r after one step, n={n}", how=how,
                     rtol=0, atol=0, inputs=inputs)
        expect_close(gQ, eQ, what=f"Q after one real step + {n} planning updates", how=how,
                     rtol=1e-12, atol=1e-12, inputs=inputs)


def test_episode_matches_reference(ex, rng):
    for n in (0, 5):
        seed = int(rng.integers(2**31))
        eQ, emr, emn = _empty()
        rng_ref, s, steps = np.random.default_rng(seed), START, 0
        while s != GOAL:
            eQ, emr, emn, s = _dyna_step(eQ, emr, emn, s, n, rng_ref)
            steps += 1
        Q, mr, mn = _empty()
        gQ, gmr, gmn, gsteps = ex.run_episode(Q, mr, mn, n, np.random.default_rng(seed))
        how = "dyna_q_step from START until the goal, counting the real steps"
        expect_equal(int(gsteps), steps, what=f"steps of the first episode, n={n}", how=how,
                     inputs={"n": n, "seed": seed})
        expect_close(gQ, eQ, what=f"Q after the first episode, n={n}", how=how,
                     rtol=1e-10, atol=1e-12, inputs={"n": n, "seed": seed})


def _episode_steps(ex, n, runs, episodes):
    steps = np.zeros((runs, episodes))
    Q = None
    for run in range(runs):
        Q, mr, mn = _empty()
        for ep in range(episodes):
            Q, mr, mn, steps[run, ep] = ex.run_episode(Q, mr, mn, n,
                                                       np.random.default_rng((run, ep)))
    return steps, Q


def test_planning_speeds_learning(ex, rng):
    runs = 10
    no_plan, _ = _episode_steps(ex, 0, runs, 2)
    plan, _ = _episode_steps(ex, 50, runs, 2)
    m0, m50 = no_plan[:, 1].mean(), plan[:, 1].mean()
    expect(m50 < 0.3 * m0 and m50 < 100,
           f"Figure 8.2: in episode 2, with n = 50 planning steps the agent should need far "
           f"fewer steps than with n = 0 (required: mean over {runs} runs < 0.3 x the n = 0 "
           f"mean and < 100; Q-learning alone adds little more than one step of the path "
           f"per episode)", mean_steps_episode2_n0=m0, mean_steps_episode2_n50=m50)


def test_greedy_path_is_shortest(ex, rng):
    # Q-learning is off-policy: behaving at random (epsilon = 1) while planning with n = 50,
    # Q approaches Q*, whose greedy path is a shortest path (gamma < 1 favours shorter paths).
    for run in range(2):
        Q, mr, mn = _empty()
        for ep in range(5):
            Q, mr, mn, _ = ex.run_episode(Q, mr, mn, 50, np.random.default_rng((run, ep)),
                                          0.1, 0.95, 1.0)
        Q = np.asarray(Q)
        s, path = START, [START]
        while s != GOAL and len(path) <= 100:
            s = _step(s, int(np.argmax(Q[s])))[1]
            path.append(s)
        expect_equal(len(path) - 1 if s == GOAL else -1, _bfs_distance(),
                     what=f"greedy path length from S after 5 random-behaviour episodes with "
                          f"n = 50, run {run} (-1: never reaches G)",
                     how="breadth-first search on the maze (14 steps, Example 8.1)",
                     inputs={"path": path[:30]})
