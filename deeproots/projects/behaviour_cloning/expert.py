"""behaviour-cloning's expert: a CartPole-v1 Q-network shipped as plain arrays (expert.npz).

Made by benchmarks/behaviour_cloning_expert.py (deeproots' reference DQN, 50,000 steps); the
file also records its seed and its measured mean return. The learner's file may not import this
module nor read the file: expert labels come only through the kit, which counts them.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

EXPERT_FILE = Path(__file__).with_name("expert.npz")


class Expert:
    """A ReLU MLP in NumPy: ``act(observations) -> argmax actions``."""

    def __init__(self, arrays):
        self.layers = [(np.asarray(arrays[f"w{i}"], np.float32), np.asarray(arrays[f"b{i}"], np.float32))
                       for i in range(3)]

    def act(self, observations) -> np.ndarray:
        h = np.asarray(observations, np.float32)
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return h.argmax(1).astype(np.int64)


@cache
def expert() -> Expert:
    with np.load(EXPERT_FILE) as arrays:
        return Expert(arrays)
