"""Steps per second: the lab's one training loop ``deeproots.lab.training.fit`` against a bare PyTorch loop.

Both train count-lines' CountNet (regression head, mean squared error, Adam) on the same fixed
lines data set (tensors generated once, up front), from the same initial weights, with the same
batch size, epochs and batch order (fit's: numpy default_rng([seed, epoch]).permutation), so they
do the same arithmetic; the script checks that their final weights agree. fit runs as the
experiments use it: a cheap evaluate() (accuracy on a small held-out set) after every epoch and a
checkpoint into a temporary folder; the bare loop has neither. The two are interleaved, each
figure is the median of --repeats, and the machine may be shared and noisy.
Goal: fit within 10 % of bare (ratio >= 0.9).

It also times generating one epoch's worth of images against one epoch of training: the lab
generates its data once, up front, and generation should never be the bottleneck (ratio >> 1).

    python benchmarks/lab_training_loop.py [--images 2048] [--epochs 2] [--batch 64] [--repeats 3]
"""
from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time

import numpy as np
import torch
from torch import nn

from deeproots.lab.datasets.lines import generate
from deeproots.lab.experiments.count_lines import QUICK, line_config
from deeproots.lab.experiments.count_lines_models import CountNet
from deeproots.lab.training import Checkpoints, device_and_threads, fit, predict


def mse(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return nn.functional.mse_loss(out[:, 0], target.float())


def bare_loop(model: nn.Module, x: torch.Tensor, y: torch.Tensor, epochs: int, batch: int, lr: float, seed: int):
    """The textbook loop: permute, slice, forward, backward, step. Nothing else."""
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        model.train()
        order = torch.from_numpy(np.random.default_rng([seed, epoch]).permutation(len(y))).to(y.device)
        for index in order.split(batch):
            loss = mse(model(x[index]), y[index])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
    return model


def fit_loop(model: nn.Module, x: torch.Tensor, y: torch.Tensor, epochs: int, batch: int, lr: float, seed: int,
             held_x: torch.Tensor, held_y: torch.Tensor, folder: str):
    """fit as an experiment calls it: evaluate every epoch, checkpoints in a run folder."""
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)

    def evaluate() -> dict[str, float]:
        return {"acc": float((torch.round(predict(model, held_x)[:, 0]) == held_y).float().mean())}

    fit(model, optimiser, mse, x, y, epochs=epochs, batch_size=batch, seed=seed, evaluate=evaluate,
        checkpoints=Checkpoints(folder), key="bench")
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=2048, help="training images (one epoch)")
    parser.add_argument("--held", type=int, default=256, help="images of the cheap evaluate()")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--width", type=int, default=QUICK.width)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    device = device_and_threads()
    config = line_config(QUICK, "normal", 1, QUICK.max_train_lines)
    generate(config, 8, seed=0)  # warm up (compile or load the Numba kernel)
    data, held = generate(config, args.images, seed=1), generate(config, args.held, seed=2)
    x, y = torch.from_numpy(data.images).to(device), torch.from_numpy(data.counts).to(device)
    held_x, held_y = torch.from_numpy(held.images).to(device), torch.from_numpy(held.counts).to(device)
    torch.manual_seed(0)
    initial = CountNet(args.width, 1, QUICK.image_size).to(device)
    steps = args.epochs * -(-args.images // args.batch)
    print(f"device {device}, threads {torch.get_num_threads()}; CountNet width {args.width} "
          f"({sum(t.numel() for t in initial.parameters())} parameters), {args.images} images of "
          f"{QUICK.image_size}x{QUICK.image_size}, batch {args.batch}, {args.epochs} epochs = {steps} steps")

    def timed(run) -> tuple[float, nn.Module]:
        model = copy.deepcopy(initial)
        if device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        model = run(model)
        if device == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - start, model

    timed(lambda m: bare_loop(m, x[:4 * args.batch], y[:4 * args.batch], 1, args.batch, 2e-3, 0))  # warm up
    seconds: dict[str, list[float]] = {"bare": [], "fit": []}
    finals = {}
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(args.repeats):  # interleaved, alternating which goes first
            for name in (("bare", "fit") if repeat % 2 == 0 else ("fit", "bare")):
                if name == "bare":
                    took, model = timed(lambda m: bare_loop(m, x, y, args.epochs, args.batch, 2e-3, 0))
                else:
                    folder = f"{tmp}/run{repeat}"
                    took, model = timed(lambda m: fit_loop(m, x, y, args.epochs, args.batch, 2e-3, 0,
                                                           held_x, held_y, folder))
                seconds[name].append(took)
                finals[name] = model
                print(f"  repeat {repeat + 1}: {name:4s} {took:7.2f} s  {steps / took:7.1f} steps/s", flush=True)
    rate = {name: steps / statistics.median(values) for name, values in seconds.items()}
    ratio = rate["fit"] / rate["bare"]
    same = all(torch.equal(a, b) for a, b in zip(finals["bare"].state_dict().values(),
                                                  finals["fit"].state_dict().values()))
    print(f"bare PyTorch loop: {rate['bare']:.1f} steps/s (median of {args.repeats})")
    print(f"lab fit:           {rate['fit']:.1f} steps/s (evaluate + checkpoint every epoch)")
    print(f"ratio fit/bare:    {ratio:.3f}  (goal >= 0.9: {'met' if ratio >= 0.9 else 'NOT met'}); "
          f"same final weights: {'yes' if same else 'no'}")

    # Data generation vs training: one epoch's worth of images against one epoch of bare training.
    gen = statistics.median(_time(lambda: generate(config, args.images, seed=3)) for _ in range(args.repeats))
    epoch = statistics.median(seconds["bare"]) / args.epochs
    print(f"generating {args.images} images: {gen:.3f} s ({args.images / gen:.0f} images/s); one training epoch: "
          f"{epoch:.2f} s; ratio training/generation: {epoch / gen:.1f}x "
          f"({'generation is not the bottleneck' if epoch > gen else 'generation IS the bottleneck'})")
    return 0


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
