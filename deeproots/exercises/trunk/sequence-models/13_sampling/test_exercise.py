"""Checks for temperature / top-k / top-p sampling (references: an independent NumPy
implementation of the statement's rules written here, hand-worked cases, torch.softmax for
T = 1 without filters, and a chi-square goodness-of-fit test (scipy.stats.chisquare) of the
sampled frequencies against the reference probabilities)."""
import numpy as np
import torch
from scipy.stats import chisquare

from deeproots.grading.checks import expect, expect_close, expect_equal

ALPHA = 1e-3  # significance of the chi-square tests (fixed seeds: the verdict is deterministic)


def _t(array):
    return torch.tensor(np.asarray(array, dtype=np.float64))


def _np_filtered(logits, temperature=1.0, top_k=None, top_p=None):
    """The statement's steps, row by row in NumPy (float64)."""
    logits = np.asarray(logits, dtype=np.float64)
    out = np.zeros_like(logits)
    for n, row in enumerate(logits):
        if temperature == 0:
            out[n, int(np.argmax(row))] = 1.0
            continue
        z = row / temperature
        if top_k is not None and top_k < len(z):
            kth = np.sort(z)[::-1][top_k - 1]
            z = np.where(z >= kth, z, -np.inf)
        e = np.exp(z - z.max())
        q = e / e.sum()
        if top_p is not None and top_p < 1.0:
            mass, smallest_needed = 0.0, None
            for value in np.sort(q)[::-1]:
                if mass >= top_p:
                    break
                smallest_needed, mass = value, mass + value
            q = np.where(q >= smallest_needed, q, 0.0)
            q = q / q.sum()
        out[n] = q
    return out


def test_top_p_mask_by_hand(ex, rng):
    probs = [[0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.125, 0.25]]
    cases = [(0.3, [[1, 0, 0, 0], [0, 1, 0, 0]]), (0.7, [[1, 1, 0, 0], [0, 1, 0, 1]]),
             (0.8, [[1, 1, 1, 1], [1, 1, 1, 1]]), (1.0, [[1, 1, 1, 1], [1, 1, 1, 1]])]
    for top_p, expected in cases:
        got = ex.top_p_mask(_t(probs), top_p)
        expect_equal(np.asarray(got, dtype=bool), np.array(expected, dtype=bool), what=f"top_p_mask(probs, {top_p})",
                     how="by hand: masses before the sorted tokens are 0, 0.5, 0.75, 0.875; a token is needed when "
                         "that mass is < top_p (the boundary token is kept) and ties with the last needed one too",
                     inputs={"probs": np.array(probs)})


def test_filtered_probs_by_hand(ex, rng):
    logits = _t(np.log([[0.5, 0.25, 0.125, 0.125]]))
    cases = [(dict(top_p=0.7), [2 / 3, 1 / 3, 0, 0]), (dict(top_p=0.8), [0.5, 0.25, 0.125, 0.125]),
             (dict(top_k=1), [1, 0, 0, 0]), (dict(temperature=0.0), [1, 0, 0, 0]),
             (dict(top_k=2, top_p=0.5), [1, 0, 0, 0]), (dict(temperature=0.5), [16 / 22, 4 / 22, 1 / 22, 1 / 22])]
    for kwargs, expected in cases:
        expect_close(ex.filtered_probs(logits, **kwargs), np.array([expected]), what=f"filtered_probs(logits, **{kwargs})",
                     how="by hand from p = [0.5, 0.25, 0.125, 0.125] (T = 0.5 squares and renormalises: [16, 4, 1, 1] / 22)",
                     rtol=1e-12, atol=1e-12, inputs={"logits": logits.numpy()})
    ties = _t([[2.0, 1.0, 1.0, 0.0]])
    e = np.exp([2.0, 1.0, 1.0])
    expect_close(ex.filtered_probs(ties, top_k=2), np.array([[*(e / e.sum()), 0.0]]), what="filtered_probs([2, 1, 1, 0], top_k=2)",
                 how="by hand: the 2nd largest logit is 1 and both 1s tie with it, so three tokens are kept",
                 rtol=1e-12, atol=1e-12)


def test_filtered_probs_match_numpy(ex, rng):
    for n, v in [(1, 5), (4, 10), (3, 50), (2, 7)]:
        logits = rng.normal(scale=2.0, size=(n, v))
        if v == 7:
            logits = logits * 100.0  # large magnitudes: the softmax must not overflow
        for temperature in (0.5, 1.0, 2.5):
            for top_k in (None, 1, 3, v):
                for top_p in (None, 0.35, 0.9):
                    kwargs = dict(temperature=temperature, top_k=top_k, top_p=top_p)
                    expect_close(ex.filtered_probs(_t(logits), **kwargs), _np_filtered(logits, **kwargs),
                                 what=f"filtered_probs(logits {logits.shape}, **{kwargs})",
                                 how="NumPy in the check: z = logits / T, top-k (ties kept), softmax, smallest "
                                     "nucleus with mass >= top_p (boundary token and its ties kept), renormalised",
                                 rtol=1e-9, atol=1e-12, inputs={"logits": logits})


def test_temperature_limits(ex, rng):
    logits = rng.normal(size=(5, 9))
    expect_close(ex.filtered_probs(_t(logits), 1.0), torch.softmax(_t(logits), dim=-1).numpy(),
                 what="filtered_probs(logits, temperature=1, no filters)", how="torch.softmax(logits, dim=-1)",
                 rtol=1e-12, atol=1e-14, inputs={"logits": logits})
    one_hot = np.eye(9)[np.argmax(logits, axis=1)]
    expect_close(ex.filtered_probs(_t(logits), 0.0), one_hot, what="filtered_probs(logits, temperature=0)",
                 how="np.eye(V)[np.argmax(logits, axis=1)]: greedy", rtol=0, atol=0, inputs={"logits": logits})
    gaps = np.sort(logits, axis=1)[:, -1] - np.sort(logits, axis=1)[:, -2]
    temperature = 0.01 * float(gaps.min())  # every runner-up is >= 100 T below the max: exp(-100)
    expect_close(ex.filtered_probs(_t(logits), temperature), one_hot,
                 what=f"filtered_probs(logits, temperature={temperature:.3g})",
                 how="T -> 0 tends to the one-hot argmax: every runner-up is >= 100 T below the max, so its "
                     "probability is < exp(-100) (subtract the row max before exp, or use torch.softmax)",
                 rtol=0, atol=1e-30, inputs={"logits": logits})
    tied = _t([[1.0, 3.0, 3.0, 0.0]])
    expect_close(ex.filtered_probs(tied, 0.0), np.array([[0.0, 1.0, 0.0, 0.0]]), what="filtered_probs([1, 3, 3, 0], 0)",
                 how="greedy picks the first index on ties (torch.argmax)", rtol=0, atol=0)


def _chi_square(ex, logits_row, draws, seed, **kwargs):
    expected = _np_filtered(logits_row[None, :], **kwargs)[0]
    logits = _t(np.repeat(logits_row[None, :], draws, axis=0))
    ids = ex.sample_next(logits, generator=torch.Generator().manual_seed(seed), **kwargs)
    expect(isinstance(ids, torch.Tensor) and tuple(ids.shape) == (draws,) and ids.dtype == torch.int64,
           "sample_next must return an int64 tensor of shape (N,)", got=type(ids).__name__,
           shape=tuple(getattr(ids, "shape", ())), dtype=str(getattr(ids, "dtype", "")))
    counts = np.bincount(ids.numpy(), minlength=len(logits_row))
    expect(np.all(counts[expected == 0] == 0), "a token with filtered probability 0 was sampled",
           settings=kwargs, counts=counts, expected_probs=expected)
    kept = expected > 0
    if kept.sum() > 1:
        statistic, p_value = chisquare(counts[kept], draws * expected[kept])
        expect(p_value > ALPHA, f"the sampled frequencies do not follow filtered_probs (chi-square p = {p_value:.2g} "
               f"< {ALPHA} over {draws} draws, seed {seed})", settings=kwargs, counts=counts,
               expected_counts=draws * expected, how="scipy.stats.chisquare against the NumPy reference probabilities")


def test_sample_frequencies_chi_square(ex, rng):
    logits_row = np.array([2.0, 1.5, 1.0, 0.5, 0.0, -0.5, -1.0, -3.0])
    _chi_square(ex, logits_row, 40000, seed=0)
    _chi_square(ex, logits_row, 40000, seed=1, temperature=0.8, top_k=6, top_p=0.9)
    _chi_square(ex, logits_row, 40000, seed=2, temperature=2.0, top_p=0.6)


def test_sample_reproducible_with_generator(ex, rng):
    logits = _t(rng.normal(size=(300, 6)))
    first = ex.sample_next(logits, generator=torch.Generator().manual_seed(7))
    again = ex.sample_next(logits, generator=torch.Generator().manual_seed(7))
    other = ex.sample_next(logits, generator=torch.Generator().manual_seed(8))
    expect(torch.equal(first, again), "the same seeded torch.Generator must give the same draws: pass "
           "generator=generator to torch.multinomial", how="two calls with torch.Generator().manual_seed(7)")
    expect(not torch.equal(first, other), "different seeds gave identical draws over 300 rows: the generator "
           "argument is ignored", how="torch.Generator().manual_seed(7) vs manual_seed(8)")
    greedy = ex.sample_next(logits, temperature=0.0, generator=torch.Generator().manual_seed(7))
    expect_equal(np.asarray(greedy), logits.argmax(dim=-1).numpy(), what="sample_next(logits, temperature=0)",
                 how="torch.argmax(logits, dim=-1): T = 0 is greedy")
