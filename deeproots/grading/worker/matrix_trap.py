"""The whole-matrix-product trap (``A @ B (a whole matrix product)``), armed by traps.Traps."""
from __future__ import annotations

import sys
from typing import Any

# --- "A @ B (a whole matrix product)": a trap on an operator, not on a name -----------------
# `A @ B` is ndarray.__matmul__ in C: no module attribute to rebind. So when an exercise
# forbids WHOLE_MATRIX_PRODUCT, the worker hands the learner's functions their 2-D array
# arguments as views of GuardedMatrix (guard_arguments), an ndarray subclass that refuses,
# from the learner's file only, a product of two matrices: the left operand 2-D with more
# than one row and the right one 2-D with more than one column (@, np.matmul, np.dot, A.dot), or
# np.einsum / np.tensordot / np.inner / np.vdot over two 2-D operands of more than one row
# and column. A row times a matrix (A[i, :] @ B), a matrix times a column (A @ B[:, j]) and
# np.outer stay allowed. Views, copies, arithmetic and np.array / np.asarray of a guarded
# array stay guarded, so `np.asarray(A, dtype=float) @ B` is refused too; only a deliberate
# `A.view(np.ndarray)` or `A.tolist()` escapes. The grader still decides: a refusal is recorded in `used`
# and reported as forbidden_used, however the learner handles the exception.
WHOLE_MATRIX_PRODUCT = "A @ B (a whole matrix product)"
_ARRAY_MAKERS = ("array", "asarray", "asanyarray", "ascontiguousarray", "asfortranarray")


def _is_matrix(value: Any) -> bool:
    return getattr(value, "ndim", 0) == 2 and value.shape[0] > 1 and value.shape[1] > 1


def _is_whole_product(function_name: str, operands: tuple) -> bool:
    arrays = [value for value in operands if hasattr(value, "ndim")]
    if function_name in ("matmul", "dot"):
        left, right = (arrays + [None, None])[:2]
        return (getattr(left, "ndim", 0) == 2 and getattr(right, "ndim", 0) == 2
                and left.shape[0] > 1 and right.shape[1] > 1)
    return sum(_is_matrix(value) for value in arrays) >= 2  # einsum, tensordot, inner, vdot


def _guarded(value: Any) -> Any:
    import numpy as np

    if type(value) is np.ndarray and value.dtype != object:
        return value.view(_guarded_matrix_class())
    return value


def _plain(value: Any) -> Any:
    import numpy as np

    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return value.view(np.ndarray)
    return value


def _keeping_guard(original: Any, learner_file: str) -> Any:
    """np.array & co.: called from the learner's file on a guarded array, the result is
    guarded too; any other call is passed through untouched."""
    def array_maker(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if (args and type(args[0]) is _guarded_matrix_class()
                and sys._getframe(1).f_code.co_filename == learner_file):
            return _guarded(result)
        return result

    array_maker._keeps_guard = True  # type: ignore[attr-defined]
    array_maker.__name__ = array_maker.__qualname__ = original.__name__
    return array_maker


class _MatrixGuard:
    """The armed state of the whole-product trap (one worker serves one learner file)."""
    traps: "Any" = None

    @classmethod
    def refuse_if_learner(cls, function_name: str, operands: tuple) -> None:
        # depth 3: _refuse_if_learner <- here <- __array_ufunc__/__array_function__ <- caller
        if cls.traps is not None and _is_whole_product(function_name, operands):
            cls.traps._refuse_if_learner(WHOLE_MATRIX_PRODUCT, depth=3)


_GUARDED_MATRIX_CLASS: list[type] = []


def _guarded_matrix_class() -> type:
    """The ndarray subclass, made on first use: this module imports nothing up front."""
    if _GUARDED_MATRIX_CLASS:
        return _GUARDED_MATRIX_CLASS[0]
    import numpy as np

    def wrap(result: Any) -> Any:
        return tuple(map(_guarded, result)) if isinstance(result, tuple) else _guarded(result)

    class GuardedMatrix(np.ndarray):
        def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
            if ufunc is np.matmul and method == "__call__":
                _MatrixGuard.refuse_if_learner("matmul", inputs)
            if "out" in kwargs:  # in place (C += ...): write into the caller's arrays
                out = kwargs["out"]
                kwargs["out"] = _plain(out)
                getattr(ufunc, method)(*_plain(inputs), **kwargs)
                return out[0] if len(out) == 1 else out
            return wrap(getattr(ufunc, method)(*_plain(inputs), **kwargs))

        def __array_function__(self, func: Any, types: Any, args: tuple, kwargs: dict) -> Any:
            if func.__name__ in ("dot", "einsum", "tensordot", "inner", "vdot"):
                _MatrixGuard.refuse_if_learner(func.__name__, args)
            return wrap(super().__array_function__(func, types, args, kwargs))

        def dot(self, other: Any, *args: Any, **kwargs: Any) -> Any:  # A.dot(B): a method, no dispatch
            _MatrixGuard.refuse_if_learner("dot", (self, other))
            return super().dot(other, *args, **kwargs)

    _GUARDED_MATRIX_CLASS.append(GuardedMatrix)
    return GuardedMatrix
