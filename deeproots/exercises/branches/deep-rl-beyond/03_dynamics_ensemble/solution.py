"""A bootstrap ensemble of dynamics models on normalised inputs, predicting state differences.

Source: Chua, Calandra, McAllister & Levine (2018), "Deep Reinforcement Learning in a Handful of
Trials using Probabilistic Dynamics Models" (PETS), §4 (an ensemble of B models, each trained on
its own bootstrap resample of the data, captures epistemic uncertainty) and Appendix (the models
predict the state difference); Nagabandi et al. (2018) §IV-A (normalise inputs and the targets
s' - s); Sergey Levine, CS285 lecture 11 and homework 4 (model-based RL: normalise, predict
deltas, unnormalise, ensembles). https://arxiv.org/abs/1805.12114

Data: N transitions (s_n, a_n, s'_n). A dynamics model predicts the CHANGE delta = s' - s, which is
small and well scaled even when s is not. Inputs and targets are normalised with the data's own
statistics (population std, np.std's default), EPS = 1e-8 guarding a zero std:

    s~ = (s - mean_s) / (std_s + EPS),  a~ = (a - mean_a) / (std_a + EPS)     the inputs [s~, a~]
    delta~ = (delta - mean_delta) / (std_delta + EPS)                          the targets
    prediction  s'^ = s + mean_delta + (std_delta + EPS) * f([s~, a~])          (unnormalise, add s)

Each of the M members here is a linear least-squares model with a bias, f(x) = [x, 1] @ W_m
(W_m of shape (d_s + d_a + 1, d_s)), fitted by np.linalg.lstsq on ITS OWN bootstrap resample:
n indices drawn uniformly WITH replacement (some transitions twice, about 37% not at all). The
members agree where the data is and disagree away from it: their spread measures what the model
does not know. The statistics come from all N transitions (shared by every member).

Write:
  normalization_statistics(states (N, d_s), actions (N, d_a), next_states (N, d_s)) -> dict with
      "obs_mean", "obs_std" (d_s,), "act_mean", "act_std" (d_a,), "delta_mean", "delta_std" (d_s,)
  model_inputs(stats, states (N, d_s), actions (N, d_a)) -> (N, d_s + d_a): [s~, a~]
  bootstrap_indices(n, n_members, seed) -> (n_members, n) int: ONE call,
      np.random.default_rng(seed).integers(0, n, size=(n_members, n))
  fit_ensemble(states, actions, next_states, n_members, seed) -> {"stats": ..., "weights": (M, d_s + d_a + 1, d_s)}
      member m fits lstsq([x~, 1][idx_m], delta~[idx_m]) with idx_m = bootstrap_indices(N, M, seed)[m]
  predict(model, states (K, d_s), actions (K, d_a)) -> (M, K, d_s): every member's s'^

Tiny example: states [[0], [2]], actions [[1], [3]], next_states [[1], [5]]: obs mean 1, std 1;
act mean 2, std 1; deltas [1, 3]: mean 2, std 1; model_inputs at (s, a) = (0, 1) is [-1, -1]
(up to EPS). On s' = A s + B a without noise every member recovers A and B exactly.
"""
import numpy as np

EPS = 1e-8


def normalization_statistics(states: np.ndarray, actions: np.ndarray, next_states: np.ndarray) -> dict:
    """Means and (population) standard deviations of the states, actions and deltas, per dimension."""
    # TODO: the deltas are next_states - states; np.mean / np.std over the samples (axis 0).
    ### BEGIN SOLUTION
    deltas = next_states - states
    return {"obs_mean": states.mean(axis=0), "obs_std": states.std(axis=0),
            "act_mean": actions.mean(axis=0), "act_std": actions.std(axis=0),
            "delta_mean": deltas.mean(axis=0), "delta_std": deltas.std(axis=0)}
    ### END SOLUTION


def model_inputs(stats: dict, states: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """The normalised inputs [s~, a~] (N, d_s + d_a)."""
    # TODO: normalise the states with the STATE statistics and the actions with the ACTION ones.
    ### BEGIN SOLUTION
    obs = (states - stats["obs_mean"]) / (stats["obs_std"] + EPS)
    act = (actions - stats["act_mean"]) / (stats["act_std"] + EPS)
    return np.concatenate([obs, act], axis=1)
    ### END SOLUTION


def bootstrap_indices(n: int, n_members: int, seed: int) -> np.ndarray:
    """Each member's resample: n indices in [0, n) drawn with replacement, one row per member."""
    # TODO: one call of integers on np.random.default_rng(seed).
    ### BEGIN SOLUTION
    return np.random.default_rng(seed).integers(0, n, size=(n_members, n))
    ### END SOLUTION


def fit_ensemble(states: np.ndarray, actions: np.ndarray, next_states: np.ndarray, n_members: int,
                 seed: int) -> dict:
    """Fit M least-squares members, each on its own bootstrap resample, in normalised coordinates."""
    # TODO: statistics on all the data; normalised inputs with a column of ones; normalised
    # delta targets; for each member lstsq on its resampled rows.
    ### BEGIN SOLUTION
    stats = normalization_statistics(states, actions, next_states)
    inputs = model_inputs(stats, states, actions)
    inputs = np.concatenate([inputs, np.ones((len(inputs), 1))], axis=1)
    targets = (next_states - states - stats["delta_mean"]) / (stats["delta_std"] + EPS)
    weights = []
    for idx in bootstrap_indices(len(states), n_members, seed):
        weights.append(np.linalg.lstsq(inputs[idx], targets[idx], rcond=None)[0])
    return {"stats": stats, "weights": np.stack(weights)}
    ### END SOLUTION


def predict(model: dict, states: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """Every member's next-state prediction s + unnormalise(f_m([s~, a~])): (M, K, d_s)."""
    # TODO: normalised inputs with a column of ones, each member's output, unnormalise, add s.
    ### BEGIN SOLUTION
    stats = model["stats"]
    inputs = model_inputs(stats, states, actions)
    inputs = np.concatenate([inputs, np.ones((len(inputs), 1))], axis=1)
    normalised_deltas = np.einsum("ki,mij->mkj", inputs, model["weights"])
    return states + stats["delta_mean"] + (stats["delta_std"] + EPS) * normalised_deltas
    ### END SOLUTION
