"""Sequence tasks of Delétang et al. (2023), "Neural Networks and the Chomsky Hierarchy" (ICLR), appendix A.3.

Every task maps an input string x (int tokens in ``[0, input_size)``) to an output string y (int
classes in ``[0, output_size)``), as the paper defines them:

- Regular (R): **even pairs** -- binary x; y = 1 ("b", even) when the number of "ab" and "ba" pairs is
  even, which is the same as first symbol == last symbol, else 0 ("a", odd). **parity check** -- binary x;
  y = 1 when the number of b's (token 1) is even, else 0. **modular arithmetic (simple)** -- numbers
  0..4 alternating with operators + - * (tokens 5, 6, 7), y = the value modulo 5 with the usual
  precedence (* before + and -), as the authors' code evaluates it; an even length is made odd by
  dropping one symbol (their code; the paper's text says "plus 1"). **cycle navigation** -- moves
  0 (stay), 1 (+1), 2 (-1) on a cycle of 5 from position 0; y = the end position.
- Deterministic context-free (DCF): **reverse string** -- binary x, y = x reversed.
- Context-sensitive (CS): **duplicate string** -- binary x, y = x x; **bucket sort** -- x over 5
  symbols, y = x sorted.

As in the paper, a model reads x followed by |y| "empty" tokens (id ``input_size``) and answers at
those |y| positions; every sequence of a batch has the same length (the paper samples one length per
batch). ``generate`` is seeded and deterministic. (These data sets are not in ``lab show``, which draws
images.)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

OPERATORS = {5: "+", 6: "-", 7: "*"}


@dataclass(frozen=True)
class Task:
    name: str
    level: str
    """Level of the Chomsky hierarchy in the paper: "R", "DCF" or "CS"."""
    input_size: int
    output_size: int
    output_length: Callable[[int], int]
    """|y| for an input of length l."""
    solve: Callable[[np.ndarray], np.ndarray]
    """The targets (n, |y|) of inputs (n, l): the definition, vectorised."""
    sample: Callable[[np.random.Generator, int, int], np.ndarray]
    """n inputs of length l."""

    @property
    def chance(self) -> float:
        """Accuracy of a uniform guess per output token (the baseline the verdict uses)."""
        return 1.0 / self.output_size


def _symbols(size: int) -> Callable[[np.random.Generator, int, int], np.ndarray]:
    return lambda rng, n, length: rng.integers(0, size, (n, length))


def _modular_sample(rng: np.random.Generator, n: int, length: int) -> np.ndarray:
    length = modular_length(length)
    x = np.empty((n, length), dtype=np.int64)
    x[:, ::2] = rng.integers(0, 5, (n, length // 2 + 1))
    x[:, 1::2] = rng.integers(5, 8, (n, length // 2))
    return x


def modular_length(length: int) -> int:
    """The odd length of a modular-arithmetic input asked for ``length`` (even lengths drop one symbol)."""
    return length if length % 2 else max(1, length - 1)


def modular_value(tokens: np.ndarray) -> int:
    """One expression's value modulo 5: products first, then sums and differences, left to right."""
    total, sign, product = 0, 1, int(tokens[0])
    for op, number in zip(tokens[1::2], tokens[2::2]):
        if op == 7:
            product *= int(number)
        else:
            total += sign * product
            sign, product = (1 if op == 5 else -1), int(number)
    return (total + sign * product) % 5


def _even_pairs(x: np.ndarray) -> np.ndarray:
    changes = (x[:, 1:] != x[:, :-1]).sum(1)  # the number of "ab" and "ba" pairs
    return (changes % 2 == 0).astype(np.int64)[:, None]


TASKS: dict[str, Task] = {task.name: task for task in (
    Task("even_pairs", "R", 2, 2, lambda l: 1, _even_pairs, _symbols(2)),
    Task("parity_check", "R", 2, 2, lambda l: 1, lambda x: ((x == 1).sum(1) % 2 == 0).astype(np.int64)[:, None],
         _symbols(2)),
    Task("modular_arithmetic", "R", 8, 5, lambda l: 1,
         lambda x: np.array([[modular_value(row)] for row in x], dtype=np.int64).reshape(-1, 1), _modular_sample),
    Task("cycle_navigation", "R", 3, 5, lambda l: 1,
         lambda x: (np.where(x == 2, -1, x).sum(1) % 5)[:, None].astype(np.int64), _symbols(3)),
    Task("reverse_string", "DCF", 2, 2, lambda l: l, lambda x: x[:, ::-1].copy(), _symbols(2)),
    Task("duplicate_string", "CS", 2, 2, lambda l: 2 * l, lambda x: np.concatenate([x, x], 1), _symbols(2)),
    Task("bucket_sort", "CS", 5, 5, lambda l: l, lambda x: np.sort(x, 1), _symbols(5)),
)}
NAMES = {"even_pairs": "Even Pairs", "parity_check": "Parity Check", "modular_arithmetic": "Modular Arithmetic (Simple)",
         "cycle_navigation": "Cycle Navigation", "reverse_string": "Reverse String",
         "duplicate_string": "Duplicate String", "bucket_sort": "Bucket Sort"}


@dataclass
class SequenceBatch:
    inputs: np.ndarray
    """(n, l + |y|) int64: the task's input x, then |y| empty tokens (id input_size)."""
    targets: np.ndarray
    """(n, |y|) int64: the output y."""
    length: int
    """l, the length of x (for modular arithmetic, the odd length actually used)."""


def generate(task: str, n: int, length: int, seed) -> SequenceBatch:
    """n examples of ``task`` with inputs of length ``length`` (>= 1), seeded by ``seed`` (an int or a
    SeedSequence): the same arguments always give the same batch."""
    if task not in TASKS:
        raise ValueError(f"no sequence task {task!r}; tasks are: {', '.join(TASKS)}")
    if not (isinstance(length, (int, np.integer)) and length >= 1 and n >= 1):
        raise ValueError(f"length and n must be integers >= 1 (got length={length!r}, n={n!r})")
    spec = TASKS[task]
    x = spec.sample(np.random.default_rng(seed), n, int(length)).astype(np.int64)
    y = spec.solve(x).astype(np.int64)
    empty = np.full((n, y.shape[1]), spec.input_size, dtype=np.int64)
    return SequenceBatch(np.concatenate([x, empty], 1), y, x.shape[1])
