"""DAgger: roll out the learner, let the expert relabel the states it visits, aggregate, retrain.

Source: Ross, Gordon & Bagnell (2011), "A Reduction of Imitation Learning and Structured
Prediction to No-Regret Online Learning", §3 (Algorithm DAgger) and §2 (behaviour cloning's
errors compound: a mistake leads to states the expert never visited, where the learner was
never trained); Sergey Levine, CS285 lecture 2 and homework 1 (DAgger).
https://arxiv.org/abs/1011.0686

Behaviour cloning trains on the states the EXPERT visits; the learner then drifts to states it
has never seen and its errors grow with the horizon. DAgger fixes the distribution mismatch:

    D = expert rollouts, relabelled by the expert;  pi_0 = fit(D)
    for i = 1 .. n_iters:
        run pi_{i-1} (the LEARNER, not the expert) from fresh start states: visited states s
        label every visited state with the EXPERT's action a*(s)  (not the learner's own)
        D = D  U  {(s, a*(s))}     (aggregate: keep all the old data)
        pi_i = fit(D)

The task (given below): a point moves along x by DX per step and must follow the track
y = sin(x); its lateral error e = y - sin(x) is unstable (it grows by GROWTH per step unless
the action corrects it), and y is clipped to [-YMAX, YMAX]. The expert controller halves the
error each step. The learner is linear in fixed radial-basis features of (x, y), fitted by ridge
regression (fit_policy). Expert data from the track alone never shows how to come back to it.

Write:
  rollout(weights, start_states, horizon) -> (states (n, horizon, 2), actions (n, horizon))
      from each start state (n, 2), run `horizon` steps of the learner (policy_action(weights, s))
      or, when weights is None, of the expert (expert_action(s)); states[:, t] is the state in
      which actions[:, t] was taken (the start state at t = 0), then s = step(s, a).
  dagger(initial_starts (n0, 2), iteration_starts (n_iters, n, 2), horizon)
      -> (weights (n_iters + 1, F), states (M, 2), expert_actions (M,))
      D = the states of the expert's rollouts from initial_starts with expert_action labels;
      weights[0] = fit_policy(D); iteration i rolls out weights[i - 1] from iteration_starts[i - 1],
      appends its visited states (in rollout's order, flattened with reshape(-1, 2)) and their
      expert labels to D, refits: weights[i]. Return every weights vector and the final D.
      M = (n0 + n_iters * n) * horizon.

Tiny example: the expert at (x, y) = (0, 0.2) (error 0.2): action sin(0.1) - sin(0) - 0.8 * 0.2,
= -0.0602,
and the next state (0.1, 0.2 - 0.0602 + 0.3 * 0.2) = (0.1, 0.1998): error 0.1998 - sin(0.1) = 0.1 = 0.5 * 0.2.
"""
import numpy as np

DX, GROWTH, GAIN, YMAX, RIDGE = 0.1, 0.3, 0.5, 2.0, 1e-3
_GRID_X, _GRID_Y = np.meshgrid(np.linspace(0.0, 4.0, 9), np.linspace(-2.0, 2.0, 9))
CENTRES = np.stack([_GRID_X.ravel(), _GRID_Y.ravel()], axis=1)  # (81, 2) radial-basis centres
WIDTH = 0.5


def track(x: np.ndarray) -> np.ndarray:
    """The track to follow: y = sin(x)."""
    return np.sin(x)


def step(states: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """Next states (n, 2): x + DX, clip(y + a + GROWTH * (y - track(x)), -YMAX, YMAX)."""
    x, y = states[:, 0], states[:, 1]
    error = y - track(x)
    return np.stack([x + DX, np.clip(y + actions + GROWTH * error, -YMAX, YMAX)], axis=1)


def expert_action(states: np.ndarray) -> np.ndarray:
    """The expert (n,): the action that makes the next error GAIN times this one."""
    x, y = states[:, 0], states[:, 1]
    error = y - track(x)
    return track(x + DX) - track(x) - (1.0 + GROWTH - GAIN) * error


def features(states: np.ndarray) -> np.ndarray:
    """(n, 82): Gaussian radial basis functions at CENTRES, then a constant 1."""
    sq_dist = ((states[:, None, :] - CENTRES[None, :, :]) ** 2).sum(axis=-1)
    return np.concatenate([np.exp(-sq_dist / (2 * WIDTH ** 2)), np.ones((len(states), 1))], axis=1)


def fit_policy(states: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """Ridge regression of the actions on the features: weights (82,)."""
    phi = features(states)
    return np.linalg.solve(phi.T @ phi + RIDGE * np.eye(phi.shape[1]), phi.T @ actions)


def policy_action(weights: np.ndarray, states: np.ndarray) -> np.ndarray:
    """The learner's actions (n,)."""
    return features(states) @ weights


def rollout(weights, start_states: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Run the learner (or the expert when weights is None); return states and actions taken."""
    # TODO: loop over t: record the state, choose the action (expert or learner), record it,
    # step the environment.
    ### BEGIN SOLUTION
    states = np.zeros((len(start_states), horizon, 2))
    actions = np.zeros((len(start_states), horizon))
    current = np.array(start_states, dtype=float)
    for t in range(horizon):
        action = expert_action(current) if weights is None else policy_action(weights, current)
        states[:, t], actions[:, t] = current, action
        current = step(current, action)
    return states, actions
    ### END SOLUTION


def dagger(initial_starts: np.ndarray, iteration_starts: np.ndarray,
           horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (every policy's weights, the aggregated states, their expert labels)."""
    # TODO: expert data and the first fit; then for each iteration: roll out the LEARNER,
    # label its states with the EXPERT, append to the data set, refit.
    ### BEGIN SOLUTION
    expert_states, _ = rollout(None, initial_starts, horizon)
    data_states = expert_states.reshape(-1, 2)
    data_actions = expert_action(data_states)
    history = [fit_policy(data_states, data_actions)]
    for starts in iteration_starts:
        visited, learner_actions = rollout(history[-1], starts, horizon)
        visited = visited.reshape(-1, 2)
        labels = expert_action(visited)
        data_states, data_actions = np.concatenate([data_states, visited]), np.concatenate([data_actions, labels])
        history.append(fit_policy(data_states, data_actions))
    return np.stack(history), data_states, data_actions
    ### END SOLUTION
