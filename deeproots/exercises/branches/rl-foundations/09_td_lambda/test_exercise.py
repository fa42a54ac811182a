"""Checks for TD(lambda) (references: the lambda-return as the (1 - lambda) lambda^(n-1)
weighted sum of n-step returns written out term by term, eq. 12.2-12.3; traces from their
closed form e_t(s) = sum_{k<=t, S_k = s} (gamma lambda)^(t-k), eq. 12.5; the offline
forward/backward equivalence of S&B §12.2; the 19-state random walk of Figures 12.3 and 12.6,
true values from the Bellman equations solved in the check)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close

SIZES = [(1, 1), (3, 2), (4, 7), (6, 15), (10, 40)]  # (S, T): states revisit when T > S


def _nstep(states, rewards, V, t, n, gamma):
    T = len(rewards)
    G = sum(gamma ** k * rewards[t + k] for k in range(min(n, T - t)))
    return G + (gamma ** n * V[states[t + n]] if t + n < T else 0.0)


def _lambda_return_reference(states, rewards, V, lam, gamma):
    """Eq. 12.3: (1 - lam) sum_n lam^(n-1) G_{t:t+n} + lam^(T-t-1) G_t, term by term."""
    T = len(rewards)
    G = np.zeros(T)
    for t in range(T):
        G[t] = sum((1 - lam) * lam ** (n - 1) * _nstep(states, rewards, V, t, n, gamma)
                   for n in range(1, T - t))
        G[t] += lam ** (T - t - 1) * _nstep(states, rewards, V, t, T - t, gamma)
    return G


def _forward_offline(V, states, rewards, alpha, lam, gamma):
    """Offline lambda-return algorithm: every V(S_t) moves toward G^lambda_t at the end."""
    G = _lambda_return_reference(states, rewards, V, lam, gamma)
    new = V.astype(float).copy()
    for t, s in enumerate(states):
        new[s] += alpha * (G[t] - V[s])
    return new


def _trace(states, t, gamma, lam, S):
    """Accumulating trace after step t from its closed form (eq. 12.5 unrolled)."""
    e = np.zeros(S)
    for k in range(t + 1):
        e[states[k]] += (gamma * lam) ** (t - k)
    return e


def _online_reference(V, states, rewards, alpha, lam, gamma):
    V = V.astype(float).copy()
    T = len(states)
    for t in range(T):
        target = rewards[t] + (gamma * V[states[t + 1]] if t + 1 < T else 0.0)
        V = V + alpha * (target - V[states[t]]) * _trace(states, t, gamma, lam, len(V))
    return V


def _td0_reference(V, states, rewards, alpha, gamma):
    V = V.astype(float).copy()
    T = len(states)
    for t in range(T):
        target = rewards[t] + (gamma * V[states[t + 1]] if t + 1 < T else 0.0)
        V[states[t]] += alpha * (target - V[states[t]])
    return V


def _episode(rng, S, T):
    return rng.integers(0, S, size=T), rng.normal(size=T)


def _walk19(rng):
    s, states, rewards = 9, [], []
    while 0 <= s <= 18:
        states.append(s)
        s += 1 if rng.random() < 0.5 else -1
        rewards.append(1.0 if s == 19 else -1.0 if s == -1 else 0.0)
    return np.array(states), np.array(rewards)


def test_hand_example(ex, rng):
    V, states, rewards = np.array([0.5, 0.5]), np.array([0, 1]), np.array([0.0, 1.0])
    expect_close(ex.lambda_returns(states, rewards, V, 0.5, 1.0), np.array([0.75, 1.0]),
                 what="lambda-returns of states [0, 1], rewards [0, 1], lambda 0.5", rtol=0,
                 atol=1e-12, how="by hand: G_1 = 1; G_0 = 0.5 * G_{0:1} + 0.5 * G_0 = 0.5 * 0.5 + 0.5 * 1")
    for online in (True, False):
        expect_close(ex.td_lambda_episode(V, states, rewards, 0.1, 0.5, 1.0, online),
                     np.array([0.525, 0.55]), what=f"V after TD(lambda), online={online}",
                     rtol=0, atol=1e-12, inputs={"V": V, "states": states, "rewards": rewards},
                     how="by hand: delta_0 = 0; delta_1 = 0.5 with traces [0.5, 1], alpha 0.1")


def test_lambda_returns_match_nstep_weights(ex, rng):
    for S, T in SIZES:
        V = rng.normal(size=S)
        states, rewards = _episode(rng, S, T)
        for lam, gamma in [(0.0, 0.9), (0.3, 1.0), (0.7, 0.9), (0.95, 0.8), (1.0, 0.9)]:
            inputs = {"states": states, "rewards": rewards, "V": V, "lam": lam, "gamma": gamma}
            expect_close(ex.lambda_returns(states, rewards, V, lam, gamma),
                         _lambda_return_reference(states, rewards, V, lam, gamma),
                         what=f"lambda-returns, T={T}, lambda={lam}, gamma={gamma}",
                         how="eq. 12.3: n-step returns weighted (1 - lambda) lambda^(n-1), the "
                             "remaining lambda^(T-t-1) on the Monte Carlo return",
                         rtol=1e-10, atol=1e-12, inputs=inputs)


def test_lambda_limits(ex, rng):
    for S, T in SIZES:
        V = rng.normal(size=S)
        states, rewards = _episode(rng, S, T)
        gamma = 0.9
        td0 = rewards + gamma * np.append(V[states[1:]], 0.0)
        mc = np.array([sum(gamma ** k * rewards[t + k] for k in range(T - t)) for t in range(T)])
        expect_close(ex.lambda_returns(states, rewards, V, 0.0, gamma), td0,
                     what=f"lambda-returns with lambda = 0, T={T}", rtol=1e-10, atol=1e-12,
                     how="the TD(0) target r + gamma V(S_{t+1}), just r at the last step")
        expect_close(ex.lambda_returns(states, rewards, V, 1.0, gamma), mc,
                     what=f"lambda-returns with lambda = 1, T={T}", rtol=1e-10, atol=1e-12,
                     how="the Monte Carlo return sum_k gamma^k r_{t+k}")
        expect_close(ex.td_lambda_episode(V, states, rewards, 0.3, 0.0, gamma),
                     _td0_reference(V, states, rewards, 0.3, gamma),
                     what=f"online TD(lambda = 0), T={T}", rtol=1e-10, atol=1e-12,
                     how="online TD(0) written out in the check (the trace is the indicator of S_t)",
                     inputs={"V": V, "states": states, "rewards": rewards})
        mc_update = V.astype(float).copy()
        np.add.at(mc_update, states, 0.3 * (mc - V[states]))
        expect_close(ex.td_lambda_episode(V, states, rewards, 0.3, 1.0, gamma, False), mc_update,
                     what=f"offline TD(lambda = 1), T={T}", rtol=1e-10, atol=1e-12,
                     how="every-visit Monte Carlo: V(S_t) += alpha (G_t - V(S_t)) summed at the end",
                     inputs={"V": V, "states": states, "rewards": rewards})


def test_offline_backward_equals_forward(ex, rng):
    for S, T in SIZES:
        V = rng.normal(size=S)
        states, rewards = _episode(rng, S, T)
        for lam, gamma, alpha in [(0.5, 1.0, 0.1), (0.8, 0.9, 0.3), (0.9, 0.95, 0.05)]:
            expect_close(ex.td_lambda_episode(V, states, rewards, alpha, lam, gamma, False),
                         _forward_offline(V, states, rewards, alpha, lam, gamma),
                         what=f"offline TD(lambda), T={T}, lambda={lam}, gamma={gamma}",
                         how="the offline lambda-return algorithm (forward view) computed in the "
                             "check; S&B §12.2: the two are equal exactly",
                         rtol=1e-9, atol=1e-12,
                         inputs={"V": V, "states": states, "rewards": rewards, "alpha": alpha})


def test_online_traces(ex, rng):
    for S, T in SIZES:
        V = rng.normal(size=S)
        states, rewards = _episode(rng, S, T)
        for lam, gamma, alpha in [(0.5, 1.0, 0.1), (0.8, 0.9, 0.3), (1.0, 0.8, 0.05)]:
            before = V.copy()
            expect_close(ex.td_lambda_episode(V, states, rewards, alpha, lam, gamma),
                         _online_reference(V, states, rewards, alpha, lam, gamma),
                         what=f"online TD(lambda), T={T}, lambda={lam}, gamma={gamma}",
                         how="online updates alpha delta_t e_t with e_t(s) = sum over the visits "
                             "k <= t of s of (gamma lambda)^(t-k) (accumulating trace, eq. 12.5)",
                         rtol=1e-9, atol=1e-12,
                         inputs={"V": V, "states": states, "rewards": rewards, "alpha": alpha})
            expect(np.array_equal(V, before), "td_lambda_episode changed the caller's V: update a copy")


def test_random_walk_figure_12_6(ex, rng):
    # True values from the Bellman equations of the 19-state walk (rewards -1 / +1 at the ends).
    P = 0.5 * (np.eye(19, k=1) + np.eye(19, k=-1))
    b = np.zeros(19)
    b[0], b[18] = -0.5, 0.5
    true = np.linalg.solve(np.eye(19) - P, b)
    errors = {(0.8, 0.3): [], (0.0, 0.3): []}
    for run in range(100):
        episodes = [_walk19(rng) for _ in range(10)]
        for (lam, alpha), errs in errors.items():
            V = np.zeros(19)
            for states, rewards in episodes:
                V = np.asarray(ex.td_lambda_episode(V, states, rewards, alpha, lam, 1.0))
                with np.errstate(over="ignore", invalid="ignore"):  # a diverging V fails below
                    errs.append(np.sqrt(np.mean((V - true) ** 2)))
    good, td0 = np.mean(errors[(0.8, 0.3)]), np.mean(errors[(0.0, 0.3)])
    expect(0.22 <= good <= 0.32,
           f"S&B Figure 12.6 (TD(lambda), 19-state walk, RMS error over the 19 states averaged over "
           f"the first 10 episodes and 100 runs, V0 = 0): the lambda = 0.8 curve is near its minimum, "
           f"about 0.25-0.3, at alpha = 0.3; expected within [0.22, 0.32], got {good:.3f}")
    expect(td0 > good + 0.05,
           f"S&B Figure 12.6: at alpha = 0.3 lambda = 0 (TD(0)) is clearly worse than lambda = 0.8 "
           f"(its curve is above 0.4 there); got {td0:.3f} vs {good:.3f}")
