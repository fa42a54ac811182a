"""What a check file may use to compare a learner's answer with a trusted reference.

Check files (``test_exercise.py``) are plain pytest-style functions ``test_*(ex, rng)``:
``ex`` is the learner's module (behind the grader's process boundary), ``rng`` a seeded
``numpy.random.Generator``. They compute the expected value themselves, from NumPy, SciPy,
scikit-learn, PyTorch or central differences, and compare with the helpers below, which
raise :class:`CheckFailure` carrying everything a learner needs to see: expected vs got,
shape and dtype, max abs/rel error against the tolerance, and the input that failed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from deeproots.grading.errors import TRANSPORT_FAILURES


class CheckFailure(AssertionError):
    """A check that did not hold; ``details`` is shown as a table under ``message``."""

    def __init__(self, message: str, details: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def __str__(self) -> str:
        lines = [self.message] + [f"  {key}: {value}" for key, value in self.details.items()]
        return "\n".join(lines)


def describe(value: Any, limit: int = 300) -> str:
    """A short, readable rendering of an input or output (arrays summarised)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, threshold=24, edgeitems=3, linewidth=100):
            text = np.array2string(value)
        text = f"array(shape={value.shape}, dtype={value.dtype}) {text}"
    elif isinstance(value, float):
        text = f"{value:.10g}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _inputs_details(inputs: dict[str, Any] | None) -> dict[str, str]:
    return {f"input {name}": describe(value) for name, value in (inputs or {}).items()}


def _base(how: str, inputs: dict[str, Any] | None) -> dict[str, str]:
    """Details every failure shows; built only on failure (describing arrays is slow)."""
    return {"expected from": how, **_inputs_details(inputs)}


def _type_name(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"ndarray {value.dtype}"
    return type(value).__name__


def _is_tensor(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


def _as_array(value: Any, what: str, inputs: dict[str, Any] | None) -> np.ndarray:
    if _is_tensor(value):
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - any unconvertible learner value is a failed check
        array = np.asarray(None, dtype=object)
    if array.dtype == object or array.dtype.kind not in "biufc":
        raise CheckFailure(
            f"{what}: expected a number or numeric array, got {type(value).__name__}",
            {"got": describe(value), **_inputs_details(inputs)},
        )
    return array


def expect_close(
    got: Any,
    expected: Any,
    *,
    what: str,
    how: str,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    inputs: dict[str, Any] | None = None,
    check_shape: bool = True,
) -> None:
    """Assert ``|got - expected| <= atol + rtol * |expected|`` elementwise.

    ``what`` names the quantity ("dot(x, y)"), ``how`` says how the expected value was
    computed ("np.dot"), ``inputs`` are shown when the check fails.
    """
    want = _as_array(expected, what, None)
    want = want.astype(np.result_type(float, want))
    have = _as_array(got, what, inputs)
    if check_shape and have.shape != want.shape:
        hint = ""
        if have.shape == want.shape[::-1] and have.ndim == 2:
            hint = " (transposed?)"
        elif have.size == want.size:
            hint = " (same number of entries: a reshape or a wrong axis?)"
        elif have.ndim == want.ndim and have.ndim > 0:
            hint = " (a wrong axis, or a reduction over the wrong dimension?)"
        raise CheckFailure(
            f"{what}: expected shape {want.shape}, got {have.shape}{hint}",
            {"expected": describe(want), "got": describe(have), **_base(how, inputs)},
        )
    if have.dtype.kind == "c" and want.dtype.kind != "c":
        raise CheckFailure(f"{what}: got complex values where real ones were expected",
                           {"got": describe(have), **_base(how, inputs)})
    have_f = have.astype(np.result_type(have, float))
    if not np.all(np.isfinite(have_f) | ~np.isfinite(want)):
        raise CheckFailure(
            f"{what}: got nan or inf where the expected value is finite "
            "(overflow? a missing stability shift? division by zero?)",
            {"expected": describe(want), "got": describe(have), **_base(how, inputs)},
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        # Equal infinities (and nan where nan is expected) are exact; an infinite expected
        # value allows no error at all, or atol + rtol * inf would accept anything.
        same = (have_f == want) | (np.isnan(have_f) & np.isnan(want))
        error = np.where(same, 0.0, np.abs(have_f - want))
        allowed = np.where(np.isfinite(want), atol + rtol * np.abs(want), 0.0)
        bad = ~(error <= allowed)
    if np.any(bad):
        worst = int(np.argmax(np.where(bad, error - allowed, -np.inf))) if error.ndim else 0
        nonzero = (np.abs(want) > 0) & np.isfinite(want) & np.isfinite(error)
        with np.errstate(over="ignore"):
            rel = np.abs(error[nonzero] / want[nonzero])
        index = np.unravel_index(worst, error.shape) if error.ndim else ()
        where = f" at index {tuple(int(i) for i in index)}" if error.ndim else ""
        count = f"{int(np.sum(bad))} of {error.size} values out of tolerance{where}: " if error.size > 1 else ""
        raise CheckFailure(
            f"{what}: {count}expected {want[index]:.8g}, got {have_f[index]:.8g}",
            {
                "expected": describe(want),
                "got": describe(have),
                "shape, dtype": f"{have.shape}, {have.dtype} (expected {want.shape}, {want.dtype})",
                "max abs error": f"{float(np.max(error)):.3g}",
                "max rel error": f"{float(np.max(rel)):.3g}" if rel.size else "n/a",
                "tolerance": f"|got - expected| <= {atol:g} + {rtol:g} * |expected|",
                **_base(how, inputs),
            },
        )


def expect_equal(got: Any, expected: Any, *, what: str, how: str,
                 inputs: dict[str, Any] | None = None) -> None:
    """Exact equality, for integers, labels, booleans, strings and their arrays."""
    base = _base(how, inputs)
    if isinstance(expected, np.ndarray) or isinstance(got, np.ndarray):
        want, have = np.asarray(expected), np.asarray(got)
        if have.shape != want.shape:
            raise CheckFailure(f"{what}: expected shape {want.shape}, got {have.shape}",
                               {"expected": describe(want), "got": describe(have), **base})
        if not np.array_equal(have, want):
            raise CheckFailure(
                f"{what}: {int(np.sum(have != want))} of {want.size} entries differ",
                {"expected": describe(want), "got": describe(have), **base},
            )
        return
    if type(got) is bool or type(expected) is bool:
        same = bool(got) == bool(expected) and isinstance(got, (bool, np.bool_))
    else:
        same = got == expected
    if not same:
        raise CheckFailure(
            f"{what}: expected {describe(expected)}, got {describe(got)} ({_type_name(got)})",
            base,
        )


def expect(condition: bool, message: str, **details: Any) -> None:
    """A property that must hold; ``details`` are described when it does not."""
    if not condition:
        raise CheckFailure(message, {key.replace("_", " "): describe(v) for key, v in details.items()})


def expect_raises(action: Callable[[], Any], expected: type[BaseException], *, what: str,
                  why: str = "", inputs: dict[str, Any] | None = None) -> None:
    """``action()`` must raise ``expected`` or a subclass of it. Works under the grader (the
    learner's exception arrives by name with its class lineage) and under plain pytest."""
    try:
        result = action()
    except (CheckFailure, *TRANSPORT_FAILURES):
        raise
    except Exception as error:  # noqa: BLE001 - the learner's exception, whatever it is
        name = getattr(error, "type_name", type(error).__name__)
        lineage = getattr(error, "lineage", None) or [cls.__name__ for cls in type(error).__mro__]
        if expected.__name__ in lineage:
            return
        if name == "NotImplementedError":
            raise
        raise CheckFailure(f"{what}: expected {expected.__name__}{why}; your code raised {name}: "
                           f"{getattr(error, 'message', error)}", _inputs_details(inputs)) from None
    raise CheckFailure(f"{what}: expected {expected.__name__}{why}, but it returned a value",
                       {"got": describe(result), **_inputs_details(inputs)})


def central_difference(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Trusted numerical gradient of a scalar ``f`` at ``x`` (O(h^2) error), for checks."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + h
        f_plus = float(f(x))
        x[index] = saved - h
        f_minus = float(f(x))
        x[index] = saved
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """CS231n's relative error max |a-b| / max(|a|+|b|, eps): ~1e-7 or less means agreement."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


@dataclass
class CheckResult:
    """The verdict of one check function."""

    name: str
    passed: bool
    message: str = ""
    details: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def title(self) -> str:
        return self.name.removeprefix("test_").replace("_", " ")


def seed_for(check_name: str) -> int:
    """Stable seed per check so that a failing input is reproducible run after run."""
    import zlib

    return zlib.crc32(check_name.encode())

