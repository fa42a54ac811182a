"""Soft Actor-Critic for continuous actions: twin Q critics, a tanh-Gaussian actor, a learned temperature.

Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications", arXiv 1812.05905: the soft
Q target (§4, eq. 3 and 7) with the next action drawn from the current policy, the reparameterised
policy loss (eq. 7-9), the tanh squashing and its log-likelihood correction (appendix C, eq. 26),
automatic temperature tuning (§5, eq. 18) and twin critics taking the minimum (clipped double Q,
Fujimoto et al. 2018, as in §6 / Algorithm 1). CS285 (Levine) lecture 9 and homework 3's SAC part;
written in the style of CleanRL's sac_continuous_action.py, with Stable-Baselines3's update order.

One gradient step (SB3's order, so the benchmark against SB3 compares like with like):
  1. temperature: loss -log(alpha) * (log pi(a|s) + target_entropy), a ~ pi(.|s) (eq. 18, on log alpha);
  2. critics: y = r + gamma (1 - terminated) [min_i Q_target_i(s', a') - alpha log pi(a'|s')], a' ~ pi(.|s');
     loss 0.5 * sum_i MSE(Q_i(s, a), y);
  3. actor: mean(alpha log pi(a|s) - min_i Q_i(s, a)), a = tanh(mu + sigma * eps) (reparameterised);
  4. targets: Polyak averaging theta_target <- (1 - tau) theta_target + tau theta.
Actions live in [-1, 1] for the networks (the tanh's range) and are rescaled to the env's bounds only
when the env steps, as SB3 does; log-probabilities (and the target entropy -|A|) are in that [-1, 1]
space. A time-limit truncation is not a terminal state: its target bootstraps from the final
observation; only `terminated` transitions stop the bootstrap (Pendulum-v1 only ever truncates).

QUICK = RL-Zoo's Pendulum-v1 preset (rl-baselines3-zoo hyperparams/sac.yml: n_timesteps 2e4,
learning_rate 1e-3) on SB3 2.9's SAC defaults, read from stable_baselines3/sac/sac.py and
sac/policies.py: buffer_size 1e6, learning_starts 100, batch_size 256, tau 0.005, gamma 0.99,
train_freq 1, gradient_steps 1, ent_coef "auto" (alpha starts at 1, learned with Adam on log alpha at
the same learning rate), target_entropy -|A|, target_update_interval 1, net_arch [256, 256] ReLU for
the actor and each critic, log std clamped to [-20, 2], PyTorch's default initialisation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.rl.deep.common import (
    EpisodeTracker,
    RunContext,
    final_observations,
    make_vector_env,
    mlp,
    numpy_rng_state,
    polyak_update,
    restore_numpy_rng,
    squashed_log_prob,
)
from deeproots.rl.deep.hyperparams import check_params, check_range

NAME = "sac"
ACTIONS = "continuous"
DEFAULT_ENV = "Pendulum-v1"
LOG_STD_MIN, LOG_STD_MAX = -20.0, 2.0
"""SB3's clamp on the actor's log standard deviation: keeps exp(log_std) finite early in training."""


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environment; same seed, same run."""
    total_timesteps: int = 20_000
    """Environment steps to train for (RL-Zoo's Pendulum-v1 budget)."""
    learning_rate: float = 1e-3
    """Adam's step size for the actor, the critics and log alpha (RL-Zoo's Pendulum-v1 value; SB3's default is 3e-4)."""
    buffer_size: int = 1_000_000
    """Transitions kept in the replay buffer (SB3's default: larger than any run here, so nothing is forgotten)."""
    learning_starts: int = 100
    """Env steps of uniformly random actions before the first gradient step (fills the buffer; SB3's default)."""
    batch_size: int = 256
    """Transitions sampled from the buffer per gradient step (SB3's default)."""
    tau: float = 0.005
    """Polyak coefficient: each target parameter moves this fraction towards the online one per gradient step."""
    gamma: float = 0.99
    """Discount factor."""
    train_freq: int = 1
    """Env steps between training phases (SB3's default: train after every step)."""
    gradient_steps: int = 1
    """Gradient steps per training phase (one per env step: the update-to-data ratio of the paper)."""
    ent_coef: float = 1.0
    """The temperature alpha: its starting value when autotune is on (SB3's "auto" starts at 1), else fixed."""
    autotune: bool = True
    """Learn alpha so that the policy's entropy tracks target_entropy (Haarnoja et al. 2018, §5)."""
    target_entropy: float | None = None
    """Entropy the temperature aims for; None means -|A| (minus the action dimension), the paper's heuristic."""
    hidden_sizes: tuple[int, ...] = (256, 256)
    """Hidden layer widths of the actor and of each critic (ReLU)."""
    keep_replay: bool = False
    """Return the replay buffer as NumPy arrays in result["replay"] (for building offline-RL datasets)."""


QUICK = Params()
"""The default: RL-Zoo's Pendulum-v1 SAC preset (see the module docstring); benchmarks/sac_vs_sb3.py measures it."""
SMOKE = Params(total_timesteps=400, learning_starts=100, batch_size=32, buffer_size=1000, hidden_sizes=(32, 32))
"""A seconds-long smoke run: every code path, no learning to speak of (``rl train sac --smoke``, tests)."""


def validate(params: Params) -> None:
    # alpha starts at ent_coef and is learned on log scale, so it must be positive
    check_params(params, batch_size=(1, 1e6, "[]"), ent_coef=(0, 10, "(]"))
    if params.target_entropy is not None:
        check_range("target_entropy", params.target_entropy, (-1e3, 1e3, "[]"))


class Actor(torch.nn.Module):
    """s -> (mean, log std) of a Gaussian over pre-tanh actions u; the action is tanh(u) in [-1, 1]^|A|."""

    def __init__(self, obs_dim: int, act_dim: int, hidden_sizes: tuple[int, ...]):
        super().__init__()
        self.trunk = torch.nn.Sequential(mlp([obs_dim, *hidden_sizes], torch.nn.ReLU, out_gain=None), torch.nn.ReLU())
        self.mean = torch.nn.Linear(hidden_sizes[-1], act_dim)
        self.log_std = torch.nn.Linear(hidden_sizes[-1], act_dim)

    def forward(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.trunk(obs)
        return self.mean(features), self.log_std(features).clamp(LOG_STD_MIN, LOG_STD_MAX)

    def sample(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """A reparameterised action tanh(mu + sigma eps) and its log-probability (summed over action dims)."""
        mean, log_std = self(obs)
        pre_tanh = mean + log_std.exp() * torch.randn_like(mean)  # rsample: gradients flow through mu and sigma
        return torch.tanh(pre_tanh), squashed_log_prob(mean, log_std, pre_tanh)


class Critic(torch.nn.Module):
    """(s, a) -> Q(s, a), a in [-1, 1]^|A|."""

    def __init__(self, obs_dim: int, act_dim: int, hidden_sizes: tuple[int, ...]):
        super().__init__()
        self.net = mlp([obs_dim + act_dim, *hidden_sizes, 1], torch.nn.ReLU, out_gain=None)

    def forward(self, obs: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([obs, actions], dim=-1)).squeeze(-1)


def soft_target(rewards, next_obs, terminated, gamma: float, alpha, actor, target_q1, target_q2) -> torch.Tensor:
    """y = r + gamma (1 - terminated) (min_i Q_target_i(s', a') - alpha log pi(a'|s')), a' ~ pi(.|s') (eq. 3, 7)."""
    with torch.no_grad():
        next_actions, next_log_prob = actor.sample(next_obs)
        next_q = torch.min(target_q1(next_obs, next_actions), target_q2(next_obs, next_actions))
        return rewards + gamma * (1.0 - terminated) * (next_q - alpha * next_log_prob)


def alpha_loss(log_alpha: torch.Tensor, log_prob: torch.Tensor, target_entropy: float) -> torch.Tensor:
    """-log alpha * (log pi + target_entropy): alpha grows while the entropy -log pi is below the target (eq. 18).

    On log alpha (as SB3 and CleanRL do) so alpha stays positive and its steps are relative.
    """
    return -(log_alpha * (log_prob + target_entropy).detach()).mean()


class ReplayBuffer:
    """A ring buffer of (obs, action in [-1, 1], reward, next_obs, terminated, truncated), sampled uniformly."""

    NAMES = ("observations", "actions", "rewards", "next_observations", "terminated", "truncated")

    def __init__(self, size: int, obs_dim: int, act_dim: int):
        self.observations = np.zeros((size, obs_dim), dtype=np.float32)
        self.next_observations = np.zeros((size, obs_dim), dtype=np.float32)
        self.actions = np.zeros((size, act_dim), dtype=np.float32)
        self.rewards = np.zeros(size, dtype=np.float32)
        self.terminated = np.zeros(size, dtype=np.float32)
        self.truncated = np.zeros(size, dtype=np.float32)  # kept for offline datasets; the targets ignore it
        self.size, self.position, self.full = size, 0, False

    def add(self, *values) -> None:
        for name, value in zip(self.NAMES, values):
            getattr(self, name)[self.position] = value
        self.position = (self.position + 1) % self.size
        self.full = self.full or self.position == 0

    def __len__(self) -> int:
        return self.size if self.full else self.position

    def sample(self, batch_size: int, rng: np.random.Generator, device) -> tuple[torch.Tensor, ...]:
        index = rng.integers(0, len(self), size=batch_size)
        return tuple(torch.as_tensor(getattr(self, name)[index], device=device) for name in self.NAMES[:5])

    def arrays(self) -> dict[str, np.ndarray]:
        """The stored transitions, oldest first."""
        n = len(self)
        order = np.roll(np.arange(n), -self.position) if self.full else np.arange(n)
        return {name: getattr(self, name)[order].copy() for name in self.NAMES}

    def state_dict(self) -> dict:
        return {"arrays": {name: torch.from_numpy(getattr(self, name)[: len(self)].copy()) for name in self.NAMES},
                "position": self.position, "full": self.full}

    def load_state_dict(self, state: dict) -> None:
        for name, tensor in state["arrays"].items():
            getattr(self, name)[: len(tensor)] = tensor.numpy()
        self.position, self.full = int(state["position"]), bool(state["full"])


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train; returns {"act_greedy", "act_sample", "step"} (+ "replay" if params.keep_replay).

    act_greedy(obs batch) -> tanh(mean) rescaled to the env's bounds; act_sample draws from the policy.
    ctx supplies the device, logger, checkpoints and resume state.
    """
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    step = ctx.start_step
    envs, observations = make_vector_env(env_id, 1, params.seed + step)
    space = envs.single_action_space
    obs_dim, act_dim = envs.single_observation_space.shape[0], space.shape[0]
    # env action = center + scale * a for a in [-1, 1]
    center_np = ((space.high + space.low) / 2.0).astype(np.float32)
    scale_np = ((space.high - space.low) / 2.0).astype(np.float32)
    center, scale = torch.as_tensor(center_np, device=device), torch.as_tensor(scale_np, device=device)
    actor = Actor(obs_dim, act_dim, params.hidden_sizes).to(device)
    q1, q2 = (Critic(obs_dim, act_dim, params.hidden_sizes).to(device) for _ in range(2))
    target_q1, target_q2 = (Critic(obs_dim, act_dim, params.hidden_sizes).to(device) for _ in range(2))
    target_q1.load_state_dict(q1.state_dict())
    target_q2.load_state_dict(q2.state_dict())
    actor_optimizer = torch.optim.Adam(actor.parameters(), lr=params.learning_rate)
    q_optimizer = torch.optim.Adam([*q1.parameters(), *q2.parameters()], lr=params.learning_rate)
    log_alpha = torch.tensor([math.log(params.ent_coef)], device=device, requires_grad=True)
    alpha_optimizer = torch.optim.Adam([log_alpha], lr=params.learning_rate)
    target_entropy = -float(act_dim) if params.target_entropy is None else float(params.target_entropy)
    buffer = ReplayBuffer(params.buffer_size, obs_dim, act_dim)
    modules = {"actor": actor, "q1": q1, "q2": q2, "target_q1": target_q1, "target_q2": target_q2,
               "actor_optimizer": actor_optimizer, "q_optimizer": q_optimizer, "alpha_optimizer": alpha_optimizer}
    if ctx.resume_state is not None:
        for name, module in modules.items():
            module.load_state_dict(ctx.resume_state[name])
        with torch.no_grad():
            log_alpha.copy_(ctx.resume_state["log_alpha"])
        buffer.load_state_dict(ctx.resume_state["buffer"])
        rng = restore_numpy_rng(ctx.resume_state["numpy_rng"])
        ctx.restore_rng()

    def act_greedy(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            mean, _ = actor(torch.as_tensor(batch, dtype=torch.float32, device=device))
            return (center + scale * torch.tanh(mean)).cpu().numpy()

    def act_sample(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            actions, _ = actor.sample(torch.as_tensor(batch, dtype=torch.float32, device=device))
            return (center + scale * actions).cpu().numpy()

    def snapshot() -> dict:
        return {"step": step, **{name: module.state_dict() for name, module in modules.items()},
                "log_alpha": log_alpha.detach().clone(), "buffer": buffer.state_dict(), "numpy_rng": numpy_rng_state(rng)}

    critic_parameters = list(q1.parameters()) + list(q2.parameters())

    def critics_trainable(flag: bool) -> None:
        for parameter in critic_parameters:
            parameter.requires_grad_(flag)

    tracker = EpisodeTracker(1)
    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            if step < params.learning_starts:  # uniform over the box: SB3's warm-up, not the untrained policy
                unit_actions = rng.uniform(-1.0, 1.0, size=(1, act_dim)).astype(np.float32)
            else:
                with torch.no_grad():
                    unit_actions = actor.sample(torch.as_tensor(observations, device=device))[0].cpu().numpy()
            env_actions = center_np + scale_np * unit_actions
            next_observations, rewards, terminated, truncated, info = envs.step(env_actions)
            ended = np.logical_or(terminated, truncated)
            real_next = final_observations(next_observations, ended, info)
            buffer.add(observations[0], unit_actions[0], rewards[0], real_next[0], float(terminated[0]), float(truncated[0]))
            observations = next_observations.astype(np.float32)
            step += 1
            logger.episodes(step, tracker.update(rewards, ended))

            if step > params.learning_starts and step % params.train_freq == 0:
                for _ in range(params.gradient_steps):
                    obs, act, rew, nxt, term = buffer.sample(params.batch_size, rng, device)
                    # 1. temperature, from fresh actions of the current policy
                    actions_pi, log_prob = actor.sample(obs)
                    if params.autotune:
                        loss_alpha = alpha_loss(log_alpha, log_prob, target_entropy)
                        alpha_optimizer.zero_grad()
                        loss_alpha.backward()
                        alpha_optimizer.step()
                    alpha = log_alpha.detach().exp()
                    # 2. critics, towards the clipped double-Q soft target
                    target = soft_target(rew, nxt, term, params.gamma, alpha, actor, target_q1, target_q2)
                    q_loss = 0.5 * (F.mse_loss(q1(obs, act), target) + F.mse_loss(q2(obs, act), target))
                    q_optimizer.zero_grad()
                    q_loss.backward()
                    q_optimizer.step()
                    # 3. actor, through the reparameterised actions; the critics are frozen meanwhile, so the
                    #    backward pass skips their weight gradients, which the actor step would only discard
                    critics_trainable(False)
                    policy_loss = (alpha * log_prob - torch.min(q1(obs, actions_pi), q2(obs, actions_pi))).mean()
                    actor_optimizer.zero_grad()
                    policy_loss.backward()
                    actor_optimizer.step()
                    critics_trainable(True)
                    # 4. targets
                    polyak_update(q1, target_q1, params.tau)
                    polyak_update(q2, target_q2, params.tau)
                if step % 100 == 0:  # logging every step would dominate the curves' size, not the insight
                    logger.log(step, q_loss=q_loss.item(), policy_loss=policy_loss.item(), alpha=alpha.item(),
                               entropy=-log_prob.mean().item())
                    logger.speed(step)
                if ctx.report(step, act_greedy):
                    break
            ctx.maybe_checkpoint(step, snapshot)
    envs.close()
    ctx.save_checkpoint(snapshot())
    result = {"act_greedy": act_greedy, "act_sample": act_sample, "step": step}
    if params.keep_replay:
        replay = buffer.arrays()
        replay["actions"] = center_np + scale_np * replay["actions"]  # in the env's units
        result["replay"] = {"obs": replay["observations"], "actions": replay["actions"], "rewards": replay["rewards"],
                            "next_obs": replay["next_observations"], "terminated": replay["terminated"].astype(bool),
                            "truncated": replay["truncated"].astype(bool)}
    return result


def collect(params: Params, env_id: str = DEFAULT_ENV) -> dict:
    """Train without a run folder (no checkpoints, no report) and return train's result with the replay buffer.

    For offline-RL datasets: ``collect(dataclasses.replace(QUICK, total_timesteps=5000))["replay"]``.
    """
    from dataclasses import replace

    from deeproots.rl.deep.common import seed_everything

    params = replace(params, keep_replay=True)
    validate(params)
    seed_everything(params.seed)
    return train(params, env_id, RunContext(algorithm=NAME, params=params, env_id=env_id))
