"""PPO on Crafter's pixels, CleanRL style: one file, one loop, every step visible.

Proximal Policy Optimization (Schulman et al. 2017, "Proximal Policy Optimization Algorithms",
Algorithm 1 and eq. 7, 9) with generalized advantage estimation (Schulman et al. 2016, eq. 16),
following CleanRL's ``ppo_atari.py`` (Huang et al. 2022, "The 37 Implementation Details of
PPO"): a shared Nature-DQN CNN (Mnih et al. 2015) with a policy and a value head, orthogonal
initialisation, advantage normalisation per minibatch, clipped value loss, global gradient
clipping, a linearly annealed learning rate. Crafter's PPO baseline (Hafner 2021, §4, via
Stable-Baselines3) scores 4.6 % after the paper's budget of 1M environment steps.

Every episode that finishes during training is kept, because the paper's success rates are
computed over all training episodes within the budget. A checkpoint (``checkpoint.pt``) is written
atomically every ``checkpoint_every`` updates and at the end, so Ctrl-C (or a crash) leaves the
last complete one; ``train_ppo(..., resume=True)`` continues from it on fresh worlds.
"""
from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch
from torch import nn
from torch.distributions import Categorical

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.runs.device import check_available, choose_device, cpu_threads, device_label
from deeproots.rl.crafter.env import ACTIONS, CrafterVecEnv
from deeproots.rl.crafter.score import Episode
from deeproots.rl.deep import hyperparams
from deeproots.rl.deep.common import layer_init
from deeproots.rl.deep.losses import clipped_policy_loss, normalize, ppo_diagnostics, value_loss
from deeproots.rl.deep.returns import compute_gae, next_state_values

CHECKPOINT_FILE = "checkpoint.pt"


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the worlds (game i of update u: a seed derived from seed, u, i), the weights and the minibatch order."""
    total_timesteps: int = 1_000_000
    """Environment steps to train for, all games together; the paper's budget is 1M."""
    n_envs: int = 8
    """Games stepped in lockstep; one rollout is n_envs x n_steps steps."""
    n_steps: int = 128
    """Steps per game per rollout (the horizon of one update)."""
    learning_rate: float = 2.5e-4
    """Adam step size at the start (CleanRL's Atari value)."""
    anneal_lr: bool = True
    """Decrease the learning rate linearly to 0 over total_timesteps."""
    gamma: float = 0.99
    """Discount factor."""
    gae_lambda: float = 0.95
    """GAE's lambda: 0 is one-step TD, 1 is Monte Carlo."""
    batch_size: int = 256
    """Minibatch size of the gradient steps; it must divide a rollout (CleanRL's 4 minibatches of 1024)."""
    n_epochs: int = 4
    """Passes over each rollout."""
    clip_range: float = 0.1
    """PPO's epsilon: the policy ratio is clipped to [1 - eps, 1 + eps] (eq. 7); also clips the value loss."""
    ent_coef: float = 0.01
    """Weight of the entropy bonus (keeps the policy exploring)."""
    vf_coef: float = 0.5
    """Weight of the value loss."""
    max_grad_norm: float = 0.5
    """Global gradient-norm clip."""
    hidden: int = 512
    """Width of the fully connected layer after the three convolutions."""
    checkpoint_every: int = 10
    """Updates between two checkpoints (one is always written at the end)."""
    eval_episodes: int = 30
    """Episodes played by the final policy for the evaluation table (0: none)."""
    device: str = "auto"
    """"auto" (CUDA when present, else CPU), "cpu" or "cuda"."""
    torch_threads: int = 1
    """CPU threads for torch during training (restored after). One: the games and the network share
    the cores, and on a busy 2-core machine PyTorch's default threads ran 7x slower (8 vs 59 steps/s)."""

    @property
    def rollout_size(self) -> int:
        """Transitions per rollout, n_envs x n_steps."""
        return self.n_envs * self.n_steps

    @property
    def n_updates(self) -> int:
        return max(1, self.total_timesteps // self.rollout_size)


FULL = Params()
"""The paper's budget: 1M steps (hours on 2 CPU cores; about an hour with a GPU)."""
QUICK = Params(total_timesteps=16_384, n_envs=8, n_steps=128, batch_size=256, n_epochs=3,
               checkpoint_every=4, eval_episodes=10)
"""A smoke run meant for ~2 minutes on 2 idle CPU cores: 16 updates of 1024 steps (measured:
280 s of training at 59 steps/s on a 2-core machine at load ~11). It shows the loop runs and the
return moves, not the paper's 4.6 %: at 16k steps the score is still the random agent's (~1.7 %)."""


def check_params(params: Params) -> Params:
    """Every bad value is a DeeprootsError naming the parameter and what is allowed."""
    positive = ["total_timesteps", "n_envs", "n_steps", "batch_size", "n_epochs", "hidden", "checkpoint_every",
                "torch_threads"]
    for name in positive:
        value = getattr(params, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise DeeprootsError(f"{name} must be a positive integer (got {value!r})")
    if params.rollout_size % params.batch_size:
        raise DeeprootsError(f"batch_size must divide n_envs * n_steps = {params.rollout_size} (got {params.batch_size})")
    hyperparams.check_params(params)  # the same range for a name as in the CartPole algorithms
    if params.eval_episodes < 0:
        raise DeeprootsError(f"eval_episodes must be 0 or more (got {params.eval_episodes!r})")
    check_available(params.device)
    return params


class ActorCritic(nn.Module):
    """Nature CNN on 64 x 64 RGB -> 512 features -> policy logits (17) and a value."""

    def __init__(self, n_actions: int = len(ACTIONS), hidden: int = 512) -> None:
        super().__init__()
        self.body = nn.Sequential(
            layer_init(nn.Conv2d(3, 32, 8, stride=4)), nn.ReLU(),  # 64 -> 15
            layer_init(nn.Conv2d(32, 64, 4, stride=2)), nn.ReLU(),  # 15 -> 6
            layer_init(nn.Conv2d(64, 64, 3, stride=1)), nn.ReLU(),  # 6 -> 4
            nn.Flatten(),
            layer_init(nn.Linear(64 * 4 * 4, hidden)), nn.ReLU(),
        )
        self.policy = layer_init(nn.Linear(hidden, n_actions), std=0.01)  # near-uniform at start
        self.value = layer_init(nn.Linear(hidden, 1), std=1.0)

    def features(self, obs: torch.Tensor) -> torch.Tensor:
        """obs: (N, 64, 64, 3) uint8, channels last as Crafter gives them."""
        return self.body(obs.permute(0, 3, 1, 2).float() / 255.0)

    def get_value(self, obs: torch.Tensor) -> torch.Tensor:
        return self.value(self.features(obs)).squeeze(-1)

    def get_action_and_value(self, obs: torch.Tensor, action: torch.Tensor | None = None,
                             generator: torch.Generator | None = None):
        hidden = self.features(obs)
        logits = self.policy(hidden)
        dist = Categorical(logits=logits)
        if action is None:
            probs = dist.probs
            action = torch.multinomial(probs, 1, generator=generator).squeeze(-1)
        return action, dist.log_prob(action), dist.entropy(), self.value(hidden).squeeze(-1)


class PPOAgent:
    """A trained policy as an ``Agent``: samples its action (the policy is stochastic)."""

    def __init__(self, model: ActorCritic, seed: int = 0, device: torch.device | str = "cpu") -> None:
        self.model = model.to(device).eval()
        self.device = torch.device(device)
        self.generator = torch.Generator(device=self.device).manual_seed(int(seed))

    @torch.no_grad()
    def act(self, obs: np.ndarray) -> int:
        batch = torch.as_tensor(obs, device=self.device).unsqueeze(0)
        action, _, _, _ = self.model.get_action_and_value(batch, generator=self.generator)
        return int(action.item())


def load_checkpoint(path: str | os.PathLike) -> dict[str, Any]:
    path = Path(path)
    if path.is_dir():
        path = path / CHECKPOINT_FILE
    if not path.is_file():
        raise DeeprootsError(f"no PPO checkpoint at {path}; train first (it is written as {CHECKPOINT_FILE} in the run folder)")
    try:
        state = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as error:  # a truncated or foreign file
        raise DeeprootsError(f"cannot read the checkpoint {path} ({type(error).__name__}: {error})") from None
    if isinstance(state, dict) and isinstance(state.get("params"), dict):
        state["params"] = current_names(state["params"])
    return state


LEGACY_NAMES = {"total_steps": "total_timesteps", "num_envs": "n_envs", "num_steps": "n_steps",
                "update_epochs": "n_epochs", "clip_coef": "clip_range"}
"""CleanRL's names, used here before deep RL took one naming (SB3's), and their names now."""


def current_names(params: dict[str, Any]) -> dict[str, Any]:
    """A checkpoint's parameters under today's names: an older run folder resumes and evaluates as it did.

    num_minibatches (minibatches per rollout) becomes batch_size (transitions per minibatch)."""
    params = {LEGACY_NAMES.get(name, name): value for name, value in params.items()}
    if "num_minibatches" in params:
        params["batch_size"] = params["n_envs"] * params["n_steps"] // params.pop("num_minibatches")
    return params


def agent_from_checkpoint(path: str | os.PathLike, seed: int = 0, device: str = "auto") -> PPOAgent:
    """The policy saved in a run folder (or a checkpoint file) as an ``Agent``."""
    state = load_checkpoint(path)
    model = ActorCritic(hidden=state["params"]["hidden"])
    model.load_state_dict(state["model"])
    return PPOAgent(model, seed=seed, device=choose_device(device))


def _world_seed(params: Params, update: int) -> int:
    # Each update's resets draw fresh worlds only when a game ends; the seed matters at the
    # start and on resume, where every game restarts: derive it from (seed, update).
    return int(np.random.SeedSequence([params.seed, update]).generate_state(1)[0] % (2**31 - 1 - params.n_envs))


def train_ppo(params: Params, run_dir: str | os.PathLike, resume: bool = False,
              progress: Callable[[float, str], None] | None = None) -> dict[str, Any]:
    """Train (or, with ``resume``, continue) PPO and return the final training state.

    The state (also what ``checkpoint.pt`` holds): params, model and optimizer state dicts,
    ``global_step``, ``update``, ``episodes`` (one dict per finished training episode, with the
    step it ended at), ``curve`` (one row per update) and ``train_seconds``.
    """
    check_params(params)
    with cpu_threads(params.torch_threads):
        return _train(params, Path(run_dir), resume, progress or (lambda fraction, message: None))


def _train(params: Params, run_dir: Path, resume: bool, progress: Callable[[float, str], None]) -> dict[str, Any]:
    checkpoint_path = run_dir / CHECKPOINT_FILE
    device = choose_device(params.device, threads=params.torch_threads)
    torch.manual_seed(params.seed)
    model = ActorCritic(hidden=params.hidden).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=params.learning_rate, eps=1e-5)
    state: dict[str, Any] = {"params": dataclasses.asdict(params), "global_step": 0, "update": 0,
                             "episodes": [], "curve": [], "train_seconds": 0.0, "device": device_label(device)}
    if resume:
        saved = load_checkpoint(checkpoint_path)
        changed = {k for k, v in saved["params"].items()
                   if k not in ("total_timesteps", "eval_episodes", "checkpoint_every", "device", "torch_threads") and dataclasses.asdict(params).get(k) != v}
        if changed:
            raise DeeprootsError(f"cannot resume with different {sorted(changed)}; only total_timesteps, eval_episodes, "
                                 "checkpoint_every and device may change")
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        state.update({k: saved[k] for k in ("global_step", "update", "episodes", "curve", "train_seconds")})
        state["params"] = dataclasses.asdict(params)
    generator = torch.Generator(device=device).manual_seed(params.seed * 1_000_003 + state["update"])
    minibatch_rng = np.random.default_rng([params.seed, state["update"]])

    envs = CrafterVecEnv(params.n_envs, seed=0)
    next_obs_np, _ = envs.reset(seed=_world_seed(params, state["update"]))
    next_obs = torch.as_tensor(next_obs_np, device=device)
    shape = (params.n_steps, params.n_envs)
    obs_buf = torch.zeros(shape + envs.single_observation_space.shape, dtype=torch.uint8, device=device)
    actions = torch.zeros(shape, dtype=torch.long, device=device)
    logprobs, rewards, values = (torch.zeros(shape, device=device) for _ in range(3))
    terminated_buf, ended_buf = torch.zeros(shape, device=device), torch.zeros(shape, device=device)
    # Truncation (the 10 000-step limit) is not death: GAE bootstraps from the value of the
    # cut-off episode's last frame, as CleanRL and Gymnasium recommend.
    final_values = torch.zeros(shape, device=device)

    start_update = state["update"]
    started = time.perf_counter()
    for update in range(start_update + 1, params.n_updates + 1):
        if params.anneal_lr:
            optimizer.param_groups[0]["lr"] = params.learning_rate * (1.0 - (update - 1.0) / params.n_updates)
        # ---- rollout: n_steps steps in each game, actions sampled from the current policy
        model.eval()
        final_values.zero_()
        for step in range(params.n_steps):
            obs_buf[step] = next_obs
            with torch.no_grad():
                action, logprob, _, value = model.get_action_and_value(next_obs, generator=generator)
            values[step], actions[step], logprobs[step] = value, action, logprob
            obs_np, reward, terminated, truncated, info = envs.step(action.cpu().numpy())
            state["global_step"] += params.n_envs
            rewards[step] = torch.as_tensor(reward, device=device)
            for episode in info["episodes"]:
                state["episodes"].append({"achievements": sorted(episode["achievements"]), "return": episode["return"],
                                          "length": episode["length"], "step": state["global_step"]})
            for episode in info["episodes"]:
                if truncated[episode["env"]]:  # bootstrap from the cut-off episode's last frame
                    with torch.no_grad():
                        last = torch.as_tensor(episode["final_obs"], device=device).unsqueeze(0)
                        final_values[step, episode["env"]] = model.get_value(last)[0]
            next_obs = torch.as_tensor(obs_np, device=device)
            terminated_buf[step] = torch.as_tensor(terminated, dtype=torch.float32, device=device)
            ended_buf[step] = torch.as_tensor(terminated | truncated, dtype=torch.float32, device=device)

        # ---- generalized advantage estimation (Schulman et al. 2016, eq. 16)
        with torch.no_grad():
            next_values = next_state_values(values, model.get_value(next_obs), final_values, ended_buf)
            advantages = compute_gae(rewards, values, next_values, terminated_buf, ended_buf,
                                     params.gamma, params.gae_lambda)
            returns = advantages + values

        # ---- PPO update: n_epochs passes of minibatch SGD on the clipped objective (eq. 7, 9)
        model.train()
        b_obs = obs_buf.reshape((-1,) + envs.single_observation_space.shape)
        b_actions, b_logprobs = actions.reshape(-1), logprobs.reshape(-1)
        b_advantages, b_returns, b_values = advantages.reshape(-1), returns.reshape(-1), values.reshape(-1)
        clip_fractions = []
        for _ in range(params.n_epochs):
            order = minibatch_rng.permutation(params.rollout_size)
            for start in range(0, params.rollout_size, params.batch_size):
                idx = torch.as_tensor(order[start:start + params.batch_size], device=device)
                _, new_logprob, entropy, new_value = model.get_action_and_value(b_obs[idx], b_actions[idx])
                approx_kl, clip_fraction = ppo_diagnostics(new_logprob, b_logprobs[idx], params.clip_range)
                clip_fractions.append(clip_fraction)
                policy_loss = clipped_policy_loss(new_logprob, b_logprobs[idx], normalize(b_advantages[idx]), params.clip_range)
                v_loss = 0.5 * value_loss(new_value, b_values[idx], b_returns[idx], params.clip_range)
                loss = policy_loss - params.ent_coef * entropy.mean() + params.vf_coef * v_loss
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), params.max_grad_norm)
                optimizer.step()

        state["update"] = update
        elapsed = state["train_seconds"] + time.perf_counter() - started
        recent = state["episodes"][-50:]
        state["curve"].append({
            "update": update, "global_step": state["global_step"],
            "episodes": len(state["episodes"]),
            "recent_return": float(np.mean([e["return"] for e in recent])) if recent else float("nan"),
            "policy_loss": float(policy_loss.item()), "value_loss": float(v_loss.item()),
            "entropy": float(entropy.mean().item()), "approx_kl": approx_kl,
            "clip_fraction": float(np.mean(clip_fractions)), "seconds": elapsed,
        })
        if update % params.checkpoint_every == 0 or update == params.n_updates:
            snapshot = {**state, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "train_seconds": elapsed}
            files.torch_save(snapshot, checkpoint_path)  # atomic: an interrupted save keeps the old file
        row = state["curve"][-1]
        progress(update / params.n_updates,
                 f"step {state['global_step']:,}/{params.total_timesteps:,}: {row['episodes']} episodes, "
                 f"recent return {row['recent_return']:.2f}, {state['global_step'] / max(elapsed, 1e-9):.0f} steps/s overall")
    envs.close()
    state["train_seconds"] += time.perf_counter() - started
    state["model"], state["optimizer"] = model.state_dict(), optimizer.state_dict()
    return state


def training_episodes(state: dict[str, Any]) -> list[Episode]:
    """The finished training episodes of a state or checkpoint, as ``Episode``s."""
    return [Episode(frozenset(e["achievements"]), float(e["return"]), int(e["length"])) for e in state["episodes"]]
