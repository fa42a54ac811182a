"""Multi-digit addition: the position encoding decides whether a transformer adds longer numbers.

A transformer encoder reads ``a + b =`` with the digits least significant first (reversed, as in
McLeish et al. 2024 and Delétang et al.'s binary addition), then max(len a, len b) + 1 empty tokens,
and writes the digits of the sum (least significant first) at the empty tokens. It is trained on
operands of 1..``train_digits`` digits and tested with both operands of 1..``test_digits`` digits. With
``pad`` (the default), both operands are written with ``train_digits`` digits (leading zeros) in training
and in the test up to ``train_digits``: every digit then sits at a fixed position in training, which an
absolute encoding learns in a few thousand steps; without padding, a sinusoidal encoder reached 16 % exact match on 1-5 digits in the quick
budget (it must first find where b and the sum begin). Longer test operands are written as they are, so
their digits move: that is the length generalisation tested. The
encodings compared (``length_generalisation_models``): sinusoidal absolute positions, none, no
positions with a causal mask (NoPE), randomized positions (Ruoss et al. 2023, ACL) and Abacus
embeddings (McLeish et al. 2024, "Transformers Can Do Arithmetic with the Right Embeddings"): each
digit gets a learned embedding of its index inside its number (1, 2, ...; the answer's digits too),
shifted in training by a random offset 0..``max_offset`` so that indices beyond the training length
are trained as well. Metric: exact match (every digit of the sum right) per number of digits.

Published: McLeish et al. (2024) reach up to 99 % exact match on 100-digit addition after training on
20-digit numbers (abstract), with Abacus embeddings (a decoder, trained a GPU-day); Ruoss et al.
(2023) report +12.0 % test accuracy on average over 15 algorithmic tasks with randomized positions
(abstract). Ours is far smaller (an encoder, a few thousand steps) and compares the encodings only.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch
from torch import nn

from deeproots.lab.experiments.length_generalisation import sequence_device, token_loss, warmup_cosine
from deeproots.lab.experiments.length_generalisation_models import Transformer
from deeproots.lab.outcome import Outcome
from deeproots.lab.params import check_flag, check_integer, check_names, check_number, fail
from deeproots.lab.training import NO_CHECKPOINTS, fit
from deeproots.runs.device import device_label

PLUS, EQUALS, EMPTY, VOCAB = 10, 11, 12, 13
ENCODINGS = ("sin", "none", "nope_causal", "random", "abacus")
NAMES = {"sin": "sinusoidal", "none": "no positions", "nope_causal": "NoPE (causal)", "random": "randomized (Ruoss)",
         "abacus": "Abacus (McLeish)"}


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the data, the weight initialisation and the batch order."""
    encodings: tuple[str, ...] = ("sin", "random", "abacus")
    """Position encodings compared: sin, none, nope_causal, random, abacus."""
    train_digits: int = 5
    """Operands of the training set have 1..train_digits digits."""
    test_digits: int = 10
    """Test operands have 1..test_digits digits (both operands the same number of digits)."""
    steps: int = 2400
    """Gradient steps per encoding."""
    steps_per_length: int = 1
    """Consecutive steps sharing one pair of drawn operand lengths; divides steps."""
    batch_size: int = 64
    """Additions per step."""
    lr: float = 2e-3
    """Peak Adam learning rate."""
    warmup: int = 100
    """Steps of linear learning-rate warm-up (at most steps); then a cosine decay to zero over the remaining steps."""
    width: int = 64
    """Model width."""
    layers: int = 2
    """Transformer blocks."""
    pad: bool = True
    """Write both operands with train_digits digits (leading zeros) in training and in the test up to
    train_digits; longer test operands are written as they are (both have the test's number of digits)."""
    max_offset: int = 20
    """Abacus: the largest random offset added to the digit indices in training (McLeish et al.: up to 100)."""
    eval_size: int = 128
    """Test additions per number of digits."""

    EXPERIMENT: ClassVar[str] = "addition"

    def __post_init__(self) -> None:
        check(self)


def check(params: Params) -> None:
    """Every bad value is a DeeprootsError naming the parameter."""
    check_integer(params, "seed", 0)
    if not params.encodings:
        raise fail(params, "encodings must name at least one encoding")
    check_names(params, "encodings", ENCODINGS)
    n = check_integer(params, "train_digits", 1, 50)
    check_integer(params, "test_digits", n + 1, 200, allowed=f"an integer in [train_digits + 1 = {n + 1}, 200]")
    per = check_integer(params, "steps_per_length", 1, 10_000)
    if check_integer(params, "steps", per, 10**7) % per:
        raise fail(params, f"steps ({params.steps}) must be a multiple of steps_per_length ({per})")
    check_integer(params, "batch_size", 1, 4096)
    check_number(params, "lr", 0.0, 1.0, high_open=False)
    check_integer(params, "warmup", 0, 10**7)
    check_integer(params, "width", 8, 1024)
    check_integer(params, "layers", 1, 12)
    check_flag(params, "pad")
    check_integer(params, "max_offset", 0, 1000)
    check_integer(params, "eval_size", 1, 100_000)


QUICK = Params()
FULL = Params(encodings=ENCODINGS, train_digits=10, test_digits=30, steps=20_000, warmup=1000, batch_size=128,
              lr=3e-4, width=128, layers=4, max_offset=50, eval_size=512)

MCLEISH = "McLeish et al. 2024, Transformers Can Do Arithmetic with the Right Embeddings (NeurIPS), abstract"
RUOSS = "Ruoss et al. 2023, Randomized Positional Encodings Boost Length Generalization of Transformers (ACL), abstract"
PUBLISHED = [
    ("Abacus: exact match beyond the training length (theirs: 20 -> 100 digits; ours: train_digits -> test_digits)",
     "up to 99%", "abacus_score", MCLEISH),
    ("Randomized positions: gain over the standard encoding (theirs: mean test accuracy, 15 tasks; ours: exact "
     "match on addition, random minus sin)", "+12.0 points", "random_minus_sin", RUOSS),
]


def make_batch(n: int, a_digits: int, b_digits: int, seed, max_offset: int = 0, width: int = 0):
    """n additions of an a_digits-digit and a b_digits-digit number: tokens, Abacus indices, sum digits.

    Tokens: a's digits (least significant first), "+", b's digits, "=", then len(sum) empty tokens; with
    ``width``, both operands are written with max(width, a_digits, b_digits) digits (leading zeros, which come
    last here) and the sum with one more. The Abacus index of a digit is its place in its number (1, 2, ...), 0
    for the signs; a random offset in [0, max_offset] per addition is added to every digit index (training
    only: test with max_offset 0)."""
    rng = np.random.default_rng(seed)

    def numbers(count: int) -> np.ndarray:
        low = 0 if count == 1 else 10 ** (count - 1)
        return np.array([int(rng.integers(low, 10 ** count)) for _ in range(n)], dtype=object)

    a, b = numbers(a_digits), numbers(b_digits)
    wa, wb = (max(width, a_digits, b_digits),) * 2 if width else (a_digits, b_digits)
    out = max(wa, wb) + 1
    as_digits = lambda values, count: np.array([[int(v) // 10 ** i % 10 for i in range(count)] for v in values],
                                               dtype=np.int64)
    tokens = np.concatenate([as_digits(a, wa), np.full((n, 1), PLUS), as_digits(b, wb),
                             np.full((n, 1), EQUALS), np.full((n, out), EMPTY)], 1).astype(np.int64)
    index = np.concatenate([np.arange(1, wa + 1), [0], np.arange(1, wb + 1), [0], np.arange(1, out + 1)])
    offsets = rng.integers(0, max_offset + 1, (n, 1)) if max_offset else np.zeros((n, 1), dtype=np.int64)
    positions = np.where(index > 0, index + offsets, 0).astype(np.int64)
    return tokens, positions, as_digits(a + b, out)


class Adder(nn.Module):
    def __init__(self, model: nn.Module):
        super().__init__()
        self.model, self.out_len = model, 1

    def forward(self, tokens: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        return self.model(tokens, self.out_len, positions)


def exact_match(model: Adder, digits: int, n: int, seed, device: str, width: int = 0) -> float:
    tokens, positions, target = make_batch(n, digits, digits, seed, width=width)
    model.out_len = target.shape[1]
    model.eval()
    with torch.no_grad():
        predicted = model(torch.as_tensor(tokens, device=device), torch.as_tensor(positions, device=device)).argmax(-1)
    return float((predicted.cpu().numpy() == target).all(1).mean())


def train_unit(encoding: str, params: Params, unit: int, device: str, tick) -> dict:
    torch.manual_seed(params.seed * 1000 + unit)
    longest = 2 * params.test_digits + 3 + params.test_digits
    model = Adder(Transformer(VOCAB, 10, width=params.width, layers=params.layers, pe=encoding,
                              max_position=max(4 * longest, params.test_digits + params.max_offset + 2))).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=params.lr, betas=(0.9, 0.98))
    schedule = warmup_cosine(optimiser, params.warmup, params.steps)
    chunks = params.steps // params.steps_per_length
    width = params.train_digits if params.pad else 0
    sizes = np.random.default_rng([params.seed, unit, 0]).integers(1, params.train_digits + 1, (chunks, 2))
    for chunk, (la, lb) in enumerate(sizes):
        tokens, positions, target = make_batch(params.steps_per_length * params.batch_size, int(la), int(lb),
                                               np.random.SeedSequence([params.seed, unit, 1, chunk]),
                                               params.max_offset if encoding == "abacus" else 0, width=width)
        model.out_len = target.shape[1]
        fit(model, optimiser, token_loss, (torch.as_tensor(tokens, device=device), torch.as_tensor(positions, device=device)),
            torch.as_tensor(target, device=device), epochs=1, batch_size=params.batch_size,
            seed=params.seed * 1000 + unit + chunk, schedule=schedule)
        tick(1 / chunks)
    curve = {d: exact_match(model, d, params.eval_size, np.random.SeedSequence([params.seed, 99, d]), device, width)
             for d in range(1, params.test_digits + 1)}
    return {"curve": curve, "in_distribution": float(np.mean([curve[d] for d in curve if d <= params.train_digits])),
            "score": float(np.mean([curve[d] for d in curve if d > params.train_digits]))}


def classify(score: float, in_distribution: float) -> str:
    """One encoding: "not learned" (< 90 % exact match on the training lengths), "generalises" (>= 90 % beyond
    them), "fails" (< 10 %: exact match has almost no chance level), else "partially"."""
    if in_distribution < 0.9:
        return "not learned"
    return "generalises" if score >= 0.9 else "fails" if score < 0.1 else "partially"


def verdict(results: dict[str, dict], train_digits: int, test_digits: int) -> str:
    """From each encoding's ``score`` and ``in_distribution`` (exact match, fractions)."""
    text = "; ".join(f"{NAMES[e]}: {classify(r['score'], r['in_distribution'])} ({r['in_distribution']:.0%} on "
                     f"1-{train_digits} digits, {r['score']:.0%} on {train_digits + 1}-{test_digits})"
                     for e, r in results.items())
    learned = {e: r["score"] for e, r in results.items() if r["in_distribution"] >= 0.9}
    if len(learned) >= 2:
        best, worst = max(learned, key=learned.get), min(learned, key=learned.get)
        gap = learned[best] - learned[worst]
        text += (f". Among encodings that learned the training range, {NAMES[best]} generalises best and "
                 f"{NAMES[worst]} worst ({gap:+.0%} exact match beyond {train_digits} digits): the position encoding "
                 + ("decides length generalisation here" if gap >= 0.3 else
                    "helps length generalisation here, without deciding it" if gap >= 0.1 else
                    "makes little difference here"))
    elif len(learned) == 1:
        only = next(iter(learned))
        text += (f". Only {NAMES[only]} learned the training range at all: here the position encoding decides "
                 f"whether addition is learned, before any question of length")
    else:
        text += ". No encoding learned the training range: nothing to compare"
    return text + "."


def run(params: Params, report, progress, checkpoints=NO_CHECKPOINTS) -> Outcome:
    check(params)
    device = sequence_device()
    results = {}
    report.text(f"**Task**: a + b with digits least significant first; trained on operands of 1..{params.train_digits} "
                f"digits ({params.steps} steps of {params.batch_size}), tested with two operands of 1.."
                f"{params.test_digits} digits, {params.eval_size} additions per size; metric: exact match of the "
                f"whole sum. A transformer encoder ({params.layers} blocks, width {params.width}) per encoding: "
                + ", ".join(NAMES[e] for e in params.encodings) + f". Device: {device}.")
    tokens, positions, target = make_batch(1, 3, 2, 5, 0)
    report.table([(" ".join(map(str, tokens[0])), " ".join(map(str, positions[0])), " ".join(map(str, target[0])))],
                 columns=["tokens (10 = +, 11 = =, 12 = empty)", "Abacus indices", "target digits"],
                 caption="One example: 3-digit + 2-digit, digits least significant first")
    for number, encoding in enumerate(params.encodings):
        results[encoding] = checkpoints.stage(f"addition-{encoding}", lambda: train_unit(
            encoding, params, number, device,
            lambda amount: progress(min(1.0, (number + amount) / len(params.encodings)), f"encoding {encoding}")))
    report.line_chart({NAMES[e]: (list(r["curve"]), list(r["curve"].values())) for e, r in results.items()},
                      xlabel="digits per operand", ylabel="exact match", name="addition",
                      caption=f"Exact match per operand size (trained on 1..{params.train_digits} digits)")
    metrics: dict = {}
    rows = []
    for encoding, r in results.items():
        metrics[f"{encoding}_score"] = round(r["score"], 4)
        metrics[f"{encoding}_in_distribution"] = round(r["in_distribution"], 4)
        rows.append((NAMES[encoding], f"{r['in_distribution']:.1%}", f"{r['score']:.1%}",
                     classify(r["score"], r["in_distribution"])))
    if "random" in results and "sin" in results:
        metrics["random_minus_sin"] = f"{100 * (results['random']['score'] - results['sin']['score']):+.1f} points"
    report.table(rows, columns=["encoding", f"exact match, 1..{params.train_digits} digits",
                                f"exact match, {params.train_digits + 1}..{params.test_digits} digits", "verdict"],
                 caption="Addition: exact match per position encoding")
    return Outcome(metrics={**metrics, "device": device_label(device)}, verdict=verdict(results, params.train_digits, params.test_digits))
