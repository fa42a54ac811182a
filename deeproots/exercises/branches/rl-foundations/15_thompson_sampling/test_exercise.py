"""Checks for Thompson sampling (references: Beta-Bernoulli conjugacy written out from the
counts, P(arm k is best) under the posterior by numerical integration of scipy.stats.beta
densities and cdfs, an epsilon-greedy baseline and the Lai-Robbins bound computed here)."""
import numpy as np
from scipy import integrate, stats

from deeproots.grading.checks import expect, expect_close, expect_equal


def _p_best(alpha, beta):
    """P(theta_k is the largest) = int_0^1 pdf_k(x) prod_{j != k} cdf_j(x) dx."""
    K, out = len(alpha), []
    for k in range(K):
        def f(x, k=k):
            others = [stats.beta.cdf(x, alpha[j], beta[j]) for j in range(K) if j != k]
            return stats.beta.pdf(x, alpha[k], beta[k]) * np.prod(others)
        out.append(integrate.quad(f, 0.0, 1.0, limit=200)[0])
    return np.array(out)


def _epsilon_greedy_regret(probs, T, epsilon, runs, rng):
    """Sample-average epsilon-greedy (S&B §2.3), random tie-breaks, over independent runs
    side by side: the mean over the runs of its cumulative pseudo-regret, (T,)."""
    K, rows = len(probs), np.arange(runs)
    Q, N, regret = np.zeros((runs, K)), np.zeros((runs, K)), np.zeros(T)
    for t in range(T):
        noisy = Q + 1e-9 * rng.random((runs, K))  # ties broken at random
        a = np.where(rng.random(runs) < epsilon, rng.integers(0, K, size=runs),
                     np.argmax(noisy, axis=1))
        r = (rng.random(runs) < probs[a]).astype(float)
        N[rows, a] += 1
        Q[rows, a] += (r - Q[rows, a]) / N[rows, a]
        regret[t] = np.mean(probs.max() - probs[a])
    return np.cumsum(regret)


def _kl_bernoulli(p, q):
    return p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q))


def test_hand_example(ex, rng):
    alpha, beta = ex.posterior(np.array([3, 0]), np.array([1, 2]))
    expect_close(alpha, np.array([4.0, 1.0]), what="alpha for successes [3, 0]", rtol=0, atol=0,
                 how="by hand: 1 (the Beta(1, 1) prior) + successes")
    expect_close(beta, np.array([2.0, 3.0]), what="beta for failures [1, 2]", rtol=0, atol=0,
                 how="by hand: 1 (the Beta(1, 1) prior) + failures")
    n = 20000
    picks = np.asarray(ex.sample_arms(np.array([4.0, 1.0]), np.array([2.0, 3.0]), n, 7))
    expect_equal(picks.shape, (n,), what="sample_arms(..., n=20000, ...).shape",
                 how="one choice per draw")
    share, p = np.mean(picks == 0), 13 / 14
    se = np.sqrt(p * (1 - p) / n)
    expect(abs(share - p) < 4 * se,
           f"arm 0 should be picked with probability 13/14 = {p:.4f} (by hand: P(Beta(1, 3) > "
           f"Beta(4, 2)) = E[(1 - X)^3] = 1/14) within 4 binomial standard errors "
           f"({4 * se:.4f}) over {n} draws; got {share:.4f}")


def test_posterior_matches_counts(ex, rng):
    for K in (1, 3, 7):
        s, f = rng.integers(0, 50, size=K), rng.integers(0, 50, size=K)
        alpha, beta = ex.posterior(s, f)
        expect_close(alpha, 1.0 + s, what=f"alpha, K={K}", rtol=0, atol=1e-12,
                     how="Beta(1, 1) prior + Bernoulli likelihood: alpha = 1 + successes",
                     inputs={"successes": s, "failures": f})
        expect_close(beta, 1.0 + f, what=f"beta, K={K}", rtol=0, atol=1e-12,
                     how="Beta(1, 1) prior + Bernoulli likelihood: beta = 1 + failures",
                     inputs={"successes": s, "failures": f})


def test_bandit_uses_its_rewards(ex, rng):
    # Arm 1 always pays, the others never: after its first pull, arm 1's posterior is
    # Beta(1 + n, 1), far above Beta(1, 1 + m); Thompson must settle on it.
    probs = np.array([0.0, 1.0, 0.0])
    actions, rewards = map(np.asarray, ex.thompson_bandit(probs, 300, 3))
    expect_equal(actions.shape, (300,), what="actions.shape", how="one action per step")
    expect_close(rewards, probs[actions], what="rewards of deterministic arms", rtol=0, atol=0,
                 how="arm 1 always pays 1, arms 0 and 2 never")
    late = np.mean(actions[100:] == 1)
    expect(late > 0.98, f"with arm 1 paying always and the others never, Thompson sampling "
           f"should play arm 1 in almost every step after step 100 (P(Beta(1, 1 + m) > "
           f"Beta(1 + n, 1)) is tiny); it did in {late:.3f} of them")


def test_probability_matching(ex, rng):
    for alpha, beta in [(np.array([3.0, 5.0, 2.0]), np.array([4.0, 5.0, 1.0])),
                        (np.array([1.0, 1.0, 1.0, 1.0]), np.array([1.0, 1.0, 1.0, 1.0])),
                        (np.array([11.0, 8.0, 1.0, 21.0, 4.0]),
                         np.array([9.0, 5.0, 2.0, 20.0, 3.0]))]:
        n = 20000
        picks = np.asarray(ex.sample_arms(alpha, beta, n, int(rng.integers(2**31))))
        expected = _p_best(alpha, beta)
        counts = np.bincount(picks, minlength=len(alpha))
        chi2, p_value = stats.chisquare(counts, n * expected)
        expect(p_value > 1e-4,
               f"Thompson choices must follow P(arm k is best | posterior) (probability "
               f"matching; Russo et al. 2018 §3). Pearson chi-square test of {n} choices "
               f"against those probabilities (numerical integration of scipy.stats.beta) "
               f"rejects at p = {p_value:.2g} < 1e-4", alpha=alpha, beta=beta,
               expected_shares=expected, observed_shares=counts / n)


def test_regret_sublinear_and_below_epsilon_greedy(ex, rng):
    probs = np.array([0.3, 0.5, 0.7])
    T, seeds = 1000, 20
    gaps = probs.max() - probs
    ts = np.array([np.cumsum(gaps[np.asarray(ex.thompson_bandit(probs, T, 100 + i)[0])])
                   for i in range(seeds)]).mean(axis=0)
    eg = _epsilon_greedy_regret(probs, T, 0.1, 200, rng)
    first, second = ts[T // 2 - 1], ts[-1] - ts[T // 2 - 1]
    expect(second < 0.5 * first,
           f"Thompson regret should grow sublinearly (about log T): over steps {T // 2}..{T} "
           f"it should add less than half of what it added over the first {T // 2} steps "
           f"(linear growth adds as much); got {first:.1f} then {second:.1f} "
           f"(mean over {seeds} seeds)")
    expect(ts[-1] < eg[-1],
           f"after {T} steps the mean regret of Thompson sampling should be below that of "
           f"sample-average epsilon-greedy (epsilon = 0.1, simulated in the check, 200 "
           f"runs); got Thompson {ts[-1]:.1f}, epsilon-greedy {eg[-1]:.1f}")
    bad = gaps > 0
    lai_robbins = np.log(T) * np.sum(gaps[bad] / _kl_bernoulli(probs[bad], probs.max()))
    expect(ts[-1] < lai_robbins,
           f"Thompson sampling is asymptotically optimal (Kaufmann et al. 2012): its regret "
           f"grows like the Lai-Robbins bound log T sum Delta_k / KL(p_k || p*), which at "
           f"T = {T} is {lai_robbins:.1f}; averaged over {seeds} seeds its regret should not "
           f"exceed it; got {ts[-1]:.1f}")
