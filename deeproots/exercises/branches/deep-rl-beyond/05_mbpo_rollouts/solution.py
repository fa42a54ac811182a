"""MBPO's branched model rollouts: short rollouts from real states, a random member per step.

Source: Janner, Fu, Zhang & Levine (2019), "When to Trust Your Model: Model-Based Policy
Optimization", §4 (Theorem 4.3: the return bound's model term grows with the rollout length k,
so rollouts should be short and BRANCHED from real states) and §5, Algorithm 2 (sample s_t from
the real buffer D_env, roll the policy out k steps in the model, add the transitions to D_model,
train the policy on batches from D_env and D_model); Sergey Levine, CS285 lecture 12 and
homework 4 (the MBPO part). https://arxiv.org/abs/1906.08253

Theorem 4.3 bounds the true return below by the branched one minus
2 r_max [gamma^(k+1) eps_pi / (1 - gamma)^2 + gamma^k eps_pi / (1 - gamma) + k eps_m' / (1 - gamma)]:
the model's term grows linearly with k, because long rollouts in a learned model compound its
errors. MBPO therefore starts many SHORT rollouts from states the real system has visited. One call of branched_rollouts does:

    rng = np.random.default_rng(seed)
    states = real_buffer["states"][rng.integers(0, N_real, size=batch)]   start states: REAL buffer
    for each of the k steps:
        actions = policy(states)
        members = rng.integers(0, N_MEMBERS, size=len(states))            one member PER transition
        next_states = model_step(states, actions, members)
        dones = termination(next_states)
        store (states, actions, next_states, dones), the terminal transitions included
        states = next_states[~dones]                                       a terminal ends its rollout

The transitions are stored step by step (all of step 0, then the survivors' step 1, ...), in
order, and appended AFTER the model buffer's old rows. A rollout that terminates at step t (the
first step is t = 0) stores t + 1 transitions, so the new rows number exactly
batch * k - sum_t n_done(t) * (k - 1 - t).

The model (given) is an ensemble of N_MEMBERS deterministic members that predict the state
CHANGE: model_deltas(states, actions)[m] is member m's delta, so s' = s + delta (member m's
delta is the true one plus a fixed bias BIASES[m]: a deliberately biased model of the known
double integrator s' = A_TRUE s + B_TRUE a). The policy is a linear feedback a = -K_GAIN s and a
state is terminal when |position| > LIMIT.

The policy is then trained (not here) on mixed batches: with MBPO's default real_ratio = 0.05,
5 % of each batch comes from the real buffer and 95 % from the model buffer. As in MBPO's code,
n_real = int(batch_size * real_ratio) (rounded DOWN) and n_model = batch_size - n_real:

    rng = np.random.default_rng(seed)
    real rows  = rng.integers(0, N_real, size=n_real)       drawn first
    model rows = rng.integers(0, N_model, size=n_model)     drawn second; the batch is real rows, then model rows

Buffers are dicts of arrays with N rows: "states" (N, 2), "actions" (N, 1), "next_states" (N, 2),
"dones" (N,) bool (empty_buffer() gives one with N = 0).

Write:
  model_step(states (n, 2), actions (n, 1), members (n,) int) -> next states (n, 2): row i uses
      member members[i]'s delta, added to the state
  branched_rollouts(real_buffer, model_buffer, batch, k, seed) -> the model buffer with the new
      transitions appended (a new dict; the start states come from the REAL buffer only)
  mixed_batch(real_buffer, model_buffer, batch_size, real_ratio, seed) -> a batch dict (batch_size rows)

Tiny example: from (p, v) = (0, 1) with action 0.5, member 0 (bias (0.02, 0.03)) predicts the
delta (DT v + 0.02, DT a + 0.03) = (0.12, 0.08), so s' = (0.12, 1.08). mixed_batch with
batch_size 256 and real_ratio 0.05 draws int(12.8) = 12 real and 244 model rows.
"""
import numpy as np

DT, LIMIT, N_MEMBERS = 0.1, 1.0, 4
A_TRUE = np.array([[1.0, DT], [0.0, 1.0]])
B_TRUE = np.array([[0.0], [DT]])
K_GAIN = np.array([[1.0, 3.0]])
BIASES = np.array([[0.02, 0.03], [0.01, 0.05], [0.03, 0.01], [0.0, 0.04]])
KEYS = ("states", "actions", "next_states", "dones")


def model_deltas(states: np.ndarray, actions: np.ndarray) -> np.ndarray:
    """Every member's predicted state change (N_MEMBERS, n, 2): (A - I) s + B a + BIASES[m]."""
    true_delta = states @ (A_TRUE - np.eye(2)).T + actions @ B_TRUE.T
    return true_delta[None, :, :] + BIASES[:, None, :]


def policy(states: np.ndarray) -> np.ndarray:
    """The current policy's actions (n, 1): a = -K_GAIN s."""
    return -(states @ K_GAIN.T)


def termination(states: np.ndarray) -> np.ndarray:
    """Whether each state is terminal (n,) bool: |position| > LIMIT."""
    return np.abs(states[:, 0]) > LIMIT


def empty_buffer() -> dict:
    """A buffer with no transitions."""
    return {"states": np.zeros((0, 2)), "actions": np.zeros((0, 1)), "next_states": np.zeros((0, 2)),
            "dones": np.zeros(0, dtype=bool)}


def model_step(states: np.ndarray, actions: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Next states (n, 2): each row advanced by its own member's predicted delta."""
    # TODO: model_deltas gives (N_MEMBERS, n, 2); pick row i of member members[i]; the model
    # predicts the CHANGE, so add it to the state.
    ### BEGIN SOLUTION
    deltas = model_deltas(states, actions)
    return states + deltas[members, np.arange(len(states))]
    ### END SOLUTION


def branched_rollouts(real_buffer: dict, model_buffer: dict, batch: int, k: int, seed: int) -> dict:
    """k-step rollouts of the policy in the model from `batch` real start states, appended to model_buffer."""
    # TODO: one rng; start states from the REAL buffer; k steps, a fresh member per transition
    # (drawn as stated); store every transition, terminal ones included; keep only the rollouts
    # that did not terminate; append the new rows after model_buffer's rows.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    states = real_buffer["states"][rng.integers(0, len(real_buffer["states"]), size=batch)]
    new = {key: [model_buffer[key]] for key in KEYS}
    for _ in range(k):
        actions = policy(states)
        members = rng.integers(0, N_MEMBERS, size=len(states))
        next_states = model_step(states, actions, members)
        dones = termination(next_states)
        for key, value in zip(KEYS, (states, actions, next_states, dones)):
            new[key].append(value)
        states = next_states[~dones]
    return {key: np.concatenate(parts) for key, parts in new.items()}
    ### END SOLUTION


def mixed_batch(real_buffer: dict, model_buffer: dict, batch_size: int, real_ratio: float, seed: int) -> dict:
    """A training batch: int(batch_size * real_ratio) real rows, then the rest from the model buffer."""
    # TODO: n_real rounded down as MBPO does; draw the real rows first, then the model rows.
    ### BEGIN SOLUTION
    n_real = int(batch_size * real_ratio)
    n_model = batch_size - n_real
    rng = np.random.default_rng(seed)
    real_rows = rng.integers(0, len(real_buffer["states"]), size=n_real)
    model_rows = rng.integers(0, len(model_buffer["states"]), size=n_model)
    return {key: np.concatenate([real_buffer[key][real_rows], model_buffer[key][model_rows]]) for key in KEYS}
    ### END SOLUTION
