"""The comparison helpers: they must be able to fail, and say why."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from deeproots.grading.checks import CheckFailure, central_difference, expect, expect_close, expect_equal, relative_error


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e6, 1e6)))
def test_an_array_is_close_to_itself_and_not_to_a_shifted_copy(values):
    expect_close(values.copy(), values, what="x", how="itself")
    with pytest.raises(CheckFailure):
        expect_close(values + 1.0, values, what="x", how="shifted", rtol=1e-9, atol=1e-9)


def test_failure_says_expected_got_shape_dtype_errors_tolerance_and_input():
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(CheckFailure) as failure:
        expect_close(expected + np.array([[0, 0], [0, 1e-3]]), expected, what="A @ B", how="np.matmul",
                     rtol=1e-6, atol=1e-9, inputs={"A": expected})
    details = failure.value.details
    assert "index (1, 1)" in failure.value.message
    for key in ("expected", "got", "shape, dtype", "max abs error", "max rel error", "tolerance",
                "expected from", "input A"):
        assert key in details, key
    assert details["expected from"] == "np.matmul"


def test_a_transposed_result_is_named():
    a = np.arange(6.0).reshape(2, 3)
    with pytest.raises(CheckFailure, match="transposed"):
        expect_close(a.T, a, what="x", how="ref")


@pytest.mark.parametrize("got", [np.inf, 1e300, 0.0, np.nan])
def test_an_infinite_expected_value_accepts_only_that_infinity(got):
    with pytest.raises(CheckFailure):
        expect_close(got, -np.inf if got == np.inf else np.inf, what="kl", how="q has zeros")
    expect_close(np.inf, np.inf, what="kl", how="q has zeros")


def test_nan_and_non_numbers_are_failures():
    with pytest.raises(CheckFailure, match="nan or inf"):
        expect_close(np.array([np.nan]), np.array([1.0]), what="x", how="ref")
    with pytest.raises(CheckFailure, match="expected a number"):
        expect_close("1.0", 1.0, what="x", how="ref")
    with pytest.raises(CheckFailure, match="expected a number"):
        expect_close(None, 1.0, what="x", how="ref")


def test_expect_equal_and_expect():
    expect_equal(np.array([1, 2]), np.array([1, 2]), what="labels", how="ref")
    with pytest.raises(CheckFailure, match="1 of 2 entries differ"):
        expect_equal(np.array([1, 3]), np.array([1, 2]), what="labels", how="ref")
    with pytest.raises(CheckFailure, match="expected True"):
        expect_equal(1, True, what="flag", how="ref")
    with pytest.raises(CheckFailure, match="must hold"):
        expect(False, "must hold", value=3)


def test_central_difference_matches_an_analytic_gradient():
    x = np.array([0.3, -1.2, 2.0])
    grad = central_difference(lambda v: float(np.sum(np.sin(v) * v ** 2)), x)
    analytic = np.cos(x) * x ** 2 + 2 * x * np.sin(x)
    assert relative_error(grad, analytic) < 1e-8
    assert relative_error(grad, analytic + 1e-3) > 1e-5


def test_expect_raises_accepts_subclasses_and_reports_the_wrong_exception():
    from deeproots.grading.checks import expect_raises

    def singular():
        raise np.linalg.LinAlgError("singular")

    expect_raises(singular, ValueError, what="inverse(A)")  # LinAlgError is a ValueError
    with pytest.raises(CheckFailure, match="expected ValueError.*raised ZeroDivisionError"):
        expect_raises(lambda: 1 / 0, ValueError, what="inverse(A)")
    with pytest.raises(CheckFailure, match="but it returned"):
        expect_raises(lambda: 3.0, ValueError, what="inverse(A)")
    with pytest.raises(NotImplementedError):  # a stub stays "not started"
        expect_raises(lambda: (_ for _ in ()).throw(NotImplementedError), ValueError, what="inverse(A)")


def test_expected_values_may_be_plain_lists():
    expect_close(np.array([1.0, 2.0]), [1.0, 2.0], what="x", how="a list")
    with pytest.raises(CheckFailure):
        expect_close(np.array([1.0, 2.5]), [1.0, 2.0], what="x", how="a list")
