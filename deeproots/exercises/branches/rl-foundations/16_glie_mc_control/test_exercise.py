"""Checks for GLIE Monte Carlo control (references: the returns summed term by term, the
mean of every return that followed each (s, a) by np.mean, and the optimal policy of the
gridworld by value iteration on its transition table, all computed here)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

ROWS, COLS, WALL, GOAL = 3, 4, 5, 3
MOVES = [(-1, 0), (0, 1), (1, 0), (0, -1)]


def _table():
    """Deterministic transition table: next state, reward, done for every (s, a)."""
    nxt, rew, done = np.zeros((12, 4), int), np.zeros((12, 4)), np.zeros((12, 4), bool)
    for s in range(12):
        for a in range(4):
            r, c = divmod(s, COLS)
            nr, nc = r + MOVES[a][0], c + MOVES[a][1]
            if not (0 <= nr < ROWS and 0 <= nc < COLS) or (nr, nc) == (1, 1):
                nr, nc = r, c
            nxt[s, a] = nr * COLS + nc
            done[s, a] = nxt[s, a] == GOAL
            rew[s, a] = 10.0 if done[s, a] else -1.0
    return nxt, rew, done


def _optimal_q(gamma):
    nxt, rew, done = _table()
    Q = np.zeros((12, 4))
    for sweep in range(1000):
        V = Q.max(axis=1)
        Q = rew + gamma * np.where(done, 0.0, V[nxt])
    return Q


def _returns_reference(rewards, gamma):
    T = len(rewards)
    return np.array([sum(gamma ** k * rewards[t + k] for k in range(T - t)) for t in range(T)])


def test_hand_example(ex, rng):
    expect_close(ex.discounted_returns(np.array([-1.0, -1.0, 10.0]), 0.9),
                 np.array([6.2, 8.0, 10.0]), what="returns of rewards [-1, -1, 10], gamma 0.9",
                 how="by hand: -1 - 0.9 + 0.81 * 10, -1 + 0.9 * 10, 10", rtol=0, atol=1e-12)
    Q, N = ex.mc_update(np.zeros((3, 2)), np.zeros((3, 2)), np.array([2, 0, 2]),
                        np.array([1, 0, 1]), np.array([-1.0, -1.0, 10.0]), 0.9)
    expect_close(N, np.array([[1.0, 0], [0, 0], [0, 2]]), what="N after one episode",
                 how="by hand: (2, 1) visited twice, (0, 0) once (every visit counts)",
                 rtol=0, atol=0)
    expect_close(Q, np.array([[8.0, 0], [0, 0], [0, 8.1]]), what="Q after one episode",
                 how="by hand: Q(2, 1) = mean(6.2, 10) = 8.1, Q(0, 0) = 8", rtol=0, atol=1e-12)


def test_epsilon_schedule(ex, rng):
    for c in (1.0, 5.0, 100.0):
        ks = [1, 2, 3, 7, 10, 100, 1000, 12345]
        got = np.array([ex.epsilon_schedule(k, c) for k in ks], dtype=float)
        expect_close(got, np.minimum(1.0, c / np.array(ks, dtype=float)),
                     what=f"epsilon_k for c = {c}, k = {ks}", rtol=1e-12, atol=0,
                     how="GLIE schedule min(1, c / k) (Silver lecture 5: epsilon_k = 1/k for c = 1)")


def test_discounted_returns(ex, rng):
    for T, gamma in [(1, 0.9), (2, 0.5), (10, 0.9), (40, 0.99), (15, 1.0)]:
        rewards = rng.normal(size=T)
        expect_close(ex.discounted_returns(rewards, gamma), _returns_reference(rewards, gamma),
                     what=f"returns, T={T}, gamma={gamma}", rtol=1e-10, atol=1e-12,
                     how="G_t = sum_k gamma^k R_{t+k+1}, summed term by term",
                     inputs={"rewards": rewards, "gamma": gamma})


def test_incremental_mean_equals_np_mean(ex, rng):
    S, A, gamma = 4, 3, 0.8
    Q, N = np.zeros((S, A)), np.zeros((S, A))
    seen = {}
    for episode in range(40):
        T = int(rng.integers(1, 12))
        states, actions = rng.integers(0, S, size=T), rng.integers(0, A, size=T)
        rewards = rng.normal(size=T)
        before = Q.copy()
        Q, N = ex.mc_update(Q, N, states, actions, rewards, gamma)
        Q, N = np.asarray(Q, dtype=float), np.asarray(N, dtype=float)
        G = _returns_reference(rewards, gamma)
        for t in range(T):
            seen.setdefault((int(states[t]), int(actions[t])), []).append(G[t])
        expected_Q, expected_N = np.zeros((S, A)), np.zeros((S, A))
        for (s, a), gs in seen.items():
            expected_Q[s, a], expected_N[s, a] = np.mean(gs), len(gs)
        expect_close(N, expected_N, what=f"N after {episode + 1} episodes", rtol=0, atol=0,
                     how="the number of times each (s, a) was visited, every visit counted",
                     inputs={"states": states, "actions": actions})
        expect_close(Q, expected_Q, what=f"Q after {episode + 1} episodes", rtol=1e-9, atol=1e-9,
                     how="np.mean of every return that followed each (s, a) (every visit), "
                         "0 where never visited", inputs={"states": states, "actions": actions,
                                                          "rewards": rewards, "Q before": before})


def test_greedy_policy_is_optimal(ex, rng):
    gamma = 0.9
    q_star = _optimal_q(gamma)
    for seed in range(3):
        Q, N = ex.glie_mc_control(4000, 200.0, gamma, seed)
        Q, N = np.asarray(Q, dtype=float), np.asarray(N, dtype=float)
        expect_equal(Q.shape, (12, 4), what="shape of Q", how="(N_STATES, N_ACTIONS)")
        states = [s for s in range(12) if s not in (WALL, GOAL) and N[s].sum() >= 50]
        expect(len(states) == 10, "every start cell should be visited at least 50 times in "
               "4000 episodes with uniform starts", visits=N.sum(axis=1))
        greedy = Q.argmax(axis=1)
        wrong = [s for s in states if q_star[s, greedy[s]] < q_star[s].max() - 1e-9]
        expect(not wrong, f"after 4000 GLIE episodes (c = 200, gamma = 0.9, seed {seed}) the "
               "greedy action of Q should be optimal in every cell visited 50+ times (optimal "
               f"actions: value iteration on the gridworld's table, run here); wrong in cells "
               f"{wrong}", greedy=greedy, optimal_values=q_star.max(axis=1))
