"""Model-predictive control: random shooting and the cross-entropy method on a known model.

Source: Sergey Levine, CS285 lecture 10 "Optimal Control and Planning" (random shooting, the
cross-entropy method, replanning: MPC) and homework 4 (MPC with random shooting and CEM);
Chua et al. (2018), PETS §5 (CEM as the trajectory optimiser, only the first action executed);
Nagabandi et al. (2018) §IV-B (random-shooting MPC). https://arxiv.org/abs/1805.12114

Open-loop planning picks an action sequence a_0 .. a_{H-1} that maximises the model's predicted
return from the current state s_0:

    J(a_0..a_{H-1}) = sum_{t=0}^{H-1} r(s_t, a_t),   s_{t+1} = f(s_t, a_t)

Random shooting: draw K sequences uniformly in [LOW, HIGH]^H, keep the one with the largest J.
The cross-entropy method refines a Gaussian over sequences: start with mean 0 and std
(HIGH - LOW) / 2 per time step; each iteration draw K sequences mean + std * noise, clipped to
[LOW, HIGH], score them, keep the n_elites BEST (largest J), refit mean and std (np.std, per
time step) to the elites. MPC executes only the FIRST action of the plan, observes the next state
and replans: the feedback corrects the model's and the planner's errors.

The model (given): a double integrator, state (position p, velocity v), action a in [-1, 1],
semi-implicit Euler with DT: v' = v + DT a, p' = p + DT v'. Reward r(s, a) = -(p - TARGET)^2
- 0.1 v^2 - 0.01 a^2 on the CURRENT state. Both work on batches: states (K, 2), actions (K,).

Write (rng = np.random.default_rng(seed), one per call, drawn exactly as stated):
  evaluate_sequences(state (2,), sequences (K, H)) -> returns (K,): J of each sequence from state
  best_first_action(state, sequences (K, H)) -> float: the FIRST action of the sequence with the largest J
  random_shooting(state, horizon, n_samples, seed) -> (H,): the best of
      rng.uniform(LOW, HIGH, size=(n_samples, horizon))
  cem(state, horizon, n_samples, n_elites, n_iters, seed) -> (H,): the final mean; iteration i
      draws samples = np.clip(mean + std * rng.standard_normal((n_samples, horizon)), LOW, HIGH)
  run_mpc(start_state (2,), steps, horizon, n_samples, n_elites, n_iters, seed)
      -> (states (steps + 1, 2), actions (steps,)): at step t plan with cem(..., seed + t), apply
      the plan's first action with dynamics, repeat.

Tiny example: from (p, v) = (0, 0) with TARGET 1 and DT 0.5, the one-step sequence [1] scores
r = -(0 - 1)^2 - 0 - 0.01 = -1.01; the two-step sequence [1, 0] goes to v = 0.5, p = 0.25 and
scores -1.01 + (-(0.25 - 1)^2 - 0.1 * 0.25) = -1.01 - 0.5875 = -1.5975.
"""
import numpy as np

DT, TARGET, LOW, HIGH = 0.5, 1.0, -1.0, 1.0


def dynamics(states: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """The model f: next states (K, 2) of states (K, 2) under actions (K,)."""
    velocity = states[:, 1] + DT * actions
    return np.stack([states[:, 0] + DT * velocity, velocity], axis=1)


def reward(states: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """r(s, a) (K,) = -(p - TARGET)^2 - 0.1 v^2 - 0.01 a^2."""
    return -(states[:, 0] - TARGET) ** 2 - 0.1 * states[:, 1] ** 2 - 0.01 * actions ** 2


def evaluate_sequences(state: np.ndarray, sequences: np.ndarray) -> np.ndarray:
    """The predicted return of each action sequence from state: (K,)."""
    # TODO: copy the state K times; for t in range(H): add r(s_t, a_t), then s = f(s_t, a_t).
    ### BEGIN SOLUTION
    states = np.tile(np.asarray(state, dtype=float), (len(sequences), 1))
    total = np.zeros(len(sequences))
    for t in range(sequences.shape[1]):
        total += reward(states, sequences[:, t])
        states = dynamics(states, sequences[:, t])
    return total
    ### END SOLUTION


def best_first_action(state: np.ndarray, sequences: np.ndarray) -> float:
    """The first action of the best sequence."""
    # TODO: argmax of the returns, then that sequence's action at t = 0.
    ### BEGIN SOLUTION
    return float(sequences[np.argmax(evaluate_sequences(state, sequences)), 0])
    ### END SOLUTION


def random_shooting(state: np.ndarray, horizon: int, n_samples: int, seed: int) -> np.ndarray:
    """The best of n_samples uniform random sequences (H,)."""
    # TODO: draw the sequences with rng.uniform, return the one with the largest return.
    ### BEGIN SOLUTION
    sequences = np.random.default_rng(seed).uniform(LOW, HIGH, size=(n_samples, horizon))
    return sequences[np.argmax(evaluate_sequences(state, sequences))]
    ### END SOLUTION


def cem(state: np.ndarray, horizon: int, n_samples: int, n_elites: int, n_iters: int, seed: int) -> np.ndarray:
    """The cross-entropy method's final mean sequence (H,)."""
    # TODO: mean 0, std (HIGH - LOW) / 2; each iteration: sample, clip, score, top n_elites,
    # refit mean AND std.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    mean = np.zeros(horizon)
    std = np.full(horizon, (HIGH - LOW) / 2)
    for _ in range(n_iters):
        samples = np.clip(mean + std * rng.standard_normal((n_samples, horizon)), LOW, HIGH)
        returns = evaluate_sequences(state, samples)
        elites = samples[np.argsort(returns)[-n_elites:]]
        mean = elites.mean(axis=0)
        std = elites.std(axis=0)
    return mean
    ### END SOLUTION


def run_mpc(start_state: np.ndarray, steps: int, horizon: int, n_samples: int, n_elites: int, n_iters: int,
            seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Closed-loop MPC with CEM: the visited states (steps + 1, 2) and the executed actions (steps,)."""
    # TODO: replan at every step with cem(state, ..., seed + t); execute only the first action.
    ### BEGIN SOLUTION
    states = [np.asarray(start_state, dtype=float)]
    actions = []
    for t in range(steps):
        plan = cem(states[-1], horizon, n_samples, n_elites, n_iters, seed + t)
        action = plan[0]
        actions.append(action)
        states.append(dynamics(states[-1][None, :], np.array([action]))[0])
    return np.array(states), np.array(actions)
    ### END SOLUTION
