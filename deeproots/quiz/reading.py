"""Reading what a learner types: numbers (0.25, 1/6, 1e-3, pi/4, sqrt(2)/2), lists of numbers
(16x16x8), and SymPy expressions in a restricted namespace. Text that cannot be read raises
:class:`Unreadable` with what is expected; the caller re-asks, never marks it wrong.
"""
from __future__ import annotations

import ast
import math
import operator
import re
import warnings
from typing import Any


class Unreadable(ValueError):
    """The typed answer cannot be read; the message says what form is expected."""


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}


def _evaluate(node: ast.AST) -> float:
    """Arithmetic on float literals only: no names, no calls, and floats (not big integers), so
    ``9**9**9`` overflows at once instead of computing for ever."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("not arithmetic")


def parse_number(text: str) -> float:
    """A number typed by a learner: 0.25, 1/4, 2**-2, 2^-2, 1e-3, -3, 1,000, and with SymPy's reader
    the constants and functions of a calculator: pi, π, e, sqrt(2)/2, 2pi, ln(2), exp(-1)."""
    text = text.strip().replace("^", "**").replace("−", "-").replace("π", "pi").replace(",", "")
    if not text or len(text) > 100:
        raise Unreadable("not a number")
    try:
        value = _evaluate(ast.parse(text, mode="eval").body)
    except (SyntaxError, ValueError):  # names, calls or implicit products (2pi): SymPy reads those
        value = _number_with_sympy(text)
    except (ZeroDivisionError, OverflowError, TypeError, RecursionError):
        raise Unreadable("not a number") from None
    if isinstance(value, complex) or not math.isfinite(value):
        raise Unreadable("not a finite real number")
    return value


def _number_with_sympy(text: str) -> float:
    """The same restricted reader as symbolic answers, with no symbols: only numbers, pi, e and
    the listed functions; anything else (an unknown name, an imaginary or infinite value) is unreadable."""
    import sympy

    if re.search(r"[\w.)]\s+[\w.(]", text):  # "2 3" or "2 pi": SymPy would multiply; a learner meant two values
        raise Unreadable("two values with no operator between them")
    try:
        # Unevaluated, then computed in floats: SymPy's exact arithmetic would compute e^e^e^e^e
        # or sin(exp(exp(100))) for ever; a float overflows or answers at once.
        value = _float_value(sympy_parse(text, {"e": sympy.E, "ln": sympy.log}, implicit=True, evaluate=False))
    except Unreadable:
        raise
    except Exception:  # SymPy raises many kinds on malformed input; floats overflow or leave the domain
        raise Unreadable("not a number") from None
    if not math.isfinite(value):
        raise Unreadable("not a finite real number")
    return value


def _float_value(expression) -> float:
    """A SymPy expression tree of numbers, pi, e and the calculator functions, computed in floats;
    anything else (a symbol, an unknown function, the imaginary unit) is unreadable."""
    import sympy

    functions = {sympy.exp: math.exp, sympy.log: math.log, sympy.sin: math.sin, sympy.cos: math.cos,
                 sympy.tanh: math.tanh, sympy.Abs: abs}
    if expression.is_Number:
        return float(expression)
    if expression in (sympy.pi, sympy.E):
        return float(expression.evalf(20))
    values = [_float_value(arg) for arg in expression.args]
    if isinstance(expression, sympy.Add):
        return math.fsum(values)
    if isinstance(expression, sympy.Mul):
        return math.prod(values)
    if isinstance(expression, sympy.Pow):
        return math.pow(*values)  # a negative base to a fractional power raises: not a real number
    if expression.func in functions and len(values) == 1:
        return functions[expression.func](values[0])
    raise Unreadable("not a number")


def _split_values(text: str) -> list[str]:
    """``(16, 16, 8)``, ``16x16x8``, ``16 16 8``, ``sqrt(2)/2, pi``: one part per value. An ``x``
    separates only between numbers (or brackets), so ``exp(1)`` stays whole."""
    text = text.strip()
    if text[:1] + text[-1:] in ("()", "[]") and _balanced(text[1:-1]):
        text = text[1:-1]
    if re.search(r"[,;]", text):
        parts = re.split(r"[,;]", text)
    else:
        parts = re.split(r"(?<=[\d)])\s*[x×]\s*(?=[\d(])|\s+", text)
    return [part.strip() for part in parts if part.strip()]


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_numbers(text: str, count: int) -> list[float]:
    parts = _split_values(text)
    if len(parts) != count:
        raise Unreadable(f"expected {count} numbers, got {len(parts)}")
    return [parse_number(part) for part in parts]


def _explosive_power(text: str, unevaluated) -> bool:
    """True when evaluating ``text`` could compute for ever: a power whose exponent holds a number
    above 100 or a power of numbers (9**9**9). Read with Python's parser where the text is Python
    syntax, else from SymPy's unevaluated parse."""
    try:
        tree = ast.parse(text.replace("^", "**"), mode="eval")
    except SyntaxError:
        tree = None
    if tree is not None:
        def numeric(node: ast.AST) -> bool:  # E and pi are numbers too: E^E^E^E^E computes for ever
            return all(sub.id in ("E", "e", "pi") for sub in ast.walk(node) if isinstance(sub, ast.Name))
        for node in ast.walk(tree):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
                for sub in ast.walk(node.right):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, (int, float)) and abs(sub.value) > 100:
                        return True
                    if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Pow) and numeric(sub):
                        return True
        return False
    import sympy

    for power in unevaluated().atoms(sympy.Pow):
        exponent = power.exp
        if any(abs(n) > 100 for n in exponent.atoms(sympy.Number)) or any(
                not sub.free_symbols for sub in exponent.atoms(sympy.Pow)):
            return True
    return False


_PARSER_NAMES = ("Integer", "Float", "Rational", "Symbol", "Function", "Add", "Mul", "Pow", "Tuple", "I",
                 "MatMul", "MatAdd", "MatPow", "Inverse", "Transpose", "Matrix", "UnevaluatedExpr")


def sympy_parse(text: str, names: dict[str, Any], implicit: bool, evaluate: bool = True):
    """Parse with SymPy, knowing only ``names``, a short list of functions and constants, and what
    the parser itself needs: an unlisted name (factorial, gamma...) stays an unknown symbol or
    function, refused by the callers, instead of something that may compute for ever."""
    import sympy
    from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application, parse_expr,
                                            standard_transformations)

    allowed = {"exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "sin": sympy.sin, "cos": sympy.cos,
               "tanh": sympy.tanh, "pi": sympy.pi, "E": sympy.E, "Transpose": sympy.Transpose,
               "Abs": sympy.Abs, "Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational,
               "Symbol": sympy.Symbol}
    transformations = standard_transformations + (convert_xor,) + (
        (implicit_multiplication_application,) if implicit else ())
    cleaned = text.replace("−", "-")
    namespace = {name: getattr(sympy, name) for name in _PARSER_NAMES}
    namespace["__builtins__"] = {}
    context = {"local_dict": {**allowed, **names}, "global_dict": namespace,
               "transformations": transformations}
    with warnings.catch_warnings():  # odd input (a lambda, a tuple) draws SymPy deprecation noise on the learner's screen
        warnings.simplefilter("ignore")
        if _explosive_power(cleaned, lambda: parse_expr(cleaned, evaluate=False, **context)):
            raise Unreadable("exponents must be small numbers or symbols")
        return parse_expr(cleaned, evaluate=evaluate, **context)


