"""Checks for TD(0) and n-step returns (references: the updates and eq. 7.1 written out
term by term, the random walk of S&B Example 6.2 with true values 1/6..5/6)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close


def _td0_reference(V, states, rewards, alpha, gamma):
    V = V.astype(float).copy()
    nexts = list(states[1:]) + [None]  # None: the terminal state, value 0
    for s, r, s_next in zip(states, rewards, nexts):
        target = r + (0.0 if s_next is None else gamma * V[s_next])
        V[s] = V[s] + alpha * (target - V[s])
    return V


def _nstep_reference(states, rewards, V, n, gamma):
    T = len(rewards)
    G = np.zeros(T)
    for t in range(T):
        for k in range(n):
            if t + k < T:
                G[t] += gamma ** k * rewards[t + k]
        if t + n < T:
            G[t] += gamma ** n * V[states[t + n]]
    return G


def _random_walk_episode(rng):
    s, states, rewards = 2, [], []
    while 0 <= s <= 4:
        states.append(s)
        s += 1 if rng.random() < 0.5 else -1
        rewards.append(1.0 if s == 5 else 0.0)
    return np.array(states), np.array(rewards)


def test_hand_examples(ex, rng):
    V = np.full(5, 0.5)
    states, rewards = np.array([2, 3, 4]), np.array([0.0, 0.0, 1.0])
    expect_close(ex.td0_episode(V, states, rewards, 0.1, 1.0), np.array([0.5, 0.5, 0.5, 0.5, 0.55]),
                 what="V after the episode C, D, E, right", rtol=0, atol=1e-12,
                 how="by hand: TD errors 0, 0, 1 + 0 - 0.5; only V(E) moves by 0.1 * 0.5",
                 inputs={"V": V, "states": states, "rewards": rewards})
    expect_close(ex.nstep_returns(states, rewards, V, 2, 1.0), np.array([0.5, 1.0, 1.0]),
                 what="2-step returns of that episode", rtol=0, atol=1e-12,
                 how="by hand: 0 + 0 + V(E); 0 + 1 (ended, no bootstrap); 1")
    # A state visited twice: online updates see the first change.
    V, states, rewards = np.zeros(1), np.array([0, 0]), np.array([1.0, 0.0])
    expect_close(ex.td0_episode(V, states, rewards, 0.5, 1.0), np.array([0.25]),
                 what="V after states [0, 0], rewards [1, 0], alpha 0.5", rtol=0, atol=1e-12,
                 how="by hand: 0 + 0.5 (1 + 0 - 0) = 0.5, then 0.5 + 0.5 (0 + 0 - 0.5) = 0.25 "
                     "(the second step uses the updated value)")


def test_td0_matches_reference(ex, rng):
    for S, T, alpha, gamma in [(1, 1, 0.5, 0.9), (3, 8, 0.1, 1.0), (6, 20, 0.3, 0.9), (10, 40, 0.05, 0.99)]:
        V = rng.normal(size=S)
        states = rng.integers(0, S, size=T)
        rewards = rng.normal(size=T)
        inputs = {"V": V, "states": states, "rewards": rewards, "alpha": alpha, "gamma": gamma}
        expect_close(ex.td0_episode(V, states, rewards, alpha, gamma),
                     _td0_reference(V, states, rewards, alpha, gamma),
                     what=f"V after TD(0) along {T} steps", rtol=1e-10, atol=1e-12, inputs=inputs,
                     how="online updates V[s] += alpha (r + gamma V[s'] - V[s]), V(terminal) = 0")


def test_nstep_returns_match_eq_7_1(ex, rng):
    for S, T, gamma in [(1, 1, 0.9), (4, 6, 0.9), (7, 15, 0.8), (5, 10, 1.0)]:
        V = rng.normal(size=S)
        states = rng.integers(0, S, size=T)
        rewards = rng.normal(size=T)
        for n in sorted({1, 2, 3, T - 1, T, T + 2} - {0}):
            inputs = {"states": states, "rewards": rewards, "V": V, "n": n, "gamma": gamma}
            expect_close(ex.nstep_returns(states, rewards, V, n, gamma),
                         _nstep_reference(states, rewards, V, n, gamma),
                         what=f"{n}-step returns, T={T}", rtol=1e-10, atol=1e-12, inputs=inputs,
                         how="eq. 7.1 term by term: rewards up to t+n or the end, "
                             "then gamma^n V(S_{t+n}) only if t + n < T")
        one_step = rewards + gamma * np.append(V[states[1:]], 0.0)
        expect_close(ex.nstep_returns(states, rewards, V, 1, gamma), one_step,
                     what="1-step returns", how="the TD(0) target r + gamma V(S_{t+1}), 0 at the end",
                     rtol=1e-10, atol=1e-12)
        mc = np.array([sum(gamma ** k * rewards[t + k] for k in range(T - t)) for t in range(T)])
        expect_close(ex.nstep_returns(states, rewards, V, T, gamma), mc,
                     what="T-step returns", how="the Monte Carlo return (no bootstrapping)",
                     rtol=1e-10, atol=1e-12)


def test_td0_on_the_random_walk(ex, rng):
    true = np.arange(1, 6) / 6
    V = np.full(5, 0.5)
    V_ref = V.copy()
    for episode in range(100):
        states, rewards = _random_walk_episode(rng)
        V = np.asarray(ex.td0_episode(V, states, rewards, 0.1, 1.0))
        V_ref = _td0_reference(V_ref, states, rewards, 0.1, 1.0)
    expect_close(V, V_ref, what="V after 100 random-walk episodes (alpha = 0.1, V0 = 0.5)",
                 how="the same seeded episodes through the TD(0) updates written out in the check",
                 rtol=1e-9, atol=1e-12)
    rms = float(np.sqrt(np.mean((V - true) ** 2)))
    expect(rms < 0.1, f"after 100 episodes TD(0) should be near the true values 1/6..5/6 "
           f"(S&B Figure 6.2: RMS error about 0.05 at alpha = 0.1); RMS error {rms:.3f}",
           V=V, true=true)


def test_input_not_modified(ex, rng):
    V = rng.normal(size=4)
    before = V.copy()
    ex.td0_episode(V, np.array([0, 1, 2, 3]), np.ones(4), 0.5, 0.9)
    expect(np.array_equal(V, before), "td0_episode changed the caller's V: update a copy")
