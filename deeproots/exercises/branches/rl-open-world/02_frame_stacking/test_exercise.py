"""Checks for pixel preprocessing (references: np.transpose / 255 for the layout; a plain
Python collections.deque(maxlen=k) per environment, refilled on reset and on done, for the
frame stack; worked examples by hand)."""
from collections import deque

import numpy as np

from deeproots.grading.checks import expect, expect_close


def test_to_chw_float_by_hand(ex, rng):
    frames = np.array([[[[0, 255, 51]], [[102, 204, 0]]]], dtype=np.uint8)  # N=1, H=2, W=1, C=3
    want = np.array([[[[0.0], [0.4]], [[1.0], [0.8]], [[0.2], [0.0]]]])
    got = ex.to_chw_float(frames)
    expect_close(got, want, what="to_chw_float of a (1, 2, 1, 3) image",
                 how="by hand: channel c of pixel (h, w) moves to [c, h, w], divided by 255",
                 rtol=1e-6, atol=1e-7, inputs={"frames": frames})


def test_to_chw_float_random(ex, rng):
    for shape in [(1, 64, 64, 3), (4, 5, 7, 3), (2, 6, 3, 1), (3, 2, 2, 4)]:
        frames = rng.integers(0, 256, size=shape, dtype=np.uint8)
        got = ex.to_chw_float(frames)
        expect(np.asarray(got).dtype == np.float32, "to_chw_float must return float32",
               got_dtype=str(np.asarray(got).dtype))
        expect_close(got, np.transpose(frames, (0, 3, 1, 2)).astype(float) / 255.0,
                     what=f"to_chw_float for frames of shape {shape}",
                     how="np.transpose(frames, (0, 3, 1, 2)) / 255", rtol=1e-6, atol=1e-7)


class _ReferenceStack:
    """One deque(maxlen=k) per env; output oldest .. newest along the channel axis."""

    def __init__(self, k, num_envs):
        self.k = k
        self.queues = [deque(maxlen=k) for _ in range(num_envs)]

    def reset(self, frames):
        for queue, frame in zip(self.queues, frames):
            queue.extend([frame] * self.k)
        return self.stacked()

    def step(self, frames, dones):
        for queue, frame, done in zip(self.queues, frames, dones):
            if done:
                queue.extend([frame] * self.k)
            else:
                queue.append(frame)
        return self.stacked()

    def stacked(self):
        return np.stack([np.concatenate(list(queue), axis=0) for queue in self.queues])


def test_hand_example(ex, rng):
    stack = ex.FrameStack(3, 1, (1, 1, 1))
    frame = lambda value: np.full((1, 1, 1, 1), float(value), dtype=np.float32)  # noqa: E731
    no, yes = np.array([False]), np.array([True])
    steps = [("reset(1)", stack.reset(frame(1)), [1, 1, 1]),
             ("step(2)", stack.step(frame(2), no), [1, 1, 2]),
             ("step(3)", stack.step(frame(3), no), [1, 2, 3]),
             ("step(4)", stack.step(frame(4), no), [2, 3, 4]),
             ("step(5, done)", stack.step(frame(5), yes), [5, 5, 5]),
             ("step(6)", stack.step(frame(6), no), [5, 5, 6])]
    for label, got, want in steps:
        expect_close(got, np.array(want, dtype=float).reshape(1, 3, 1, 1), what=f"k = 3, one 1x1 env: {label}",
                     how="by hand: the last 3 frames, oldest first; a done refills with the new episode's frame",
                     rtol=0, atol=1e-7)


def test_against_deque_reference(ex, rng):
    for k, num_envs, frame_shape, steps in [(4, 3, (1, 5, 6), 14), (2, 2, (3, 4, 3), 8),
                                            (1, 2, (2, 3, 3), 4), (3, 5, (3, 2, 4), 12)]:
        stack = ex.FrameStack(k, num_envs, frame_shape)
        reference = _ReferenceStack(k, num_envs)
        frames = rng.integers(0, 256, size=(num_envs, *frame_shape)).astype(np.float32) / 255
        label = f"k = {k}, {num_envs} envs, frames {frame_shape}"
        expect_close(stack.reset(frames), reference.reset(frames), what=f"{label}: reset",
                     how="k copies of the first frame along channels", rtol=1e-6, atol=1e-7)
        for t in range(steps):
            frames = rng.integers(0, 256, size=(num_envs, *frame_shape)).astype(np.float32) / 255
            dones = rng.random(num_envs) < 0.2
            expect_close(stack.step(frames, dones), reference.step(frames, dones),
                         what=f"{label}: step {t + 1}",
                         how="collections.deque(maxlen=k) per env, refilled on done; concatenated oldest first",
                         rtol=1e-6, atol=1e-7, inputs={"dones": dones})


def test_reset_clears_history(ex, rng):
    stack = ex.FrameStack(3, 2, (1, 2, 2))
    stack.reset(np.zeros((2, 1, 2, 2), dtype=np.float32))
    for value in (0.1, 0.2, 0.3, 0.4):
        stack.step(np.full((2, 1, 2, 2), value, dtype=np.float32), np.array([False, False]))
    frames = rng.random((2, 1, 2, 2)).astype(np.float32)
    expect_close(stack.reset(frames), np.concatenate([frames] * 3, axis=1), what="reset after four steps",
                 how="k copies of the reset frames: nothing of the old episode remains", rtol=1e-6, atol=1e-7)
