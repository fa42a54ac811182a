"""Thompson sampling for the Bernoulli bandit with Beta(1, 1) priors.

Source: Russo, Van Roy, Kazerouni, Osband & Wen, "A Tutorial on Thompson Sampling"
(Foundations and Trends in ML, 2018), §3 (the Beta-Bernoulli bandit, Algorithm 2); David
Silver's UCL RL course, lecture 9 "Exploration and Exploitation" (probability matching,
Thompson sampling, the Lai-Robbins lower bound); Sutton & Barto (2nd ed.) §2.10.
https://arxiv.org/abs/1707.02038

K arms; arm k pays 1 with an unknown probability theta_k and 0 otherwise. With a Beta(1, 1)
(uniform) prior on each theta_k, after s_k successes and f_k failures of arm k its posterior
is, by conjugacy,

    theta_k | data ~ Beta(alpha_k, beta_k),   alpha_k = 1 + s_k,   beta_k = 1 + f_k.

Thompson sampling draws one theta_k from each posterior and plays the arm with the largest
draw, then updates that arm's counts with the reward. So it picks arm k with exactly the
posterior probability that k is the best arm (probability matching): arms that might still
be best keep being tried, arms that are surely worse are dropped. Playing the arm with the
largest posterior MEAN instead is greedy and can lock onto a bad arm for good. Its regret
sum_t (max_k theta_k - theta_{A_t}) grows like log T, the order of the Lai-Robbins lower bound
log T * sum_{k: Delta_k > 0} Delta_k / KL(theta_k || theta*).

Shapes: successes, failures, alpha, beta (K,) (counts int or float; parameters float);
probs (K,) float in [0, 1]; seed an int (use np.random.default_rng(seed), once per call).
  posterior(successes, failures)        -> (alpha, beta), two (K,) float arrays
  sample_arms(alpha, beta, n, seed)     -> (n,) int: n independent Thompson choices
  thompson_bandit(probs, T, seed)       -> (actions (T,) int, rewards (T,) float in {0, 1})
In thompson_bandit every step draws theta from the current posteriors (rng.beta), plays
the argmax, and draws the reward as float(rng.random() < probs[action]).

Tiny example: successes [3, 0], failures [1, 2] give alpha [4, 1], beta [2, 3] (posterior
means 2/3 and 1/4). Arm 1 is best when its draw Y ~ Beta(1, 3) beats X ~ Beta(4, 2):
P(Y > x) = (1 - x)^3 and 1 - X ~ Beta(2, 4), so P = E[(1 - X)^3] = 2*3*4 / (6*7*8) = 1/14;
sample_arms picks arm 0 with probability 13/14 (about 93 % of n choices).
"""
import numpy as np


def posterior(successes: np.ndarray, failures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Beta posterior parameters under a Beta(1, 1) prior."""
    # TODO: alpha = 1 + successes, beta = 1 + failures (as float arrays).
    ### BEGIN SOLUTION
    alpha = 1.0 + np.asarray(successes, dtype=float)
    beta = 1.0 + np.asarray(failures, dtype=float)
    return alpha, beta
    ### END SOLUTION


def sample_arms(alpha: np.ndarray, beta: np.ndarray, n: int, seed: int) -> np.ndarray:
    """n independent Thompson choices: argmax of one Beta draw per arm, n times."""
    # TODO: rng = np.random.default_rng(seed); theta = rng.beta(alpha, beta, size=(n, K));
    # the argmax of each row.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    alpha = np.asarray(alpha, dtype=float)
    beta = np.asarray(beta, dtype=float)
    theta = rng.beta(alpha, beta, size=(n, len(alpha)))
    return np.argmax(theta, axis=1)
    ### END SOLUTION


def thompson_bandit(probs: np.ndarray, T: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """T steps of Beta-Bernoulli Thompson sampling from Beta(1, 1) priors."""
    # TODO: counts s, f = zeros(K); each step: alpha, beta = posterior(s, f); draw theta;
    # a = argmax; r = float(rng.random() < probs[a]); s[a] += r; f[a] += 1 - r.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    probs = np.asarray(probs, dtype=float)
    K = len(probs)
    s, f = np.zeros(K), np.zeros(K)
    actions, rewards = np.zeros(T, dtype=int), np.zeros(T)
    for t in range(T):
        alpha, beta = posterior(s, f)
        a = int(np.argmax(rng.beta(alpha, beta)))
        r = float(rng.random() < probs[a])
        s[a] += r
        f[a] += 1.0 - r
        actions[t], rewards[t] = a, r
    return actions, rewards
    ### END SOLUTION
