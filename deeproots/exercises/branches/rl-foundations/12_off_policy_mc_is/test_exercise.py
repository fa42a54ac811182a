"""Checks for off-policy MC prediction (references: the ratio as a product written out step
by step, eq. 5.5 and 5.6 as loops, and S&B Example 5.4 / Figure 5.3: blackjack from
(player 13, usable ace, dealer 2), whose value under the target policy is computed exactly
here by recursion over the cards and agrees with the book's -0.27726)."""
from functools import lru_cache

import numpy as np

from deeproots.grading.checks import expect, expect_close

# --- Blackjack as in S&B Example 5.1: infinite deck, dealer sticks on 17 or more. -----------
CARD_P = {c: (4 / 13 if c == 10 else 1 / 13) for c in range(1, 11)}
BOOK_VALUE = -0.27726  # S&B Example 5.4: 100 million episodes under the target policy
STICK, HIT = 0, 1


def _value(raw, ace):  # raw counts aces as 1; one ace counts 11 when that does not bust
    return raw + 10 if ace and raw + 10 <= 21 else raw


@lru_cache(None)
def _dealer(raw, ace):
    v = _value(raw, ace)
    if v > 21:
        return {0: 1.0}  # 0 stands for a bust
    if v >= 17:
        return {v: 1.0}
    out = {}
    for c, p in CARD_P.items():
        for k, q in _dealer(raw + c, ace or c == 1).items():
            out[k] = out.get(k, 0.0) + p * q
    return out


@lru_cache(None)
def _exact_target_value(raw, ace):
    """v_pi exactly: pi hits below 20 and sticks on 20-21; the dealer shows a 2."""
    v = _value(raw, ace)
    if v > 21:
        return -1.0
    if v >= 20:
        return sum(q * (1.0 if k == 0 or k < v else 0.0 if k == v else -1.0)
                   for k, q in _dealer(2, False).items())
    return sum(p * _exact_target_value(raw + c, ace or c == 1) for c, p in CARD_P.items())


TRUE_VALUE = _exact_target_value(3, True)  # ace + 2: sum 13 with a usable ace


def _state_index(raw, ace):  # player sum 12..21 x usable ace x dealer card 1..10
    return (_value(raw, ace) - 12) * 20 + (2 - 1) * 2 + int(ace and raw + 10 <= 21)


def _policies():
    target = np.zeros((200, 2))
    for s in range(200):
        target[s, STICK if 12 + s // 20 >= 20 else HIT] = 1.0
    return target, np.full((200, 2), 0.5)


def _blackjack_episode(rng):
    """One episode from (13, usable ace, dealer 2) under the random behaviour policy."""
    cards = np.minimum(rng.integers(1, 14, size=24), 10)
    coins = rng.random(12)
    raw, ace, k, states, actions = 3, True, 0, [], []
    while True:
        states.append(_state_index(raw, ace))
        action = HIT if coins[len(actions)] < 0.5 else STICK
        actions.append(action)
        if action == STICK:
            break
        raw, ace, k = raw + cards[k], ace or cards[k] == 1, k + 1
        if _value(raw, ace) > 21:
            return states, actions, -1.0
    d_raw, d_ace = 2, False
    while _value(d_raw, d_ace) < 17:
        d_raw, d_ace, k = d_raw + cards[k], d_ace or cards[k] == 1, k + 1
    p, d = _value(raw, ace), _value(d_raw, d_ace)
    return states, actions, 1.0 if d > 21 or p > d else 0.0 if p == d else -1.0


# --- references for the formulas ----------------------------------------------------------
def _ratio_reference(states, actions, target, behaviour):
    rho = 1.0
    for s, a in zip(states, actions):
        rho *= target[s, a] / behaviour[s, a]
    return rho


def _batch_reference(returns, ratios):
    ordinary, weighted, num, den = [], [], 0.0, 0.0
    for k, (g, w) in enumerate(zip(returns, ratios), start=1):
        num, den = num + w * g, den + w
        ordinary.append(num / k)
        weighted.append(num / den if den > 0 else 0.0)
    return np.array(ordinary), np.array(weighted)


def _random_policy(rng, S, A, zeros):
    p = rng.random((S, A)) + 0.05
    if zeros:
        p[rng.random((S, A)) < 0.3] = 0.0
        p[np.arange(S), rng.integers(0, A, size=S)] += 0.5  # rows never all zero
    return p / p.sum(axis=1, keepdims=True)


def test_hand_example(ex, rng):
    target, behaviour = np.array([[0.0, 1.0], [1.0, 0.0]]), np.full((2, 2), 0.5)
    expect_close(ex.importance_ratio(np.array([0, 1]), np.array([1, 0]), target, behaviour), 4.0,
                 what="rho of states [0, 1], actions [1, 0]", rtol=0, atol=1e-12,
                 how="by hand: (1 / 0.5) * (1 / 0.5), both actions counted")
    expect_close(ex.importance_ratio(np.array([0, 1]), np.array([0, 0]), target, behaviour), 0.0,
                 what="rho of states [0, 1], actions [0, 0]", rtol=0, atol=1e-12,
                 how="by hand: pi never takes action 0 in state 0")
    expect_close(ex.importance_ratio(np.array([1]), np.array([0]), target, behaviour), 2.0,
                 what="rho of the one-step episode state 1, action 0", rtol=0, atol=1e-12,
                 how="by hand: 1 / 0.5")
    returns, ratios = np.array([1.0, 3.0]), np.array([4.0, 0.0])
    expect_close(ex.ordinary_is(returns, ratios), np.array([4.0, 2.0]), what="ordinary_is",
                 rtol=0, atol=1e-12, how="by hand: 4 * 1 / 1, then (4 + 0) / 2",
                 inputs={"returns": returns, "ratios": ratios})
    expect_close(ex.weighted_is(returns, ratios), np.array([1.0, 1.0]), what="weighted_is",
                 rtol=0, atol=1e-12, how="by hand: 4 / 4 both times",
                 inputs={"returns": returns, "ratios": ratios})


def test_ratio_matches_product(ex, rng):
    for S, A, T, zeros in [(1, 1, 1, False), (3, 2, 1, False), (4, 3, 6, False), (5, 4, 12, True),
                           (8, 2, 30, True)]:
        target, behaviour = _random_policy(rng, S, A, zeros), _random_policy(rng, S, A, False)
        for _ in range(5):
            states, actions = rng.integers(0, S, size=T), rng.integers(0, A, size=T)
            expect_close(ex.importance_ratio(states, actions, target, behaviour),
                         _ratio_reference(states, actions, target, behaviour),
                         what=f"rho of a {T}-step episode", rtol=1e-10, atol=1e-14,
                         how="pi(A_t|S_t) / b(A_t|S_t) multiplied step by step, t = 0..T-1",
                         inputs={"states": states, "actions": actions, "target": target,
                                 "behaviour": behaviour})


def test_batch_estimates(ex, rng):
    for n in (1, 2, 7, 50):
        returns = rng.normal(size=n)
        ratios = rng.exponential(size=n) * (rng.random(n) < 0.6)
        ratios[0] = 0.0  # the weighted estimate must be 0 until a ratio is positive
        ordinary, weighted = _batch_reference(returns, ratios)
        inputs = {"returns": returns, "ratios": ratios}
        expect_close(ex.ordinary_is(returns, ratios), ordinary, what=f"ordinary_is, n={n}",
                     rtol=1e-10, atol=1e-12, inputs=inputs,
                     how="eq. 5.5 as a loop: sum of rho_i G_i over the first k episodes, / k")
        expect_close(ex.weighted_is(returns, ratios), weighted, what=f"weighted_is, n={n}",
                     rtol=1e-10, atol=1e-12, inputs=inputs,
                     how="eq. 5.6 as a loop: sum of rho_i G_i / sum of rho_i, 0 while that is 0")
    returns, ratios = np.array([-2.5, 7.0]), np.array([3.0, 0.5])
    expect_close(ex.weighted_is(returns, ratios)[0], -2.5, rtol=0, atol=1e-12,
                 what="weighted IS after one episode with rho = 3",
                 how="S&B §5.5: the weighted estimate of one episode is its return, whatever rho")


def test_incremental_equals_batch(ex, rng):
    for n in (1, 5, 40):
        returns = rng.normal(size=n)
        ratios = rng.exponential(size=n) * (rng.random(n) < 0.5)
        ratios[0] = 0.0
        _, weighted = _batch_reference(returns, ratios)
        V, C, got = 0.0, 0.0, []
        for g, w in zip(returns, ratios):
            V, C = ex.weighted_is_update(V, C, g, w)
            got.append(V)
        expect_close(np.array(got, dtype=float), weighted, what=f"V after each of {n} updates",
                     rtol=1e-9, atol=1e-12, inputs={"returns": returns, "ratios": ratios},
                     how="eq. 5.6 as a loop (incremental eq. 5.7-5.8 must give the same numbers)")
        expect_close(C, ratios.sum(), what="C after the updates", rtol=1e-10, atol=1e-12,
                     how="the sum of all the ratios (eq. 5.8)")


def test_blackjack_figure_5_3(ex, rng):
    target, behaviour = _policies()
    runs, n = 2000, 10
    returns, ratios, cache = np.zeros((runs, n)), np.zeros((runs, n)), {}
    for r in range(runs):
        for i in range(n):
            states, actions, returns[r, i] = _blackjack_episode(rng)
            key = (tuple(states), tuple(actions))  # few distinct ones: one call for each
            if key not in cache:
                cache[key] = ex.importance_ratio(np.array(states), np.array(actions), target,
                                                 behaviour)
                expect_close(cache[key], _ratio_reference(states, actions, target, behaviour),
                             what="rho of a blackjack episode", rtol=1e-10, atol=1e-12,
                             how="the product written out in the check (2^T or 0)",
                             inputs={"states": states, "actions": actions})
            ratios[r, i] = cache[key]
    # Ordinary IS is unbiased: the mean of rho G over all episodes is v_pi.
    x = (ratios * returns).ravel()
    se = x.std(ddof=1) / np.sqrt(x.size)
    expect(abs(x.mean() - TRUE_VALUE) < 4 * se,
           f"ordinary IS is unbiased: the mean of rho * G over {x.size} behaviour episodes should "
           f"be v_pi = {TRUE_VALUE:.5f} (exact recursion over the cards; S&B Example 5.4: "
           f"{BOOK_VALUE}) within 4 standard errors ({4 * se:.3f}); got {x.mean():.4f}")
    ordinary = np.asarray(ex.ordinary_is(returns, ratios), dtype=float)  # (runs, n)
    weighted = np.asarray(ex.weighted_is(returns, ratios), dtype=float)
    refs = [_batch_reference(g, w) for g, w in zip(returns, ratios)]
    ordinary_ref, weighted_ref = np.array([o for o, _ in refs]), np.array([w for _, w in refs])
    expect_close(ordinary, ordinary_ref, what=f"ordinary_is of ({runs}, {n}) runs", rtol=1e-10,
                 atol=1e-12, how="eq. 5.5 as a loop, run by run (the last axis is the episodes)")
    expect_close(weighted, weighted_ref, what=f"weighted_is of ({runs}, {n}) runs", rtol=1e-10,
                 atol=1e-12, how="eq. 5.6 as a loop, run by run (the last axis is the episodes)")
    mse_o = np.mean((ordinary - TRUE_VALUE) ** 2, axis=0)
    mse_w = np.mean((weighted - TRUE_VALUE) ** 2, axis=0)
    # Paired over the runs: the same episodes feed both estimators.
    d = (ordinary[:, -1] - TRUE_VALUE) ** 2 - (weighted[:, -1] - TRUE_VALUE) ** 2
    se_d = d.std(ddof=1) / np.sqrt(runs)
    expect(d.mean() > 3 * se_d,
           f"S&B Figure 5.3: after 10 episodes weighted IS has a lower mean squared error than "
           f"ordinary IS (averaged over {runs} runs of 10 episodes; the difference should exceed "
           f"3 standard errors of the paired differences, {3 * se_d:.3f}); got weighted "
           f"{mse_w[-1]:.3f}, ordinary {mse_o[-1]:.3f}", mse_weighted=mse_w, mse_ordinary=mse_o)
    first = ratios[:, 0] > 0
    expect_close(weighted[first, 0], returns[first, 0], rtol=0, atol=1e-12,
                 what="weighted IS after a first episode with rho > 0",
                 how="its return G_1 (S&B §5.5)")
