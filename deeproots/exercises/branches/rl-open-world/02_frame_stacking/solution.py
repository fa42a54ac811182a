"""Observation preprocessing for pixel agents: HWC uint8 to CHW float, and frame stacking.

Source: Mnih et al. (2015), "Human-level control through deep reinforcement learning",
Nature 518 (Methods, "Preprocessing": the agent sees the m = 4 most recent frames stacked,
the function phi); Gymnasium's FrameStackObservation wrapper (a deque of the last k
observations; after a reset it is filled with copies of the first one); Hafner (2022),
Crafter, ICLR 2022 (observations are 64 x 64 x 3 uint8 images); Sergey Levine, CS285
lecture 8 (Atari preprocessing, a stack of frames as the state when one frame is not Markov).
https://www.nature.com/articles/nature14236

Environments hand out images as uint8 arrays (H, W, C) with values 0..255; a PyTorch
convolution wants floats (C, H, W). For a batch of N parallel environments:

    to_chw_float(frames)[n, c, h, w] = frames[n, h, w, c] / 255        (float32, in [0, 1])

One frame hides velocities (where is the zombie going?), so the agent sees the last k
frames concatenated along the channel axis, oldest first, newest last:

    stacked[n] = concat(frame_{t-k+1}, ..., frame_{t-1}, frame_t)  along channels -> (k C, H, W)

i.e. channels (k - 1) C .. k C - 1 hold the newest frame. Keep the last k frames of every
env in a ring (an array (k, N, C, H, W) and the index of the newest slot: a step writes the
next slot and advances the index, no copying of the old frames), and read it out in time
order. At a reset there is no history: every slot is filled with the first frame. Vector
environments reset a finished env by themselves, so step() receives, for an env whose
episode just ended (dones[n] = True), the first frame of its NEW episode: that env's k slots
must all be refilled with it, or the agent would see frames from the old episode.

Shapes:
  to_chw_float(frames (N, H, W, C) uint8) -> (N, C, H, W) float32
  FrameStack(k, num_envs, frame_shape = (C, H, W))
    .reset(frames (N, C, H, W) float)               -> (N, k C, H, W)
    .step(frames (N, C, H, W) float, dones (N,) bool) -> (N, k C, H, W)

Tiny example (k = 3, one env, 1 x 1 frames written as numbers): reset(1) -> [1, 1, 1];
step(2) -> [1, 1, 2]; step(3) -> [1, 2, 3]; step(4) -> [2, 3, 4]; step(5, done) -> [5, 5, 5];
step(6) -> [5, 5, 6].
"""
import numpy as np


def to_chw_float(frames: np.ndarray) -> np.ndarray:
    """Return uint8 frames (N, H, W, C) as float32 (N, C, H, W) scaled to [0, 1]."""
    # TODO: transpose the axes, convert to float32, divide by 255.
    ### BEGIN SOLUTION
    return frames.transpose(0, 3, 1, 2).astype(np.float32) / 255.0
    ### END SOLUTION


class FrameStack:
    """The last k frames of each of N environments, stacked along the channel axis."""

    def __init__(self, k: int, num_envs: int, frame_shape: tuple):
        """Allocate the ring (k, num_envs, *frame_shape) and the index of the newest slot."""
        # TODO: np.zeros ring, newest index.
        ### BEGIN SOLUTION
        self.k = k
        self.ring = np.zeros((k, num_envs, *frame_shape), dtype=np.float32)
        self.newest = k - 1
        ### END SOLUTION

    ### BEGIN SOLUTION
    def _stacked(self) -> np.ndarray:
        order = [(self.newest + 1 + i) % self.k for i in range(self.k)]  # oldest .. newest
        frames = self.ring[order].transpose(1, 0, 2, 3, 4)  # (N, k, C, H, W)
        return frames.reshape(frames.shape[0], -1, *frames.shape[3:])

    ### END SOLUTION
    def reset(self, frames: np.ndarray) -> np.ndarray:
        """Fill every slot with frames (N, C, H, W) and return the stack (N, k C, H, W)."""
        # TODO: broadcast the frames into all k slots; return the stack.
        ### BEGIN SOLUTION
        self.ring[:] = frames
        self.newest = self.k - 1
        return self._stacked()
        ### END SOLUTION

    def step(self, frames: np.ndarray, dones: np.ndarray) -> np.ndarray:
        """Push frames (N, C, H, W); refill envs with dones[n] True; return the stack."""
        # TODO: advance the newest index, write the slot, refill the done envs, return the stack.
        ### BEGIN SOLUTION
        self.newest = (self.newest + 1) % self.k
        self.ring[self.newest] = frames
        done = np.asarray(dones, dtype=bool)
        self.ring[:, done] = frames[done]  # a new episode has no history: refill its slots
        return self._stacked()
        ### END SOLUTION
