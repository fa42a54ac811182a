"""One name, one meaning and one allowed range per hyper-parameter, for every deep-RL algorithm.

The names are Stable-Baselines3's (as in RL-Zoo's tuned presets, which the defaults quote): n_envs,
n_steps, batch_size (transitions per minibatch), n_epochs, clip_range, ent_coef, vf_coef, gae_lambda,
max_grad_norm, total_timesteps... Crafter's PPO uses the same names; a field means the same thing in
every algorithm that has it, so it is checked against the same range here.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from deeproots.errors import DeeprootsError

Range = tuple[float, float, str]
"""(low, high, "[]" / "(]" / "[)" / "()"), the brackets saying whether each end is allowed."""

RANGES: dict[str, Range] = {
    "total_timesteps": (1, 1e9, "[]"),
    "n_envs": (1, 256, "[]"),
    "n_steps": (1, 1e6, "[]"),
    "batch_size": (1, 1e7, "[]"),
    "n_epochs": (1, 1000, "[]"),
    "episodes_per_update": (1, 1e6, "[]"),
    "gamma": (0, 1, "[]"),
    "gae_lambda": (0, 1, "[]"),
    "learning_rate": (0, 1, "(]"),
    "value_learning_rate": (0, 1, "(]"),
    "clip_range": (0, 10, "(]"),
    "ent_coef": (0, 10, "[]"),
    "vf_coef": (0, 100, "[]"),
    "max_grad_norm": (0, 1e6, "(]"),
    "buffer_size": (1, 1e8, "[]"),
    "learning_starts": (0, 1e9, "[]"),
    "train_freq": (1, 1e9, "[]"),
    "gradient_steps": (1, 1e6, "[]"),
    "target_update_interval": (1, 1e9, "[]"),
    "exploration_fraction": (0, 1, "[]"),
    "initial_eps": (0, 1, "[]"),
    "final_eps": (0, 1, "[]"),
    "tau": (0, 1, "(]"),
    "initial_fraction": (0, 1, "(]"),
    "n_iterations": (0, 1e4, "[]"),
    "beta": (0, 1, "[]"),
    "intrinsic_coef": (0, 1e6, "[]"),
    "gamma_intrinsic": (0, 1, "[]"),
    "rnd_learning_rate": (0, 1, "(]"),
    "rnd_output_size": (1, 1e5, "[]"),
    "obs_clip": (0, 1e6, "(]"),
    # model-based (PETS)
    "random_episodes": (0, 1e6, "[]"),
    "n_members": (1, 100, "[]"),
    "weight_decay": (0, 1, "[]"),
    "horizon": (1, 1000, "[]"),
    "population": (1, 1e6, "[]"),
    "elites": (1, 1e6, "[]"),
    "cem_iterations": (1, 1000, "[]"),
    "cem_alpha": (0, 1, "[)"),
    # offline RL (iql.py, cql.py, bc_offline.py)
    "expectile": (0, 1, "()"),
    "inverse_temperature": (0, 1e3, "[]"),
    "max_weight": (0, 1e9, "(]"),
    "policy_learning_rate": (0, 1, "(]"),
    "cql_alpha": (0, 1e4, "[]"),
    "n_action_samples": (1, 1000, "[]"),
    "eval_every": (1, 1e9, "[]"),
    "eval_episodes": (0, 1e4, "[]"),  # 0: no periodic evaluation (Crafter's PPO allows it too)
}


def check_params(params: Any, **ranges: Range) -> None:
    """Raise DeeprootsError naming the first field of a Params dataclass outside its allowed range.

    Every field named in RANGES is checked, in the dataclass's order; keyword arguments replace a
    field's range for one algorithm. A hidden_sizes field must hold positive layer widths.
    """
    table = {**RANGES, **ranges}
    for field in dataclasses.fields(params):
        if field.name in table:
            check_range(field.name, getattr(params, field.name), table[field.name])
    if hasattr(params, "hidden_sizes"):
        check_hidden_sizes(params.hidden_sizes)


def check_range(name: str, value: Any, allowed: Range) -> None:
    low, high, brackets = allowed
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DeeprootsError(f"{name} must be a number, got {value!r}")
    above = value >= low if brackets[0] == "[" else value > low
    below = value <= high if brackets[1] == "]" else value < high
    if not (above and below and np.isfinite(value)):
        raise DeeprootsError(f"{name} must be in {brackets[0]}{low:g}, {high:g}{brackets[1]}, got {value!r}")


def check_hidden_sizes(sizes: tuple[int, ...]) -> None:
    """Raise DeeprootsError unless ``sizes`` is a non-empty tuple of positive layer widths."""
    if not sizes or any(int(width) < 1 for width in sizes):
        raise DeeprootsError(f"hidden_sizes must be positive layer widths, got {sizes!r}")
