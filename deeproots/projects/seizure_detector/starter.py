"""seizure-detector: your seizure detector. Score each 2 s window: higher = more seizure-like.

This starter runs end to end and is deliberately weak: it scores a window by its *line length*
(sum of |x[n] - x[n-1]|), the naive baseline itself, so it can never beat it: below bronze.
Seizures have a long line, but so do muscle bursts, electrode pops and spikes, and a quiet
seizure in a loud recording has a shorter line than the loud background. Replace the features,
the model and the training loop with your own; keep the three functions.

deeproots calls, in its sandbox:
  train(ctx) -> state             # learn within ctx's budget; return plain data (arrays, numbers)
  load(state) -> model            # rebuild your model from that state (in a fresh process)
  score(model, windows) -> scores # (n, 1, 128) float32 µV -> (n,) floats, higher = seizure
"""
import numpy as np


def line_length(windows):
    return np.abs(np.diff(windows[:, 0].astype(np.float64), axis=1)).sum(axis=1)


def train(ctx):
    # TODO: learn something. This only measures the typical line length of the training windows.
    lengths = []
    while not ctx.done() and ctx.steps_left() >= 299 and len(lengths) < 10:
        batch = ctx.kit.recording(ctx)  # 299 windows of one recording, labels in batch.seizure
        lengths.append(line_length(batch.windows))
        ctx.log(recordings=len(lengths))
    typical = float(np.median(np.concatenate(lengths))) if lengths else 1.0
    state = {"typical": np.array([typical])}
    ctx.checkpoint(state)
    return state


def load(state):
    return {"typical": float(np.asarray(state["typical"])[0])}


def score(model, windows):
    return line_length(windows) / model["typical"]
