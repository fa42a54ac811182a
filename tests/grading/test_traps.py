"""The whole-matrix-product trap: `A @ B` is refused from the learner's file, a row times
a matrix and a matrix times a column are not (matmul-three-ways)."""
import importlib.util

import numpy as np
import pytest

from deeproots.grading.worker import traps as traps_module
from deeproots.grading.worker.traps import WHOLE_MATRIX_PRODUCT, ForbiddenShortcut, Traps

LEARNER = '''
import numpy as np

def whole(A, B):
    return A @ B

def whole_matmul(A, B):
    return np.matmul(A, B)

def whole_dot(A, B):
    return np.dot(A, B)

def whole_method_dot(A, B):
    return A.dot(B)

def whole_einsum(A, B):
    return np.einsum("ij,jk->ik", A, B)

def whole_after_copy(A, B):
    return np.asarray(A, dtype=float) @ np.array(B)

def whole_after_arithmetic(A, B):
    return (1.0 * A) @ B.T.T

def swallowed(A, B):
    try:
        return A @ B
    except Exception:
        return np.zeros((A.shape[0], B.shape[1]))

def by_rows(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        C[i, :] = A[i, :] @ B
    return C

def by_columns(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for j in range(B.shape[1]):
        C[:, j] = A @ B[:, j]
    return C

def by_outer(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for k in range(A.shape[1]):
        C += np.outer(A[:, k], B[k, :])
    return C

def one_row(A, B):
    return A[:1] @ B
'''


@pytest.fixture
def learner(tmp_path, monkeypatch):
    for name in ("array", "asarray", "asanyarray", "ascontiguousarray", "asfortranarray"):
        monkeypatch.setattr(np, name, getattr(np, name))  # restored after the test
    monkeypatch.setattr(traps_module._MatrixGuard, "traps", None)
    path = tmp_path / "solution.py"
    path.write_text(LEARNER, encoding="utf-8")
    traps = Traps([WHOLE_MATRIX_PRODUCT], str(path))
    traps.arm()
    spec = importlib.util.spec_from_file_location("learner_for_traps", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    traps.arm(module)

    def call(name, A, B):
        args, kwargs = traps.guard_arguments((A, B), {})
        return getattr(module, name)(*args, **kwargs)

    return traps, call


A = np.arange(12.0).reshape(3, 4)
B = np.arange(20.0).reshape(4, 5) - 7


@pytest.mark.parametrize("name", ["whole", "whole_matmul", "whole_dot", "whole_method_dot", "whole_einsum",
                                  "whole_after_copy", "whole_after_arithmetic"])
def test_a_whole_matrix_product_from_the_learner_is_refused(learner, name):
    traps, call = learner
    with pytest.raises(ForbiddenShortcut):
        call(name, A, B)
    assert traps.used == {WHOLE_MATRIX_PRODUCT}


def test_a_refusal_is_recorded_even_when_the_learner_swallows_it(learner):
    traps, call = learner
    call("swallowed", A, B)
    assert traps.used == {WHOLE_MATRIX_PRODUCT}


@pytest.mark.parametrize("name", ["by_rows", "by_columns", "by_outer", "one_row"])
def test_rows_columns_and_outer_products_are_allowed(learner, name):
    traps, call = learner
    result = call(name, A, B)
    expected = A @ B if name != "one_row" else A[:1] @ B  # NumPy, outside the learner's file
    assert np.allclose(result, expected) and traps.used == set()


def test_library_code_may_multiply_guarded_matrices(learner):
    traps, _ = learner
    (guarded_A, guarded_B), _ = traps.guard_arguments((A, B), {})
    assert np.allclose(guarded_A @ guarded_B, A @ B)  # this test file is not the learner's
    assert traps.used == set()


def test_other_exercises_get_their_arguments_untouched():
    traps = Traps(["numpy.linalg.solve"], "learner.py")
    args, kwargs = traps.guard_arguments((A,), {"b": B})
    assert type(args[0]) is np.ndarray and type(kwargs["b"]) is np.ndarray


@pytest.mark.parametrize("statement", ["import scipy.stats", "from scipy.stats import norm", "from scipy import stats"])
def test_a_forbidden_package_cannot_be_imported_from_the_learner_file(tmp_path, monkeypatch, statement):
    import builtins

    monkeypatch.setattr(builtins, "__import__", builtins.__import__)  # restored after the test
    path = tmp_path / "learner.py"
    path.write_text(statement + "\n", encoding="utf-8")
    traps = Traps(["scipy.stats.*"], str(path))
    traps.hook_imports()
    code = compile(path.read_text(), str(path), "exec")
    with pytest.raises(ForbiddenShortcut):
        exec(code, {})
    assert traps.used


def test_a_trapped_class_still_works_as_a_class_for_library_code(monkeypatch):
    import decimal

    monkeypatch.setattr(decimal, "Decimal", decimal.Decimal)  # restored after the test
    original = decimal.Decimal
    traps = Traps(["decimal.Decimal"], "learner.py")
    traps.arm()
    assert decimal.Decimal is not original  # trapped: refused from learner.py only
    assert isinstance(original("1.5"), decimal.Decimal) and issubclass(original, decimal.Decimal)

    class Money(decimal.Decimal):  # library code may subclass it
        pass

    assert Money("2") + 1 == 3 and traps.used == set()


def test_a_method_of_a_python_class_is_refused_and_still_binds_self(tmp_path, monkeypatch):
    import fractions

    monkeypatch.setattr(fractions.Fraction, "limit_denominator", fractions.Fraction.limit_denominator)
    path = tmp_path / "learner.py"
    path.write_text("from fractions import Fraction\nFraction(1, 3).limit_denominator(10)\n", encoding="utf-8")
    traps = Traps(["fractions.Fraction.limit_denominator"], str(path))
    traps.arm()
    assert fractions.Fraction(1, 3).limit_denominator(10) == fractions.Fraction(1, 3)  # library code
    with pytest.raises(ForbiddenShortcut):
        exec(compile(path.read_text(), str(path), "exec"), {})
    assert traps.used == {"fractions.Fraction.limit_denominator"}


def test_a_name_no_trap_can_enforce_is_kept_not_dropped():
    traps = Traps(["numpy.random.RandomState.exponential"], "learner.py")
    import numpy.random  # noqa: F401 - NumPy loads it lazily; a trap waits for its module

    traps.arm()
    assert traps.unenforceable == ["numpy.random.RandomState.exponential"] and traps.pending == []
