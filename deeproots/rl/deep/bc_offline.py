"""Behaviour cloning on an offline dataset: the baseline every offline-RL method must beat.

Maximum likelihood of the dataset's actions under a Gaussian policy (Pomerleau 1989; CS285 lecture
2 and HW1; in the offline-RL papers "BC" is this same regression, e.g. Kostrikov et al. 2022 Table 1,
Fu et al. 2020 §6). It is IQL's policy extraction (iql.py) with every weight 1: it copies the
average behaviour of the data, good and bad alike, so it scores about as well as the data's mix.

The pieces IQL shares live here: the Gaussian policy (tanh mean, state-independent log std, as in
the IQL code's GaussianPolicy for MuJoCo), action scaling to [-1, 1], batches from the dataset and
the periodic greedy evaluation that logs D4RL's normalised score.

``total_timesteps`` counts gradient steps (no env step is taken while training); the env is only
played to evaluate. ``dataset`` names a mixture built by ``python -m deeproots.rl.deep.offline_data``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from deeproots.rl.deep import offline_data
from deeproots.rl.deep.common import RunContext, evaluate, mlp, numpy_rng_state, restore_numpy_rng
from deeproots.rl.deep.hyperparams import check_params

ACTIONS = "continuous"
DEFAULT_ENV = "Pendulum-v1"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch and the minibatch sampler; same seed, same run."""
    total_timesteps: int = 20_000
    """Gradient steps (offline: no env step is taken while training). BC on Pendulum's 3-d states settles well before 2e4."""
    dataset: str = "medium-replay"
    """Which D4RL-style mixture to learn from (random, medium, medium-replay, expert, medium-expert) or an .npz path."""
    dataset_dir: str = "runs/offline"
    """Where the mixtures were saved (offline_data.build writes <dir>/<env>/<mixture>.npz)."""
    learning_rate: float = 3e-4
    """Adam's step size (the IQL paper's actor learning rate, kept equal so BC and IQL differ only by the weights)."""
    batch_size: int = 256
    """Transitions per gradient step (IQL paper, Appendix B)."""
    hidden_sizes: tuple[int, ...] = (256, 256)
    """Hidden widths of the policy (ReLU), as in IQL's MuJoCo networks."""
    eval_every: int = 5_000
    """Gradient steps between greedy evaluations logged as episodic_return and normalized_score."""
    eval_episodes: int = 10
    """Episodes per periodic evaluation (train.py's final evaluation plays 100)."""


QUICK = Params()
"""The default: 2e4 gradient steps on medium-replay."""
SMOKE = Params(total_timesteps=60, batch_size=32, hidden_sizes=(32, 32), eval_every=30, eval_episodes=1)
"""Seconds: every code path, no learning to speak of."""


def validate(params) -> None:
    check_params(params)


class Data:
    """The dataset as tensors, actions scaled to [-1, 1] with the env's bounds, sampled uniformly."""

    def __init__(self, dataset: offline_data.Dataset, device, reward_scale: float = 1.0):
        import gymnasium as gym

        space = gym.make(dataset.env_id).action_space
        self.low, self.high = space.low.astype(np.float32), space.high.astype(np.float32)
        scaled = 2.0 * (dataset.actions - self.low) / (self.high - self.low) - 1.0
        as_tensor = lambda array: torch.as_tensor(np.asarray(array, dtype=np.float32), device=device)
        self.tensors = tuple(map(as_tensor, (dataset.observations, np.clip(scaled, -1.0, 1.0),
                                             dataset.rewards * reward_scale, dataset.next_observations,
                                             dataset.terminated)))
        self.obs_dim, self.act_dim = dataset.observations.shape[1], scaled.shape[1]

    def __len__(self) -> int:
        return len(self.tensors[0])

    def sample(self, batch_size: int, rng: np.random.Generator) -> tuple[torch.Tensor, ...]:
        index = torch.as_tensor(rng.integers(0, len(self), size=batch_size))
        return tuple(tensor[index] for tensor in self.tensors)

    def to_env(self, scaled: np.ndarray) -> np.ndarray:
        return self.low + (np.clip(scaled, -1.0, 1.0) + 1.0) * 0.5 * (self.high - self.low)


class GaussianPolicy(torch.nn.Module):
    """N(tanh(mlp(s)), exp(log_std)^2) with a learned state-independent log std (IQL code, MuJoCo setting)."""

    def __init__(self, obs_dim: int, act_dim: int, hidden_sizes: tuple[int, ...]):
        super().__init__()
        self.mean = mlp([obs_dim, *hidden_sizes, act_dim], torch.nn.ReLU, out_gain=1e-2)
        self.log_std = torch.nn.Parameter(torch.zeros(act_dim))

    def log_prob(self, obs: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
        std = self.log_std.clamp(-5.0, 2.0).exp()  # the IQL code's bounds keep the likelihood finite
        return torch.distributions.Normal(torch.tanh(self.mean(obs)), std).log_prob(actions).sum(-1)

    def greedy(self, obs: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.mean(obs))


def greedy_policy(policy: GaussianPolicy, data: Data, device):
    """act_greedy(batch of obs) -> env actions: the policy's mean, mapped back to the env's bounds."""
    def act_greedy(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            scaled = policy.greedy(torch.as_tensor(batch, dtype=torch.float32, device=device)).cpu().numpy()
        return data.to_env(scaled).astype(np.float32)

    return act_greedy


def evaluate_and_log(ctx: RunContext, step: int, act_greedy, dataset: offline_data.Dataset, params) -> bool:
    """Play the greedy policy, log its return and D4RL score, tell the progress callback; True = stop."""
    returns = evaluate(act_greedy, dataset.env_id, episodes=params.eval_episodes, seed=20_000 + params.seed)
    # logged as episodic_return so train.py's learning-curve chart draws it (x: gradient steps)
    ctx.logger.log(step, episodic_return=float(returns.mean()), normalized_score=float(dataset.score(returns.mean())))
    ctx.logger.speed(step)
    return ctx.report(step, act_greedy)


def load_data(params, env_id: str, device, reward_scale: float | None = None) -> tuple[offline_data.Dataset, Data]:
    dataset = offline_data.load(params.dataset, env_id, params.dataset_dir)
    if reward_scale is None:
        reward_scale = 1.0
    return dataset, Data(dataset, device, reward_scale)


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Fit the policy to the dataset's actions; returns {"act_greedy", "step": gradient steps}."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    dataset, data = load_data(params, env_id, device)
    policy = GaussianPolicy(data.obs_dim, data.act_dim, params.hidden_sizes).to(device)
    optimizer = torch.optim.Adam(policy.parameters(), lr=params.learning_rate)
    step = ctx.start_step
    if ctx.resume_state is not None:
        policy.load_state_dict(ctx.resume_state["policy"])
        optimizer.load_state_dict(ctx.resume_state["optimizer"])
        rng = restore_numpy_rng(ctx.resume_state["numpy_rng"])
        ctx.restore_rng()
    act_greedy = greedy_policy(policy, data, device)

    def snapshot() -> dict:
        return {"step": step, "policy": policy.state_dict(), "optimizer": optimizer.state_dict(),
                "numpy_rng": numpy_rng_state(rng)}

    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            obs, actions, *_ = data.sample(params.batch_size, rng)
            loss = -policy.log_prob(obs, actions).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            if step % params.eval_every == 0 or step == params.total_timesteps:
                logger.log(step, policy_loss=loss.item())
                if evaluate_and_log(ctx, step, act_greedy, dataset, params):
                    break
            ctx.maybe_checkpoint(step, snapshot)
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
