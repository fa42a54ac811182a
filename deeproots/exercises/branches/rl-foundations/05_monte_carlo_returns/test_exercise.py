"""Checks for discounted returns and Monte Carlo prediction (references: the return written
as an explicit sum sum_k gamma^k R_{t+k+1}, first/every-visit averages collected in loops,
the random walk of S&B Example 6.2 with true values 1/6..5/6)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal


def _returns_direct(rewards, gamma):
    T = len(rewards)
    return np.array([sum(gamma ** k * rewards[t + k] for k in range(T - t)) for t in range(T)])


def _mc_direct(states_list, rewards_list, n_states, gamma, first_visit):
    collected = [[] for _ in range(n_states)]
    for states, rewards in zip(states_list, rewards_list):
        G = _returns_direct(rewards, gamma)
        for t, s in enumerate(states):
            if first_visit and s in list(states[:t]):
                continue
            collected[s].append(G[t])
    V = np.array([np.mean(c) if c else 0.0 for c in collected])
    return V, np.array([len(c) for c in collected])


def _random_episodes(rng, count, n_states, max_len):
    lengths = rng.integers(1, max_len + 1, size=count)
    states = [rng.integers(0, n_states, size=n) for n in lengths]
    rewards = [rng.normal(size=n) for n in lengths]
    return states, rewards


def test_hand_example(ex, rng):
    states, rewards = [np.array([0, 1, 0, 2])], [np.array([1.0, 2.0, 3.0, 4.0])]
    expect_close(ex.discounted_returns(rewards[0][None, :], 0.5), np.array([[3.25, 4.5, 5.0, 4.0]]),
                 what="G for rewards [1, 2, 3, 4], gamma = 0.5",
                 how="by hand: G_t = r_t + 0.5 G_{t+1} from the end", rtol=0, atol=1e-12)
    V, counts = ex.mc_state_values(states, rewards, 4, 0.5, True)
    expect_close(V, np.array([3.25, 4.5, 4.0, 0.0]), what="first-visit V", rtol=0, atol=1e-12,
                 how="by hand: the return after the first visit; unvisited state 3 gets 0")
    expect_equal(np.asarray(counts), np.array([1, 1, 1, 0]), what="first-visit counts",
                 how="by hand: one return per visited state")
    V, counts = ex.mc_state_values(states, rewards, 4, 0.5, False)
    expect_close(V, np.array([4.125, 4.5, 4.0, 0.0]), what="every-visit V", rtol=0, atol=1e-12,
                 how="by hand: V[0] = (3.25 + 5) / 2")
    expect_equal(np.asarray(counts), np.array([2, 1, 1, 0]), what="every-visit counts",
                 how="by hand: state 0 is visited twice")


def test_returns_match_direct_sum(ex, rng):
    for N, T, gamma in [(1, 1, 0.9), (1, 7, 0.5), (4, 12, 0.99), (6, 3, 0.0), (3, 20, 1.0)]:
        lengths = rng.integers(1, T + 1, size=N)
        lengths[0] = T
        rewards = np.zeros((N, T))
        for i, n in enumerate(lengths):
            rewards[i, :n] = rng.normal(size=n)
        expected = np.zeros((N, T))
        for i, n in enumerate(lengths):
            expected[i, :n] = _returns_direct(rewards[i, :n], gamma)
        expect_close(ex.discounted_returns(rewards, gamma), expected,
                     what=f"discounted_returns for N={N}, T={T}, gamma={gamma}",
                     how="sum_k gamma^k rewards[i, t + k] over each episode (0 after its end)",
                     rtol=1e-10, atol=1e-12, inputs={"rewards": rewards, "gamma": gamma})


def test_mc_values_match_definitions(ex, rng):
    for count, n_states, max_len, gamma in [(1, 3, 6, 0.9), (5, 4, 10, 1.0), (20, 8, 15, 0.8),
                                            (40, 12, 25, 0.95)]:
        states, rewards = _random_episodes(rng, count, n_states, max_len)
        for first_visit in (True, False):
            kind = "first-visit" if first_visit else "every-visit"
            V_ref, counts_ref = _mc_direct(states, rewards, n_states, gamma, first_visit)
            V, counts = ex.mc_state_values(states, rewards, n_states, gamma, first_visit)
            inputs = {"states_list[0]": states[0], "rewards_list[0]": rewards[0],
                      "episodes": count, "gamma": gamma}
            expect_equal(np.asarray(counts), counts_ref, what=f"{kind} counts",
                         how=f"{kind} visits counted in a loop", inputs=inputs)
            expect_close(V, V_ref, what=f"{kind} V ({count} episodes, {n_states} states)",
                         how=f"mean of the {kind} returns, each return an explicit discounted sum",
                         rtol=1e-10, atol=1e-12, inputs=inputs)


def test_first_visit_mc_on_the_random_walk(ex, rng):
    # S&B Example 6.2: states A..E = 0..4, start in C, +1 when leaving E to the right.
    states_list, rewards_list = [], []
    for _ in range(400):
        s, states, rewards = 2, [], []
        while 0 <= s <= 4:
            states.append(s)
            s += 1 if rng.random() < 0.5 else -1
            rewards.append(1.0 if s == 5 else 0.0)
        states_list.append(np.array(states))
        rewards_list.append(np.array(rewards))
    V, counts = ex.mc_state_values(states_list, rewards_list, 5, 1.0, True)
    V, counts = np.asarray(V), np.asarray(counts)
    true = np.arange(1, 6) / 6
    # First-visit returns are independent Bernoulli(v(s)) draws, one per visiting episode.
    se = np.sqrt(true * (1 - true) / np.maximum(counts, 1))
    expect(np.all(np.abs(V - true) < 4 * se),
           "first-visit MC on the random walk should be within 4 standard errors of the true "
           "values 1/6..5/6 (S&B Example 6.2)", V=V, true=true, standard_errors=se, counts=counts)


def test_inputs_not_modified(ex, rng):
    rewards = rng.normal(size=(3, 5))
    before = rewards.copy()
    ex.discounted_returns(rewards, 0.9)
    expect(np.array_equal(rewards, before), "discounted_returns modified rewards in place")
