"""Rejection sampling: draw from a density you can only evaluate, using a box around it.

Source: MIT 18.05 (Orloff & Bloom), the reading and R studio on simulation (class 5-6);
Bishop, Pattern Recognition and Machine Learning §11.1.2 "Rejection sampling"; MacKay,
Information Theory, Inference, and Learning Algorithms §29.3.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

To sample from a target density f on [a, b] that we can evaluate but not invert, draw
from an easy proposal density g instead and keep each draw with a probability that
corrects for the difference. The envelope constant M must satisfy f(x) <= M g(x) on
[a, b]. Here the proposal is uniform on [a, b], g(x) = 1 / (b - a), so M g(x) is a flat
lid of height M / (b - a) over the graph of f. Repeat:

    x ~ Uniform(a, b)                 (a proposal)
    u ~ Uniform(0, 1)
    accept x  if  u <= f(x) / (M g(x)) = f(x) (b - a) / M,   otherwise throw it away.

Geometrically, (x, u M g(x)) is a uniform point under the lid, and we keep the points
that land under the graph of f: their x-coordinates are distributed with density
proportional to f. The probability that a proposal is accepted is the area under f
divided by the area under the lid:

    P(accept) = (integral of f over [a, b]) / M = Z / M,

which is 1/M when f is a normalised density (Z = 1). f only needs to be known up to a
constant (Bishop's p~(z)): an unnormalised f gives the same samples, accepted at rate Z/M.
So a tight envelope (M as small as allowed: M = (b - a) max f) wastes the fewest draws.

Shapes:
  accept(u, fx, M, a, b) -> bool array of u's shape: u and fx = f(x) are float arrays of
      the same shape (the uniforms and the target's values at the proposals).
  rejection_sample(target_pdf, a, b, M, n, seed) -> (samples, acceptance_rate):
      target_pdf is a vectorised function (an array of x in, an array of f(x) out);
      a < b, M > 0 are floats and n >= 1, seed are ints. samples is an (n,) float array,
      acceptance_rate a float: accepted / proposed, counted over every proposal you drew.
      Make one generator, rng = np.random.default_rng(seed), and draw the proposals and
      the uniforms in batches (say 2 n at a time) until you have n accepted; keep the
      first n. The same seed must give the same samples.

Tiny example: on [a, b] = [0, 2] with M = 2 the lid has height M / (b - a) = 1. A
proposal x with f(x) = 0.5 is kept when u <= 0.5 * 2 / 2 = 0.5: u = 0.3 keeps it, u = 0.7
throws it away. For f(x) = cos(x) on [0, pi/2] (a density: its integral is 1, its
maximum 1) the tight envelope is M = pi/2 and about 1 / M = 64% of proposals are kept.
"""
import numpy as np


def accept(u, fx, M, a, b):
    """Return the boolean mask of accepted proposals: u <= f(x) (b - a) / M."""
    # TODO: compare u with f(x) / (M g(x)) where g(x) = 1 / (b - a).
    ### BEGIN SOLUTION
    return np.asarray(u) <= np.asarray(fx) * (b - a) / M
    ### END SOLUTION


def rejection_sample(target_pdf, a, b, M, n, seed):
    """Return (n samples from the density proportional to target_pdf on [a, b], acceptance rate)."""
    # TODO: rng = np.random.default_rng(seed); loop: propose x uniform on [a, b], draw u,
    # keep x[accept(u, target_pdf(x), M, a, b)]; count proposals and acceptances.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    kept = []
    n_kept = n_proposed = n_accepted = 0
    while n_kept < n:
        x = a + (b - a) * rng.random(2 * n)
        u = rng.random(2 * n)
        accepted = x[accept(u, target_pdf(x), M, a, b)]
        n_proposed += x.size
        n_accepted += accepted.size
        kept.append(accepted)
        n_kept += accepted.size
    samples = np.concatenate(kept)[:n]
    return samples, n_accepted / n_proposed
    ### END SOLUTION
