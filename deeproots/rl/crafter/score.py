"""The paper's evaluation: success rates per achievement and the Crafter score.

Hafner (2021), "Benchmarking the Spectrum of Agent Capabilities", §3 (Evaluation) and the
``analysis/`` scripts of the crafter repository:

- the success rate s_i of achievement i is the share (in percent) of ALL episodes in which it
  was unlocked at least once — episodes that unlocked nothing count too;
- the Crafter score is the geometric mean of the 22 success rates with a 1 % offset,
  S = exp((1/22) * sum_i ln(1 + s_i)) - 1, so 0 % everywhere scores 0, 100 % everywhere 100,
  and gains on rare achievements weigh more than gains on common ones;
- the episode return (Crafter's reward: +1 per first unlock of an achievement in the episode,
  +-0.1 per health point gained or lost) is reported beside it, never instead.

Published numbers (Hafner 2021, Table 1; crafter README scoreboard) are in ``PUBLISHED_SCORES``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from deeproots.errors import DeeprootsError

ACHIEVEMENTS: tuple[str, ...] = (
    "collect_coal", "collect_diamond", "collect_drink", "collect_iron", "collect_sapling",
    "collect_stone", "collect_wood", "defeat_skeleton", "defeat_zombie", "eat_cow", "eat_plant",
    "make_iron_pickaxe", "make_iron_sword", "make_stone_pickaxe", "make_stone_sword",
    "make_wood_pickaxe", "make_wood_sword", "place_furnace", "place_plant", "place_stone",
    "place_table", "wake_up",
)
"""Crafter's 22 achievements, sorted by name (the order of the paper's analysis scripts)."""

PAPER_CITATION = "Hafner 2021, Benchmarking the Spectrum of Agent Capabilities, Table 1"
PUBLISHED_SCORES: dict[str, tuple[float, float]] = {
    "Random": (1.6, 0.0),
    "Rainbow": (4.3, 0.2),
    "PPO": (4.6, 0.3),
    "DreamerV2": (10.0, 1.2),
    "Human experts": (50.5, 6.8),
}
"""Crafter score (%) and its spread (std. over runs) at the 1M-step budget, from the paper's
Table 1 (the same numbers are in the crafter README's scoreboards)."""
PUBLISHED_RANDOM_RETURN = (2.1, 1.3)
"""The random agent's episode return, mean and std. (crafter README scoreboard, "Random")."""


@dataclass(frozen=True)
class Episode:
    """One finished episode: what Crafter's info holds at its last step."""

    achievements: frozenset[str]
    """The achievements unlocked at least once in the episode."""
    return_: float = 0.0
    """Sum of the episode's rewards."""
    length: int = 0
    """Number of steps."""

    @classmethod
    def from_info(cls, episode: Mapping[str, Any]) -> "Episode":
        """From ``info["episode"]`` of ``CrafterEnv`` (or an element of the vector env's list)."""
        return cls(frozenset(episode["achievements"]), float(episode["return"]), int(episode["length"]))


def _unlocked_matrix(episodes: Sequence[Episode | Iterable[str]]) -> np.ndarray:
    """(episodes, 22) bool: whether episode e unlocked achievement i."""
    column = {name: i for i, name in enumerate(ACHIEVEMENTS)}
    unlocked = np.zeros((len(episodes), len(ACHIEVEMENTS)), bool)
    for row, episode in enumerate(episodes):
        names = episode.achievements if isinstance(episode, Episode) else episode
        if isinstance(names, str):
            raise DeeprootsError(f"episode {row} must list achievement names, not the string {names!r}")
        for name in names:
            if name not in column:
                raise DeeprootsError(f"episode {row} has unknown achievement {name!r}; known: {', '.join(ACHIEVEMENTS)}")
            unlocked[row, column[name]] = True
    return unlocked


def success_rates(episodes: Sequence[Episode | Iterable[str]]) -> dict[str, float]:
    """Percent of all episodes that unlocked each achievement at least once (0..100)."""
    if len(episodes) == 0:
        raise DeeprootsError("success rates need at least one episode (got none)")
    percents = 100.0 * _unlocked_matrix(episodes).mean(axis=0)
    return {name: float(p) for name, p in zip(ACHIEVEMENTS, percents)}


def crafter_score(rates: Mapping[str, float] | Sequence[float] | np.ndarray) -> float:
    """S = exp(mean_i ln(1 + s_i)) - 1 over the 22 success rates s_i given in percent.

    A mapping must name all 22 achievements; a sequence must have 22 entries in ``ACHIEVEMENTS``
    order.
    """
    if isinstance(rates, Mapping):
        missing = [name for name in ACHIEVEMENTS if name not in rates]
        extra = [name for name in rates if name not in ACHIEVEMENTS]
        if missing or extra:
            raise DeeprootsError(f"rates must name the 22 achievements (missing {missing}, unknown {extra})")
        values = np.array([rates[name] for name in ACHIEVEMENTS], float)
    else:
        values = np.asarray(rates, float).reshape(-1)
        if values.size != len(ACHIEVEMENTS):
            raise DeeprootsError(f"rates must have 22 values, one per achievement (got {values.size})")
    if not np.all((values >= 0) & (values <= 100)):
        raise DeeprootsError(f"success rates are percentages in 0..100 (got min {values.min()}, max {values.max()})")
    return float(np.expm1(np.mean(np.log1p(values))))


@dataclass(frozen=True)
class Evaluation:
    """The paper's numbers for a batch of episodes."""

    score: float
    """Crafter score in percent."""
    success_rates: dict[str, float]
    """Percent of episodes unlocking each achievement."""
    episodes: int
    """How many episodes were scored."""
    return_mean: float
    """Mean episode return."""
    return_std: float
    """Standard deviation of the episode return."""
    length_mean: float
    """Mean episode length in steps."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Anything the caller adds (seed, steps per second, ...)."""

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "episodes": self.episodes, "return_mean": self.return_mean,
                "return_std": self.return_std, "length_mean": self.length_mean,
                "success_rates": dict(self.success_rates), **self.extra}


def evaluate_episodes(episodes: Sequence[Episode], **extra: Any) -> Evaluation:
    """Score, success rates and return statistics of ``episodes`` (all of them count)."""
    rates = success_rates(episodes)
    returns = np.array([e.return_ for e in episodes], float)
    lengths = np.array([e.length for e in episodes], float)
    return Evaluation(score=crafter_score(rates), success_rates=rates, episodes=len(episodes),
                      return_mean=float(returns.mean()), return_std=float(returns.std()),
                      length_mean=float(lengths.mean()), extra=dict(extra))


def bootstrap_score_std(episodes: Sequence[Episode | Iterable[str]], resamples: int = 500, seed: int = 0) -> float:
    """Standard deviation of the score over bootstrap resamples of the episodes (Efron 1979):
    how much the score would move with another draw of as many episodes."""
    unlocked = _unlocked_matrix(episodes)
    if len(unlocked) == 0:
        raise DeeprootsError("the bootstrap needs at least one episode (got none)")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(unlocked), size=(resamples, len(unlocked)))
    counts = np.stack([np.bincount(row, minlength=len(unlocked)) for row in picks])  # (resamples, episodes)
    percents = 100.0 * (counts @ unlocked) / len(unlocked)  # (resamples, 22)
    scores = np.expm1(np.mean(np.log1p(percents), axis=1))
    return float(scores.std())
