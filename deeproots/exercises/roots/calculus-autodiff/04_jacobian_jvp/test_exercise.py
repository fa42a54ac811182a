"""Checks for Jacobians, JVPs and VJPs (references: analytic Jacobians from
deeproots.grading.functions, diag(s) - s s^T with s from scipy.special.softmax, central
differences of scipy.special.softmax, exact difference quotients of x^3)."""
import numpy as np
from scipy.special import softmax as scipy_softmax

from deeproots.grading import functions
from deeproots.grading.checks import expect, expect_close

H = 1e-5
BIG_N = 20000  # the (n, n) Jacobian would need 3.2 GB: more than the 2 GB memory limit


def _softmax_jacobian(x):
    s = scipy_softmax(x)
    return np.diag(s) - np.outer(s, s)


def test_numerical_jvp(ex, rng):
    for n in (1, 3, 5):
        x, v = rng.uniform(-2.0, 2.0, size=n), rng.normal(scale=2.0, size=n)
        # x -> x^3 elementwise: ((x + h v)^3 - (x - h v)^3) / 2h = 3 x^2 v + h^2 v^3 exactly.
        expect_close(ex.numerical_jvp(functions.quartic_bowl_gradient, x, v, 0.1), 3 * x**2 * v + 0.01 * v**3,
                     what="numerical_jvp(x -> x^3, x, v, h=0.1)",
                     how="algebra: 3 x^2 v + h^2 v^3 (v is not normalised)", rtol=1e-9, atol=1e-11,
                     inputs={"x": x, "v": v})
    x, v = rng.normal(size=4), rng.normal(size=4)
    expect_close(ex.numerical_jvp(functions.affine_map, x, v, H), functions.AFFINE_MATRIX @ v,
                 what="numerical_jvp(affine_map, x, v)", how="AFFINE_MATRIX @ v (an affine map's Jacobian)",
                 rtol=1e-7, atol=1e-8, inputs={"x": x, "v": v})
    for _ in range(3):
        x, v = rng.uniform(-1.0, 1.0, size=3), rng.normal(size=3)
        expect_close(ex.numerical_jvp(functions.two_output_field, x, v, H),
                     functions.two_output_field_jacobian(x) @ v, what="numerical_jvp(two_output_field, x, v)",
                     how="analytic (2, 3) Jacobian @ v", rtol=1e-7, atol=1e-9, inputs={"x": x, "v": v})


def test_jacobian_shapes_and_values(ex, rng):
    x = rng.normal(size=4)
    expect_close(ex.jacobian(functions.affine_map, x, H), functions.AFFINE_MATRIX,
                 what="jacobian(affine_map, x), R^4 -> R^3",
                 how="an affine map's Jacobian is its (3, 4) matrix: one row per output", rtol=1e-7,
                 atol=1e-8, inputs={"x": x})
    for _ in range(2):
        x = rng.uniform(-1.0, 1.0, size=3)
        expect_close(ex.jacobian(functions.two_output_field, x, H), functions.two_output_field_jacobian(x),
                     what="jacobian(two_output_field, x), R^3 -> R^2",
                     how="analytic (2, 3) Jacobian functions.two_output_field_jacobian(x)", rtol=1e-7,
                     atol=1e-9, inputs={"x": x})
    for n in (1, 4):
        x = rng.uniform(-2.0, 2.0, size=n)
        expect_close(ex.jacobian(functions.quartic_bowl_gradient, x, 0.1), np.diag(3 * x**2 + 0.01),
                     what="jacobian(x -> x^3, x, h=0.1)", how="algebra: diag(3 x^2 + h^2)", rtol=1e-9,
                     atol=1e-11, inputs={"x": x})
        x = rng.normal(size=n + 2)
        expect_close(ex.jacobian(functions.softmax, x, H), _softmax_jacobian(x), what="jacobian(softmax, x)",
                     how="diag(s) - s s^T with s = scipy.special.softmax(x)", rtol=1e-6, atol=1e-10,
                     inputs={"x": x})


def test_jacobian_times_v_is_the_jvp(ex, rng):
    x, v = rng.uniform(-1.0, 1.0, size=3), rng.normal(size=3)
    J = np.asarray(ex.jacobian(functions.two_output_field, x, H))
    expect(J.shape == (2, 3), "jacobian of R^3 -> R^2 must have shape (m, n) = (2, 3)", shape=J.shape)
    expect_close(J @ v, ex.numerical_jvp(functions.two_output_field, x, v, H),
                 what="jacobian(f, x) @ v", how="your numerical_jvp(f, x, v): both are J v", rtol=1e-6,
                 atol=1e-8, inputs={"x": x, "v": v})


def test_numerical_vjp(ex, rng):
    for _ in range(2):
        x, u = rng.uniform(-1.0, 1.0, size=3), rng.normal(size=2)
        expect_close(ex.numerical_vjp(functions.two_output_field, x, u, H),
                     u @ functions.two_output_field_jacobian(x), what="numerical_vjp(two_output_field, x, u)",
                     how="u @ analytic (2, 3) Jacobian: one entry per input", rtol=1e-7, atol=1e-9,
                     inputs={"x": x, "u": u})
    x, u = rng.normal(size=4), np.array([1.0, 0.0, 1.0])
    expect_close(ex.numerical_vjp(functions.affine_map, x, u, H), np.array([3.0, 2.0, 0.0, 4.0]),
                 what="numerical_vjp(affine_map, x, [1, 0, 1])",
                 how="by hand: row 0 + row 2 of AFFINE_MATRIX", rtol=1e-7, atol=1e-8, inputs={"x": x, "u": u})


def test_softmax_jacobian(ex, rng):
    expect_close(ex.softmax_jacobian(np.array([0.0, 0.0])), np.array([[0.25, -0.25], [-0.25, 0.25]]),
                 what="softmax_jacobian([0, 0])", how="by hand: s = [1/2, 1/2]; diag(s) - s s^T",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.softmax_jacobian(np.array([3.0])), np.array([[0.0]]), what="softmax_jacobian of one entry",
                 how="softmax of one value is the constant 1", rtol=1e-12, atol=1e-12)
    for n, scale in ((3, 1.0), (6, 3.0), (5, 1000.0)):
        x = rng.normal(scale=scale, size=n)
        expect_close(ex.softmax_jacobian(x), _softmax_jacobian(x), what=f"softmax_jacobian, n = {n}, |x| ~ {scale:g}",
                     how="diag(s) - s s^T with s = scipy.special.softmax(x)", rtol=1e-9, atol=1e-14,
                     inputs={"x": x})


def _call_big(ex, name, x, w):
    """Call ex.<name>(x, w) with n = BIG_N, turning a MemoryError into an explanation."""
    try:
        return getattr(ex, name)(x, w)
    except Exception as error:  # noqa: BLE001
        if getattr(error, "type_name", type(error).__name__) != "MemoryError":
            raise
        expect(False, f"{name} ran out of memory for n = {BIG_N}: the (n, n) Jacobian needs 3.2 GB; "
                      "compute the product directly in O(n) (s * (v - s . v))", n=BIG_N)


def test_softmax_jvp(ex, rng):
    for n, scale in ((1, 1.0), (4, 1.0), (7, 3.0), (6, 1000.0)):
        x, v = rng.normal(scale=scale, size=n), rng.normal(size=n)
        expect_close(ex.softmax_jvp(x, v), _softmax_jacobian(x) @ v, what=f"softmax_jvp, n = {n}, |x| ~ {scale:g}",
                     how="(diag(s) - s s^T) @ v with s = scipy.special.softmax(x)", rtol=1e-9, atol=1e-14,
                     inputs={"x": x, "v": v})
    x, v = rng.normal(size=BIG_N), rng.normal(size=BIG_N)
    limit = (scipy_softmax(x + H * v) - scipy_softmax(x - H * v)) / (2 * H)
    expect_close(_call_big(ex, "softmax_jvp", x, v), limit, what=f"softmax_jvp with n = {BIG_N}",
                 how="central difference of scipy.special.softmax along v", rtol=1e-5, atol=1e-13,
                 inputs={"x": x, "v": v})


def test_softmax_vjp(ex, rng):
    for n, scale in ((1, 1.0), (4, 1.0), (7, 3.0), (6, 1000.0)):
        x, u = rng.normal(scale=scale, size=n), rng.normal(size=n)
        expect_close(ex.softmax_vjp(x, u), u @ _softmax_jacobian(x), what=f"softmax_vjp, n = {n}, |x| ~ {scale:g}",
                     how="u @ (diag(s) - s s^T) with s = scipy.special.softmax(x)", rtol=1e-9, atol=1e-14,
                     inputs={"x": x, "u": u})
    x, u = rng.normal(size=BIG_N), rng.normal(size=BIG_N)
    # u^T J is the gradient of x -> u . softmax(x); J is symmetric, so it is also J u.
    limit = (scipy_softmax(x + H * u) - scipy_softmax(x - H * u)) / (2 * H)
    expect_close(_call_big(ex, "softmax_vjp", x, u), limit, what=f"softmax_vjp with n = {BIG_N}",
                 how="J is symmetric, so u^T J = J u: central difference of scipy.special.softmax along u",
                 rtol=1e-5, atol=1e-13, inputs={"x": x, "u": u})
