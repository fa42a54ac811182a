"""Where a run computes: one policy for every track.

``choose_device()``: CUDA when torch sees a GPU, unless the run asks for the CPU; on the CPU,
torch gets ``threads`` threads: the run's own parameter, else ``OMP_NUM_THREADS``, else the
track's default (``DEFAULT_THREADS``, one: the tracks' networks are small, and on a busy 2-core machine two
threads were measured 7-20x slower than one: PPO on CartPole 9.6 s against 0.9 s per update,
Crafter 8 against 59 steps/s, the EEG VAE ~20x; the lab's convolutions on image batches
keep their two). ``cpu_threads(n)`` limits torch's threads for a
block and restores them after. torch is imported only when these are called.

``device_label(device)``: what a run writes as ``metrics["device"]``: "cpu", or "cuda:0 (NVIDIA H100 80GB
HBM3)" with the card's name. Every training path reports it (issue 18): the lab's experiments, the deep-RL
algorithms (CartPole's small MLPs included: they take CUDA when present like every path, since a run
that asks for the CPU can say so), Crafter PPO, the projects' ``train(ctx)`` (``ctx.device``), the
research track's EEG VAE. Where a path stays on the CPU on purpose it is listed in ``CPU_BY_DESIGN``
with its reason, and its metrics (where it writes any) still say "cpu".
"""
from __future__ import annotations

import contextlib
import os
from typing import Iterator

from deeproots.errors import DeeprootsError

DEVICES = ("auto", "cpu", "cuda")
DEFAULT_THREADS = 1

CPU_BY_DESIGN = {
    "exercise checks (the tiny GPT of sequence-models/15_char_gpt, the VAE of generative-models/02_vae_train)":
        "a check compares the learner's training with the grader's replay of the same steps, exactly, in "
        "a worker limited to one thread: the same numbers on every machine need the CPU (cuDNN/cuBLAS "
        "kernels differ between cards); the models train for a few hundred steps in seconds, and an "
        "exercise writes no metrics.json",
    "deep RL: pets, bc, dagger (rl/deep/pets.py, bc.py, dagger.py; their run's device says \"cpu\")":
        "not ported to the GPU: their tensors are made on the CPU throughout (PETS's CEM planner at every env "
        "step, the shipped expert's labels and the cloned policy of BC/DAgger); they set ctx.device to the CPU, "
        "so a GPU machine reports \"cpu\" for them instead of failing, until one is ported and measured there",
    "NumPy projects (ctx.device)": "a project whose worker imports NumPy only has nothing to put on a GPU: "
        "ctx.device is \"cpu\" there, and \"cuda\" in a PyTorch project's worker when a GPU is present",
}
"""Training paths that stay on the CPU whatever the machine, with the reason (docs/many-runs.md, "The device")."""


def check_device(device: str | None) -> str:
    """``device`` ("auto"/None, "cpu" or "cuda") as a name; one line naming the choices otherwise."""
    device = device or "auto"
    if device not in DEVICES:
        raise DeeprootsError(f"device must be 'auto', 'cpu' or 'cuda' (got {device!r})")
    return device


def cpu_thread_count(threads: int | None = None, default: int = DEFAULT_THREADS) -> int:
    """The CPU threads a run uses: ``threads``, else ``OMP_NUM_THREADS``, else ``default``."""
    if threads is not None and threads > 0:
        return int(threads)
    try:
        from_environment = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        from_environment = 0
    return from_environment if from_environment > 0 else max(1, int(default))


def check_available(device: str | None) -> str:
    """``check_device``, and "cuda" only where torch sees a GPU: checked before a run starts, so that
    a bad choice leaves no run folder."""
    import torch

    device = check_device(device)
    if device == "cuda" and not torch.cuda.is_available():
        raise DeeprootsError("device 'cuda' asked for but torch sees no CUDA GPU; use device 'auto' or 'cpu'")
    return device


def choose_device(device: str | None = "auto", threads: int | None = None, default_threads: int = DEFAULT_THREADS):
    """The ``torch.device`` a run uses (see the module's policy); on the CPU torch's thread count is set.

    ``device="cuda"`` without a visible GPU is a one-line DeeprootsError, never a silent CPU run.
    """
    import torch

    device = check_available(device)
    if device != "cpu" and torch.cuda.is_available():
        return torch.device("cuda")
    count = cpu_thread_count(threads, default_threads)
    if torch.get_num_threads() != count:
        torch.set_num_threads(count)
    return torch.device("cpu")


def device_label(device) -> str:
    """``device`` (a ``torch.device``, "cpu", "cuda", "cuda:1") as a run reports it: "cpu", or the CUDA
    device with its index and the card's name, e.g. "cuda:0 (NVIDIA H100 80GB HBM3)"."""
    text = str(device)
    if not text.startswith("cuda"):
        return text
    import torch

    index = int(text.split(":", 1)[1]) if ":" in text else torch.cuda.current_device()
    return f"cuda:{index} ({torch.cuda.get_device_name(index)})"


@contextlib.contextmanager
def cpu_threads(threads: int | None = None) -> Iterator[int]:
    """Run a block with torch limited to ``cpu_thread_count(threads)`` threads; restored after."""
    import torch

    before, count = torch.get_num_threads(), cpu_thread_count(threads)
    torch.set_num_threads(count)
    try:
        yield count
    finally:
        torch.set_num_threads(before)
