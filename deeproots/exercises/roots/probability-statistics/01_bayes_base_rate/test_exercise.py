"""Checks for Bayes' rule and the base rate (reference: the joint probability table)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close


def _posterior_by_joint_table(prev, sens, spec):
    """P(D | +) for scalars by writing out the 2 x 2 joint table of (disease, test result)."""
    #                    test +                  test -
    joint = np.array([[prev * sens,             prev * (1 - sens)],          # disease
                      [(1 - prev) * (1 - spec), (1 - prev) * spec]])         # no disease
    assert abs(joint.sum() - 1.0) < 1e-12
    positive_column = joint[:, 0]
    return positive_column[0] / positive_column.sum()


def _table_elementwise(prev, sens, spec):
    prev, sens, spec = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (prev, sens, spec)))
    out = np.empty(prev.shape)
    for index in np.ndindex(prev.shape):
        out[index] = _posterior_by_joint_table(prev[index], sens[index], spec[index])
    return out


def _repeated_updates(prev, sens, spec, k):
    """Apply Bayes' rule k times, each posterior becoming the next prior."""
    for _ in range(k):
        prev = _posterior_by_joint_table(prev, sens, spec)
    return prev


def test_textbook_base_rate_case(ex, rng):
    prev, sens, false_positive_rate = 0.001, 0.99, 0.02
    spec = 1.0 - false_positive_rate
    expected = sens * prev / (sens * prev + false_positive_rate * (1.0 - prev))
    got = ex.posterior_positive(prev, sens, spec)
    expect_close(got, expected, what="posterior_positive(0.001, 0.99, 0.98)",
                 how="Bayes: 0.99*0.001 / (0.99*0.001 + 0.02*0.999), about 0.047",
                 rtol=1e-10, atol=1e-12, inputs={"prevalence": prev, "sensitivity": sens,
                                                "specificity": spec})
    expect(float(got) < 0.05, "a positive test for a rare disease should leave P(D | +) below 5%",
           got=float(got))


def test_matches_joint_table_vectorised(ex, rng):
    for n in (1, 7, 40):
        prev = rng.uniform(1e-4, 0.5, size=n)
        sens = rng.uniform(0.5, 1.0, size=n)
        spec = rng.uniform(0.5, 0.999, size=n)
        expect_close(ex.posterior_positive(prev, sens, spec), _table_elementwise(prev, sens, spec),
                     what="posterior_positive(prevalence, sensitivity, specificity)",
                     how="joint table P(D, +) / P(+), entry by entry", rtol=1e-10, atol=1e-13,
                     inputs={"prevalence": prev, "sensitivity": sens, "specificity": spec})


def test_broadcasting(ex, rng):
    prev = rng.uniform(1e-3, 0.3, size=(5, 1))
    sens = rng.uniform(0.6, 1.0, size=(1, 4))
    spec = 0.95
    expect_close(ex.posterior_positive(prev, sens, spec), _table_elementwise(prev, sens, spec),
                 what="posterior_positive with prevalence (5, 1), sensitivity (1, 4), specificity scalar",
                 how="joint table entry by entry on the broadcast (5, 4) grid", rtol=1e-10,
                 atol=1e-13, inputs={"prevalence": prev, "sensitivity": sens, "specificity": spec})


def test_k_positive_tests_match_repeated_updates(ex, rng):
    prev, sens, spec = 0.001, 0.99, 0.98
    for k in (0, 1, 2, 3, 5):
        expect_close(ex.posterior_after_k_positives(prev, sens, spec, k),
                     _repeated_updates(prev, sens, spec, k),
                     what=f"posterior_after_k_positives(0.001, 0.99, 0.98, k={k})",
                     how=f"Bayes' rule applied {k} times (k = 0: the prior)", rtol=1e-10, atol=1e-13,
                     inputs={"k": k})
    prev = rng.uniform(1e-4, 0.2, size=6)
    sens = rng.uniform(0.6, 0.99, size=6)
    spec = rng.uniform(0.7, 0.99, size=6)
    for k in (1, 2, 4):
        expected = np.array([_repeated_updates(p, s, c, k) for p, s, c in zip(prev, sens, spec)])
        expect_close(ex.posterior_after_k_positives(prev, sens, spec, k), expected,
                     what=f"posterior_after_k_positives(arrays, k={k})",
                     how=f"Bayes' rule applied {k} times, entry by entry", rtol=1e-10, atol=1e-13,
                     inputs={"prevalence": prev, "sensitivity": sens, "specificity": spec, "k": k})
    k = np.array([0, 1, 2, 3])
    expected = np.array([_repeated_updates(0.01, 0.9, 0.9, int(j)) for j in k])
    expect_close(ex.posterior_after_k_positives(0.01, 0.9, 0.9, k), expected,
                 what="posterior_after_k_positives(0.01, 0.9, 0.9, k=[0, 1, 2, 3])",
                 how="Bayes' rule applied k times", rtol=1e-10, atol=1e-13, inputs={"k": k})
