"""Offline-RL datasets made here from our own agents, mixed the way D4RL mixes them, cached as .npz.

Fu et al. 2020, "D4RL: Datasets for Deep Data-Driven Reinforcement Learning" (arXiv 2004.07219), §5
defines the MuJoCo mixtures this module rebuilds for Pendulum-v1 (CS285 HW5's offline part uses them):

- ``random``: a random policy (uniform actions);
- ``medium``: a policy trained to about a third of expert performance (D4RL: SAC stopped early);
- ``medium-replay``: the replay buffer of that training run, up to the moment it reached "medium";
- ``expert``: a fully trained policy;
- ``medium-expert``: medium and expert data, 50/50.

Each file holds the transitions (observations, actions, rewards, next_observations, terminated,
ends: 1 where an episode stops, by termination or time limit) and the two reference returns of
D4RL's normalised score, 100 * (return - random) / (expert - random) (Fu et al. §5 "normalized
scores"), taken from this dataset family's own random and expert episodes.

Build them (two SAC runs, minutes): ``python -m deeproots.rl.deep.offline_data --env Pendulum-v1``;
they land in ``runs/offline/<env>/<mixture>.npz`` (the runs/ folder is not shipped).
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from deeproots.errors import DeeprootsError

MIXTURES = ("random", "medium", "medium-replay", "expert", "medium-expert")
ROOT = Path("runs") / "offline"
FIELDS = ("observations", "actions", "rewards", "next_observations", "terminated", "ends")


@dataclass
class Dataset:
    """Transitions (arrays of equal length) plus the reference returns that define the normalised score."""

    observations: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    next_observations: np.ndarray
    terminated: np.ndarray
    ends: np.ndarray
    env_id: str = ""
    mixture: str = ""
    random_return: float = float("nan")
    expert_return: float = float("nan")

    def __len__(self) -> int:
        return len(self.rewards)

    def episode_returns(self) -> np.ndarray:
        """Returns of the complete episodes in the data (a trailing unfinished one is left out)."""
        cut = np.flatnonzero(self.ends) + 1
        return np.array([chunk.sum() for chunk in np.split(self.rewards, cut)[: len(cut)]])

    def score(self, episode_return):
        return normalized_score(episode_return, self.random_return, self.expert_return)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"env_id": self.env_id, "mixture": self.mixture,
                "random_return": self.random_return, "expert_return": self.expert_return}
        np.savez_compressed(path, meta=json.dumps(meta), **{name: getattr(self, name) for name in FIELDS})
        return path

    @classmethod
    def load(cls, path: str | Path) -> "Dataset":
        path = Path(path)
        if not path.is_file():
            raise DeeprootsError(f"no offline dataset at {path}; build it with "
                                 f"python -m deeproots.rl.deep.offline_data --env {path.parent.name} (minutes)")
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            return cls(**{name: data[name] for name in FIELDS}, **meta)


def normalized_score(episode_return, random_return: float, expert_return: float):
    """D4RL's normalised score (Fu et al. 2020 §5): 0 is the random policy, 100 the expert."""
    return 100.0 * (np.asarray(episode_return, dtype=float) - random_return) / (expert_return - random_return)


def concatenate(parts: list[Dataset], mixture: str) -> Dataset:
    first = parts[0]
    arrays = {name: np.concatenate([getattr(part, name) for part in parts]) for name in FIELDS}
    return Dataset(**arrays, env_id=first.env_id, mixture=mixture,
                   random_return=first.random_return, expert_return=first.expert_return)


def medium_expert(medium: Dataset, expert: Dataset) -> Dataset:
    """D4RL's medium-expert: the medium and the expert data concatenated, equal numbers of transitions."""
    n = min(len(medium), len(expert))
    halves = [Dataset(**{name: getattr(part, name)[:n].copy() for name in FIELDS}, env_id=part.env_id,
                      random_return=part.random_return, expert_return=part.expert_return) for part in (medium, expert)]
    halves[0].ends[-1] = 1.0  # the cut closes the last medium episode: no transition links the two halves
    return concatenate(halves, "medium-expert")


# --------------------------------------------------------------------------- rollouts


def rollout(act: Callable[[np.ndarray], np.ndarray], env_id: str, n_steps: int, seed: int) -> Dataset:
    """n_steps transitions played by ``act`` (a batch of obs -> a batch of actions) in one env."""
    import gymnasium as gym

    env = gym.make(env_id)
    obs, _ = env.reset(seed=seed)
    env.action_space.seed(seed)
    columns = {name: [] for name in FIELDS}
    for _ in range(n_steps):
        action = np.asarray(act(obs[None].astype(np.float32))[0], dtype=np.float32)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        for name, value in zip(FIELDS, (obs, action, reward, next_obs, terminated, terminated or truncated)):
            columns[name].append(value)
        obs = env.reset()[0] if (terminated or truncated) else next_obs
    env.close()
    arrays = {name: np.asarray(values, dtype=np.float32) for name, values in columns.items()}
    arrays["actions"] = arrays["actions"].reshape(n_steps, -1)
    return Dataset(**arrays, env_id=env_id)


def random_policy(env_id: str, seed: int) -> Callable[[np.ndarray], np.ndarray]:
    import gymnasium as gym

    space = gym.make(env_id).action_space
    rng = np.random.default_rng(seed)
    return lambda obs: rng.uniform(space.low, space.high, size=(len(obs), *space.shape)).astype(np.float32)


def scripted_pendulum(noise: float, seed: int) -> Callable[[np.ndarray], np.ndarray]:
    """A hand-written Pendulum-v1 controller with Gaussian action noise: the stand-in "agent" for tests.

    Pendulum-v1's dynamics are theta'' = 15 sin(theta) + 3u (theta = 0 is upright), so
    H = theta'^2 / 2 + 15 cos(theta) has dH/dt = 3 u theta': pump energy with u ~ (15 - H) theta'
    until H reaches the upright value 15, then balance with a PD law near the top.
    """
    rng = np.random.default_rng(seed)

    def act(obs: np.ndarray) -> np.ndarray:
        cos, sin, speed = obs[:, 0], obs[:, 1], obs[:, 2]
        theta = np.arctan2(sin, cos)
        energy = 0.5 * speed**2 + 15.0 * cos
        swing = 0.5 * (15.0 - energy) * np.sign(speed + 1e-6)
        balance = -10.0 * theta - 2.0 * speed
        u = np.where(cos > 0.85, balance, swing) + noise * rng.standard_normal(len(obs))
        return np.clip(u, -2.0, 2.0).astype(np.float32)[:, None]

    return act


def stand_in_family(env_id: str, n_steps: int, seed: int) -> dict[str, Dataset]:
    """The five mixtures from scripted policies instead of SAC (Pendulum-v1 only): a cheap test fixture.

    expert: the controller with a little noise; medium: a lot of noise; medium-replay: noisier and
    noisier episodes of a mix; random: uniform actions.
    """
    expert = rollout(scripted_pendulum(0.1, seed), env_id, n_steps, seed)
    medium = rollout(scripted_pendulum(10.0, seed + 1), env_id, n_steps, seed + 1)
    replay = concatenate([rollout(random_policy(env_id, seed + 2), env_id, n_steps // 2, seed + 2),
                          rollout(scripted_pendulum(1.0, seed + 3), env_id, n_steps // 2, seed + 3)], "")
    random = rollout(random_policy(env_id, seed + 4), env_id, n_steps, seed + 4)
    return finish({"random": random, "medium": medium, "medium-replay": replay, "expert": expert})


def finish(parts: dict[str, Dataset]) -> dict[str, Dataset]:
    """Set the reference returns (mean episode return of the random and expert data) and add medium-expert."""
    random_return = float(parts["random"].episode_returns().mean())
    expert_return = float(parts["expert"].episode_returns().mean())
    for name, part in parts.items():
        part.mixture, part.random_return, part.expert_return = name, random_return, expert_return
    parts["medium-expert"] = medium_expert(parts["medium"], parts["expert"])
    return {name: parts[name] for name in MIXTURES}


def path_for(env_id: str, mixture: str, root: str | Path = ROOT) -> Path:
    return Path(root) / env_id / f"{mixture}.npz"


def load(dataset: str, env_id: str, root: str | Path = ROOT) -> Dataset:
    """A mixture by name (from root/<env>/<name>.npz) or an .npz path; refuses data of another env."""
    path = Path(dataset) if dataset.endswith(".npz") else path_for(env_id, dataset, root)
    if not dataset.endswith(".npz") and dataset not in MIXTURES:
        raise DeeprootsError(f"unknown dataset {dataset!r}; allowed: {', '.join(MIXTURES)} or a path to an .npz")
    data = Dataset.load(path)
    if data.env_id != env_id:
        raise DeeprootsError(f"dataset {path} was collected on {data.env_id!r}, not {env_id!r}")
    return data


# --------------------------------------------------------------------------- the SAC-built family


def _sac(env_id: str, seed: int, overrides: dict, progress=None) -> dict:
    """One run of our SAC (deeproots/rl/deep/sac.py) without a run folder, keeping its replay buffer."""
    from dataclasses import replace

    from deeproots.rl.deep import sac
    from deeproots.rl.deep.common import RunContext, seed_everything

    params = replace(sac.QUICK, seed=seed, keep_replay=True, **overrides)
    sac.validate(params)
    seed_everything(seed)
    return sac.train(params, env_id, RunContext(algorithm="sac", params=params, env_id=env_id, progress=progress))


def _from_replay(replay: dict, env_id: str) -> Dataset:
    ends = np.logical_or(replay["terminated"], replay["truncated"])
    return Dataset(observations=replay["obs"], actions=replay["actions"].reshape(len(ends), -1),
                   rewards=replay["rewards"], next_observations=replay["next_obs"],
                   terminated=replay["terminated"].astype(np.float32), ends=ends.astype(np.float32), env_id=env_id)


MEDIUM_SAC = {"learning_rate": 1e-4}
"""The medium run's SAC differs from the expert's RL-Zoo preset (lr 1e-3) by a slower learning rate, 1e-4.

A data-generating choice, not a tuning (D4RL's medium is "a policy trained to about a third of
expert"). Measured on Pendulum-v1, medium run seed 2, greedy checks of 10 episodes: at lr 1e-3 the
return jumped -1698 -> -962 -> -181 at 1000/2000/3000 env steps; at SB3's default 3e-4 it still
jumped -908 -> -300 between 2500 and 2750 steps (medium data normalised 59.7, medium-replay 2750
transitions); at 1e-4 it climbs to about -900 by 2650 steps, falls back, and crosses the target at
4600 steps when checked every 50 (medium data normalised 33.2, medium-replay 4600 transitions).
"""


def build(env_id: str, root: str | Path = ROOT, seed: int = 1, n_steps: int = 20_000, sac_overrides: dict | None = None,
          check_every: int = 50, log: Callable[[str], None] = print, medium_overrides: dict | None = None,
          reuse_expert: bool = False) -> dict[str, Dataset]:
    """Build and save the five mixtures with our SAC (deeproots/rl/deep/sac.py, RL-Zoo's Pendulum preset).

    1. random: n_steps of uniform actions; its mean episode return is the score's 0.
    2. expert: SAC trained for its full budget; n_steps of its stochastic policy; the score's 100.
    3. medium: a second SAC run (seed + 1, with MEDIUM_SAC's slower learning rate unless medium_overrides
       says otherwise), greedy-evaluated (10 episodes) every check_every env steps and stopped when its
       return crosses random + (expert - random) / 3; n_steps of its stochastic policy. Its whole
       replay buffer up to that moment is medium-replay.
    4. medium-expert: medium + expert, 50/50.

    reuse_expert: load random.npz and expert.npz from root instead of rebuilding them (the expert SAC
    run is the slow part; the medium run only needs their mean returns).
    """
    from deeproots.rl.deep.common import evaluate

    sac_overrides = dict(sac_overrides or {})
    medium_overrides = {**sac_overrides, **(MEDIUM_SAC if medium_overrides is None else medium_overrides)}
    if reuse_expert:
        parts = {name: Dataset.load(path_for(env_id, name, root)) for name in ("random", "expert")}
    else:
        parts = {"random": rollout(random_policy(env_id, seed), env_id, n_steps, seed)}
    random_return = float(parts["random"].episode_returns().mean())
    log(f"random: mean return {random_return:.1f}")
    if not reuse_expert:
        expert = _sac(env_id, seed, sac_overrides)
        parts["expert"] = rollout(expert["act_sample"], env_id, n_steps, seed + 100)
        log(f"expert: SAC {expert['step']} env steps")
    expert_return = float(parts["expert"].episode_returns().mean())
    log(f"expert: dataset mean return {expert_return:.1f}")
    target = random_return + (expert_return - random_return) / 3.0
    checks = []

    def medium_reached(info: dict) -> bool:
        if info["step"] % check_every:
            return False
        checks.append((info["step"], float(evaluate(info["act_greedy"], env_id, episodes=10, seed=30_000).mean())))
        return checks[-1][1] >= target

    medium = _sac(env_id, seed + 1, medium_overrides, progress=medium_reached)
    if not checks or checks[-1][1] < target:
        log(f"medium: SAC never reached the target {target:.1f} (greedy checks {checks}); its last policy is used")
    parts["medium"] = rollout(medium["act_sample"], env_id, n_steps, seed + 200)
    parts["medium-replay"] = _from_replay(medium["replay"], env_id)
    checks_text = ", ".join(f"{step}: {value:.0f}" for step, value in checks)
    log(f"medium: SAC {medium_overrides} stopped at env step {medium['step']} (greedy checks {checks_text}; target {target:.1f}); "
        f"dataset mean return {parts['medium'].episode_returns().mean():.1f}; "
        f"medium-replay {len(parts['medium-replay'])} transitions")
    family = finish(parts)
    for name, data in family.items():
        data.save(path_for(env_id, name, root))
    return family


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="Pendulum-v1")
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=20_000, help="transitions per policy dataset")
    parser.add_argument("--check-every", type=int, default=50, help="env steps between the medium run's greedy checks")
    parser.add_argument("--reuse-expert", action="store_true", help="keep root's random.npz and expert.npz")
    args = parser.parse_args(argv)
    family = build(args.env, args.root, args.seed, args.steps, check_every=args.check_every, reuse_expert=args.reuse_expert)
    for name, data in family.items():
        returns = data.episode_returns()
        print(f"{name:14s} {len(data):7d} transitions, {len(returns):4d} episodes, mean return "
              f"{returns.mean():8.1f}, normalised {data.score(returns.mean()):6.1f}")


if __name__ == "__main__":
    main()
