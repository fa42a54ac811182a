"""Dyna-Q: Q-learning plus planning with a learned model, on the Dyna maze.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §8.2 "Dyna:
Integrated Planning, Acting, and Learning" (the Tabular Dyna-Q box; Example 8.1, the Dyna
maze, Figure 8.2); David Silver's UCL RL course, lecture 8 "Integrating Learning and
Planning" (Dyna). https://www.davidsilver.uk/teaching/

Dyna-Q learns from each real step twice: a direct Q-learning update, and a model of the
world that it then replays n times ("planning"). One step from state S (the book's
steps (a)-(f)):

    A <- epsilon-greedy(Q[S])                  (given: epsilon_greedy)
    R, S' <- maze_step(S, A)                   (given: the real environment)
    Q[S, A] += alpha (R + gamma max_a Q[S', a] - Q[S, A])          (direct RL)
    model[S, A] <- (R, S')                     (the last observed outcome; the maze is
                                                deterministic)
    repeat n times:                            (planning)
        S~, A~ <- a previously observed pair, uniformly at random
        R~, S~' <- model[S~, A~]
        Q[S~, A~] += alpha (R~ + gamma max_a Q[S~', a] - Q[S~, A~])

The maze (Example 8.1) is a 6 x 9 grid with walls, start S = (2, 0), goal G = (0, 8);
states are s = row * 9 + col (54, wall cells unused), actions 0 up, 1 down, 2 left,
3 right; a move into a wall or off the grid leaves the agent in place; the reward is 1 on
reaching G (which ends the episode) and 0 otherwise; gamma = 0.95, alpha = 0.1,
epsilon = 0.1. The goal is terminal: its row of Q is never updated and stays 0, so
max_a Q[G, a] = 0 in every target and no "done" flag is needed.

The model is two (54, 4) arrays: model_r (float, reward) and model_next (int, next state,
-1 for a pair never tried). The previously observed pairs are the flat indices
seen = np.flatnonzero(model_next.ravel() >= 0) (increasing order, index k is the pair
(k // 4, k % 4)). To make runs reproducible, planning draws all its pairs with one call,
idx = rng.integers(len(seen), size=n), and updates seen[idx[0]], seen[idx[1]], ... in
that order, each update seeing the earlier ones (when n = 0 draw nothing).

Functions (none modifies its arguments; return new arrays):
  model_update(model_r, model_next, s, a, r, s2)          -> (model_r, model_next)
  planning(Q, model_r, model_next, n, rng, alpha, gamma)  -> Q (54, 4)
  dyna_q_step(Q, model_r, model_next, s, n, rng, alpha, gamma, epsilon)
                                                          -> (Q, model_r, model_next, s2)
      in this order: action, real step, direct update, model update, planning
  run_episode(Q, model_r, model_next, n, rng, alpha, gamma, epsilon, max_steps)
                                                          -> (Q, model_r, model_next, steps)
      from START until the goal is reached (or max_steps real steps), steps = real steps
rng is a numpy Generator, used only as above and in epsilon_greedy.

Tiny example: the only observed pair is (s, a) with model (r = 1, s' = G), Q = 0,
alpha = 0.1: three planning steps give Q[s, a] = 0.1, then 0.19, then 0.271.
With n = 0 Dyna-Q is one-step Q-learning; with n = 50 the book's agent finds the
14-step shortest path within about 3 episodes (Figure 8.2).
"""
import numpy as np

ROWS, COLS, N_ACTIONS = 6, 9, 4
N_STATES = ROWS * COLS
WALLS = frozenset({(1, 2), (2, 2), (3, 2), (4, 5), (0, 7), (1, 7), (2, 7)})
START = 2 * COLS + 0
GOAL = 0 * COLS + 8
MOVES = ((-1, 0), (1, 0), (0, -1), (0, 1))  # up, down, left, right


def maze_step(s: int, a: int) -> tuple[float, int]:
    """Given: the Dyna maze. Return (reward, next state) for action a in state s."""
    row, col = divmod(int(s), COLS)
    r2, c2 = row + MOVES[a][0], col + MOVES[a][1]
    if not (0 <= r2 < ROWS and 0 <= c2 < COLS) or (r2, c2) in WALLS:
        r2, c2 = row, col
    s2 = r2 * COLS + c2
    return (1.0 if s2 == GOAL else 0.0), s2


def epsilon_greedy(Q_row: np.ndarray, epsilon: float, rng: np.random.Generator) -> int:
    """Given: a random action with probability epsilon, else a greedy one (ties at random)."""
    if rng.random() < epsilon:
        return int(rng.integers(len(Q_row)))
    best = np.flatnonzero(Q_row == np.max(Q_row))
    return int(best[rng.integers(len(best))])


def empty_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Given: Q = 0, model_r = 0, model_next = -1 (nothing observed yet)."""
    return (np.zeros((N_STATES, N_ACTIONS)), np.zeros((N_STATES, N_ACTIONS)),
            np.full((N_STATES, N_ACTIONS), -1, dtype=int))


def model_update(model_r: np.ndarray, model_next: np.ndarray, s: int, a: int, r: float,
                 s2: int) -> tuple[np.ndarray, np.ndarray]:
    """Return copies of the model with (s, a) -> (r, s2), the last observed outcome."""
    # TODO: copy both arrays, then store r and s2 at [s, a] (overwriting what was there).
    ### BEGIN SOLUTION
    model_r = np.array(model_r, dtype=float)
    model_next = np.array(model_next, dtype=int)
    model_r[s, a] = r
    model_next[s, a] = s2
    return model_r, model_next
    ### END SOLUTION


def planning(Q: np.ndarray, model_r: np.ndarray, model_next: np.ndarray, n: int,
             rng: np.random.Generator, alpha: float = 0.1, gamma: float = 0.95) -> np.ndarray:
    """Return Q after n Q-learning updates on pairs drawn uniformly from the observed ones."""
    # TODO: seen = observed flat indices; idx = rng.integers(len(seen), size=n);
    # TODO: for each drawn pair, a Q-learning update from the model's (r, s').
    ### BEGIN SOLUTION
    Q = np.array(Q, dtype=float)
    if n == 0:
        return Q
    seen = np.flatnonzero(np.asarray(model_next).ravel() >= 0)
    for k in seen[rng.integers(len(seen), size=n)]:
        s, a = divmod(int(k), N_ACTIONS)
        r, s2 = model_r[s, a], model_next[s, a]
        Q[s, a] += alpha * (r + gamma * np.max(Q[s2]) - Q[s, a])
    return Q
    ### END SOLUTION


def dyna_q_step(Q: np.ndarray, model_r: np.ndarray, model_next: np.ndarray, s: int, n: int,
                rng: np.random.Generator, alpha: float = 0.1, gamma: float = 0.95,
                epsilon: float = 0.1) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """One real step from s, its direct update, the model update and n planning updates."""
    # TODO: a = epsilon_greedy(Q[s], ...); r, s2 = maze_step(s, a); Q-learning update on a copy;
    # TODO: model_update; planning; return (Q, model_r, model_next, s2).
    ### BEGIN SOLUTION
    Q = np.array(Q, dtype=float)
    a = epsilon_greedy(Q[s], epsilon, rng)
    r, s2 = maze_step(s, a)
    Q[s, a] += alpha * (r + gamma * Q[s2].max() - Q[s, a])
    model_r, model_next = model_update(model_r, model_next, s, a, r, s2)
    Q = planning(Q, model_r, model_next, n, rng, alpha, gamma)
    return Q, model_r, model_next, s2
    ### END SOLUTION


def run_episode(Q: np.ndarray, model_r: np.ndarray, model_next: np.ndarray, n: int,
                rng: np.random.Generator, alpha: float = 0.1, gamma: float = 0.95,
                epsilon: float = 0.1, max_steps: int = 100_000
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Run dyna_q_step from START until GOAL; return the tables and the number of real steps."""
    # TODO: s = START; loop dyna_q_step until s == GOAL or max_steps steps, counting them.
    ### BEGIN SOLUTION
    s, steps = START, 0
    while s != GOAL and steps < max_steps:
        Q, model_r, model_next, s = dyna_q_step(Q, model_r, model_next, s, n, rng,
                                                alpha, gamma, epsilon)
        steps += 1
    return Q, model_r, model_next, steps
    ### END SOLUTION
