"""Forbidden shortcuts: traps that fail calls from the learner's file (runs in the worker).

An exercise lists dotted names (``numpy.linalg.solve``, ``scipy.stats.binom``). Each one is
replaced by a trap as soon as its module is imported, without importing anything itself
(so a forbidden SciPy name costs nothing when the learner does not use SciPy):
- the name is rebound to a proxy that records and refuses calls made from the learner's
  file and passes calls from library code through to the original; the proxy's methods
  are trapped the same way, so ``binom.pmf(k, n, p)`` on a SciPy distribution is refused
  with the same message as ``np.linalg.solve(A, b)``.
Names the learner already bound (``from numpy.linalg import solve``) are rebound too.
A name ending in ``.*`` (``torch.*``) forbids importing that package from the learner's
file at all: a layer written "from scratch" may not lean on PyTorch.
The name ``A @ B (a whole matrix product)`` (WHOLE_MATRIX_PRODUCT) traps an operator, not a
name: see the section at the end of this file.
"""
from __future__ import annotations

import builtins
import sys
from typing import Any


class ForbiddenShortcut(Exception):
    """The learner called something that the exercise asks them to write themselves."""


class Traps:
    def __init__(self, names: list[str], learner_file: str):
        self.modules = tuple(name[:-2] for name in names if name.endswith(".*"))  # whole packages
        self.guards_matrices = WHOLE_MATRIX_PRODUCT in names
        self.pending = [name for name in names if not name.endswith(".*") and name != WHOLE_MATRIX_PRODUCT]
        self.learner_file = learner_file
        self.used: set[str] = set()
        self.replaced: dict[int, Any] = {}  # id(original) -> trap
        self.installed: list[tuple[Any, str, Any]] = []  # (owner, attribute, trap)

    def _refuse_if_learner(self, name: str, depth: int = 2) -> None:
        if sys._getframe(depth).f_code.co_filename == self.learner_file:
            self.used.add(name)
            raise ForbiddenShortcut(f"{name} is off limits in this exercise: write it yourself")

    def hook_imports(self) -> None:
        """Arm after every import statement, so that a module the learner imports inside a
        function is trapped before its first use."""
        original_import = builtins.__import__

        def importing(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (),
                      level: int = 0) -> Any:
            # `from scipy import stats` imports "scipy" with fromlist ("stats",): check both.
            for imported in [name, *(f"{name}.{item}" for item in fromlist or () if isinstance(item, str))]:
                if any(imported == package or imported.startswith(package + ".") for package in self.modules):
                    self._refuse_if_learner(f"{imported} (the whole package)")
            module = original_import(name, globals, locals, fromlist, level)
            if self.pending:
                self.arm()
            return module

        builtins.__import__ = importing

    def guard_arguments(self, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
        """The arguments a check passes to a learner function, with arrays guarded against a
        whole matrix product when the exercise forbids it (unchanged otherwise)."""
        if not self.guards_matrices:
            return args, kwargs
        _MatrixGuard.traps = self
        return tuple(map(_guarded, args)), {key: _guarded(value) for key, value in kwargs.items()}

    def arm(self, learner_module: Any = None) -> None:
        """Trap every pending name whose module is imported by now; rebind learner globals."""
        if self.guards_matrices and "numpy" in sys.modules:
            self._keep_guards_through_array_makers(sys.modules["numpy"])
        for owner, attribute, trap in self.installed:
            # A package still importing may bind the name again after the hook trapped it
            # (scipy.special's expit): put the trap back over the new binding.
            current = vars(owner).get(attribute)
            if current is not None and current is not trap:
                object.__setattr__(trap, "_original", current)
                setattr(owner, attribute, trap)
                self.replaced[id(current)] = trap
        for name in list(self.pending):
            parts = name.split(".")
            prefix = next((i for i in range(len(parts) - 1, 0, -1) if ".".join(parts[:i]) in sys.modules), 0)
            if not prefix:
                continue
            owner = sys.modules[".".join(parts[:prefix])]
            # vars(), not getattr(): a package's lazy __getattr__ would import the submodule
            # now (scipy.stats costs 0.4 s); an unloaded one stays pending until imported.
            for part in parts[prefix:-1]:
                owner = vars(owner).get(part) if hasattr(owner, "__dict__") else None
            original = vars(owner).get(parts[-1]) if hasattr(owner, "__dict__") else None
            if original is None:
                continue
            trap = _TrappedObject(self, name, original)
            try:
                setattr(owner, parts[-1], trap)
            except (AttributeError, TypeError):  # an immutable type: cannot be trapped
                self.pending.remove(name)
                continue
            self.replaced[id(original)] = trap
            self.installed.append((owner, parts[-1], trap))
            self.pending.remove(name)
        if learner_module is not None:
            namespace = vars(learner_module)
            for key, value in list(namespace.items()):
                if id(value) in self.replaced:
                    namespace[key] = self.replaced[id(value)]


    def _keep_guards_through_array_makers(self, numpy: Any) -> None:
        """np.array(A) and np.asarray(A) return a plain ndarray: from the learner's file,
        give a guarded array back, so that copying A does not disarm the trap."""
        for name in _ARRAY_MAKERS:
            original = vars(numpy).get(name)
            if original is None or id(original) in self.replaced or getattr(original, "_keeps_guard", False):
                continue
            wrapper = _keeping_guard(original, self.learner_file)
            setattr(numpy, name, wrapper)
            self.replaced[id(original)] = wrapper


class _TrappedObject:
    """Stands in for a forbidden object: calls and method calls from the learner are refused."""

    def __init__(self, traps: Traps, name: str, original: Any):
        object.__setattr__(self, "_traps", traps)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_original", original)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._traps._refuse_if_learner(self._name)
        return self._original(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._original, attribute)
        if not callable(value):
            return value
        traps, name = self._traps, f"{self._name}.{attribute}"

        def trap(*args: Any, **kwargs: Any) -> Any:
            traps._refuse_if_learner(name)
            return value(*args, **kwargs)

        return trap


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
    traps: "Traps | None" = None

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
