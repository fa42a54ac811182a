"""Checks for forward and central differences (references: analytic gradients and Jacobians,
and the exact difference quotients of x^3)."""
import numpy as np

from deeproots.grading import functions
from deeproots.grading.checks import expect, expect_close, relative_error

# Central differences with h = 1e-5 agree with the analytic gradient to a relative error
# of about 1e-10; forward differences only to about 1e-5. This tolerance separates them.
H = 1e-5
RTOL = 1e-7


def test_forward_difference_of_cubes_is_exact_formula(ex, rng):
    for n in (1, 3, 6):
        x = rng.uniform(-2.0, 2.0, size=n)
        for h in (0.1, 0.01):
            # ((x + h)^3 - x^3) / h = 3x^2 + 3xh + h^2, exactly
            expect_close(ex.forward_gradient(functions.sum_of_cubes, x, h), 3 * x**2 + 3 * x * h + h**2,
                         what=f"forward_gradient(sum of cubes, x, h={h})",
                         how="algebra: ((x+h)^3 - x^3) / h = 3x^2 + 3xh + h^2", rtol=1e-9, atol=1e-11,
                         inputs={"x": x, "h": h})


def test_central_difference_of_cubes_is_exact_formula(ex, rng):
    for n in (1, 3, 6):
        x = rng.uniform(-2.0, 2.0, size=n)
        for h in (0.1, 0.01):
            # ((x + h)^3 - (x - h)^3) / 2h = 3x^2 + h^2, exactly: the O(h) term cancels
            expect_close(ex.central_gradient(functions.sum_of_cubes, x, h), 3 * x**2 + h**2,
                         what=f"central_gradient(sum of cubes, x, h={h})",
                         how="algebra: ((x+h)^3 - (x-h)^3) / 2h = 3x^2 + h^2", rtol=1e-9, atol=1e-11,
                         inputs={"x": x, "h": h})
    x = np.array([1.0])
    expect_close(ex.central_gradient(functions.sum_of_cubes, x, 0.1), np.array([3.01]),
                 what="central_gradient(x^3, x=1, h=0.1)", how="by hand: (1.331 - 0.729) / 0.2 = 3.01",
                 rtol=1e-12, atol=1e-12)


def test_central_gradient_matches_analytic_gradients(ex, rng):
    cases = [(functions.rosenbrock, functions.rosenbrock_gradient, "rosenbrock", 1.5),
             (functions.log_sum_exp, functions.log_sum_exp_gradient, "log_sum_exp", 3.0)]
    for f, gradient, name, scale in cases:
        for n in (2, 3, 7):
            x = rng.uniform(-scale, scale, size=n)
            got = ex.central_gradient(f, x, H)
            expected = gradient(x)
            expect_close(got, expected, what=f"central_gradient({name}, x, h={H})",
                         how=f"analytic gradient functions.{name}_gradient(x)", rtol=RTOL,
                         atol=RTOL * np.max(np.abs(expected)), inputs={"x": x})
            expect(relative_error(got, expected) < RTOL,
                   f"central_gradient({name}) should match the analytic gradient to a relative error < {RTOL:g}",
                   relative_error=relative_error(got, expected), x=x)


def test_error_orders_linear_and_quadratic(ex, rng):
    x = rng.uniform(-1.0, 1.0, size=4)
    exact = functions.log_sum_exp_gradient(x)
    errors = {}
    for name in ("forward_gradient", "central_gradient"):
        errors[name] = [np.max(np.abs(getattr(ex, name)(functions.log_sum_exp, x, h) - exact))
                        for h in (1e-2, 1e-3)]
    forward_ratio = errors["forward_gradient"][0] / errors["forward_gradient"][1]
    central_ratio = errors["central_gradient"][0] / errors["central_gradient"][1]
    expect(5.0 < forward_ratio < 20.0,
           "forward differences: dividing h by 10 should divide the error by about 10 (O(h))",
           ratio=float(forward_ratio), errors=np.array(errors["forward_gradient"]))
    expect(50.0 < central_ratio < 200.0,
           "central differences: dividing h by 10 should divide the error by about 100 (O(h^2))",
           ratio=float(central_ratio), errors=np.array(errors["central_gradient"]))


def test_numerical_jacobian(ex, rng):
    x = rng.normal(size=4)
    expect_close(ex.numerical_jacobian(functions.affine_map, x, H), functions.AFFINE_MATRIX,
                 what="numerical_jacobian(affine_map, x)", how="an affine map's Jacobian is its (3, 4) matrix",
                 rtol=1e-8, atol=1e-8, inputs={"x": x})
    for _ in range(3):
        x = rng.uniform(-1.0, 1.0, size=3)
        expected = functions.two_output_field_jacobian(x)
        expect_close(ex.numerical_jacobian(functions.two_output_field, x, H), expected,
                     what="numerical_jacobian(two_output_field, x)",
                     how="analytic (2, 3) Jacobian functions.two_output_field_jacobian(x)",
                     rtol=RTOL, atol=1e-8, inputs={"x": x})


def test_x_is_left_unchanged(ex, rng):
    x = rng.normal(size=5)
    before = x.copy()
    for name, f in (("forward_gradient", functions.rosenbrock), ("central_gradient", functions.rosenbrock)):
        getattr(ex, name)(f, x, 0.1)
        expect(np.array_equal(x, before), f"{name}(f, x, h) left x modified: work on a copy",
               x_before=before, x_after=x)
    x3 = rng.normal(size=3)
    before3 = x3.copy()
    ex.numerical_jacobian(functions.two_output_field, x3, 0.1)
    expect(np.array_equal(x3, before3), "numerical_jacobian(f, x, h) left x modified: work on a copy",
           x_before=before3, x_after=x3)
