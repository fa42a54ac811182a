"""Multi-armed bandits: incremental averages, UCB action selection, the gradient bandit.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §2.4
(incremental implementation, eq. 2.3-2.4), §2.5 (constant step size, eq. 2.5-2.6), §2.7
(upper-confidence-bound action selection, eq. 2.10) and §2.8 (gradient bandit algorithms,
eq. 2.11-2.12 and the proof that they are stochastic gradient ascent); David Silver's UCL
RL course, lecture 9 "Exploration and Exploitation" (UCB1, optimism in the face of
uncertainty).
https://www.davidsilver.uk/teaching/

A k-armed bandit pays a random reward for each pull. Estimates Q[a] of each arm's mean are
kept with counts N[a] and updated after each pull of arm a with reward R:

    N[a] <- N[a] + 1,     Q[a] <- Q[a] + (R - Q[a]) / N[a]          (the sample mean, eq. 2.4)

or, with a constant step size alpha, Q[a] <- Q[a] + alpha (R - Q[a]) (a recency-weighted
average, eq. 2.5; N still counts the pulls).

UCB picks, at time step t = 1, 2, ... (the number of the pull being chosen),

    A_t = argmax_a [ Q[a] + c sqrt( ln t / N[a] ) ]                  (eq. 2.10)

where an arm with N[a] = 0 counts as maximizing: while some arms are untried, pick the
untried arm with the lowest index. Ties go to the lowest index (np.argmax).

The gradient bandit keeps preferences H (k,) and acts with pi = softmax(H) (subtract max H
before exponentiating). After taking action a and receiving R, with baseline Rbar (say the
average reward so far):

    H <- H + alpha (R - Rbar) (onehot(a) - pi)                       (eq. 2.12)

i.e. H[a] += alpha (R - Rbar)(1 - pi[a]) and H[b] -= alpha (R - Rbar) pi[b] for b != a.
In expectation over A ~ pi this is exactly alpha times the gradient of E[R] = sum_b pi[b]
q*(b) with respect to H: stochastic gradient ascent.

ucb_run plays T steps on a pre-drawn reward table rewards (T, k): at step t (1-based) pick
A_t by UCB with the current estimates, receive rewards[t - 1, A_t], update by the sample
average. Start with Q = 0, N = 0.

Shapes: Q, N, H (k,) (N ints); action an int; rewards (T, k).
  ucb_select(Q, N, t, c)                               -> int
  incremental_update(Q, N, action, reward, step_size)  -> (Q_new (k,), N_new (k,))
  ucb_run(rewards, c)                                  -> (actions (T,) int, Q (k,), N (k,))
  softmax_policy(H)                                    -> pi (k,)
  gradient_bandit_update(H, action, reward, baseline, alpha) -> H_new (k,)
Do not modify the inputs.

Tiny example: Q = [1, 2, 0.5], N = [1, 4, 2], t = 7, c = 2 (ln 7 = 1.946): the scores are
1 + 2 sqrt(1.946) = 3.79, 2 + 2 sqrt(0.486) = 3.39, 0.5 + 2 sqrt(0.973) = 2.47, so UCB
picks arm 0 (greedy would pick arm 1). With N = [3, 0, 0] it picks arm 1. Gradient bandit:
H = [0, 0], a = 0, R = 1, Rbar = 0, alpha = 0.1: pi = [0.5, 0.5], H becomes [0.05, -0.05].
"""
import numpy as np


def ucb_select(Q: np.ndarray, N: np.ndarray, t: int, c: float) -> int:
    """Return the UCB action at step t: the first untried arm, else argmax Q + c sqrt(ln t / N)."""
    # TODO: untried arms first; then np.argmax of the upper confidence bounds.
    ### BEGIN SOLUTION
    Q, N = np.asarray(Q, dtype=float), np.asarray(N)
    untried = np.flatnonzero(N == 0)
    if untried.size:
        return int(untried[0])
    return int(np.argmax(Q + c * np.sqrt(np.log(t) / N)))
    ### END SOLUTION


def incremental_update(Q: np.ndarray, N: np.ndarray, action: int, reward: float,
                       step_size: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return (Q, N) after one pull: the sample-average step 1/N, or a constant step_size."""
    # TODO: copy; N[a] += 1; Q[a] += (reward - Q[a]) / N[a] (or * step_size).
    ### BEGIN SOLUTION
    Q, N = np.array(Q, dtype=float), np.array(N)
    N[action] += 1
    step = 1.0 / N[action] if step_size is None else step_size
    Q[action] += step * (reward - Q[action])
    return Q, N
    ### END SOLUTION


def ucb_run(rewards: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (actions, Q, N) after playing UCB on the reward table rewards (T, k)."""
    # TODO: for t = 1..T: a = ucb_select(Q, N, t, c); update with rewards[t - 1, a].
    ### BEGIN SOLUTION
    T, k = rewards.shape
    Q, N = np.zeros(k), np.zeros(k, dtype=int)
    actions = np.zeros(T, dtype=int)
    for t in range(1, T + 1):
        a = ucb_select(Q, N, t, c)
        Q, N = incremental_update(Q, N, a, rewards[t - 1, a])
        actions[t - 1] = a
    return actions, Q, N
    ### END SOLUTION


def softmax_policy(H: np.ndarray) -> np.ndarray:
    """Return the softmax of the preferences H (stable for large H)."""
    # TODO: exp(H - H.max()) normalised.
    ### BEGIN SOLUTION
    e = np.exp(H - np.max(H))
    return e / e.sum()
    ### END SOLUTION


def gradient_bandit_update(H: np.ndarray, action: int, reward: float, baseline: float,
                           alpha: float) -> np.ndarray:
    """Return H + alpha (reward - baseline) (onehot(action) - softmax(H))."""
    # TODO: eq. 2.12 for all arms at once.
    ### BEGIN SOLUTION
    pi = softmax_policy(H)
    onehot = np.zeros_like(pi)
    onehot[action] = 1.0
    return H + alpha * (reward - baseline) * (onehot - pi)
    ### END SOLUTION
