"""Images per second: our batched generator against Pillow's ImageDraw, one image at a time.

Same distribution (64x64, 1..5 lines of length 8..40, thickness 1), measured in the same run:
  ours         generate(): geometry sampling + anti-aliased rasterising, float32 batches;
  ours render  the rasteriser alone, on precomputed endpoints;
  pillow       ImageDraw.line (aliased: Pillow has no anti-aliased lines), one image at a time;
  pillow AA    ImageDraw.line at 4x resolution then a box downsample, the usual way to get
               anti-aliased lines out of Pillow: the like-for-like baseline.
Pillow draws precomputed endpoints (its geometry is not timed, which favours it) and its images
are stacked into one numpy array, as ours are. Goal: ours >= 5x (stretch 10x) Pillow AA.
The machine may be shared and noisy: each figure is the best of --repeats timings.

    python benchmarks/lines_throughput.py [--images 4096] [--batch 256] [--repeats 3]
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from deeproots.lab.datasets.lines import HAVE_NUMBA, LinesConfig, generate, render


def best_rate(fn, images: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return images / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=4096)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        print("Pillow is not installed (pip install pillow): nothing to compare against.")
        return 0

    cfg = LinesConfig(image_size=64, min_lines=1, max_lines=5, min_length=8, max_length=40, thickness=1.0)
    n, size = args.images, cfg.image_size
    generate(cfg, 8, seed=0)  # warm up (compile or load the Numba kernel)
    ref = generate(cfg, n, seed=1)
    segs, counts = ref.endpoints, ref.counts

    def ours():
        for k in range(0, n, args.batch):
            generate(cfg, min(args.batch, n - k), seed=k)

    def ours_render():
        for k in range(0, n, args.batch):
            render(cfg, segs[k:k + args.batch], counts[k:k + args.batch])

    def pillow(factor: int):
        def run():
            out = np.empty((n, size, size), dtype=np.uint8)
            for i in range(n):
                image = Image.new("L", (size * factor, size * factor))
                draw = ImageDraw.Draw(image)
                for x0, y0, x1, y1 in segs[i, :counts[i]]:
                    # pixel centres are at integers in ours, at k + 0.5 of the big image in Pillow
                    draw.line([((x0 + 0.5) * factor, (y0 + 0.5) * factor), ((x1 + 0.5) * factor,
                               (y1 + 0.5) * factor)], fill=255, width=factor)
                if factor > 1:
                    image = image.resize((size, size), Image.BOX)
                out[i] = np.asarray(image)
            return out
        return run

    import PIL
    print(f"{n} images of {size}x{size}, 1..5 lines, batch {args.batch}, numba={HAVE_NUMBA}, Pillow {PIL.__version__}")
    rates = {
        "ours (generate)": best_rate(ours, n, args.repeats),
        "ours (render only)": best_rate(ours_render, n, args.repeats),
        "pillow (aliased)": best_rate(pillow(1), n, args.repeats),
        "pillow AA (4x supersampled)": best_rate(pillow(4), n, args.repeats),
    }
    for name, rate in rates.items():
        print(f"  {name:<30} {rate:>12,.0f} images/s")
    ours_rate = rates["ours (generate)"]
    print(f"ratio ours / pillow AA:      {ours_rate / rates['pillow AA (4x supersampled)']:.1f}x  (goal >= 5x, stretch 10x)")
    print(f"ratio ours / pillow aliased: {ours_rate / rates['pillow (aliased)']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
