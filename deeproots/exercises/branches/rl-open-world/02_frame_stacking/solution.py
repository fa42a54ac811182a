"""Reference solution: HWC -> CHW float conversion and a ring-buffer frame stack."""
import numpy as np


def to_chw_float(frames: np.ndarray) -> np.ndarray:
    return frames.transpose(0, 3, 1, 2).astype(np.float32) / 255.0


class FrameStack:
    def __init__(self, k: int, num_envs: int, frame_shape: tuple):
        self.k = k
        self.ring = np.zeros((k, num_envs, *frame_shape), dtype=np.float32)
        self.newest = k - 1

    def _stacked(self) -> np.ndarray:
        order = [(self.newest + 1 + i) % self.k for i in range(self.k)]  # oldest .. newest
        frames = self.ring[order].transpose(1, 0, 2, 3, 4)  # (N, k, C, H, W)
        return frames.reshape(frames.shape[0], -1, *frames.shape[3:])

    def reset(self, frames: np.ndarray) -> np.ndarray:
        self.ring[:] = frames
        self.newest = self.k - 1
        return self._stacked()

    def step(self, frames: np.ndarray, dones: np.ndarray) -> np.ndarray:
        self.newest = (self.newest + 1) % self.k
        self.ring[self.newest] = frames
        done = np.asarray(dones, dtype=bool)
        self.ring[:, done] = frames[done]  # a new episode has no history: refill its slots
        return self._stacked()
