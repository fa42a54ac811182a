"""Small pieces shared by the deep-RL algorithms: seeding, vector envs, evaluation, logging, checkpoints.

Each algorithm file (reinforce.py, a2c.py, dqn.py, ppo.py) stays readable top to bottom in the
CleanRL style (Huang et al. 2022, "CleanRL: High-quality Single-file Implementations of Deep
Reinforcement Learning Algorithms", JMLR 23(274)); only what would be copied four times lives here.

Vector environments use Gymnasium 1.x's ``AutoresetMode.SAME_STEP``: when an episode ends, the
observation returned by ``step`` is already the first observation of the next episode and the
real last observation is in ``info["final_obs"]`` (masked by ``info["_final_obs"]``). Gymnasium
1.x's default, ``NEXT_STEP``, would instead return the last observation and ignore the action of
the *following* step (it performs the reset), which silently puts a fake transition into the data
unless every algorithm masks it. SAME_STEP keeps every ``step`` a real transition.
"""
from __future__ import annotations

import contextlib
import math
import os
import random
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import gymnasium as gym
import numpy as np
import torch
import torch.nn.functional as F

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.runs.device import choose_device, device_label  # the one device policy; the CPU gets one thread

CHECKPOINT_FILE = "checkpoint.pt"


# --------------------------------------------------------------------------- seeding and device


def seed_everything(seed: int) -> np.random.Generator:
    """Seed Python, NumPy and torch; return the NumPy Generator the algorithm should draw from."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------- environments


def check_env_id(env_id: str, actions: str = "discrete") -> None:
    """Raise DeeprootsError unless env_id is a Gymnasium env with a flat Box observation and the actions
    the algorithm handles: ``"discrete"`` (a Discrete space), ``"continuous"`` (a flat Box) or ``"any"``."""
    examples = {"discrete": "CartPole-v1, Acrobot-v1, MountainCar-v0",
                "continuous": "Pendulum-v1, MountainCarContinuous-v0",
                "any": "CartPole-v1, Pendulum-v1"}[actions]
    if not isinstance(env_id, str) or env_id not in gym.registry:
        raise DeeprootsError(
            f"unknown environment {env_id!r}; allowed: a Gymnasium env with vector observations and "
            f"{actions} actions, e.g. {examples}"
        )
    try:
        env = gym.make(env_id)
    except Exception as error:  # registered but not installed (Box2D, Atari ROMs, ...)
        raise DeeprootsError(f"cannot make environment {env_id!r} ({type(error).__name__}); try {examples.split(',')[0]}") from None
    try:
        observation_ok = isinstance(env.observation_space, gym.spaces.Box) and len(env.observation_space.shape) == 1
        discrete = isinstance(env.action_space, gym.spaces.Discrete)
        continuous = isinstance(env.action_space, gym.spaces.Box) and len(env.action_space.shape) == 1
        action_ok = {"discrete": discrete, "continuous": continuous, "any": discrete or continuous}[actions]
    finally:
        env.close()
    if not (observation_ok and action_ok):
        wanted = {"discrete": "Discrete actions", "continuous": "continuous (flat Box) actions",
                  "any": "Discrete or flat Box actions"}[actions]
        raise DeeprootsError(
            f"environment {env_id!r} has {env.observation_space} observations and {env.action_space} actions; "
            f"allowed: a flat Box observation and {wanted}, e.g. {examples}"
        )


def make_vector_env(env_id: str, n_envs: int, seed: int) -> tuple[gym.vector.SyncVectorEnv, np.ndarray]:
    """n_envs copies of env_id in one process (SAME_STEP autoreset), reset with seeds seed, seed+1, ...

    Returns the vector env and its first observations (float32, shape (n_envs, obs_dim)).
    """
    envs = gym.vector.SyncVectorEnv(
        [lambda: gym.make(env_id) for _ in range(n_envs)],
        autoreset_mode=gym.vector.AutoresetMode.SAME_STEP,
    )
    observations, _ = envs.reset(seed=[seed + index for index in range(n_envs)])
    envs.action_space.seed(seed)
    return envs, observations.astype(np.float32)


def final_observations(next_observations: np.ndarray, done: np.ndarray, info: dict) -> np.ndarray:
    """The true next observation of each env: the episode's last one where it ended (SAME_STEP mode)."""
    real = next_observations.copy()
    if done.any() and "_final_obs" in info:
        for index in np.flatnonzero(info["_final_obs"]):
            real[index] = info["final_obs"][index]
    return real.astype(np.float32)


class EpisodeTracker:
    """Sums rewards per env and reports the return and length of each episode as it ends."""

    def __init__(self, n_envs: int):
        self.returns = np.zeros(n_envs)
        self.lengths = np.zeros(n_envs, dtype=np.int64)

    def update(self, rewards: np.ndarray, done: np.ndarray) -> list[tuple[float, int]]:
        self.returns += rewards
        self.lengths += 1
        finished = [(float(self.returns[i]), int(self.lengths[i])) for i in np.flatnonzero(done)]
        self.returns[done] = 0.0
        self.lengths[done] = 0
        return finished


def evaluate(
    act_greedy: Callable[[np.ndarray], np.ndarray], env_id: str, episodes: int = 100, seed: int = 10_000, n_envs: int = 10
) -> np.ndarray:
    """Returns of `episodes` episodes played with the greedy policy (a batch of obs -> a batch of actions).

    The episodes are split evenly over n_envs environments and each env plays exactly its share,
    so short episodes are not over-represented (taking the first N to finish would be biased).
    """
    n_envs = max(1, min(n_envs, episodes))
    quota = np.full(n_envs, episodes // n_envs)
    quota[: episodes % n_envs] += 1
    envs, observations = make_vector_env(env_id, n_envs, seed)
    tracker, returns = EpisodeTracker(n_envs), [[] for _ in range(n_envs)]
    try:
        while any(len(returns[i]) < quota[i] for i in range(n_envs)):
            actions = act_greedy(observations)
            observations, rewards, terminated, truncated, _ = envs.step(actions)
            observations = observations.astype(np.float32)
            done = np.logical_or(terminated, truncated)
            tracker.returns += rewards
            tracker.lengths += 1
            for i in np.flatnonzero(done):
                if len(returns[i]) < quota[i]:
                    returns[i].append(float(tracker.returns[i]))
            tracker.returns[done] = 0.0
            tracker.lengths[done] = 0
    finally:
        envs.close()
    return np.array([value for per_env in returns for value in per_env])


# --------------------------------------------------------------------------- logging


class Logger:
    """Named series of (env step, value) pairs: episodic return, losses, entropy, approx-KL, steps/s."""

    def __init__(self, series: dict[str, list] | None = None):
        self.series: dict[str, list[list[float]]] = defaultdict(list)
        for name, points in (series or {}).items():
            self.series[name] = [list(point) for point in points]
        self._clock = (time.perf_counter(), None)

    def log(self, step: int, **values: float) -> None:
        for name, value in values.items():
            self.series[name].append([int(step), float(value)])

    def episodes(self, step: int, finished: list[tuple[float, int]]) -> None:
        for episode_return, episode_length in finished:
            self.log(step, episodic_return=episode_return, episode_length=episode_length)

    def speed(self, step: int) -> float:
        """Log and return env steps per second since the previous call."""
        now, last_step = time.perf_counter(), self._clock[1]
        rate = 0.0
        if last_step is not None and now > self._clock[0]:
            rate = (step - last_step) / (now - self._clock[0])
            self.log(step, steps_per_s=rate)
        self._clock = (now, step)
        return rate

    def last(self, name: str, window: int = 1) -> float:
        points = self.series.get(name, [])
        if not points:
            return float("nan")
        return float(np.mean([value for _, value in points[-window:]]))

    def to_dict(self) -> dict[str, list[list[float]]]:
        return {name: [list(point) for point in points] for name, points in self.series.items()}


# --------------------------------------------------------------------------- parameters


def params_dict(params: Any) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(params).items()}


# --------------------------------------------------------------------------- the run context and checkpoints


@dataclass
class RunContext:
    """What a training loop needs from the outside: where to save, how often, who to tell, what to resume.

    progress(info) is called after each update with {"algorithm", "step", "total", "episodic_return",
    "act_greedy", "run_path"}; if it returns True, training stops early (the run is still reported).
    """

    algorithm: str
    params: Any
    env_id: str
    run_path: Path | None = None
    checkpoint_every: int = 0
    progress: Callable[[dict], Any] | None = None
    resume_state: dict | None = None
    logger: Logger = field(default_factory=Logger)
    device: torch.device = field(default_factory=choose_device)
    _next_checkpoint: int = field(default=0, init=False)
    stopped_early: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        if self.resume_state is not None:
            self.logger = Logger(self.resume_state.get("logger"))
        self._next_checkpoint = self.start_step + self.checkpoint_every

    @property
    def device_label(self) -> str:
        """Where this run trains, as its metrics report it: "cpu", "cuda:0 (<card>)" (every algorithm
        takes CUDA when present, CartPole's small MLPs included: one policy, ``deeproots.runs.device``)."""
        return device_label(self.device)

    @property
    def start_step(self) -> int:
        return int(self.resume_state["step"]) if self.resume_state else 0

    def report(self, step: int, act_greedy: Callable[[np.ndarray], np.ndarray]) -> bool:
        """Tell the progress callback; True means "stop now"."""
        if self.progress is None:
            return False
        answer = self.progress(
            {
                "algorithm": self.algorithm,
                "step": step,
                "total": self.params.total_timesteps,
                "episodic_return": self.logger.last("episodic_return", 20),
                "act_greedy": act_greedy,
                "run_path": self.run_path,
            }
        )
        self.stopped_early = bool(answer)
        return self.stopped_early

    def maybe_checkpoint(self, step: int, snapshot: Callable[[], dict]) -> None:
        if self.run_path is None or self.checkpoint_every <= 0 or step < self._next_checkpoint:
            return
        self.save_checkpoint(snapshot())
        while self._next_checkpoint <= step:
            self._next_checkpoint += self.checkpoint_every

    def save_checkpoint(self, state: dict) -> Path | None:
        """Write checkpoint.pt atomically: algorithm, hyper-parameters, env, logger, RNGs plus the algorithm's state."""
        if self.run_path is None:
            return None
        record = {
            "algorithm": self.algorithm,
            "params": params_dict(self.params),
            "env_id": self.env_id,
            "logger": self.logger.to_dict(),
            "rng": {"python": random.getstate(), "torch": torch.get_rng_state()},
            **state,
        }
        return files.torch_save(record, Path(self.run_path) / CHECKPOINT_FILE)

    @contextlib.contextmanager
    def saving_on_interrupt(self, snapshot: Callable[[], dict]):
        """On Ctrl-C save a last checkpoint, then let the KeyboardInterrupt go on."""
        try:
            yield
        except KeyboardInterrupt:
            self.save_checkpoint(snapshot())
            raise

    def restore_rng(self) -> None:
        if self.resume_state is not None:
            random.setstate(_as_python_state(self.resume_state["rng"]["python"]))
            torch.set_rng_state(self.resume_state["rng"]["torch"])


def _as_python_state(state: Any) -> tuple:
    """random.setstate wants nested tuples; a saved state may come back with lists."""
    version, internal, gauss = state
    return (version, tuple(internal), gauss)


def load_checkpoint(path: str | os.PathLike, algorithm: str | None = None) -> dict:
    """Load a checkpoint (a checkpoint.pt or a run folder holding one); refuse one from another algorithm."""
    path = Path(path)
    if path.is_dir():
        path = path / CHECKPOINT_FILE
    if not path.is_file():
        raise DeeprootsError(f"no checkpoint at {path}; resume from a run folder that holds {CHECKPOINT_FILE}")
    try:
        # weights_only: a checkpoint holds tensors, numbers, strings, lists and dicts, never code
        record = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # a damaged or foreign file
        raise DeeprootsError(f"cannot read checkpoint {path}: {type(error).__name__}") from None
    if not isinstance(record, dict) or "algorithm" not in record:
        raise DeeprootsError(f"{path} is not a deeproots deep-RL checkpoint")
    if algorithm is not None and record["algorithm"] != algorithm:
        raise DeeprootsError(
            f"checkpoint {path} was written by {record['algorithm']!r}, not {algorithm!r}; "
            f"resume it with algorithm {record['algorithm']!r}"
        )
    return record


def numpy_rng_state(rng: np.random.Generator) -> dict:
    return rng.bit_generator.state


def restore_numpy_rng(state: dict) -> np.random.Generator:
    rng = np.random.default_rng()
    rng.bit_generator.state = state
    return rng


def linear_schedule(start: float, end: float, fraction: float) -> float:
    """start at fraction 0, end at fraction >= 1, a straight line between."""
    return start + (end - start) * min(max(fraction, 0.0), 1.0)


def greedy_actions(network: torch.nn.Module, device: torch.device) -> Callable[[np.ndarray], np.ndarray]:
    """act_greedy(observations) -> the argmax action of ``network``'s outputs (logits or Q-values)."""
    def act_greedy(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return network(torch.as_tensor(batch, dtype=torch.float32, device=device)).argmax(-1).cpu().numpy()

    return act_greedy


def mlp(
    sizes: list[int], activation: type[torch.nn.Module] = torch.nn.Tanh, out_gain: float | None = 1.0
) -> torch.nn.Sequential:
    """Linear layers of the given sizes with activations between, orthogonally initialised.

    Hidden layers get gain sqrt(2) and the output layer out_gain (0.01 for policy logits keeps the
    first policy near uniform; 1 for values), as in SB3/CleanRL (Engstrom et al. 2020, §3).
    out_gain=None keeps PyTorch's default initialisation (what SB3's DQN uses).
    """
    layers: list[torch.nn.Module] = []
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = torch.nn.Linear(n_in, n_out)
        last = index == len(sizes) - 2
        if out_gain is not None:
            layer_init(linear, out_gain if last else np.sqrt(2))
        layers.append(linear)
        if not last:
            layers.append(activation())
    return torch.nn.Sequential(*layers)


def layer_init(layer: torch.nn.Module, std: float = float(np.sqrt(2)), bias: float = 0.0) -> torch.nn.Module:
    """Orthogonal weights with gain ``std``, constant bias (Huang et al. 2022, PPO detail #2)."""
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias)
    return layer


# --------------------------------------------------------------------------- continuous-action pieces (sac, iql, cql)


def squashed_log_prob(mean: torch.Tensor, log_std: torch.Tensor, pre_tanh: torch.Tensor) -> torch.Tensor:
    """log pi(tanh(u)) = log N(u; mu, sigma) - sum log(1 - tanh(u)^2) (Haarnoja et al. 2018, appendix C, eq. 26).

    log(1 - tanh(u)^2) is computed as 2 (log 2 - u - softplus(-2u)), exact and finite for any u (the
    form torch's TanhTransform uses), instead of SB3's log(1 - tanh^2 + 1e-6).
    """
    gaussian = -0.5 * ((pre_tanh - mean) / log_std.exp()) ** 2 - log_std - 0.5 * math.log(2 * math.pi)
    log_det = 2.0 * (math.log(2.0) - pre_tanh - F.softplus(-2.0 * pre_tanh))
    return (gaussian - log_det).sum(-1)


def polyak_update(online: torch.nn.Module, target: torch.nn.Module, tau: float) -> None:
    """theta_target <- (1 - tau) theta_target + tau theta, in place (Lillicrap et al. 2016; SAC Algorithm 1)."""
    with torch.no_grad():  # one fused call over all tensors instead of a Python loop of small kernels
        torch._foreach_lerp_(list(target.parameters()), list(online.parameters()), tau)
