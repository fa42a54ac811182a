"""GLIE Monte Carlo control: every-visit incremental means with a decaying epsilon.

Source: David Silver's UCL RL course, lecture 5 "Model-Free Control" (GLIE, the GLIE
Monte-Carlo control algorithm with epsilon_k = 1/k); Sutton & Barto, Reinforcement
Learning: An Introduction (2nd ed.), §5.3-5.4 (Monte Carlo control, epsilon-soft
policies), §2.4 (incremental averages) and §3.3 (discounted returns).
https://www.davidsilver.uk/teaching/

Monte Carlo control learns Q(s, a) from whole episodes and acts epsilon-greedily on it.
For the episode S_0, A_0, R_1, ..., S_{T-1}, A_{T-1}, R_T the return from step t is

    G_t = R_{t+1} + gamma R_{t+2} + ... + gamma^(T-1-t) R_T   (so G_t = R_{t+1} + gamma G_{t+1}).

Every-visit incremental mean: for every step t (a pair (s, a) visited twice in one
episode is updated twice, once with each return), in order t = 0, 1, ..., T-1,

    N(S_t, A_t) <- N(S_t, A_t) + 1
    Q(S_t, A_t) <- Q(S_t, A_t) + (G_t - Q(S_t, A_t)) / N(S_t, A_t),

so Q(s, a) is exactly the mean of every return that followed (s, a) so far (a fixed step
size instead of 1 / N would weight recent returns more and is not this algorithm).

GLIE (greedy in the limit with infinite exploration): episode k = 1, 2, ... is generated
epsilon-greedily with epsilon_k = min(1, c / k). Silver's example is c = 1 (epsilon_k =
1/k); any c > 0 is GLIE, and a larger c explores longer, which a few thousand episodes
need. Epsilon-greedy: with probability epsilon a uniformly random action
(rng.integers(N_ACTIONS)), otherwise np.argmax(Q[s]).

The gridworld below (given): 3 rows x 4 columns, states s = 4 row + column, actions 0..3
= up, right, down, left; a move into the wall cell (1, 1) or off the grid stays put;
reward -1 per step, +10 for the step into the goal (0, 3), which ends the episode; start
uniform over the 10 other cells; an episode is cut after MAX_STEPS steps (its returns
are still used).

  epsilon_schedule(k, c)                              -> float, k = 1, 2, ...
  discounted_returns(rewards, gamma)                  -> G (T,), G[t] = G_t
  mc_update(Q, N, states, actions, rewards, gamma)    -> (Q_new, N_new), copies
      Q (S, A) float, N (S, A) counts; states, actions (T,) int, rewards (T,) float
  glie_mc_control(n_episodes, c, gamma, seed)         -> (Q, N) after n_episodes
      Q, N start at 0; rng = np.random.default_rng(seed) for the starts and exploration.

Tiny example: rewards [-1, -1, 10], gamma 0.9: G = [-1 - 0.9 + 8.1, -1 + 9, 10] =
[6.2, 8, 10]. If (s, a) = (2, 1) is visited at t = 0 and t = 2 with Q = N = 0 before:
N = 1, Q = 6.2, then N = 2, Q = 6.2 + (10 - 6.2) / 2 = 8.1, the mean of 6.2 and 10.
"""
import numpy as np

N_ROWS, N_COLS, N_ACTIONS = 3, 4, 4
N_STATES = N_ROWS * N_COLS
WALL, GOAL = 5, 3          # cells (1, 1) and (0, 3)
MAX_STEPS = 100
_MOVES = [(-1, 0), (0, 1), (1, 0), (0, -1)]


def gridworld_reset(rng: np.random.Generator) -> int:
    """A start state, uniform over the cells that are neither the wall nor the goal."""
    starts = [s for s in range(N_STATES) if s not in (WALL, GOAL)]
    return int(starts[rng.integers(len(starts))])


def gridworld_step(s: int, a: int):
    """Return (next_state, reward, done) for action a in state s."""
    r, c = divmod(s, N_COLS)
    nr, nc = r + _MOVES[a][0], c + _MOVES[a][1]
    if not (0 <= nr < N_ROWS and 0 <= nc < N_COLS) or nr * N_COLS + nc == WALL:
        nr, nc = r, c
    s2 = nr * N_COLS + nc
    if s2 == GOAL:
        return s2, 10.0, True
    return s2, -1.0, False


def epsilon_schedule(k: int, c: float = 1.0) -> float:
    """Return epsilon_k = min(1, c / k) for episode k = 1, 2, ..."""
    # TODO: min(1, c / k).
    ### BEGIN SOLUTION
    return min(1.0, c / k)
    ### END SOLUTION


def discounted_returns(rewards: np.ndarray, gamma: float) -> np.ndarray:
    """Return G[t] = sum_k gamma^k rewards[t + k] for every t."""
    # TODO: backward: G = rewards[t] + gamma * G.
    ### BEGIN SOLUTION
    rewards = np.asarray(rewards, dtype=float)
    out = np.zeros(len(rewards))
    G = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        G = rewards[t] + gamma * G
        out[t] = G
    return out
    ### END SOLUTION


def mc_update(Q: np.ndarray, N: np.ndarray, states: np.ndarray, actions: np.ndarray,
              rewards: np.ndarray, gamma: float):
    """Return copies of (Q, N) after the every-visit incremental-mean update of one episode."""
    # TODO: copies; G = discounted_returns(...); for every t: N[s, a] += 1,
    # Q[s, a] += (G[t] - Q[s, a]) / N[s, a].
    ### BEGIN SOLUTION
    Q = np.array(Q, dtype=float)
    N = np.array(N, dtype=float)
    G = discounted_returns(rewards, gamma)
    for t in range(len(states)):
        s, a = int(states[t]), int(actions[t])
        N[s, a] += 1
        Q[s, a] += (G[t] - Q[s, a]) / N[s, a]
    return Q, N
    ### END SOLUTION


def glie_mc_control(n_episodes: int, c: float, gamma: float, seed: int):
    """Run GLIE Monte Carlo control on the gridworld; return (Q, N)."""
    # TODO: for k = 1..n_episodes: epsilon = epsilon_schedule(k, c); generate an episode
    # epsilon-greedily (at most MAX_STEPS steps); then mc_update.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    Q = np.zeros((N_STATES, N_ACTIONS))
    N = np.zeros((N_STATES, N_ACTIONS))
    for k in range(1, n_episodes + 1):
        epsilon = epsilon_schedule(k, c)
        s = gridworld_reset(rng)
        states, actions, rewards = [], [], []
        for t in range(MAX_STEPS):
            if rng.random() < epsilon:
                a = int(rng.integers(N_ACTIONS))
            else:
                a = int(np.argmax(Q[s]))
            s2, r, done = gridworld_step(s, a)
            states.append(s)
            actions.append(a)
            rewards.append(r)
            s = s2
            if done:
                break
        Q, N = mc_update(Q, N, np.array(states), np.array(actions), np.array(rewards), gamma)
    return Q, N
    ### END SOLUTION
