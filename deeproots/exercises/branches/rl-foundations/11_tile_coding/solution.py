"""Tile coding and semi-gradient Sarsa on mountain car.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §9.5.4 (tile
coding, Figures 9.9-9.11: asymmetric offsets with the displacement vector (1, 3, 5, ...)),
§10.1 (episodic semi-gradient Sarsa, eq. 10.1 and the boxed algorithm; Example 10.1,
mountain car, Figures 10.1 and 10.2); David Silver's UCL RL course, lecture 6 "Value
Function Approximation" (linear features, tile coding, incremental control).
https://incompleteideas.net/book/the-book-2nd.html

Tile coding turns a continuous state into a few active binary features. The box
bounds[j] = (low_j, high_j), j = 0..d-1, is cut into tiles_per_dim tiles of width
w_j = (high_j - low_j) / tiles_per_dim per dimension. n_tilings copies of that grid are
laid over the state space, each displaced by a different fraction of a tile width; a
state activates exactly one tile in every tiling. The book recommends asymmetric offsets:
tiling i (i = 0..n_tilings-1) is displaced by i times the vector (1, 3, 5, ..., 2d-1) in
units of w / n_tilings. Exactly, in tile units u_j = (s_j - low_j) / w_j, tiling i uses

    c_ij = floor(u_j + o_ij),    o_ij = ((i * (2j + 1)) mod n_tilings) / n_tilings

(the offset wrapped into [0, 1)). Since u_j is in [0, tiles_per_dim] and o_ij < 1, c_ij
runs over 0..tiles_per_dim: every tiling has tiles_per_dim + 1 tiles per dimension (one
extra to cover the displaced edge; the upper bound u_j = tiles_per_dim itself lands in the
extra tile of tiling 0). Tiling i owns the block of M = (tiles_per_dim + 1)^d indices
starting at i * M, and its tile (c_i0, ..., c_i,d-1) is at

    index_i = i * M + ravel(c_i),  ravel(c) = (...(c_0 (tiles_per_dim + 1) + c_1) ...) + c_{d-1}

(row-major, as np.ravel_multi_index), so there are n_tilings * M features in all.

Linear action values: w has shape (n_actions, n_features) and q(s, a, w) = sum of
w[a, k] over the n_tilings active indices k of s. Semi-gradient Sarsa (eq. 10.1), with
the book's step size alpha / n_tilings (alpha is the step for the whole sum):

    delta = R + gamma q(S', A', w) - q(S, A, w)     (just R - q(S, A, w) if S' is terminal)
    w[A, k] += (alpha / n_tilings) delta  for each active index k of S

A' is the action actually chosen in S' (not the greedy one: that would be Q-learning).

Mountain car (Example 10.1) is given below: state (position, velocity), actions 0, 1, 2
(full throttle reverse, zero, forward), reward -1 every step until the car passes the
top, start position uniform in [-0.6, -0.4) with velocity 0.

  tile_indices(state, bounds, n_tilings, tiles_per_dim)   -> int array (n_tilings,)
      state (d,), bounds (d, 2) rows (low, high), state inside the bounds
  q_values(w, features)                                   -> (n_actions,)  q(s, a) for every a
  sarsa_update(w, features, action, reward, next_features, next_action, done, alpha, gamma)
                                                          -> new w (a copy; do not modify w)
  train_sarsa(n_episodes, n_tilings, tiles_per_dim, alpha, epsilon, seed, max_steps)
      -> int array (n_episodes,) of steps per episode: w = 0 (optimistic: returns are
      negative), gamma = 1, epsilon-greedy on q_values (greedy = np.argmax), rng =
      np.random.default_rng(seed) for the start states and the exploration; an episode
      is cut after max_steps steps (no update for the cut).

Tiny example: bounds [[0, 1]], tiles_per_dim 2 (w = 0.5), n_tilings 2, state 0.3: u = 0.6,
offsets 0 and 1/2: c = floor(0.6) = 0 and floor(1.1) = 1, M = 3, indices [0, 3 + 1] = [0, 4].
"""
import numpy as np

MC_BOUNDS = np.array([[-1.2, 0.5], [-0.07, 0.07]])  # position, velocity (Example 10.1)


def mountain_car_reset(rng: np.random.Generator) -> np.ndarray:
    """Start state: position uniform in [-0.6, -0.4), velocity 0."""
    return np.array([rng.uniform(-0.6, -0.4), 0.0])


def mountain_car_step(state: np.ndarray, action: int):
    """One step of S&B Example 10.1; action in {0, 1, 2} is throttle -1, 0, +1.

    Returns (next_state, reward, done): reward -1 always, done when the position reaches
    0.5. Hitting the left wall (-1.2) sets the velocity to 0.
    """
    x, v = float(state[0]), float(state[1])
    v = min(max(v + 0.001 * (action - 1) - 0.0025 * np.cos(3 * x), -0.07), 0.07)
    x = x + v
    if x <= -1.2:
        x, v = -1.2, 0.0
    done = x >= 0.5
    return np.array([min(x, 0.5), v]), -1.0, done


def tile_indices(state: np.ndarray, bounds: np.ndarray, n_tilings: int,
                 tiles_per_dim: int) -> np.ndarray:
    """Return the active feature index of each tiling, shape (n_tilings,)."""
    # TODO: u = (state - low) / width; offsets ((i * (2j + 1)) % n_tilings) / n_tilings;
    # c = floor(u + offsets); index = i * M + ravel(c) with (tiles_per_dim + 1) tiles per dim.
    ### BEGIN SOLUTION
    state = np.asarray(state, dtype=float)
    bounds = np.asarray(bounds, dtype=float)
    d = state.shape[0]
    n = tiles_per_dim + 1
    u = (state - bounds[:, 0]) / (bounds[:, 1] - bounds[:, 0]) * tiles_per_dim
    i = np.arange(n_tilings)[:, None]
    offsets = (i * (2 * np.arange(d) + 1) % n_tilings) / n_tilings
    coords = np.floor(u + offsets).astype(int)
    flat = np.ravel_multi_index(coords.T, (n,) * d)
    return np.arange(n_tilings) * n ** d + flat
    ### END SOLUTION


def q_values(w: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Return q(s, a, w) for every action: the sum of w[a] over the active features."""
    # TODO: sum w[:, features] over the features.
    ### BEGIN SOLUTION
    return w[:, features].sum(axis=1)
    ### END SOLUTION


def sarsa_update(w: np.ndarray, features: np.ndarray, action: int, reward: float,
                 next_features: np.ndarray, next_action: int, done: bool, alpha: float,
                 gamma: float) -> np.ndarray:
    """Return a copy of w after one semi-gradient Sarsa step (step alpha / n_tilings)."""
    # TODO: delta = reward + gamma * q(S', A') (0 if done) - q(S, A);
    # w[action, features] += alpha / len(features) * delta on a copy.
    ### BEGIN SOLUTION
    w_new = np.array(w, dtype=float)
    next_q = 0.0 if done else q_values(w, next_features)[next_action]
    delta = reward + gamma * next_q - q_values(w, features)[action]
    w_new[action, features] += alpha / len(features) * delta
    return w_new
    ### END SOLUTION


def train_sarsa(n_episodes: int, n_tilings: int, tiles_per_dim: int, alpha: float,
                epsilon: float, seed: int, max_steps: int) -> np.ndarray:
    """Run episodic semi-gradient Sarsa on mountain car; return the steps of each episode."""
    # TODO: the boxed algorithm of §10.1 with tile_indices(state, MC_BOUNDS, ...),
    # epsilon-greedy actions (rng.random() < epsilon: rng.integers(3), else np.argmax).
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    n_features = n_tilings * (tiles_per_dim + 1) ** 2
    w = np.zeros((3, n_features))

    def choose(feats):
        if rng.random() < epsilon:
            return int(rng.integers(3))
        return int(np.argmax(q_values(w, feats)))

    steps = np.zeros(n_episodes, dtype=int)
    for episode in range(n_episodes):
        state = mountain_car_reset(rng)
        feats = tile_indices(state, MC_BOUNDS, n_tilings, tiles_per_dim)
        action = choose(feats)
        for t in range(1, max_steps + 1):
            next_state, reward, done = mountain_car_step(state, action)
            next_feats = tile_indices(next_state, MC_BOUNDS, n_tilings, tiles_per_dim)
            next_action = 0 if done else choose(next_feats)
            w = sarsa_update(w, feats, action, reward, next_feats, next_action, done, alpha, 1.0)
            state, feats, action = next_state, next_feats, next_action
            if done:
                break
        steps[episode] = t
    return steps
    ### END SOLUTION
