"""Imitation learning from a shipped expert: behaviour cloning and DAgger, shared by bc.py and dagger.py.

CS285 (Levine) lecture 2 and homework 1; Ross, Gordon & Bagnell 2011, "A Reduction of Imitation
Learning and Structured Prediction to No-Regret Online Learning", AISTATS, §3 (Algorithm 3.1).

Behaviour cloning (BC) fits a policy to the expert's own state-action pairs by supervised learning.
Its weakness (Ross et al. §2, Theorem 2.1): a small mistake takes the learner to states the expert
never visited, where it was never taught, so errors compound (cost up to O(T^2 eps)). DAgger rolls out
the *learner*, asks the *expert* what it would have done in every state the learner visited, adds
those labels to one growing dataset and refits (O(T eps), Theorem 3.1). Both spend labels from the
same budget (``total_timesteps``: one label per visited state, so labels = env steps).

The policy: a Gaussian MLP trained by negative log-likelihood for continuous actions (greedy = the
mean; a state-independent log std, as in CS285 HW1's MLPPolicySL), or a softmax MLP by cross-entropy
for discrete ones (greedy = argmax). Inputs are standardised with the dataset's mean and std.

The experts (``EXPERTS``), transparent so that a learner's failure is the learner's:
- CartPole-v1: deeproots' DQN Q-network shipped as arrays (deeproots/projects/behaviour_cloning/expert.npz).
- Pendulum-v1: energy pumping (push with the angular velocity until the energy is the upright one)
  plus an LQR balancer near the top, its gains from Gymnasium's own discretised pendulum equations.
- MountainCarContinuous-v0: full throttle in the direction of the velocity (pump energy).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Callable

import gymnasium as gym
import numpy as np
import torch

from deeproots.errors import DeeprootsError
from deeproots.rl.deep.common import RunContext, make_vector_env, mlp
from deeproots.rl.deep.hyperparams import check_params

# --------------------------------------------------------------------------- the experts


def cartpole_expert(observations: np.ndarray) -> np.ndarray:
    """The behaviour-cloning project's DQN expert (a 4-64-64-2 ReLU Q-network in NumPy): argmax actions."""
    from deeproots.projects.behaviour_cloning.expert import expert

    return expert().act(observations)


@cache
def pendulum_lqr_gain() -> np.ndarray:
    """K for u = -K [theta, theta_dot], from Gymnasium's Pendulum-v1 step linearised about the top.

    Gymnasium (g=10, m=l=1, dt=0.05) integrates theta_dot' = theta_dot + dt (3g/(2l) sin theta + 3/(m l^2) u),
    then theta' = theta + dt theta_dot' (semi-implicit Euler). With sin theta ~ theta this is x' = A x + B u:
    A = [[1 + 15 dt^2, dt], [15 dt, 1]], B = [[3 dt^2], [3 dt]]. The costs are the reward's own:
    Q = diag(1, 0.1), R = 0.001; the discrete Riccati equation gives K = (R + B'PB)^-1 B'PA.
    """
    from scipy.linalg import solve_discrete_are

    dt, a = 0.05, 15.0
    A = np.array([[1 + a * dt * dt, dt], [a * dt, 1.0]])
    B = np.array([[3 * dt * dt], [3 * dt]])
    Q, R = np.diag([1.0, 0.1]), np.array([[0.001]])
    P = solve_discrete_are(A, B, Q, R)
    return np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)[0]


def pendulum_expert(observations: np.ndarray) -> np.ndarray:
    """Swing up by energy pumping, balance by LQR. Observations (n, 3) = cos, sin, theta_dot; torques (n, 1).

    Energy (m=l=1, g=10, theta=0 upright): E = theta_dot^2 / 6 + 5 cos theta, and dE/dt = theta_dot u,
    so pushing with the velocity (u = 2 sign(theta_dot)) adds energy until E reaches the upright 5.
    """
    cos, sin, velocity = (np.asarray(observations, np.float64)[:, i] for i in range(3))
    theta = np.arctan2(sin, cos)
    energy = velocity**2 / 6 + 5 * cos
    # below the upright energy push with the velocity (a kick forward from rest); at or above it coast
    pump = 2.0 * np.where(np.abs(velocity) < 1e-3, 1.0, np.sign(velocity)) * (energy < 5.0)
    balance = -(np.stack([theta, velocity], 1) @ pendulum_lqr_gain())
    near_top = (cos > math.cos(0.6)) & (np.abs(velocity) < 4.0)  # within ~34 degrees and not flying past
    return np.clip(np.where(near_top, balance, pump), -2.0, 2.0)[:, None].astype(np.float32)


def mountain_car_expert(observations: np.ndarray) -> np.ndarray:
    """Full throttle in the direction of the velocity (forward when at rest): pumps energy up the hill."""
    velocity = np.asarray(observations)[:, 1]
    return np.where(velocity >= 0, 1.0, -1.0)[:, None].astype(np.float32)


EXPERTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "CartPole-v1": cartpole_expert,
    "Pendulum-v1": pendulum_expert,
    "MountainCarContinuous-v0": mountain_car_expert,
}
"""env id -> expert(batch of observations) -> batch of actions (int64 for Discrete, float32 (n, d) for Box)."""


def expert_for(env_id: str) -> Callable[[np.ndarray], np.ndarray]:
    if env_id not in EXPERTS:
        raise DeeprootsError(f"no shipped expert for {env_id!r}; allowed: {', '.join(EXPERTS)}")
    return EXPERTS[env_id]


def expert_actions(expert: Callable, observations: np.ndarray, discrete: bool) -> np.ndarray:
    """The expert's labels as the dataset stores them: int64 indices, or float32 (n, action_dim)."""
    actions = np.asarray(expert(observations))
    return actions.astype(np.int64) if discrete else actions.astype(np.float32).reshape(len(observations), -1)


# --------------------------------------------------------------------------- the policy and its loss


def gaussian_nll(mean: torch.Tensor, log_std: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
    """-log N(a; mean, diag(exp(log_std))^2) per sample, summed over action dimensions:
    sum_d [ (a_d - mu_d)^2 / (2 sigma_d^2) + log sigma_d + log(2 pi) / 2 ]."""
    z = (actions - mean) * torch.exp(-log_std)
    return (0.5 * z**2 + log_std + 0.5 * math.log(2 * math.pi)).sum(-1)


class Policy(torch.nn.Module):
    """An MLP on standardised observations: action logits (discrete) or a Gaussian's mean (continuous)
    with a state-independent learned log std. The standardisation buffers follow the dataset."""

    def __init__(self, obs_dim: int, out_dim: int, hidden_sizes: tuple[int, ...], discrete: bool, low=None, high=None):
        super().__init__()
        self.discrete = discrete
        self.net = mlp([obs_dim, *hidden_sizes, out_dim], torch.nn.Tanh, out_gain=0.01)
        self.log_std = torch.nn.Parameter(torch.zeros(out_dim), requires_grad=not discrete)
        self.register_buffer("obs_mean", torch.zeros(obs_dim))
        self.register_buffer("obs_std", torch.ones(obs_dim))
        self.low = None if low is None else torch.as_tensor(low, dtype=torch.float32)
        self.high = None if high is None else torch.as_tensor(high, dtype=torch.float32)

    def forward(self, observations: torch.Tensor) -> torch.Tensor:
        return self.net((observations - self.obs_mean) / self.obs_std)

    def loss(self, observations: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the expert's actions: cross-entropy, or the Gaussian NLL."""
        out = self(observations)
        if self.discrete:
            return torch.nn.functional.cross_entropy(out, actions)
        return gaussian_nll(out, self.log_std, actions).mean()

    def act_greedy(self, batch: np.ndarray) -> np.ndarray:
        """argmax of the logits, or the Gaussian's mean clipped to the action bounds."""
        with torch.no_grad():
            out = self(torch.as_tensor(batch, dtype=torch.float32))
            if self.discrete:
                return out.argmax(-1).numpy()
            return torch.clamp(out, self.low, self.high).numpy()


def make_policy(env: gym.vector.VectorEnv, hidden_sizes: tuple[int, ...]) -> Policy:
    space, obs_dim = env.single_action_space, env.single_observation_space.shape[0]
    if isinstance(space, gym.spaces.Discrete):
        return Policy(obs_dim, int(space.n), hidden_sizes, discrete=True)
    return Policy(obs_dim, space.shape[0], hidden_sizes, discrete=False, low=space.low, high=space.high)


def fit(policy: Policy, optimizer: torch.optim.Optimizer, observations: np.ndarray, actions: np.ndarray,
        gradient_steps: int, batch_size: int, rng: np.random.Generator) -> float:
    """Supervised learning on the whole (aggregated) dataset: minibatches drawn uniformly, Adam steps.
    Returns the mean loss of the last 10% of steps. The standardisation is re-measured on the data first."""
    obs, act = torch.as_tensor(observations), torch.as_tensor(actions)
    policy.obs_mean.copy_(obs.mean(0))
    policy.obs_std.copy_(obs.std(0).clamp_min(1e-3) if len(obs) > 1 else torch.ones(obs.shape[1]))
    losses = []
    for _ in range(gradient_steps):
        index = torch.as_tensor(rng.integers(0, len(obs), size=min(batch_size, len(obs))))
        loss = policy.loss(obs[index], act[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return float(np.mean(losses[-max(1, gradient_steps // 10):]))


# --------------------------------------------------------------------------- rollouts


class Roller:
    """One environment played step by step across calls, so successive DAgger batches continue episodes
    (a batch smaller than an episode still reaches its later states). Each visited state is returned
    with the expert's label for it, whoever acted."""

    def __init__(self, env_id: str, seed: int):
        self.env, obs = make_vector_env(env_id, 1, seed)
        self.observation, self.episode_return, self.episode_length = obs, 0.0, 0

    def play(self, n_steps: int, act: Callable, expert: Callable, discrete: bool, beta: float,
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list[tuple[float, int]]]:
        """n_steps steps: the expert acts with probability beta at each step, else `act` (Ross et al. §3's
        mixture pi_i = beta_i pi* + (1 - beta_i) pi_hat_i).
        Returns (states, expert labels, (return, length) of each episode that ended)."""
        states, labels, finished = [], [], []
        for _ in range(n_steps):
            label = expert_actions(expert, self.observation, discrete)
            action = label if rng.random() < beta else act(self.observation)
            states.append(self.observation[0])
            labels.append(label[0])
            self.observation, reward, terminated, truncated, _ = self.env.step(action)
            self.observation = self.observation.astype(np.float32)
            self.episode_return += float(reward[0])
            self.episode_length += 1
            if terminated[0] or truncated[0]:  # SAME_STEP autoreset: the observation already starts the next one
                finished.append((self.episode_return, self.episode_length))
                self.episode_return, self.episode_length = 0.0, 0
        return np.array(states, np.float32), np.array(labels), finished

    def close(self) -> None:
        self.env.close()


# --------------------------------------------------------------------------- the shared training loop


@dataclass(frozen=True)
class Schedule:
    """How a run spends its label budget: `initial_labels` from the expert's own episodes (behaviour
    cloning's data), then `n_iterations` DAgger rounds sharing the rest, rolled out with mixing `beta`."""

    initial_labels: int
    n_iterations: int = 0
    beta: float = 0.0


def check_common(params, **ranges) -> None:
    check_params(params, batch_size=(1, 1e6, "[]"), **ranges)


def run(params, env_id: str, ctx: RunContext, schedule: Schedule) -> dict:
    """Behaviour cloning (n_iterations = 0) or DAgger (Ross et al. 2011, Algorithm 3.1), warm-starting
    the policy at every refit. Returns {"act_greedy", "step", "expert_labels"}; step = labels = env steps."""
    expert = expert_for(env_id)
    budget, logger = params.total_timesteps, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    probe, _ = make_vector_env(env_id, 1, params.seed)
    policy = make_policy(probe, params.hidden_sizes)
    discrete = policy.discrete
    probe.close()
    optimizer = torch.optim.Adam([p for p in policy.parameters() if p.requires_grad], lr=params.learning_rate)
    observations = np.zeros((0, policy.obs_mean.shape[0]), np.float32)
    actions = np.zeros(0, np.int64) if discrete else np.zeros((0, policy.log_std.shape[0]), np.float32)
    iteration, step = -1, 0  # iteration -1: nothing fitted yet; 0: the first (behaviour-cloning) fit
    if ctx.resume_state is not None:
        state = ctx.resume_state
        policy.load_state_dict(state["policy"])
        optimizer.load_state_dict(state["optimizer"])
        observations, actions = state["observations"].numpy(), state["actions"].numpy()
        iteration, step = int(state["iteration"]), int(state["step"])
        rng.bit_generator.state = state["numpy_rng"]
        ctx.restore_rng()

    def snapshot() -> dict:
        return {"step": step, "iteration": iteration, "policy": policy.state_dict(), "optimizer": optimizer.state_dict(),
                "observations": torch.from_numpy(observations), "actions": torch.from_numpy(actions),
                "numpy_rng": rng.bit_generator.state}

    # the learner's rounds share what is left after the expert's episodes; the last takes the remainder
    initial = min(schedule.initial_labels, budget)
    rounds = np.full(schedule.n_iterations, (budget - initial) // max(1, schedule.n_iterations))
    if schedule.n_iterations:
        rounds[-1] += budget - initial - rounds.sum()
    roller = Roller(env_id, params.seed + 1000 + step)  # a resumed run starts a fresh episode (not saved)
    with ctx.saving_on_interrupt(snapshot):
        while iteration < schedule.n_iterations:
            iteration += 1
            if iteration == 0:  # behaviour cloning's data: the expert plays, the expert labels
                states, labels, finished = roller.play(initial, expert, expert, discrete, 1.0, rng)
                for value, _ in finished:  # the expert's returns, kept apart from the learner's curve
                    logger.log(initial, expert_return=value)
            else:  # DAgger: the learner plays (beta-mixed), the expert labels every state it visited
                states, labels, finished = roller.play(int(rounds[iteration - 1]), policy.act_greedy, expert,
                                                       discrete, schedule.beta, rng)
                logger.episodes(step + len(states), finished)  # the learner's (beta-mixed) episodes
            observations = np.concatenate([observations, states])  # aggregate: D <- D u D_i
            actions = np.concatenate([actions, labels])
            step = len(observations)
            loss = fit(policy, optimizer, observations, actions, params.gradient_steps, params.batch_size, rng)
            logger.log(step, policy_loss=loss, expert_labels=step, dataset_size=len(observations))
            if not discrete:
                logger.log(step, log_std=policy.log_std.mean().item())
            ctx.maybe_checkpoint(step, snapshot)
            if ctx.report(step, policy.act_greedy):
                break
    roller.close()
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": policy.act_greedy, "step": step, "expert_labels": step}
