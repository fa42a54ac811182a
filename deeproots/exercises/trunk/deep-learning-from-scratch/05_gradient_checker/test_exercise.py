"""Checks for the numerical gradient checker (references: analytic gradients and
vector-Jacobian products of deeproots.grading.functions, the exact central quotient of x^3,
the relative-error formula written out with NumPy)."""
import numpy as np

from deeproots.grading import functions
from deeproots.grading.checks import expect, expect_close, relative_error

H = 1e-5


def _rel_error_reference(a, b, eps=1e-8):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(eps, np.abs(a) + np.abs(b))))


def _expect_unchanged(x, before, name):
    # Under the grader an in-place change of x is reported by the grader itself; this covers
    # plain pytest, where the learner's function receives the very same array.
    expect(np.array_equal(x, before), f"{name} left x modified: restore x[ix] = old after "
           "evaluating f at old + h and old - h", x_before=before, x_after=x)


def test_hand_example(ex, rng):
    x = np.array([1.0])
    expect_close(ex.eval_numerical_gradient(functions.sum_of_cubes, x, 0.1), np.array([3.01]),
                 what="eval_numerical_gradient(sum(x**3), x=[1], h=0.1)",
                 how="by hand: (1.1**3 - 0.9**3) / 0.2 = 3.01", rtol=1e-12, atol=1e-12)
    expect_close(ex.rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])), 0.2 / 4.2,
                 what="rel_error([1, 2], [1, 2.2])", how="by hand: max(0 / 2, 0.2 / 4.2)",
                 rtol=1e-12, atol=1e-15)


def test_central_quotient_of_cubes_on_arrays(ex, rng):
    # ((x+h)^3 - (x-h)^3) / 2h = 3x^2 + h^2 exactly; a one-sided quotient adds 3xh.
    for shape in [(1,), (5,), (2, 3), (2, 2, 3)]:
        for h in (0.1, 0.01):
            x = rng.uniform(-2.0, 2.0, size=shape)
            before = x.copy()
            got = ex.eval_numerical_gradient(functions.sum_of_cubes, x, h)
            expect_close(got, 3 * before**2 + h**2, what=f"eval_numerical_gradient(sum(x**3), x, h={h}) "
                         f"for x of shape {shape}", how="algebra: ((x+h)^3 - (x-h)^3) / 2h = 3x^2 + h^2",
                         rtol=1e-9, atol=1e-10, inputs={"x": before, "h": h})
            _expect_unchanged(x, before, "eval_numerical_gradient")


def test_scalar_functions_match_analytic_gradients(ex, rng):
    cases = [(functions.rosenbrock, functions.rosenbrock_gradient, "rosenbrock", [(2,), (6,)], 1.5),
             (functions.log_sum_exp, functions.log_sum_exp_gradient, "log_sum_exp", [(1,), (7,)], 3.0),
             (functions.sine_times_square, functions.sine_times_square_gradient, "sine_times_square",
              [(4, 3), (2, 3, 2)], 2.0)]
    for f, gradient, name, shapes, scale in cases:
        for shape in shapes:
            x = rng.uniform(-scale, scale, size=shape)
            before = x.copy()
            got = ex.eval_numerical_gradient(f, x, H)
            expected = gradient(before)
            expect_close(got, expected, what=f"eval_numerical_gradient({name}, x, h={H}) for x of shape {shape}",
                         how=f"analytic gradient functions.{name}_gradient(x)", rtol=1e-7,
                         atol=1e-7 * np.max(np.abs(expected)), inputs={"x": before})
            _expect_unchanged(x, before, "eval_numerical_gradient")
    x = rng.normal(size=(3, 2))
    expect_close(ex.eval_numerical_gradient(functions.sine_times_square, x),
                 functions.sine_times_square_gradient(x),
                 what="eval_numerical_gradient(sine_times_square, x) with the default h",
                 how="analytic gradient functions.sine_times_square_gradient(x)", rtol=1e-7, atol=1e-8,
                 inputs={"x": x})


def test_array_functions_match_vector_jacobian_products(ex, rng):
    cases = [
        ("affine_map", functions.affine_map, lambda x, df: functions.AFFINE_MATRIX.T @ df, (4,), (3,)),
        ("two_output_field", functions.two_output_field,
         lambda x, df: functions.two_output_field_jacobian(x).T @ df, (3,), (2,)),
        ("row_log_sum_exp", functions.row_log_sum_exp, functions.row_log_sum_exp_vjp, (5, 3), (5,)),
        ("row_log_sum_exp", functions.row_log_sum_exp, functions.row_log_sum_exp_vjp, (1, 4), (1,)),
        ("tanh_layer", functions.tanh_layer, functions.tanh_layer_vjp, (3, 4), (3, 3)),
    ]
    for name, f, vjp, x_shape, out_shape in cases:
        x = rng.uniform(-1.0, 1.0, size=x_shape)
        df = rng.normal(size=out_shape)
        before = x.copy()
        got = ex.eval_numerical_gradient_array(f, x, df, H)
        expected = vjp(before, df)
        expect_close(got, expected, what=f"eval_numerical_gradient_array({name}, x, df) for x of shape {x_shape}",
                     how=f"analytic vector-Jacobian product J^T df of functions.{name}", rtol=1e-7,
                     atol=1e-7 * np.max(np.abs(expected)), inputs={"x": before, "df": df})
        _expect_unchanged(x, before, "eval_numerical_gradient_array")


def test_array_function_returning_a_view_of_x(ex, rng):
    # flatten_rows(x) is x.reshape(N, -1): a view, so f(x + h) changes when x is edited again.
    for shape in [(2, 3, 2), (3, 4, 1), (1, 5)]:
        x = rng.normal(size=shape)
        df = rng.normal(size=(shape[0], int(np.prod(shape[1:]))))
        before = x.copy()
        got = ex.eval_numerical_gradient_array(functions.flatten_rows, x, df, H)
        expect_close(got, df.reshape(shape), what=f"eval_numerical_gradient_array(flatten_rows, x, df) "
                     f"for x of shape {shape}",
                     how="a reshape's backward pass: df.reshape(x.shape) (copy f(x) before editing x again)",
                     rtol=1e-8, atol=1e-9, inputs={"x": before, "df": df})
        _expect_unchanged(x, before, "eval_numerical_gradient_array")


def test_rel_error(ex, rng):
    for shape in [(1,), (6,), (3, 4), (2, 2, 2)]:
        a = rng.normal(size=shape)
        b = a + rng.normal(scale=1e-3, size=shape)
        expect_close(ex.rel_error(a, b), _rel_error_reference(a, b), what=f"rel_error(a, b) for shape {shape}",
                     how="max(|a - b| / max(|a| + |b|, 1e-8)) with NumPy", rtol=1e-12, atol=1e-15,
                     inputs={"a": a, "b": b})
        expect_close(ex.rel_error(a, b), relative_error(a, b), what=f"rel_error(a, b) for shape {shape}",
                     how="deeproots.grading.checks.relative_error", rtol=1e-12, atol=1e-15,
                     inputs={"a": a, "b": b})
    zeros = np.zeros((2, 3))
    expect_close(ex.rel_error(zeros, zeros), 0.0, what="rel_error(zeros, zeros)",
                 how="by hand: |0 - 0| / max(0, eps) = 0, never 0/0", rtol=0.0, atol=0.0)
    a, b = np.array([0.0, 1.0]), np.array([1e-10, 1.0])
    expect_close(ex.rel_error(a, b), 1e-2, what="rel_error([0, 1], [1e-10, 1])",
                 how="by hand: 1e-10 / max(1e-10, 1e-8) = 1e-2 (the eps floor)", rtol=1e-9, atol=0.0)
    expect_close(ex.rel_error(a, b, eps=1e-12), 1.0, what="rel_error([0, 1], [1e-10, 1], eps=1e-12)",
                 how="by hand: 1e-10 / max(1e-10, 1e-12) = 1", rtol=1e-9, atol=0.0)


def test_checker_separates_right_from_wrong_gradients(ex, rng):
    x = rng.uniform(-1.5, 1.5, size=(3, 4))
    numeric = ex.eval_numerical_gradient(functions.sine_times_square, x.copy(), H)
    right = functions.sine_times_square_gradient(x)
    wrong = np.cos(x) * x**2 + x * np.sin(x)  # a forgotten factor 2
    good, bad = ex.rel_error(numeric, right), ex.rel_error(numeric, wrong)
    expect(good < 1e-7, "your numerical gradient vs the right analytic one: rel_error should be < 1e-7",
           rel_error=good)
    expect(bad > 1e-3, "your numerical gradient vs a wrong analytic one: rel_error should be large",
           rel_error=bad)
