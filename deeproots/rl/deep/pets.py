"""PETS: probabilistic ensembles with trajectory sampling, a model-based agent for continuous control.

Chua, Calandra, McAllister & Levine 2018, "Deep Reinforcement Learning in a Handful of Trials using
Probabilistic Dynamics Models", NeurIPS, arXiv 1805.12114: §4 (probabilistic ensemble, eq. 1's
Gaussian NLL, bootstrap members), §5 (trajectory sampling, CEM model-predictive control) and
Appendix A.1 (bounded log-variance); CS285 (Levine) lecture 11-12 and homework 4 (model-based RL
with an ensemble and CEM/random-shooting MPC), which this file mirrors.

The loop: one episode of uniform random actions, then repeat {fit the ensemble on every transition
so far; play one episode choosing each action by CEM over the ensemble's imagined rollouts}.

* Dynamics: ``n_members`` MLPs (SiLU, the paper's "swish") in one batched module. Member e predicts
  a Gaussian over the normalised state *difference* Δ = s' - s from the normalised (s, a) and is
  fitted by Gaussian NLL on its own bootstrap resample of the data (§4: the bootstrap plus random
  initialisation give the epistemic spread, the Gaussian the aleatoric noise).
* Log-variance bounds: logvar = max - softplus(max - raw), then min + softplus(logvar - min), with
  max/min learned and pulled together by 0.01 (sum max - sum min) (Appendix A.1 / the authors' code):
  it keeps the variance from collapsing or exploding outside the data.
* Trajectory sampling: one particle per member (the paper's TS-inf with P = B = n_members): each
  candidate action sequence is rolled out by every member, particle e always by member e, with the
  next state *sampled* from that member's Gaussian; a sequence scores the mean over particles of the
  summed known reward. (TS-1, which re-draws the member each step, is not implemented.)
* CEM (§5, Botev et al. 2013): ``population`` sequences from N(mean, var) clipped to the action
  bounds, the ``elites`` best refit the Gaussian (smoothed by ``cem_alpha``), ``cem_iterations``
  times; the first action of the final mean is played, and the mean is shifted by one step to
  warm-start the next decision (the variance restarts wide).
* The reward is known to the planner, as in PETS: REWARDS holds Pendulum-v1's,
  MountainCarContinuous-v0's and InvertedPendulum-v5's (MuJoCo, optional: reward and termination)
  rewritten in torch from Gymnasium's source; other envs are refused. A particle earns nothing after
  its predicted state terminates (a cumulative alive mask), so on InvertedPendulum a sequence scores
  the steps it is predicted to survive.

Limits (honest): no hold-out early stopping of the model fit (a fixed number of gradient steps per
episode instead), the CEM samples are clipped rather than truncated-normal, and MountainCarContinuous
runs but is not solved (the random episode rarely finds the goal, so the planner sees only the
action cost; PETS without extra exploration has the same problem).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.errors import DeeprootsError
from deeproots.rl.deep.common import EpisodeTracker, RunContext, final_observations, make_vector_env
from deeproots.rl.deep.common import numpy_rng_state, restore_numpy_rng
from deeproots.rl.deep.hyperparams import check_params

NAME = "pets"
ACTIONS = "continuous"
DEFAULT_ENV = "Pendulum-v1"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environment; same seed, same run."""
    total_timesteps: int = 2_000
    """Environment steps to train for: 10 Pendulum episodes (PETS needs a handful of trials)."""
    random_episodes: int = 1
    """Episodes of uniform random actions before planning starts (the model's first data)."""
    n_members: int = 5
    """Ensemble size B (the paper's 5); also the number of particles per candidate sequence."""
    hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden widths of each member (SiLU). The paper uses 3-4 layers of 200; planning runs the model
    population x members x horizon x iterations times per step, so on one CPU thread we keep it small."""
    learning_rate: float = 1e-3
    """Adam's step size for the dynamics ensemble (the paper's)."""
    weight_decay: float = 5e-5
    """L2 penalty on the ensemble's weights (Adam weight_decay); the paper decays each layer a little."""
    batch_size: int = 256
    """Transitions per member per gradient step."""
    gradient_steps: int = 400
    """Gradient steps on all data so far after each episode (the model is warm-started, not re-initialised)."""
    horizon: int = 15
    """Planning horizon in env steps (Pendulum: 0.75 s at dt 0.05; the paper uses 25-30, we keep it cheap)."""
    population: int = 200
    """Candidate action sequences per CEM iteration (the paper: 400-500; 200 keeps a step near 50 ms)."""
    elites: int = 20
    """Best sequences that refit CEM's Gaussian (a tenth of the population, as in the paper's code)."""
    cem_iterations: int = 3
    """CEM refits per decision (the paper: 5)."""
    cem_alpha: float = 0.1
    """Weight of the old mean/variance in each refit (smoothing; 0 = plain CEM)."""


QUICK = Params()
"""The laptop preset and the default: 10 episodes on Pendulum-v1. Measured (benchmarks/pets_vs_sac.py, seed 1): greedy
means of about -255 from 1400 steps on, short of the -200 mark; a longer horizon is the first thing to try."""
SMOKE = Params(total_timesteps=260, n_members=2, hidden_sizes=(32, 32), gradient_steps=20, horizon=5,
               population=40, elites=5, cem_iterations=2)
"""A seconds-long smoke run: one random episode, one model fit, some planned steps; no learning to speak of."""


def validate(params: Params) -> None:
    check_params(params)
    if params.elites > params.population:
        raise DeeprootsError(f"elites must be at most population ({params.population}), got {params.elites}")


# --------------------------------------------------------------------------- known rewards (torch, from Gymnasium's source)


def pendulum_reward(obs, action, next_obs):
    """Gymnasium Pendulum-v1: -(angle_normalize(th)^2 + 0.1 thdot^2 + 0.001 u^2), u clipped to [-2, 2],
    on the state *before* the step; obs = (cos th, sin th, thdot), and atan2 is already in [-pi, pi]."""
    theta = torch.atan2(obs[..., 1], obs[..., 0])
    torque = action[..., 0].clamp(-2.0, 2.0)
    return -(theta**2 + 0.1 * obs[..., 2] ** 2 + 0.001 * torque**2), torch.zeros_like(theta, dtype=torch.bool)


def mountain_car_reward(obs, action, next_obs):
    """Gymnasium MountainCarContinuous-v0: 100 on reaching position >= 0.45 with velocity >= 0 (the
    episode then terminates), minus 0.1 action^2 (the unclipped action)."""
    reached = (next_obs[..., 0] >= 0.45) & (next_obs[..., 1] >= 0.0)
    return 100.0 * reached - 0.1 * action[..., 0] ** 2, reached


def inverted_pendulum_reward(obs, action, next_obs):
    """Gymnasium InvertedPendulum-v5 (mujoco/inverted_pendulum_v5.py): obs = (cart x, pole angle, x', angle');
    the step terminates when the *next* observation is not finite or |angle| > 0.2 rad, and pays
    int(not terminated): 1 for every step that survives, 0 for the falling one. imagined_returns
    multiplies by a cumulative alive mask, so a particle scores the number of steps it survives."""
    terminated = ~torch.isfinite(next_obs).all(-1) | (next_obs[..., 1].abs() > 0.2)
    return (~terminated).to(next_obs.dtype), terminated


REWARDS = {"Pendulum-v1": pendulum_reward, "MountainCarContinuous-v0": mountain_car_reward,
           "InvertedPendulum-v5": inverted_pendulum_reward}
"""env id -> reward(obs, action, next_obs) -> (reward, terminated), batched torch."""


MUJOCO = {"InvertedPendulum-v5"}
"""The envs of REWARDS that need the optional `mujoco` package (not a deeproots dependency)."""


def reward_function(env_id: str):
    if env_id in MUJOCO:
        check_env(env_id)
    if env_id not in REWARDS:
        raise DeeprootsError(f"PETS plans with the task's known reward, and deeproots has it only for "
                             f"{', '.join(REWARDS)}; got {env_id!r}")
    return REWARDS[env_id]


def check_env(env_id: str) -> None:
    """MuJoCo is optional: say how to install it rather than fail deep inside Gymnasium."""
    if env_id in MUJOCO:
        try:
            import mujoco  # noqa: F401
        except ImportError:
            raise DeeprootsError(f"{env_id} needs MuJoCo, which is optional: pip install mujoco "
                                 "(or pip install 'deeproots[rl]')") from None


# --------------------------------------------------------------------------- the probabilistic ensemble


def gaussian_nll(mean: torch.Tensor, logvar: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """-log N(target; mean, exp(logvar)) per element (the paper's eq. 1 summed over output dims)."""
    return 0.5 * ((target - mean) ** 2 * torch.exp(-logvar) + logvar + math.log(2 * math.pi))


class Ensemble(torch.nn.Module):
    """n_members Gaussian MLPs evaluated at once: input (E, N, in), output mean and logvar (E, N, out).

    Holds its own normalisers (input mean/std, difference mean/std), so predict() speaks raw states.
    """

    def __init__(self, n_members: int, obs_dim: int, act_dim: int, hidden_sizes: tuple[int, ...]):
        super().__init__()
        sizes = [obs_dim + act_dim, *hidden_sizes, 2 * obs_dim]
        self.weights = torch.nn.ParameterList()
        self.biases = torch.nn.ParameterList()
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            # truncated normal with std 1 / (2 sqrt(n_in)), as in the authors' code
            weight = torch.nn.init.trunc_normal_(torch.empty(n_members, n_in, n_out), std=1 / (2 * math.sqrt(n_in)))
            self.weights.append(torch.nn.Parameter(weight))
            self.biases.append(torch.nn.Parameter(torch.zeros(n_members, 1, n_out)))
        self.max_logvar = torch.nn.Parameter(torch.full((obs_dim,), 0.5))
        self.min_logvar = torch.nn.Parameter(torch.full((obs_dim,), -10.0))
        for name, size in (("in_mean", obs_dim + act_dim), ("out_mean", obs_dim)):
            self.register_buffer(name, torch.zeros(size))
            self.register_buffer(name.replace("mean", "std"), torch.ones(size))
        self.n_members, self.obs_dim = n_members, obs_dim

    def forward(self, inputs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Normalised (E, N, in) -> mean and bounded logvar of the normalised difference, (E, N, obs_dim) each."""
        x = inputs
        for index, (weight, bias) in enumerate(zip(self.weights, self.biases)):
            x = torch.baddbmm(bias, x, weight)
            if index < len(self.weights) - 1:
                x = F.silu(x)
        mean, raw = x.split(self.obs_dim, dim=-1)
        logvar = self.max_logvar - F.softplus(self.max_logvar - raw)  # soft upper bound (Appendix A.1)
        logvar = self.min_logvar + F.softplus(logvar - self.min_logvar)  # soft lower bound
        return mean, logvar

    def set_normalisers(self, inputs: torch.Tensor, differences: torch.Tensor) -> None:
        self.in_mean.copy_(inputs.mean(0)); self.in_std.copy_(inputs.std(0).clamp_min(1e-6))
        self.out_mean.copy_(differences.mean(0)); self.out_std.copy_(differences.std(0).clamp_min(1e-6))

    def loss(self, obs: torch.Tensor, actions: torch.Tensor, next_obs: torch.Tensor) -> torch.Tensor:
        """Mean over members and batch of the NLL summed over dims, plus the log-variance bound penalty."""
        inputs = (torch.cat([obs, actions], -1) - self.in_mean) / self.in_std
        target = (next_obs - obs - self.out_mean) / self.out_std
        mean, logvar = self(inputs)
        nll = gaussian_nll(mean, logvar, target).sum(-1).mean()
        return nll + 0.01 * (self.max_logvar.sum() - self.min_logvar.sum())

    @torch.no_grad()
    def predict(self, obs: torch.Tensor, actions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(E, N, obs_dim), (E, N, act_dim) -> each member's mean next state and std, raw units."""
        mean, logvar = self((torch.cat([obs, actions], -1) - self.in_mean) / self.in_std)
        return obs + mean * self.out_std + self.out_mean, torch.exp(0.5 * logvar) * self.out_std

    def sample_next(self, obs: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
        """Next states drawn from each member's Gaussian (raw units): the particle step of TS-inf."""
        mean, std = self.predict(obs, actions)
        return mean + torch.randn_like(mean) * std


def fit_ensemble(model: Ensemble, optimizer, obs, actions, next_obs, steps: int, batch_size: int,
                 rng: np.random.Generator) -> float:
    """Refit the normalisers on all data, then `steps` Adam steps, member e drawing its minibatches from its
    own bootstrap resample (N draws with replacement, fresh each call). Returns the mean training loss."""
    n = len(obs)
    model.set_normalisers(torch.cat([obs, actions], -1), next_obs - obs)
    bootstrap = torch.as_tensor(rng.integers(0, n, size=(model.n_members, n)))
    losses = []
    for _ in range(steps):
        columns = torch.as_tensor(rng.integers(0, n, size=(model.n_members, min(batch_size, n))))
        index = bootstrap.gather(1, columns)  # (E, batch): member e's sample of its bootstrap set
        loss = model.loss(obs[index], actions[index], next_obs[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return float(np.mean(losses)) if losses else float("nan")


# --------------------------------------------------------------------------- CEM model-predictive control


def cem(returns_of, mean: torch.Tensor, low: torch.Tensor, high: torch.Tensor, population: int, elites: int,
        iterations: int, alpha: float) -> torch.Tensor:
    """Cross-entropy method over action sequences, batched over B start states.

    returns_of: (B, P, H, A) sequences -> (B, P) returns to maximise. mean: (B, H, A) start mean.
    Returns the final mean (B, H, A). The variance starts at ((high - low) / 4)^2 (PETS' choice).
    """
    var = ((high - low) / 4) ** 2 * torch.ones_like(mean)
    for _ in range(iterations):
        noise = torch.randn(mean.shape[0], population, *mean.shape[1:])
        samples = torch.minimum(torch.maximum(mean[:, None] + noise * var.sqrt()[:, None], low), high)
        returns = returns_of(samples)
        best = returns.topk(elites, dim=1).indices  # (B, elites)
        elite = samples.gather(1, best[..., None, None].expand(-1, -1, *mean.shape[1:]))
        mean = alpha * mean + (1 - alpha) * elite.mean(1)
        var = alpha * var + (1 - alpha) * elite.var(1, unbiased=False)
    return mean


def imagined_returns(model: Ensemble, reward, obs: torch.Tensor, sequences: torch.Tensor) -> torch.Tensor:
    """Sum of known rewards along each sequence, averaged over one particle per member (TS-inf, P = E).

    obs (B, obs_dim), sequences (B, P, H, A) -> (B, P). After a terminal state a particle earns nothing.
    """
    batch, population, horizon, _ = sequences.shape
    members = model.n_members
    state = obs[None, :, None, :].expand(members, batch, population, -1).reshape(members, batch * population, -1)
    plans = sequences.reshape(1, batch * population, horizon, -1).expand(members, -1, -1, -1)
    total = torch.zeros(members, batch * population)
    alive = torch.ones(members, batch * population)
    for t in range(horizon):
        next_state = model.sample_next(state, plans[:, :, t])
        gained, terminated = reward(state, plans[:, :, t], next_state)
        total += alive * gained
        alive = alive * (~terminated)
        state = next_state
    return total.mean(0).reshape(batch, population)


class Planner:
    """act(batch of observations) -> batch of actions by CEM-MPC; keeps each row's warm-start mean."""

    def __init__(self, model: Ensemble, reward, low: np.ndarray, high: np.ndarray, params: Params):
        self.model, self.reward, self.params = model, reward, params
        self.low, self.high = torch.as_tensor(low, dtype=torch.float32), torch.as_tensor(high, dtype=torch.float32)
        self.mean: torch.Tensor | None = None

    def reset(self) -> None:
        self.mean = None

    def __call__(self, observations: np.ndarray) -> np.ndarray:
        p = self.params
        obs = torch.as_tensor(np.asarray(observations), dtype=torch.float32)
        middle = ((self.low + self.high) / 2).expand(obs.shape[0], p.horizon, -1)
        if self.mean is None or self.mean.shape[0] != obs.shape[0]:
            self.mean = middle.clone()
        with torch.no_grad():
            mean = cem(lambda seqs: imagined_returns(self.model, self.reward, obs, seqs), self.mean, self.low, self.high,
                       p.population, p.elites, p.cem_iterations, p.cem_alpha)
        # warm start: drop the executed step, append the middle of the action range
        self.mean = torch.cat([mean[:, 1:], middle[:, :1]], dim=1)
        return mean[:, 0].numpy()


# --------------------------------------------------------------------------- the loop


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train; returns {"act_greedy": the CEM planner, "step"}. One env, one episode between model fits."""
    ctx.device = torch.device("cpu")  # CPU by design: deeproots.runs.device.CPU_BY_DESIGN
    reward = reward_function(env_id)
    logger = ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    step = ctx.start_step
    envs, observations = make_vector_env(env_id, 1, params.seed + step)
    space = envs.single_action_space
    obs_dim, act_dim = envs.single_observation_space.shape[0], space.shape[0]
    model = Ensemble(params.n_members, obs_dim, act_dim, params.hidden_sizes)
    optimizer = torch.optim.Adam(model.parameters(), lr=params.learning_rate, weight_decay=params.weight_decay)
    data = {"obs": [], "actions": [], "next_obs": []}
    episodes = 0
    if ctx.resume_state is not None:
        model.load_state_dict(ctx.resume_state["model"])
        optimizer.load_state_dict(ctx.resume_state["optimizer"])
        data = {name: list(tensor.numpy()) for name, tensor in ctx.resume_state["data"].items()}
        episodes = int(ctx.resume_state["episodes"])
        rng = restore_numpy_rng(ctx.resume_state["numpy_rng"])
        ctx.restore_rng()
    planner = Planner(model, reward, space.low, space.high, params)

    def snapshot() -> dict:
        return {"step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "episodes": episodes,
                "data": {name: torch.as_tensor(np.array(rows, dtype=np.float32).reshape(len(rows), -1))
                         for name, rows in data.items()},
                "numpy_rng": numpy_rng_state(rng)}

    tracker = EpisodeTracker(1)
    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            if episodes < params.random_episodes:
                actions = rng.uniform(space.low, space.high, size=(1, act_dim)).astype(np.float32)
            else:
                actions = planner(observations)
            next_observations, rewards, terminated, truncated, info = envs.step(actions)
            ended = np.logical_or(terminated, truncated)
            real_next = final_observations(next_observations, ended, info)
            data["obs"].append(observations[0]); data["actions"].append(actions[0]); data["next_obs"].append(real_next[0])
            observations = next_observations.astype(np.float32)
            step += 1
            logger.episodes(step, tracker.update(rewards, ended))
            if ended[0]:
                episodes += 1
                planner.reset()
                tensors = [torch.as_tensor(np.array(data[name], dtype=np.float32)) for name in ("obs", "actions", "next_obs")]
                model_loss = fit_ensemble(model, optimizer, *tensors, params.gradient_steps, params.batch_size, rng)
                logger.log(step, model_loss=model_loss)
                logger.speed(step)
                if ctx.report(step, Planner(model, reward, space.low, space.high, params)):
                    break
            ctx.maybe_checkpoint(step, snapshot)
    envs.close()
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": Planner(model, reward, space.low, space.high, params), "step": step}
