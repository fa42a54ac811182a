"""The reference NumPy attention against torch's scaled_dot_product_attention, on CPU.

The reference is the solution of the scaled-dot-product-attention exercise, loaded from the
catalog (exactly what `deeproots solution scaled-dot-product-attention` shows): batched
matmuls, a boolean mask through np.where(-inf), a max-shifted softmax. The baseline is
torch.nn.functional.scaled_dot_product_attention with the same boolean attn_mask, in the same
dtype, measured in the same run. Both run on ONE thread (the grader's worker runs with one;
BLAS and torch intra-op threads are pinned before numpy / torch are imported).

Sizes: those of the exercise's checks (tiny: call overhead dominates), a medium one, and one
nanoGPT attention layer (shakespeare-char config: n_head 6, head size 64, block 256; batch 8,
so N * heads = 48), causal. Timed: forward, and forward + backward (attention_backward vs
autograd's backward of sdpa). Each figure is the median of --repeats timings, each timing
the mean over enough calls to last about 20 ms.
Goal (issue 15): numpy / sdpa within 3x.

    python benchmarks/attention_numpy_vs_sdpa.py [--repeats 7]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import types  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from deeproots.content.catalog import catalog  # noqa: E402

# (label, N * heads, Tq, Tk, d, dv, mask kind, dtype)
CASES = [
    ("check (2, 3, 3, 4, 5) padding", 2, 3, 3, 4, 5, "padding", np.float64),
    ("check (3, 2, 5, 8, 4) random", 3, 2, 5, 8, 4, "random", np.float64),
    ("check (3, 6, 6, 8, 5) causal", 3, 6, 6, 8, 5, "causal", np.float64),
    ("medium (32, 64, 64, 32) causal", 32, 64, 64, 32, 32, "causal", np.float64),
    ("nanoGPT (48, 256, 256, 64) causal f32", 48, 256, 256, 64, 64, "causal", np.float32),
    ("nanoGPT (48, 256, 256, 64) causal f64", 48, 256, 256, 64, 64, "causal", np.float64),
]


def reference_attention() -> types.ModuleType:
    """The exercise's reference solution as a module."""
    module = types.ModuleType("reference_attention")
    exec(compile(catalog().get("scaled-dot-product-attention").solution_text(), "reference_attention", "exec"),
         module.__dict__)
    return module


def make_mask(kind: str, n: int, tq: int, tk: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "causal":
        return np.tril(np.ones((tq, tk), dtype=bool))[None]
    if kind == "padding":
        return (np.arange(tk)[None, :] < rng.integers(1, tk + 1, size=n)[:, None])[:, None, :]
    mask = rng.random((n, tq, tk)) < 0.5
    mask[:, :, 0] = True
    return mask


def timed(fn, repeats: int) -> float:
    """Median over repeats of the mean seconds per call, each timing about 20 ms long."""
    fn()
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.02:
        fn()
        calls += 1
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        timings.append((time.perf_counter() - start) / calls)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(1)
    ref = reference_attention()
    rng = np.random.default_rng(0)
    print(f"threads: torch {torch.get_num_threads()}, BLAS pinned to 1; numpy {np.__version__}, torch {torch.__version__}")
    print(f"{'case':40s} {'numpy fwd':>10s} {'sdpa fwd':>10s} {'ratio':>6s}   "
          f"{'numpy f+b':>10s} {'sdpa f+b':>10s} {'ratio':>6s}")
    worst = 0.0
    for label, n, tq, tk, d, dv, kind, dtype in CASES:
        q, k = rng.normal(size=(n, tq, d)).astype(dtype), rng.normal(size=(n, tk, d)).astype(dtype)
        v, dout = rng.normal(size=(n, tk, dv)).astype(dtype), rng.normal(size=(n, tq, dv)).astype(dtype)
        mask = make_mask(kind, n, tq, tk, rng)
        tq_, tk_, tv_, tdout = (torch.from_numpy(a) for a in (q, k, v, dout))
        tmask = torch.from_numpy(mask)
        got = ref.attention_forward(q, k, v, mask)[0]
        with torch.no_grad():
            want = F.scaled_dot_product_attention(tq_, tk_, tv_, attn_mask=tmask).numpy()
        tolerance = 1e-4 if dtype == np.float32 else 1e-10
        if not np.allclose(got, want, rtol=tolerance, atol=tolerance):
            raise SystemExit(f"{label}: the reference and sdpa disagree (max error {np.max(np.abs(got - want)):.3g})")

        def numpy_forward():
            ref.attention_forward(q, k, v, mask)

        def numpy_both():
            ref.attention_backward(dout, ref.attention_forward(q, k, v, mask)[1])

        def sdpa_forward():
            with torch.no_grad():
                F.scaled_dot_product_attention(tq_, tk_, tv_, attn_mask=tmask)

        leaves = [t.clone().requires_grad_() for t in (tq_, tk_, tv_)]

        def sdpa_both():
            out = F.scaled_dot_product_attention(*leaves, attn_mask=tmask)
            torch.autograd.grad(out, leaves, tdout)

        nf, sf = timed(numpy_forward, args.repeats), timed(sdpa_forward, args.repeats)
        nb, sb = timed(numpy_both, args.repeats), timed(sdpa_both, args.repeats)
        worst = max(worst, nf / sf, nb / sb)
        print(f"{label:40s} {nf * 1e3:8.3f}ms {sf * 1e3:8.3f}ms {nf / sf:5.2f}x   "
              f"{nb * 1e3:8.3f}ms {sb * 1e3:8.3f}ms {nb / sb:5.2f}x")
    verdict = "met" if worst <= 3.0 else "MISSED"
    print(f"worst ratio numpy / sdpa: {worst:.2f}x (goal: within 3x, {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
